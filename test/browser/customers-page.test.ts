import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../functions/core/webhook-signature';
import { LOCAL_DEFAULTS } from '../../functions/wiring/config';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

const base = { country: 'CN', locale: 'zh-CN', timezone: 'Asia/Shanghai' };
const liLei = { name: '李雷', email: 'li.lei@shop.example' };
// 30 customers: two pages of 25; the three in Hangzhou are the filter's.
const people: Record<string, Record<string, unknown>> = {
  'c-wang': {
    ...base,
    name: '王芳',
    email: 'wang.fang@example.com',
    city: 'Hangzhou',
    tags: ['vip'],
    owner: liLei,
  },
  'c-anna': { ...base, name: 'Anna Ash', locale: 'en', city: 'Hangzhou', owner: liLei },
  'c-zoe': { ...base, name: 'Zoe Zhu', locale: 'en', city: 'hangzhou' },
};
for (let i = 1; i <= 27; i++) {
  people[`c-${String(i).padStart(2, '0')}`] = {
    ...base,
    name: `Member ${String(i).padStart(2, '0')}`,
    city: 'Ningbo',
  };
}

/**
 * The customer list, its CSV, the customer form and the alert's deep link in headless
 * Chromium against the real local engine, in English at 1280 px and Chinese at 375 px.
 */
