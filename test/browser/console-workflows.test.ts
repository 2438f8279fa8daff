import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../functions/local/outbox';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

// 2027-02-06 02:00Z is a Saturday morning in Shanghai.
const base = { country: 'CN', locale: 'zh-CN', timezone: 'Asia/Shanghai' };
const owner = { name: '李雷', email: 'li.lei@shop.example' };
const people: Record<string, Record<string, unknown>> = {
  'c-wang': { ...base, name: '王芳', email: 'wang.fang@example.com', tags: ['vip'], owner },
  'c-zhang': {
    ...base,
    name: 'Zhang Wei',
    email: 'zhang.wei@example.com',
    locale: 'en',
    tags: ['vip'],
    owner,
  },
  'c-chen': { ...base, name: '陈静', email: 'chen@example.com', owner },
  'c-emma': { name: 'Emma Clark', email: 'emma@example.com', country: 'GB', timezone: 'Europe/London' },
};

interface Rule {
  id: string;
  version: number;
  rule: { daysOfMonth?: Record<string, number[]> };
}

/**
 * The marketer's workflows in headless Chromium against the real local engine on
 * a simulated clock: a campaign composed, scheduled and sent; a cadence rule
 * refused then saved; the inbox and the owners' call tasks; the dashboard in Chinese.
 */
