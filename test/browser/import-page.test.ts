import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveCustomerId } from '../../functions/import/row-validation';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

// Seed 001's customer file table; row 4 (as the spreadsheet numbers it) has a phone number that is none.
const SHEET = [
  '时间,姓名,联系电话,购买品种,价格,备注,微信号',
  '2026-03-05,王芳,138 0013 8000,胡桃木餐椅,"¥12,800",老客户介绍,wf1987',
  '2026/4/12,张伟,13900139000,书柜,3600元,,',
  '2026-05-01,李娜,12345,茶几,2400,电话打不通,',
  '2026-06-20,陈静,13700137000,衣柜,5200,,',
].join('\n');

/** The console's Import page in headless Chromium against the real local engine. */
describe('the console Import page in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'nurture-import-page-'));
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CSV with a bad row: the report names the row and column, then the skip-invalid import files the rest', async () => {
    const { page } = browser;
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await signInAsAdmin(browser.page, served);
    // The page's code is not part of the first load: it comes when the page opens.
    expect(scripts.some((path) => /\/console\/import-[A-Z0-9]{8}\.js$/.test(path))).toBe(false);

    await page.click('nav >> text=Import');
    await page.waitForSelector('input[type=file][name=sheet]');
    expect(scripts.some((path) => /\/console\/import-[A-Z0-9]{8}\.js$/.test(path))).toBe(true);
    await page.fill('input[name=default-country]', 'CN');
    await page.fill('input[name=default-locale]', 'zh-CN');
    await page.fill('input[name=default-timezone]', 'Asia/Shanghai');
    const file = join(dir, '客户档案.csv');
    writeFileSync(file, SHEET);
    await page.setInputFiles('input[type=file][name=sheet]', file);

    await page.waitForSelector('[data-testid=import-problems] tbody tr');
    const mapping = (await page.textContent('[data-testid=import-mapping]')) ?? '';
    expect(mapping).toContain('联系电话 → phone');
    expect(mapping).toContain('姓名 → name');
    expect(mapping).toContain('微信号 → not imported');
    expect(await page.textContent('[data-testid=import-counts]')).toContain(
      '4 rows: 3 valid, 1 with problems',
    );
    const problems = await page.$$eval('[data-testid=import-problems] tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)),
    );
    // The CLI's report for the same row: no customer to file it under, and why the phone is not one.
    expect(problems).toEqual([
      ['4', '联系电话', expect.stringContaining('no valid phone or email')],
      ['4', '联系电话', 'must be a valid phone number for CN or in +E.164 form'],
    ]);
    const start = page.locator('[data-testid=import-start]');
    expect(await start.textContent()).toBe('Import 3 customers');
    expect(await start.isDisabled()).toBe(true);
    await browser.screenshot('06-import-report');
    // Nothing is written before the import is started.
    const wang = (await deriveCustomerId('+8613800138000', undefined))!;
    expect((await served.api('GET', `/v1/customers/${wang}`)).status).toBe(404);

    await page.check('input[name=skip-invalid]');
    expect(await start.isDisabled()).toBe(false);
    await start.click();
    await page.waitForSelector('[data-testid=import-summary]');
    const summary = (await page.textContent('[data-testid=import-summary]')) ?? '';
    expect(summary).toContain('Import finished');
    expect(summary).toContain('3 created · 0 updated · 0 failed · 1 skipped (bad rows)');
    expect(await page.textContent('[data-testid=import-progress]')).toContain('3/3');
    await browser.screenshot('07-import-summary');

    // The good customers are filed under the ids the CLI derives; the bad one is not.
    for (const [phone, name] of [
      ['+8613800138000', '王芳'],
      ['+8613900139000', '张伟'],
      ['+8613700137000', '陈静'],
    ] as const) {
      const id = (await deriveCustomerId(phone, undefined))!;
      const answer = await served.api('GET', `/v1/customers/${id}`);
      expect(answer.status, name).toBe(200);
      const { customer } = (await answer.json()) as { customer: Record<string, unknown> };
      expect(customer).toMatchObject({
        name,
        phone,
        country: 'CN',
        locale: 'zh-CN',
        timezone: 'Asia/Shanghai',
      });
    }
    const search = (await (
      await served.api('GET', `/v1/customers?q=${encodeURIComponent('李娜')}`)
    ).json()) as {
      customers: unknown[];
    };
    expect(search.customers).toEqual([]);

    // Importing the same sheet again updates the same customers: nobody is filed twice.
    await start.click();
    await expect
      .poll(() => page.textContent('[data-testid=import-summary]'))
      .toContain('0 created · 3 updated · 0 failed');
  });

  it('a row with 王芳’s phone under another name is reported, not written, until the update box is ticked', async () => {
    // The page goes on from the import above: 王芳 is on file, and the defaults say CN.
    const { page } = browser;
    const file = join(dir, '新客户.csv');
    writeFileSync(file, ['姓名,联系电话', '赵六,138 0013 8000'].join('\n'));
    await page.setInputFiles('input[type=file][name=sheet]', file);
    await page.waitForSelector('text=1 rows: 1 valid, 0 with problems');
    await page.click('[data-testid=import-start]');
    await page.waitForSelector('[data-testid=import-conflicts] tbody tr');
    const wang = (await deriveCustomerId('+8613800138000', undefined))!;
    const conflicts = await page.$$eval('[data-testid=import-conflicts] tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(conflicts).toEqual([
      ['2', '联系电话', `belongs to 王芳 (${wang}), on file by another name: not written`],
    ]);
    expect(await page.textContent('[data-testid=import-summary]')).toContain(
      '0 created · 0 updated · 0 failed · 0 skipped (bad rows) · 1 not written (on file by another name)',
    );
    const file1 = async () =>
      ((await (await served.api('GET', `/v1/customers/${wang}`)).json()) as { customer: { name: string } })
        .customer;
    expect((await file1()).name).toBe('王芳');

    await page.check('input[name=update-existing]');
    await page.click('[data-testid=import-start]');
    await expect
      .poll(() => page.textContent('[data-testid=import-summary]'))
      .toContain('0 created · 1 updated');
    expect((await file1()).name).toBe('赵六');
  });
});
