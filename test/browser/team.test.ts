import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser, type ServedEngine, serveLocalEngine } from '../support/browser';
import { fileOwnersBook } from '../support/team';

/** What a marketer's navigation offers; an admin's adds Import, Users and Audit. */
const MARKETER_NAVIGATION = [
  'Dashboard',
  'Templates',
  'Cadence rules',
  'Sequences',
  'Calendar',
  'Customers',
  'Campaigns',
  'Inbox & tasks',
  'Suppressions',
];
const PASSWORDS = {
  admin: 'the admin’s long passphrase',
  marketer: 'the marketer’s long passphrase',
  owner: 'the owner’s long passphrase',
};
// 2027-02-06 02:00Z is a Saturday morning in Shanghai.
const base = { country: 'CN', locale: 'zh-CN', timezone: 'Asia/Shanghai' };
const liLei = { name: '李雷', email: 'li.lei@shop.example' };
const hanMei = { name: '韩梅', email: 'han.mei@shop.example' };
const people: Record<string, Record<string, unknown>> = {
  'c-wang': { ...base, name: '王芳', email: 'wang.fang@example.com', owner: liLei },
  'c-zhang': { ...base, name: '张伟', email: 'zhang.wei@example.com', owner: liLei },
  'c-chen': { ...base, name: '陈静', email: 'chen@example.com', owner: hanMei },
};

/**
 * The team in headless Chromium against the real local engine: an admin sets
 * their password from the setup link and invites a marketer and an owner; the
 * owner sees only their customers, replies and tasks and cannot open another
 * owner's customer by its address; the marketer edits a template and the audit
 * page names them; signing out ends the session, and the old cookie is refused.
 */