describe('the console workflows in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const advance = async (duration: string) => {
    expect((await served.api('POST', '/_local/clock', { advance: duration })).status).toBe(200);
  };
  const outbox = async (customerId?: string) =>
    (
      (await (
        await served.api('GET', `/_local/outbox${customerId ? `?customerId=${customerId}` : ''}`)
      ).json()) as { messages: OutboxEntry[] }
    ).messages;
  /** A session lasts 12 hours on the engine's clock: after moving the clock further, sign in again. */
  const signIn = async () => {
    await signInAsAdmin(browser.page, served);
  };
  const campaigns = async () =>
    ((await (await served.api('GET', '/v1/campaigns')).json()) as { campaigns: { id: string }[] }).campaigns;
  const rules = async () =>
    ((await (await served.api('GET', '/v1/rules')).json()) as { rules: Rule[] }).rules;
  const monthly = async () => (await rules()).find((r) => r.id === 'monthly-letter')!;

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    for (const [id, body] of Object.entries(people)) {
      expect((await served.api('PUT', `/v1/customers/${id}`, body)).status).toBe(201);
    }
    // A letter to 陈静 with a chase: unanswered, it ends in her owner's call task on day 10.
    const chased = await served.api('POST', '/v1/customers/c-chen/messages', {
      template: 'hello-again',
      channel: 'email',
      chase: true,
    });
    expect(chased.status).toBe(201);
    browser.page.setDefaultTimeout(10_000);
    await signIn();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('composes a campaign, schedules it, and sees it sent once to each recipient', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/campaigns`);
    await page.waitForSelector('select[name=template] option[value=campaign-new-arrivals]', {
      state: 'attached',
    });
    await page.fill('input[name=campaign-name]', 'Spring arrivals for VIPs');
    await page.selectOption('select[name=template]', 'campaign-new-arrivals');
    await page.fill('input[name=segment-tags]', 'vip');
    await page.click('button:has-text("Count")');
    await expect.poll(() => page.textContent('[data-testid=segment-count]')).toBe('2 recipients');
    // Monday 10:00 in each recipient's own zone.
    await page.fill('input[type=datetime-local]', '2027-02-08T10:00');
    await page.click('button:has-text("Dry run")');
    await expect.poll(() => page.textContent('[data-testid=dry-run]')).toContain('nothing was sent');
    // A dry run writes nothing.
    expect(await campaigns()).toEqual([]);

    await page.click('button:has-text("Schedule")');
    await page.click('button:has-text("Confirm: Schedule")');
    const campaign = page.locator('[data-testid=campaign]', { hasText: 'Spring arrivals for VIPs' });
    await campaign.waitFor();
    expect(await campaign.locator('.chip').textContent()).toMatch(/fanning-out|sending/);
    const [created, ...others] = await campaigns();
    expect(created).toBeDefined();
    expect(others).toEqual([]);

    await advance('P3D');
    await signIn();
    await page.goto(`${served.url}/console#/campaigns`);
    await expect.poll(() => campaign.locator('.chip').textContent(), { timeout: 10_000 }).toBe('completed');
    const progress = (await campaign.locator('[data-testid=campaign-progress]').textContent()) ?? '';
    expect(progress).toContain('targeted 2');
    expect(progress).toContain('sent 2');
    await browser.screenshot('08-campaign-sent');
    // Opened, the campaign shows its results as figures and a bar chart.
    await page.goto(`${served.url}/console#/campaigns/${created!.id}`);
    const results = page.locator('[data-testid=campaign-results]');
    await expect.poll(() => results.locator('[data-testid=result-sent] dd').textContent()).toBe('2');
    expect(await results.locator('[data-testid=result-replied] dd').textContent()).toBe('0');
    expect(await results.locator('figure.chart svg').count()).toBe(1);
    await browser.screenshot('08b-campaign-results');

    // Each recipient got it exactly once, and nobody else got it.
    const sent = (await outbox()).filter((m) => m.rule === `campaign:${created!.id}`);
    expect(sent.map((m) => m.customerId).sort()).toEqual(['c-wang', 'c-zhang']);
    expect(await (await served.api('GET', `/v1/campaigns/${created!.id}`)).json()).toMatchObject({
      status: 'completed',
      progress: { targeted: 2, sent: 2, pending: 0 },
    });
  });

  it('refuses a bad per-tier rule value beside its field, then saves a good one as a new version', async () => {
    const { page } = browser;
    const before = await monthly();
    expect(before.rule.daysOfMonth?.C).toEqual([1]);
    await page.goto(`${served.url}/console#/rules`);
    const card = page.locator('[data-rule=monthly-letter]');
    const tierC = card.locator('[data-tier=C]');
    await tierC.locator('button:has-text("Add a day")').click();
    const second = tierC.locator('input[name="daysOfMonth.C.1"]');
    await second.fill('31');
    await card.locator('button:has-text("Save")').click();
    const secondField = tierC.locator('label', { has: page.locator('input[name="daysOfMonth.C.1"]') });
    await expect
      .poll(() => secondField.locator('.field-error').textContent())
      .toBe('Enter a number from 1 to 28');
    await expect.poll(() => card.locator('.note.error').textContent()).toContain('Correct the marked fields');
    // The message is beside C's new day only, and nothing was saved.
    expect(await card.locator('.field-error').count()).toBe(1);
    expect(await monthly()).toEqual(before);
    await browser.screenshot('09-rule-refused');

    await second.fill('28');
    await card.locator('button:has-text("Save")').click();
    await expect.poll(() => card.locator('h3').textContent()).toContain(`v${before.version + 1}`);
    // The confirmation outlives the form being rebuilt for the new version.
    await expect
      .poll(() => card.locator('p.note').textContent())
      .toBe(`Rule saved as version ${before.version + 1}`);
    expect(await card.locator('.field-error').count()).toBe(0);
    expect(await card.locator('input[name="daysOfMonth.C.1"]').inputValue()).toBe('28');
    const after = await monthly();
    expect(after.version).toBe(before.version + 1);
    expect(after.rule.daysOfMonth).toEqual({ ...before.rule.daysOfMonth, C: [1, 28] });
    await browser.screenshot('10-rule-saved');
  });

  it('lists a complaint before a newer reply, and marks an owner’s call task done and undone', async () => {
    const { page } = browser;
    const replyTo = async (customerId: string) =>
      (await outbox(customerId)).find((m) => m.rule?.startsWith('campaign:'))!.replyTo;
    const complaint = await served.api('POST', '/_local/inbound/email', {
      from: 'zhang.wei@example.com',
      to: await replyTo('c-zhang'),
      subject: 'Re: new arrivals',
      text: 'The wardrobe door is broken, I am very disappointed. 很失望。',
    });
    expect(complaint.status).toBe(200);
    await advance('PT1H');
    const reply = await served.api('POST', '/_local/inbound/email', {
      from: 'wang.fang@example.com',
      to: await replyTo('c-wang'),
      subject: 'Re: 新品',
      text: '收到了,谢谢!周末过来看看。',
    });
    expect(reply.status).toBe(200);
    // Day 10 of 陈静's unanswered chase: the call task.
    await advance('P8D');
    await signIn();

    await page.goto(`${served.url}/console#/inbox`);
    const replies = page.locator('[data-testid=inbox-replies] > li');
    await replies.first().waitFor();
    expect(await replies.count()).toBe(2);
    expect(await replies.nth(0).getAttribute('class')).toBe('complaint');
    expect(await replies.nth(0).textContent()).toContain('Zhang Wei');
    expect(await replies.nth(0).textContent()).toContain('very disappointed');
    expect(await replies.nth(1).textContent()).toContain('王芳');
    expect(await replies.nth(1).textContent()).toContain('周末过来看看');

    const task = page.locator('[data-testid=task-list] > li', { hasText: '陈静' });
    await task.waitFor();
    expect(await task.getAttribute('class')).toBe('open');
    await browser.screenshot('11-inbox-and-tasks');
    const taskState = async () =>
      (
        (await (await served.api('GET', '/v1/tasks?status=all')).json()) as {
          tasks: { customerId: string; status: string }[];
        }
      ).tasks
        .filter((t) => t.customerId === 'c-chen')
        .map((t) => t.status);
    expect(await taskState()).toEqual(['open']);

    await task.locator('button:has-text("Done")').click();
    await task.waitFor({ state: 'detached' });
    expect(await taskState()).toEqual(['done']);
    await page.check('text=show done');
    await expect.poll(() => task.getAttribute('class')).toBe('done');
    await task.locator('button:has-text("Undo")').click();
    await expect.poll(() => task.getAttribute('class')).toBe('open');
    expect(await taskState()).toEqual(['open']);
  });

  it('shows the dashboard in Chinese after the sends and replies', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/dashboard`);
    await page.selectOption('select.lang', 'zh-CN');
    await page.waitForSelector('h1:has-text("概览")');
    await page.waitForSelector('.dashboard svg');
    await page.waitForSelector('.template-stats');
    await expect.poll(() => page.textContent('.dashboard')).toContain('每周发送与回复');
    const dashboard = (await page.textContent('.dashboard')) ?? '';
    // One table of the templates customers received: the owners' alerts of the replies above are not in it.
    const rows = await page.$$eval('.template-stats tbody th', (cells) => cells.map((c) => c.textContent));
    expect(rows).toContain('campaign-new-arrivals');
    expect(rows.filter((name) => name?.startsWith('owner-'))).toEqual([]);
    expect(await page.$$('.template-stats .sparkline')).toHaveLength(rows.length);
    // The problems chart's legend is in Chinese too.
    for (const word of ['退订', '退信', '投诉']) expect(dashboard).toContain(word);
    expect(dashboard).not.toMatch(/unsubscribed|bounced|complained/);
    await browser.screenshot('12-dashboard-zh');
  });
});
