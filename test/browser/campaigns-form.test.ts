import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

// 2027-02-06 02:00Z is a Saturday morning in Shanghai.
const base = { country: 'CN', city: 'Hangzhou', locale: 'en', timezone: 'Asia/Shanghai', tags: ['vip'] };
const people: Record<string, Record<string, unknown>> = {
  'c-wang': { ...base, name: 'Wang Fang', email: 'wang.fang@example.com', birthday: '1985-03-12' },
  'c-zhang': { ...base, name: 'Zhang Wei', email: 'zhang.wei@example.com', locale: 'zh-CN' },
  // A phone and no email: an email campaign cannot reach him.
  'c-li': { ...base, name: 'Li Ming', phone: '+8613800138002' },
};

interface CampaignRow {
  id: string;
  name: string;
  status: string;
}

const words = {
  en: { dryRun: 'Dry run', schedule: 'Schedule', confirm: 'Confirm: Schedule', done: 'nothing was sent' },
  'zh-CN': { dryRun: '试运行', schedule: '排期发送', confirm: '确认: 排期发送', done: '未发送也未保存' },
} as const;

/**
 * The campaign form in Chromium against the real local engine: an event
 * invitation composed with the details its template reads, its dry run shown
 * as the recipient's letter, a double-clicked schedule making one campaign,
 * and a cancel that asks first; in English and Chinese, at 1280 and 375 px.
 */
