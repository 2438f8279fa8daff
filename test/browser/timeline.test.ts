import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';
import { postDealWebhook } from '../support/local-engine';

/**
 * A customer's timeline read by people, not engineers: a note the engine filed
 * (an order notice reported too late to send) told as a sentence in each
 * language, every time at the customer's own clock with its zone named.
 */
describe('the customer timeline in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    const filed = await served.api('PUT', '/v1/customers/c-wang', {
      name: '王芳',
      email: 'wang.fang@example.com',
      country: 'CN',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
    });
    expect(filed.status).toBe(201);
    // Shipped four days before it is reported: past the notice window, so the notice is not sent.
    const posted = await postDealWebhook(served.engine, {
      dealId: 'D-2001',
      customerId: 'c-wang',
      stage: 'shipped',
      occurredAt: '2027-02-02T03:00:00Z',
      amount: 3200,
      currency: 'CNY',
      items: [{ name: '实木衣柜', quantity: 1 }],
    });
    expect(posted.status).toBeLessThan(300);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('tells a skipped notice as a sentence in English and in Chinese, at the customer’s time', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/customers/c-wang`);
    const note = page.locator('[data-testid=timeline] li.tl-note');
    await note.waitFor();
    const english = (await note.textContent()) ?? '';
    expect(english).toContain('not sent for deal D-2001');
    expect(english).toContain('the “shipped” stage happened on');
    expect(english).not.toMatch(/order-progress \d{4}-/);
    // 02:00Z is 10:00 in Shanghai, and the zone is named; the reader's own time is on hover.
    const time = note.locator('time');
    expect(await time.textContent()).toMatch(/10:00.*GMT\+8/);
    expect(await time.getAttribute('title')).toMatch(/^your time: /);

    await page.selectOption('select.lang', 'zh-CN');
    await expect.poll(() => note.textContent()).toContain('未就订单 D-2001 发送');
    expect(await note.textContent()).toContain('报告时已超过');
    expect(await note.locator('time').textContent()).toMatch(/GMT\+8.*10:00|10:00.*GMT\+8/);
    await browser.screenshot('timeline-note-zh');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await browser.screenshot('timeline-note-zh-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.selectOption('select.lang', 'en');
  });
});
