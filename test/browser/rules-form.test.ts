import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  SCREENSHOTS,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

interface Rule {
  id: string;
  version: number;
  rule: Record<string, unknown>;
}

const cases = [
  { lang: 'en', width: 1280, template: 'hello-again', spread: 45 },
  { lang: 'en', width: 375, template: 'monthly-letter', spread: 90 },
  { lang: 'zh-CN', width: 1280, template: 'purchase-anniversary', spread: 150 },
  { lang: 'zh-CN', width: 375, template: 'birthday', spread: 30 },
] as const;

const words = {
  en: {
    kind: 'Birthday greeting',
    saved: 'Rule saved as version',
    range: 'Enter a number from 0 to 60',
    fix: 'Correct the marked fields',
  },
  'zh-CN': {
    kind: '生日祝福',
    saved: '规则已保存为版本',
    range: '请输入 0 到 60 之间的数',
    fix: '请改正标出的字段',
  },
} as const;

/**
 * The Cadence rules page as forms, in headless Chromium against the local engine:
 * a number and a template changed and saved (and read back from the API), a value
 * out of range refused beside its field by the console, a window the engine refuses
 * shown beside its field; in English and Chinese, on a desktop and a 375 px phone.
 */
describe('the Cadence rules forms in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const rule = async (id: string) =>
    ((await (await served.api('GET', '/v1/rules')).json()) as { rules: Rule[] }).rules.find(
      (r) => r.id === id,
    )!;

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    browser.page.setDefaultTimeout(10_000);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  for (const { lang, width, template, spread } of cases) {
    it(`edits, saves and refuses rules in ${lang} at ${width} px`, async () => {
      const { page } = browser;
      const say = words[lang];
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${served.url}/console#/rules`);
      await page.selectOption('select.lang', lang);
      const birthday = page.locator('[data-rule=birthday]');
      await birthday
        .locator('select[name=template] option[value=hello-again]')
        .waitFor({ state: 'attached' });
      expect(await birthday.locator('h3').textContent()).toContain(say.kind);
      // No raw JSON anywhere on the page, and the kind is words, not an input.
      const text = (await page.textContent('main')) ?? '';
      expect(text).not.toMatch(/[{[]"|":|\[\d/);
      expect(await page.locator('[name=kind], textarea').count()).toBe(0);

      const before = await rule('birthday');
      await birthday.locator('input[name=spreadMinutes]').fill(String(spread));
      await birthday.locator('select[name=template]').selectOption(template);
      await birthday.locator('button[type=submit]').click();
      await expect.poll(() => birthday.locator('h3').textContent()).toContain(`v${before.version + 1}`);
      await expect
        .poll(() => birthday.locator('p.note').textContent())
        .toBe(`${say.saved} ${before.version + 1}`);
      const after = await rule('birthday');
      expect(after.version).toBe(before.version + 1);
      expect(after.rule).toEqual({ ...before.rule, spreadMinutes: spread, template });
      expect(await birthday.locator('input[name=spreadMinutes]').inputValue()).toBe(String(spread));
      expect(await birthday.locator('select[name=template]').inputValue()).toBe(template);

      // The console's own check: beside the field, and nothing sent.
      const ask = page.locator('[data-rule=referral-ask]');
      const askBefore = await rule('referral-ask');
      await ask.locator('input[name=afterDays]').fill('61');
      const afterDays = ask.locator('label', { has: page.locator('input[name=afterDays]') });
      await expect.poll(() => afterDays.locator('.field-error').textContent()).toBe(say.range);
      await ask.locator('button[type=submit]').click();
      await expect.poll(() => ask.locator('.note.error').textContent()).toContain(say.fix);
      expect(await ask.locator('.field-error').count()).toBe(1);
      expect(await rule('referral-ask')).toEqual(askBefore);

      // The engine's check: a window ending before it starts, its 422 shown beside the window.
      const caps = page.locator('[data-rule=caps]');
      const capsBefore = await rule('caps');
      await caps.locator('input[name="window.start"]').fill('21:00');
      await caps.locator('button[type=submit]').click();
      const window = caps.locator('fieldset', { has: page.locator('input[name="window.start"]') });
      await expect
        .poll(() => window.locator(':scope > .field-error').textContent())
        .toBe('start must be before end');
      expect(await caps.locator('.field-error').count()).toBe(1);
      expect(await rule('caps')).toEqual(capsBefore);

      // Nothing wider than the screen.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await browser.screenshot(`rules-form-${lang}-${width}`);
      await caps.screenshot({
        path: join(SCREENSHOTS, `rules-caps-${lang}-${width}.png`),
      });
      for (const id of ['monthly-letter', 'chase', 'order-progress']) {
        await page
          .locator(`[data-rule=${id}]`)
          .screenshot({ path: join(SCREENSHOTS, `rules-${id}-${lang}-${width}.png`) });
      }
    });
  }

  it('reorders, removes and adds chase steps as a list, and saves them in that order', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${served.url}/console#/rules`);
    await page.selectOption('select.lang', 'en');
    const chase = page.locator('[data-rule=chase]');
    await chase
      .locator('select[name="steps.0.template"] option[value=hello-again]')
      .waitFor({ state: 'attached' });
    const before = await rule('chase');
    await chase.locator('[data-step="1"] button[aria-label="Move up"]').click();
    await chase.locator('[data-step="2"] button:has-text("Remove")').click();
    await chase.locator('button:has-text("Add a step")').click();
    await chase.locator('input[name="steps.2.afterDays"]').fill('5');
    await chase.locator('select[name="steps.2.template"]').selectOption('hello-again');
    expect(await chase.locator('input[name="steps.0.afterDays"]').inputValue()).toBe('4');
    await chase.locator('button[type=submit]').click();
    await expect.poll(() => chase.locator('h3').textContent()).toContain(`v${before.version + 1}`);
    await expect
      .poll(() => chase.locator('p.note').textContent())
      .toBe(`Rule saved as version ${before.version + 1}`);
    expect((await rule('chase')).rule.steps).toEqual([
      { afterDays: 4, action: 'send', template: 'chase-product-intro' },
      { afterDays: 3, action: 'send', template: 'chase-did-you-receive' },
      { afterDays: 5, action: 'send', template: 'hello-again' },
    ]);
    await chase.screenshot({ path: join(SCREENSHOTS, 'rules-chase-saved.png') });
  });
});