describe('the team in the console, in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const links: Record<string, string> = {};

  /** The console page a one-time link opens, on the served engine's own address. */
  const open = (link: string) =>
    `${served.url}/console/password?token=${new URL(link).searchParams.get('token')}`;

  const choosePassword = async (link: string, password: string) => {
    const { page } = browser;
    await page.goto(open(link));
    // The token is out of the address bar before anything else happens.
    expect(new URL(page.url()).search).toBe('');
    await page.fill('input[name=new-password]', password);
    await page.fill('input[name=repeat-password]', password);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav >> text=Sign out');
  };

  const signOut = async () => {
    await browser.page.click('nav >> text=Sign out');
    await browser.page.waitForSelector('input[name=email]');
  };

  const signIn = async (email: string, password: string) => {
    const { page } = browser;
    await page.goto(`${served.url}/console`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav >> text=Sign out');
  };

  const navigation = async () =>
    (await browser.page.locator('nav a').allTextContents()).map((text) => text.trim());

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    browser.page.setDefaultTimeout(15_000);
    // A chased letter to each of Li Lei's and Han Mei's: unanswered, each ends in a call task on day 10.
    await fileOwnersBook(served.api, {
      people,
      chased: ['c-zhang', 'c-chen'],
      replying: { 'c-wang': '收到了,下个月想再订一套椅子。' },
    });
    expect((await served.api('POST', '/_local/clock', { advance: 'P11D' })).status).toBe(200);
    // The first admin, as NURTURE_ADMIN_EMAIL or the stack would make them.
    const admin = await served.api('POST', '/v1/users', {
      email: 'boss@shop.example',
      name: 'Zhou Min',
      role: 'admin',
    });
    links.admin = ((await admin.json()) as { setupLink: string }).setupLink;
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('lets the admin choose a password from the setup link, and invite a marketer and an owner', async () => {
    const { page } = browser;
    await choosePassword(links.admin!, PASSWORDS.admin);
    expect(await navigation()).toEqual([
      ...MARKETER_NAVIGATION.filter((section) => section !== 'Suppressions'),
      'Import',
      'Users',
      'Audit',
      'Webhooks',
      'Suppressions',
    ]);
    await page.goto(`${served.url}/console#/users`);
    for (const [role, person] of [
      ['marketer', hanMei],
      ['owner', liLei],
    ] as const) {
      await page.fill('input[name=invite-email]', person.email);
      await page.fill('input[name=invite-name]', person.name);
      await page.selectOption('select[name=invite-role]', role);
      await page.click('button:has-text("Invite")');
      const link = page.locator('[data-testid=one-time-link] input');
      const before = links.marketer;
      // The invitation's own link: a new one for each person invited.
      await expect
        .poll(async () => {
          const value = (await link.count()) > 0 ? await link.inputValue() : '';
          return value.includes('token=') && value !== before;
        })
        .toBe(true);
      links[role] = await link.inputValue();
      await page.waitForSelector(`[data-testid=user-list] tr[data-email="${person.email}"]`);
    }
    expect(links.marketer).not.toBe(links.owner);
    const rows = await page.locator('[data-testid=user-list] tr').allTextContents();
    // All three made at the same moment of the engine's clock: in no particular order.
    expect(rows.map((row) => row.replace(/\s+/g, ' '))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Zhou Min.*boss@shop\.example.*active/),
        expect.stringMatching(/韩梅.*han\.mei@shop\.example.*invited/),
        expect.stringMatching(/李雷.*li\.lei@shop\.example.*invited/),
      ]),
    );
    expect(rows).toHaveLength(3);
    await browser.screenshot('20-team-users');
    await signOut();
  });

  it('shows the owner their day: their tasks and replies, their customers, nobody else’s', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 375, height: 800 });
    await choosePassword(links.owner!, PASSWORDS.owner);
    expect(await navigation()).toEqual(['My day', 'Customers']);
    await expect.poll(() => page.textContent('[data-testid=task-list]')).toContain('张伟');
    expect(await page.textContent('[data-testid=task-list]')).not.toContain('陈静');
    const replies = (await page.textContent('[data-testid=inbox-replies]')) ?? '';
    expect(replies).toContain('王芳');
    expect(replies).toContain('下个月想再订一套椅子');
    // Usable on a phone: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await browser.screenshot('21-owner-day-375px');

    // The owner answers 王芳's reply: previewed, confirmed, sent to her under the owner's name.
    page.once('dialog', (dialog) => dialog.accept());
    const reply = page.locator('[data-testid=inbox-replies] li', { hasText: '王芳' });
    await reply.locator('button:has-text("Answer")').click();
    await reply.locator('textarea').fill('王女士您好,椅子的图册我今天下午发给您。');
    await reply.locator('button:has-text("Preview")').click();
    await expect.poll(() => reply.locator('[data-testid=answer-preview]').textContent()).toContain('图册');
    await browser.screenshot('21b-owner-answer-preview-375px');
    await reply.locator('button:has-text("Send to the customer")').click();
    await reply.locator('text=Sent to the customer.').waitFor();
    const outbox = (await (await served.api('GET', '/_local/outbox?customerId=c-wang')).json()) as {
      messages: { rule: string; to: string; text: string }[];
    };
    const answered = outbox.messages.filter((m) => m.rule === 'owner-answer');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ to: 'wang.fang@example.com' });
    expect(answered[0]!.text).toContain('椅子的图册我今天下午发给您');

    await page.click('nav >> text=Customers');
    await expect.poll(() => page.textContent('[data-testid=customer-results]')).toContain('张伟');
    const customers = (await page.textContent('[data-testid=customer-results]')) ?? '';
    expect(customers).toContain('王芳');
    expect(customers).not.toContain('陈静');

    // Another owner's customer by its address: the engine answers as if there were none.
    await page.goto(`${served.url}/console#/customers/c-chen`);
    await expect.poll(() => page.textContent('[role=alert]')).toContain('customer c-chen not found');
    expect(await page.textContent('main')).not.toContain('陈静');
    await browser.screenshot('22-owner-other-customer-refused');
    // Pages of other roles are not theirs either.
    await page.goto(`${served.url}/console#/templates`);
    await page.waitForSelector('text=Your role cannot open this page.');
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut();
  });

  it('lets the marketer edit a template, and the audit page names them', async () => {
    const { page } = browser;
    await choosePassword(links.marketer!, PASSWORDS.marketer);
    expect(await navigation()).toEqual(MARKETER_NAVIGATION);
    await page.goto(`${served.url}/console#/templates/hello-again`);
    await page.click('button[role=tab]:has-text("en · email")');
    await page.fill('textarea[name=body]', '<p>Hello {{ customer.name }}, the spring catalogue is out.</p>');
    await page.click('button:has-text("Save")');
    await expect.poll(() => page.textContent('[role=status]')).toContain('version 2');
    await page.click('summary:has-text("History")');
    await expect
      .poll(() => page.locator('[data-testid=version-author]').first().textContent())
      .toContain('韩梅 <han.mei@shop.example>');
    await signOut();

    await signIn('boss@shop.example', PASSWORDS.admin);
    await page.goto(`${served.url}/console#/audit`);
    const saved = page.locator('[data-testid=audit-entries] tr', { hasText: 'template.saved' });
    await saved.waitFor();
    const row = (await saved.textContent()) ?? '';
    expect(row).toContain('韩梅 <han.mei@shop.example>');
    expect(row).toContain('template:hello-again/en/email');
    expect(row).toContain('{"version":1}');
    expect(row).toContain('{"version":2}');
    // The owner's invitation and password are in the trail too.
    const text = (await page.textContent('[data-testid=audit-entries]')) ?? '';
    expect(text).toContain('user.invited');
    expect(text).toContain('user.password-set');
    await browser.screenshot('23-audit-names-the-marketer');
  });

  it('ends the session on sign-out: the old cookie is refused by the engine', async () => {
    const { page, context } = browser;
    const cookie = (await context.cookies(served.url)).find((c) => c.name === 'nurture_session');
    expect(cookie?.value).toMatch(/^[\w-]{43}$/);
    const withCookie = () =>
      fetch(`${served.url}/v1/users`, { headers: { cookie: `nurture_session=${cookie!.value}` } });
    expect((await withCookie()).status).toBe(200);
    await signOut();
    expect((await context.cookies(served.url)).find((c) => c.name === 'nurture_session')).toBeUndefined();
    // Someone who kept a copy of the cookie gets nothing with it.
    expect((await withCookie()).status).toBe(401);
    await page.goto(`${served.url}/console#/users`);
    await page.waitForSelector('input[name=email]');
    await browser.screenshot('24-signed-out');
  });
});
