import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULTS } from '../../functions/wiring/config';
import { type Browser, launchBrowser, type ServedEngine, serveLocalEngine } from '../support/browser';

/**
 * The console in headless Chromium against the real local engine: sign-in,
 * the template editor's live preview, a customer's file with its timeline and
 * forecast. Screenshots land in test/artifacts/screenshots/.
 */
describe('the web console in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    // A customer with a letter, and her reply two hours later, for the file and the timeline.
    const filed = await served.api('PUT', '/v1/customers/c-wang', {
      name: '王芳',
      email: 'wang.fang@example.com',
      country: 'CN',
      city: '杭州',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      birthday: '06-18',
      owner: { name: '李雷', email: 'li.lei@shop.example' },
    });
    expect(filed.status).toBe(201);
    await served.api('PUT', '/v1/customers/c-emma', {
      name: 'Emma Clark',
      email: 'emma@example.com',
      country: 'GB',
      locale: 'en',
      timezone: 'Europe/London',
    });
    const sent = await served.api('POST', '/v1/customers/c-wang/messages', {
      template: 'hello-again',
      channel: 'email',
      chase: true,
    });
    expect(sent.status).toBe(201);
    const outbox = (await (await served.api('GET', '/_local/outbox?customerId=c-wang')).json()) as {
      messages: { replyTo: string }[];
    };
    expect((await served.api('POST', '/_local/clock', { advance: 'PT2H' })).status).toBe(200);
    const reply = await served.api('POST', '/_local/inbound/email', {
      from: 'wang.fang@example.com',
      to: outbox.messages[0]!.replyTo,
      subject: 'Re: 问好',
      text: '收到了,谢谢!下个月想再订一个书柜。',
    });
    expect(reply.status).toBeLessThan(300);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('signs in with the console password; a wrong one is refused on the page', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console`);
    // The shared console password, beside the per-person sign-in.
    await page.click('button:has-text("shared console password")');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toContain('wrong console password');
    await page.fill('input[name=password]', LOCAL_DEFAULTS.consolePassword);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav >> text=Templates');
    const cookies = await browser.context.cookies(served.url);
    const session = cookies.find((c) => c.name === 'nurture_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    // The page's scripts cannot read the session.
    expect(await page.evaluate('document.cookie')).toBe('');
    await browser.screenshot('01-signed-in-dashboard');
  });

  it('edits a template and sees the preview change', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/templates/hello-again`);
    await page.click('button[role=tab]:has-text("en · email")');
    const frame = page.frameLocator('iframe[title=Preview]');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Dear Emma Clark');
    expect(await page.getAttribute('iframe[title=Preview]', 'sandbox')).toBe('');

    // A real customer instead of the sample: the preview follows.
    await page.fill('input[name=preview-customer]', 'c-wang');
    await expect
      .poll(() => page.textContent('[data-testid=preview-subject]'))
      .toContain('王芳, a quick hello');

    await page.fill('textarea[name=body]', '<p>Hello {{ customer.name }}, the spring catalogue is out.</p>');
    await expect
      .poll(() => frame.locator('body').textContent())
      .toContain('Hello 王芳, the spring catalogue is out.');
    await page.fill('textarea[name=body]', '<p>{% if customer.name %}unclosed</p>');
    await expect.poll(() => page.textContent('[data-testid=template-errors]')).toMatch(/line \d+/);
    await browser.screenshot('02-template-editor');
  });

  it('opens a customer and sees the timeline (message, reply with latency) and the forecast calendar', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/customers`);
    await page.fill('input[name=customerId]', 'c-wang');
    await page.click('form:has(input[name=customerId]) button[type=submit]');
    await page.waitForSelector('[data-testid=timeline] li');
    const timeline = (await page.textContent('[data-testid=timeline]')) ?? '';
    expect(timeline).toContain('hello-again');
    expect(timeline).toContain('收到了,谢谢');
    expect(timeline).toContain('answered after 2.0 h');
    await page.waitForSelector('[data-testid=forecast-calendar] .day.has');
    const marked = await page.$$eval('[data-testid=forecast-calendar] .day.has', (days) =>
      days.map((d) => d.getAttribute('data-day')),
    );
    // Her birthday, 18 June, is in the coming year's calendar.
    expect(marked).toContain('2027-06-18');
    expect(await page.$$eval('[data-testid=forecast-calendar] .month', (months) => months.length)).toBe(12);
    await browser.screenshot('03-customer-file');
  });

  it('composes a campaign: a filter built on the page is counted by the engine', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/campaigns`);
    await page.fill('input[name=segment-country]', 'CN');
    await page.click('button:has-text("Count")');
    await expect.poll(() => page.textContent('[data-testid=segment-count]')).toBe('1 recipients');
    await page.fill('input[name=segment-country]', 'CN, GB');
    await page.click('button:has-text("Count")');
    await expect.poll(() => page.textContent('[data-testid=segment-count]')).toBe('2 recipients');
    await browser.screenshot('04-campaign-compose');
  });

  it('switches the interface to Chinese', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/customers/c-wang`);
    await page.selectOption('select.lang', 'zh-CN');
    await page.waitForSelector('nav >> text=模板');
    await expect.poll(() => page.textContent('[data-testid=forecast-calendar] h3')).toContain('未来 12 个月');
    await browser.screenshot('05-customer-file-zh');
  });
});
