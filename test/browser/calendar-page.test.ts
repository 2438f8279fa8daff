import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

interface Rule {
  id: string;
  version: number;
  rule: { occasions?: { id: string; names: Record<string, string>; date: Record<string, unknown> }[] };
}

/**
 * The Calendar page in headless Chromium against the local engine: a year of a
 * country's greetings with their sources, an occasion added by form and removed
 * after a confirmation, a customer's own date added on the file; in Chinese and at 375 px.
 */
describe('the Calendar page in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const occasions = async () =>
    ((await (await served.api('GET', '/v1/rules')).json()) as { rules: Rule[] }).rules.find(
      (r) => r.id === 'business-occasions',
    )!;

  beforeAll(async () => {
    served = await serveLocalEngine('2027-02-06T02:00:00Z');
    browser = await launchBrowser();
    browser.page.setDefaultTimeout(10_000);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it("shows a country's year of greetings with where each date comes from", async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/calendar`);
    await page.waitForSelector('[data-testid=calendar-festivals]');
    await page.selectOption('select[name=calendar-country]', 'VN');
    await page.selectOption('select[name=calendar-year]', '2030');
    const tet = page.locator('[data-testid=calendar-festivals] tr[data-id=tet]');
    await expect.poll(() => tet.locator('time').first().getAttribute('datetime')).toBe('2030-02-02');
    expect(await tet.textContent()).toContain('Vietnamese lunar calendar (UTC+7)');
    await page.selectOption('select[name=calendar-country]', 'CN');
    await page.selectOption('select[name=calendar-year]', '2033');
    const midAutumn = page.locator('[data-testid=calendar-festivals] tr[data-id=mid-autumn]');
    await expect.poll(() => midAutumn.locator('time').first().getAttribute('datetime')).toBe('2033-09-08');
    await browser.screenshot('10-calendar-cn-2033');
  });

  it('adds an occasion by form, shows it on the calendar, and removes it only after a confirmation', async () => {
    const { page } = browser;
    await page.selectOption('select[name=calendar-year]', '2027');
    await page.fill('input[name=occasion-en]', '618 mid-year sale');
    await page.fill('input[name=occasion-zh]', '618 年中大促');
    await page.fill('input[name=occasion-id]', 'shopping-618');
    await page.fill('input[name=occasion-month]', '6');
    await page.fill('input[name=occasion-day]', '18');
    await page.fill('input[name=occasion-days-before]', '3');
    await page.fill('input[name=occasion-countries]', 'cn');
    await page.click('.occasion-form button[type=submit]');
    const row = page.locator('[data-testid=calendar-occasions] tr[data-id=shopping-618]');
    await expect.poll(() => row.locator('time').nth(1).getAttribute('datetime')).toBe('2027-06-15');
    expect((await occasions()).rule.occasions).toEqual([
      {
        id: 'shopping-618',
        names: { en: '618 mid-year sale', 'zh-CN': '618 年中大促' },
        date: { kind: 'yearly', date: '06-18' },
        template: 'occasion-business',
        daysBefore: 3,
        countries: ['CN'],
      },
    ]);

    // Dismissing the confirmation keeps it; accepting removes it.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.click('[data-testid=occasions-editor] tr[data-id=shopping-618] button');
    expect((await occasions()).rule.occasions).toHaveLength(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-testid=occasions-editor] tr[data-id=shopping-618] button');
    await expect.poll(async () => (await occasions()).rule.occasions).toEqual([]);
  });

  it('adds a date to a customer’s file, which the forecast then greets', async () => {
    const { page } = browser;
    expect(
      (
        await served.api('PUT', '/v1/customers/c-zhou', {
          name: '周敏',
          email: 'zhou@example.cn',
          country: 'CN',
          locale: 'zh-CN',
          timezone: 'Asia/Shanghai',
        })
      ).status,
    ).toBe(201);
    await page.goto(`${served.url}/console#/customers/c-zhou`);
    await page.fill('input[name=date-name]', 'Policy renewal');
    await page.fill('input[name=date-date]', '2026-04-20');
    await page.click('[data-testid=customer-dates] button[type=submit]');
    await page.waitForSelector('[data-testid=customer-dates] li');
    const file = (await (await served.api('GET', '/v1/customers/c-zhou')).json()) as {
      customer: { dates: unknown };
    };
    expect(file.customer.dates).toEqual([
      { name: 'Policy renewal', date: '2026-04-20', yearly: true, daysBefore: 0 },
    ]);
    const forecast = (await (await served.api('GET', '/v1/customers/c-zhou/forecast?days=90')).json()) as {
      messages: { rule: string; local: string }[];
    };
    expect(
      forecast.messages.filter((m) => m.rule === 'customer-dates').map((m) => m.local.slice(0, 10)),
    ).toEqual(['2027-04-20']);
  });

  it('reads in Chinese on a 375 px phone', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${served.url}/console#/calendar`);
    await page.selectOption('select.lang', 'zh-CN');
    await page.waitForSelector('[data-testid=calendar-festivals]');
    await page.selectOption('select[name=calendar-year]', '2027');
    const spring = page.locator('[data-testid=calendar-festivals] tr[data-id=spring-festival]');
    await expect.poll(() => spring.textContent()).toContain('春节');
    expect(await spring.textContent()).toContain('农历(GB/T 33661-2017,北京时间)');
    expect(await page.textContent('h1')).toBe('节日日历');
    // Nothing wider than the phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await browser.screenshot('11-calendar-zh-375');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
