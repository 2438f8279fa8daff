import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

const wang = {
  name: '王芳',
  email: 'wang.fang@example.com',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  country: 'CN',
  owner: { name: '李雷', email: 'li.lei@shop.example' },
};
const welcome = {
  id: 'welcome-test',
  name: 'Welcome test',
  trigger: { kind: 'api' },
  priorityAs: 'birthday',
  steps: [
    { id: 'hello', type: 'send', template: 'sequence-welcome-hello', channels: 'email' },
    { id: 'pause', type: 'wait', days: 3, until: '10:00' },
    { id: 'tips', type: 'send', template: 'sequence-welcome-tips', channels: 'email' },
  ],
};

interface SequenceView {
  version: number;
  sequence: { enabled: boolean; steps: { id: string; days?: number }[] };
}

/** The sequences page in headless Chromium: per-step counts, a wait edited as a field, a sequence stopped after a confirmation. */
describe('the sequences page in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const view = async () =>
    (await (await served.api('GET', '/v1/sequences/welcome-test')).json()) as SequenceView;

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    expect((await served.api('PUT', '/v1/customers/c-wang', wang)).status).toBe(201);
    expect((await served.api('POST', '/v1/sequences', { sequence: welcome })).status).toBe(201);
    expect(
      (await served.api('POST', '/v1/sequences/welcome-test/enrol', { customerId: 'c-wang' })).status,
    ).toBe(200);
    expect((await served.api('POST', '/_local/clock', { advance: 'PT1M' })).status).toBe(200);
    browser.page.setDefaultTimeout(10_000);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('shows how many customers each step sent to, and saves a wait edited as a field', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/sequences`);
    const card = page.locator('[data-sequence=welcome-test]');
    await expect.poll(() => card.locator('[data-step=hello] .seq-stats').textContent()).toContain('Sent 1');
    expect(await card.locator('[data-step=pause] .seq-stats').textContent()).toContain('Waiting 1');
    await card.locator('[data-step=pause]').getByLabel('Days').fill('5');
    await page.setViewportSize({ width: 375, height: 900 });
    await browser.screenshot('sequences-page-375');
    await card.locator('button:has-text("Save")').click();
    await expect.poll(async () => (await view()).version).toBe(2);
    expect((await view()).sequence.steps.find((s) => s.id === 'pause')?.days).toBe(5);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("lists the customer's runs on their file, entry time in their own zone", async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/customers/c-wang`);
    const runs = page.locator('[data-testid=sequence-runs]');
    await expect.poll(() => runs.textContent()).toContain('welcome-test');
    expect(await runs.textContent()).toContain('Asia/Shanghai');
    expect(await runs.textContent()).toContain('pause');
  });

  it('dry-runs a customer picked by name: the steps still to come, on their local clock, in both languages', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/sequences`);
    const card = page.locator('[data-sequence=welcome-test]');
    const dry = card.locator('[data-testid=sequence-dry-run]');
    await dry.locator('input[name=dry-run-welcome-test]').fill('王芳');
    await dry.locator('.picker-hits button:has-text("王芳")').click();
    await dry.locator('button:has-text("Dry run")').click();
    // She is inside, past the letter: the tips follow the five-day wait saved above, at 10:00 Shanghai time.
    await expect.poll(() => dry.textContent()).toContain('This customer is inside');
    const steps = await dry.locator('.seq-dry-steps li').allTextContents();
    expect(steps[0]).toMatch(/^2027-02-11 10:00 · tips · sequence-welcome-tips · Email/);
    // The dry run sent nothing: the one letter is still the one the sequence sent.
    const outbox = (await (await served.api('GET', '/_local/outbox?customerId=c-wang')).json()) as {
      messages: unknown[];
    };
    expect(outbox.messages).toHaveLength(1);
    await page.selectOption('select.lang', 'zh-CN');
    await card.locator('[data-testid=sequence-dry-run] input').fill('王芳');
    await card.locator('.picker-hits button:has-text("王芳")').click();
    await card.locator('button:has-text("试运行")').click();
    await expect
      .poll(() => card.locator('[data-testid=sequence-dry-run]').textContent())
      .toContain('已在序列中');
    await browser.screenshot('sequences-dry-run-zh');
    await page.selectOption('select.lang', 'en');
  });

  it('stops a sequence only once the marketer confirms', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/sequences`);
    const card = page.locator('[data-sequence=welcome-test]');
    await card.locator('button:has-text("Stop this sequence")').click();
    expect((await view()).sequence.enabled).toBe(true);
    await card.locator('button:has-text("Confirm")').click();
    await expect.poll(async () => (await view()).sequence.enabled).toBe(false);
    await browser.screenshot('sequences-page-stopped');
  });

  it('lists the marketers’ sequences, not the built-in flows edited as their rules', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/sequences`);
    await page.locator('[data-sequence=welcome-test]').waitFor();
    const listed = await page
      .locator('[data-sequence]')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-sequence')));
    expect(listed).toContain('after-sales-care');
    for (const id of ['follow-up-chase', 'satisfaction-survey', 'referral-ask']) {
      expect(listed).not.toContain(id);
      // Yet each runs as a sequence the API shows.
      expect((await served.api('GET', `/v1/sequences/${id}`)).status).toBe(200);
    }
  });
});
