import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';

const wang = {
  name: '王芳',
  email: 'wang.fang@example.com',
  phone: '+8613800138000',
  country: 'CN',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
};

/**
 * The admins' pages in headless Chromium against the local engine: a webhook
 * endpoint registered from its form and its delivery seen in the log; an
 * address suppressed and taken off again; a customer exported and erased
 * behind a typed confirmation; in English, in Chinese, and at 375 px.
 */
describe('the admin pages in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  let receiver: TestReceiver;

  beforeAll(async () => {
    served = await serveLocalEngine();
    receiver = await startReceiver(served.engine.clock);
    browser = await launchBrowser();
    browser.page.setDefaultTimeout(10_000);
    expect((await served.api('PUT', '/v1/customers/c-wang', wang)).status).toBe(201);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await receiver?.stop();
  });

  it('registers an endpoint from its form, shows its secret once, and its deliveries in the log', async () => {
    const { page } = browser;
    await page.click('nav >> text=Webhooks');
    await page.fill('input[name=url]', receiver.url('/crm'));
    // Every event is ticked to begin with: untick what this receiver does not want.
    await page.uncheck('input[name=events][value="campaign.completed"]');
    await page.click('button:has-text("Add endpoint")');
    const secret = await page.textContent('[data-testid=new-secret] code');
    expect(secret).toMatch(/^whsec_/);
    const listed = (await (await served.api('GET', '/v1/webhook-endpoints')).json()) as {
      endpoints: { url: string; events: string[]; secret: string }[];
    };
    expect(listed.endpoints).toEqual([expect.objectContaining({ url: receiver.url('/crm'), secret })]);
    expect(listed.endpoints[0]!.events).not.toContain('campaign.completed');
    expect(listed.endpoints[0]!.events).toHaveLength(9);

    await served.api('POST', '/v1/customers/c-wang/messages', { template: 'hello-again', channel: 'email' });
    await served.engine.webhookQueue.settled();
    expect(receiver.requests).toHaveLength(1);
    await page.click('[data-testid=endpoint] >> text=Delivery log');
    await page.waitForSelector('[data-testid=deliveries] >> text=A message was sent');
    expect(await page.textContent('[data-testid=deliveries]')).toContain('delivered');
    await browser.screenshot('20-webhooks');
  });

  it('asks before rotating a secret, and rotates it only once confirmed', async () => {
    const { page } = browser;
    const before = (
      (await (await served.api('GET', '/v1/webhook-endpoints')).json()) as { endpoints: { secret: string }[] }
    ).endpoints[0]!.secret;
    await page.click('[data-testid=endpoint] >> button:has-text("Rotate secret")');
    await page.waitForSelector('[role=alertdialog] >> text=24 hours');
    await page.click('[role=alertdialog] >> text=Cancel');
    const unchanged = (
      (await (await served.api('GET', '/v1/webhook-endpoints')).json()) as { endpoints: { secret: string }[] }
    ).endpoints[0]!.secret;
    expect(unchanged).toBe(before);
    await page.click('[data-testid=endpoint] >> button:has-text("Rotate secret")');
    await page.click('[role=alertdialog] >> button:has-text("Confirm")');
    await page.waitForSelector('[data-testid=endpoint] >> text=The previous secret also signs until');
    const after = (
      (await (await served.api('GET', '/v1/webhook-endpoints')).json()) as { endpoints: { secret: string }[] }
    ).endpoints[0]!.secret;
    expect(after).not.toBe(before);
  });

  it('suppresses an address from the form and takes it off with a reason', async () => {
    const { page } = browser;
    await page.click('nav >> text=Suppressions');
    await page.fill('input[name=address]', 'Wang.Fang@Example.com');
    await page.click('form >> button:has-text("Add")');
    await page.waitForSelector('[data-testid=suppressions] >> text=wang.fang@example.com');
    expect(await page.textContent('[data-testid=suppressions]')).toContain('by an admin');
    await browser.screenshot('21-suppressions');
    await page.click('[data-testid=suppressions] >> button:has-text("Remove")');
    const confirmButton = page.locator('[data-testid=suppressions] >> button:has-text("Remove")');
    // No reason, no removal.
    expect(await confirmButton.isDisabled()).toBe(true);
    await page.fill('input[name=removalReason]', 'asked to hear from us again');
    await confirmButton.click();
    await page.click('[role=alertdialog] >> button:has-text("Confirm")');
    await page.waitForSelector('text=wang.fang@example.com is no longer suppressed');
    const left = (await (await served.api('GET', '/v1/suppressions')).json()) as { suppressions: unknown[] };
    expect(left.suppressions).toEqual([]);
  });

  it('exports a customer, and erases them only once their id is typed', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/customers/c-wang`);
    const download = page.waitForEvent('download');
    await page.click('[data-testid=data-rights] >> text=Export everything (JSON)');
    expect((await download).suggestedFilename()).toBe('customer-c-wang.json');
    await page.click('[data-testid=data-rights] >> button:has-text("Erase this customer")');
    const erase = page.locator('[role=alertdialog] >> button:has-text("Confirm")');
    expect(await erase.isDisabled()).toBe(true);
    await page.fill('[role=alertdialog] input', 'c-wan');
    expect(await erase.isDisabled()).toBe(true);
    await browser.screenshot('22-erase-confirmation');
    await page.fill('[role=alertdialog] input', 'c-wang');
    await erase.click();
    await page.waitForSelector(
      '[data-testid=data-rights] >> text=Nothing about the customer is held any more',
    );
    expect((await served.api('GET', '/v1/customers/c-wang')).status).toBe(404);
  });

  it('reads in Chinese and fits a 375 px phone', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 375, height: 800 });
    await page.selectOption('select.lang', 'zh-CN');
    await page.goto(`${served.url}/console#/webhooks`);
    await page.waitForSelector('text=接收的事件');
    // The endpoint list loads after the form.
    await expect.poll(() => page.textContent('main')).toContain('更换密钥');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await browser.screenshot('23-webhooks-zh-375');
    await page.goto(`${served.url}/console#/suppressions`);
    await page.waitForSelector('text=屏蔽一个地址');
    expect(
      await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await browser.screenshot('24-suppressions-zh-375');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