describe('the campaign form in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const campaigns = async () =>
    ((await (await served.api('GET', '/v1/campaigns')).json()) as { campaigns: CampaignRow[] }).campaigns;

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    for (const [id, body] of Object.entries(people)) {
      expect((await served.api('PUT', `/v1/customers/${id}`, body)).status).toBe(201);
    }
    const { page } = browser;
    page.setDefaultTimeout(10_000);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  /** Fills the form for the event invitation to the VIPs, Monday 10:00 in each recipient's zone. */
  const compose = async (name: string) => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/campaigns`);
    // A fresh form: the same address with a hash is not a reload.
    await page.reload();
    await page.waitForSelector('select[name=template] option[value=campaign-event-invitation]', {
      state: 'attached',
    });
    await page.fill('input[name=campaign-name]', name);
    await page.selectOption('select[name=template]', 'campaign-event-invitation');
    // The template reads three details: the form asks for exactly those.
    await page.waitForSelector('input[name=detail-event]');
    expect(
      await page.$$eval('[data-testid=campaign-details] input', (inputs) =>
        inputs.map((i) => i.getAttribute('name')),
      ),
    ).toEqual(['detail-event', 'detail-date', 'detail-place']);
    await page.fill('input[name=detail-event]', 'our spring open day');
    await page.fill('input[name=detail-date]', 'Sat 17 April, 3 pm');
    await page.fill('input[name=detail-place]', '88 Nanshan Road');
    await page.fill('input[name=segment-tags]', 'vip');
    await page.fill('input[name=send-at]', '2027-02-08T10:00');
  };

  for (const [lang, width] of [
    ['en', 1280],
    ['zh-CN', 375],
    ['en', 375],
    ['zh-CN', 1280],
  ] as const) {
    it(`composes an event invitation and shows its dry run as the letter (${lang}, ${width} px)`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${served.url}/console#/campaigns`);
      await page.selectOption('select.lang', lang);
      await compose(`Open day ${lang} ${width}`);
      await page.click(`button:has-text("${words[lang].dryRun}")`);
      const dry = page.locator('[data-testid=dry-run]');
      await expect.poll(() => dry.textContent()).toContain(words[lang].done);
      // Three VIPs matched; by email two can be reached, Li Ming (a phone only) cannot.
      expect(await dry.locator('[data-testid=segment-count]').textContent()).toMatch(/3/);
      expect(await dry.locator('[data-testid=segment-reach]').textContent()).toMatch(/2\D+1/);
      // The letter itself, rendered in a sandboxed frame, with the details in it.
      const frame = page.frameLocator('[data-testid=preview-email] iframe');
      await expect.poll(() => frame.locator('body').textContent()).toContain('88 Nanshan Road');
      expect(await page.getAttribute('[data-testid=preview-email] iframe', 'sandbox')).toBe('');
      expect(await page.textContent('[data-testid=preview-subject]')).toContain('our spring open day');
      // The sample is a recipient the email reaches, not Li Ming.
      expect(await page.textContent('[data-testid=preview-email] figcaption')).not.toContain('c-li');
      // A dry run writes nothing; nothing is wider than the screen.
      expect(await campaigns()).toEqual([]);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      // A frame below the fold is painted only once scrolled to.
      await page.locator('[data-testid=preview-email] iframe').scrollIntoViewIfNeeded();
      await browser.screenshot(`30-campaign-dry-run-${lang}-${width}`);
    });
  }

  it('saves the filter being built as a segment, and offers it as a saved segment', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${served.url}/console#/campaigns`);
    await page.reload();
    await page.selectOption('select.lang', 'en');
    await page.fill('input[name=segment-tags]', 'vip');
    await page.fill('input[name=segment-city]', 'Hangzhou');
    await page.check('text=Mar');
    await page.fill('input[name=segment-name]', 'Hangzhou VIPs born in March');
    await page.click('button:has-text("Save as a segment")');
    await page.waitForSelector('text=Saved as “Hangzhou VIPs born in March”.');
    const saved = (await (await served.api('GET', '/v1/segments')).json()) as {
      segments: { id: string; name: string; filter: unknown }[];
    };
    expect(saved.segments).toEqual([
      expect.objectContaining({
        name: 'Hangzhou VIPs born in March',
        filter: { city: ['Hangzhou'], tags: ['vip'], birthdayMonth: [3] },
      }),
    ]);
    await page.check('input[name=segment-mode] >> nth=1');
    await page.waitForSelector(`select[name=segment-id] option[value="${saved.segments[0]!.id}"]`, {
      state: 'attached',
    });
    // The chosen segment's customers download as a spreadsheet.
    await page.selectOption('select[name=segment-id]', saved.segments[0]!.id);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a:has-text("Download CSV")'),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const rows = csv.trim().split(/\r?\n/);
    // The one Hangzhou VIP born in March, under the header.
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Wang Fang');
    // A fresh form for the next test.
    await page.reload();
  });

  it('composes a visit announcement: where, when, the hotel and phone, shown as the text', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${served.url}/console#/campaigns`);
    await page.selectOption('select.lang', 'en');
    await page.fill('input[name=campaign-name]', 'Hangzhou trip');
    await page.selectOption('select[name=kind]', 'visit');
    expect(await page.inputValue('select[name=channels]')).toBe('sms');
    await page.fill('input[name=visit-city]', 'Hangzhou');
    await page.fill('input[name=visit-country]', 'cn');
    await page.fill('input[name=visit-arrival]', '2027-02-20');
    await page.fill('input[name=visit-departure]', '2027-02-22');
    await page.fill('input[name=visit-hotel]', 'Shangri-La Hotel');
    await page.fill('input[name=visit-phone]', '0571 8797 7951');
    await page.click('button:has-text("Count")');
    // Three customers in Hangzhou; by text only Li Ming has a phone.
    await expect.poll(() => page.textContent('[data-testid=segment-count]')).toBe('3 recipients');
    expect(await page.textContent('[data-testid=segment-reach]')).toMatch(/1 reachable · 2 not/);
    await page.click('button:has-text("Dry run")');
    const sms = page.locator('[data-testid=preview-sms] pre');
    await expect.poll(() => sms.textContent()).toContain('in Hangzhou');
    expect(await campaigns()).toEqual([]);
    await browser.screenshot('32-campaign-visit-dry-run');
  });

  it('makes one campaign of a double-clicked schedule, and asks before cancelling it', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${served.url}/console#/campaigns`);
    await page.selectOption('select.lang', 'en');
    await compose('Spring open day');
    await page.click('button:has-text("Schedule")');
    // Scheduling asks first: nothing is made until confirmed.
    await page.waitForSelector('[role=alertdialog]');
    expect(await campaigns()).toEqual([]);
    await page.dblclick('button:has-text("Confirm: Schedule")');
    const row = page.locator('[data-testid=campaign]', { hasText: 'Spring open day' });
    await row.waitFor();
    await expect.poll(async () => (await campaigns()).length).toBe(1);
    const [made] = await campaigns();
    expect(made).toMatchObject({ name: 'Spring open day' });

    await row.locator('button:has-text("Cancel campaign")').click();
    const ask = row.locator('[role=alertdialog]');
    expect(await ask.textContent()).toContain('cannot be undone');
    // Asked, not yet done.
    expect((await campaigns())[0]?.status).not.toBe('cancelled');
    await browser.screenshot('31-campaign-cancel-confirm');
    await ask.locator('button:has-text("Confirm: Cancel campaign")').click();
    await expect.poll(async () => (await campaigns())[0]?.status).toBe('cancelled');
    await expect.poll(() => row.locator('.chip').textContent()).toBe('cancelled');
    expect(await campaigns()).toHaveLength(1);
  });
});