describe('the customers page in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const names = async () =>
    browser.page.locator('[data-testid=customer-results] tbody tr td:first-child').allInnerTexts();
  const rowCount = (n: number) => expect.poll(async () => (await names()).length).toBe(n);
  /** Waits for the list to show `name` in row `index` (0 = the first). */
  const firstRowIs = (name: string, index = 0) => expect.poll(async () => (await names())[index]).toBe(name);
  const openList = async () => {
    await browser.page.goto(`${served.url}/console/#/customers`);
    await browser.page.waitForSelector('[data-testid=customer-results]');
  };

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    for (const [id, body] of Object.entries(people)) {
      expect((await served.api('PUT', `/v1/customers/${id}`, body)).status).toBe(201);
    }
    const deal = JSON.stringify({
      dealId: 'so-1',
      customerId: 'c-wang',
      stage: 'ordered',
      items: [{ name: '龙井茶礼盒', quantity: 2, unitPrice: 640 }],
      amount: 1280,
      currency: 'CNY',
      occurredAt: '2027-02-05T03:00:00Z',
    });
    const ts = Math.floor(served.engine.clock.now().getTime() / 1000);
    const filed = await served.engine.app.request('/v1/webhooks/deals', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_deal_1',
        'webhook-timestamp': String(ts),
        'webhook-signature': signWebhook(LOCAL_DEFAULTS.webhookSecret, 'msg_deal_1', ts, deal),
      },
      body: deal,
    });
    expect(filed.status).toBe(202);
    const { page } = browser;
    page.setDefaultTimeout(10_000);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('lists everyone at once, pages through them and sorts by a column either way', async () => {
    const { page } = browser;
    await openList();
    expect(await names()).toHaveLength(25);
    await page.click('button:has-text("Next page")');
    await page.waitForSelector('[data-testid=page-number] >> text=Page 2');
    await rowCount(5);
    await page.click('button:has-text("Previous page")');
    await page.waitForSelector('[data-testid=page-number] >> text=Page 1');
    await page.click('th button:has-text("Name")');
    // Chinese collation first: Han names (by pinyin) before Latin ones.
    await firstRowIs('Anna Ash', 1);
    expect((await names()).slice(0, 3)).toEqual(['王芳', 'Anna Ash', 'Member 01']);
    await page.click('th button:has-text("Name")');
    await firstRowIs('Zoe Zhu');
    expect((await names()).slice(0, 2)).toEqual(['Zoe Zhu', 'Member 27']);
    await page.fill('input[name=city]', 'HANGZHOU');
    await page.click('button:has-text("Apply")');
    await rowCount(3);
    await browser.screenshot('40-customers-list-en-1280');
  });

  it('downloads the filtered list as CSV', async () => {
    const { page } = browser;
    const download = page.waitForEvent('download');
    await page.click('a:has-text("Download CSV")');
    const file = await download;
    expect(file.suggestedFilename()).toBe('customers.csv');
    const lines = readFileSync((await file.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('customerId,name,email,phone,city,country,tier,owner,tags,lastContactAt');
    // The filter and the sort of the page: Hangzhou only, by name descending.
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['c-zoe', 'c-anna', 'c-wang']);
  });

  it('creates a customer, showing the API’s refusal beside the field, then edits the file', async () => {
    const { page } = browser;
    await openList();
    await page.click('button:has-text("New customer")');
    const form = page.locator('[data-testid=customer-form]');
    await form.locator('input[name=customerId]').fill('c-new');
    await form.locator('input[name=name]').fill('Nora New');
    await form.locator('input[name=country]').fill('China');
    await form.locator('input[name=timezone]').fill('Europe/Berlin');
    await form.locator('button[type=submit]').click();
    const issue = form.locator('[data-field=country]');
    await issue.waitFor();
    expect(await issue.innerText()).toContain('ISO 3166-1 alpha-2');
    await browser.screenshot('41-customer-form-error-en');
    await form.locator('input[name=country]').fill('DE');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('h1:has-text("Nora New")');
    expect(page.url()).toContain('#/customers/c-new');
    expect(await page.locator('text=No deals yet').count()).toBe(1);
    expect(await page.innerText('[data-testid=owner]')).toContain('No owner');

    await page.click('button:has-text("Edit")');
    await page.locator('[data-testid=customer-form] input[name=city]').fill('Berlin');
    await page.locator('[data-testid=customer-form] input[name=ownerName]').fill('李雷');
    await page.locator('[data-testid=customer-form] input[name=ownerEmail]').fill(liLei.email);
    await page.click('[data-testid=customer-form] button[type=submit]');
    await page.waitForSelector('[data-testid=owner] >> text=李雷');
    const saved = (await (await served.api('GET', '/v1/customers/c-new')).json()) as {
      customer: Record<string, unknown>;
    };
    expect(saved.customer).toMatchObject({ name: 'Nora New', country: 'DE', city: 'Berlin', owner: liLei });
  });

  it('opens the file the owner’s alert links to by path, and by the hash as before', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console/customers/c-wang`);
    await page.waitForSelector('h1:has-text("王芳")');
    expect(new URL(page.url()).hash).toBe('#/customers/c-wang');
    // The deal in the customer's language: yuan, Chinese digits grouping, her own date.
    const deals = await page.innerText('[data-testid=deals]');
    expect(deals).toContain('龙井茶礼盒');
    expect(deals).toContain('¥1,280.00');
    expect(deals).toContain('2027年2月5日');
    await browser.screenshot('42-customer-file-deep-link');
    await page.goto(`${served.url}/console/#/customers/c-anna`);
    await page.waitForSelector('h1:has-text("Anna Ash")');
  });

  it('picks the template preview’s customer by name', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/templates/hello-again`);
    await page.click('button[role=tab]:has-text("en · email")');
    await page.fill('input[name=preview-customer]', 'Anna');
    await page.click('.picker-hits button:has-text("Anna Ash")');
    expect(await page.inputValue('input[name=preview-customer]')).toBe('Anna Ash');
    await expect.poll(() => page.textContent('[data-testid=preview-subject]')).toContain('Anna Ash');
  });

  it('reads in Chinese on a 375 px phone: list, sort, page and file', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 375, height: 800 });
    await openList();
    await page.selectOption('select.lang', 'zh-CN');
    await page.waitForSelector('button:has-text("下一页")');
    await page.waitForSelector('[data-testid=customer-results]');
    await page.selectOption('select[name=sort]', 'city');
    // Berlin (the customer filed above), then Hangzhou in any case, ties by name.
    await firstRowIs('王芳', 1);
    expect((await names()).slice(0, 4)).toEqual(['Nora New', '王芳', 'Anna Ash', 'Zoe Zhu']);
    await page.click('button:has-text("下一页")');
    await page.waitForSelector('[data-testid=page-number] >> text=第 2 页');
    // 31 customers by now: six on the second page.
    await rowCount(6);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await browser.screenshot('43-customers-list-zh-375');
    await page.goto(`${served.url}/console/customers/c-wang`);
    await page.waitForSelector('[data-testid=deals]');
    expect(await page.innerText('[data-testid=owner]')).toContain('负责人');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await browser.screenshot('44-customer-file-zh-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await openList();
    await browser.screenshot('45-customers-list-zh-1280');
  });

  it('fits a 375 px phone in English too', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 375, height: 800 });
    await openList();
    await page.selectOption('select.lang', 'en');
    await page.waitForSelector('button:has-text("Next page")');
    await rowCount(25);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await browser.screenshot('46-customers-list-en-375');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
