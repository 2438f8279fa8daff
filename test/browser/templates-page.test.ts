import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEn, errorZh } from '../../functions/console/app/i18n-errors';
import { templateEn, templateZh } from '../../functions/console/app/i18n-templates';
import type { OutboxEntry } from '../../functions/local/outbox';
import {
  type Browser,
  launchBrowser,
  SCREENSHOTS,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

const CASES = [
  { lang: 'en', width: 1280, words: templateEn, errors: errorEn },
  { lang: 'en', width: 375, words: templateEn, errors: errorEn },
  { lang: 'zh-CN', width: 1280, words: templateZh, errors: errorZh },
  { lang: 'zh-CN', width: 375, words: templateZh, errors: errorZh },
] as const;

/**
 * The template pages in Chromium against the local engine: a template created, both tabs edited
 * without losing a draft, a variable inserted, a test sent and found in the outbox, a revert
 * confirmed, and leaving with unsaved edits asked about; in English and Chinese, wide and narrow.
 */
describe('the template pages in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const testSends = async () =>
    (
      (await (await served.api('GET', '/_local/outbox?customerId=test-send')).json()) as {
        messages: OutboxEntry[];
      }
    ).messages;

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    const { page } = browser;
    page.setDefaultTimeout(10_000);
    await signInAsAdmin(browser.page, served);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  for (const [n, { lang, width, words, errors }] of CASES.entries()) {
    it(`creates, edits, tests and reverts a template in ${lang} at ${width} px`, async () => {
      const { page } = browser;
      const id = `spring-offer-${n}`;
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${served.url}/console#/templates`);
      await page.selectOption('select.lang', lang);
      await page.click('[data-testid=create-template] summary');
      expect(await page.textContent('[data-testid=create-template] summary')).toBe(words.newTemplate);
      // A bad slug is refused before anything is sent.
      await page.fill('input[name=template-id]', 'Spring Offer');
      await expect
        .poll(() => page.textContent('[data-testid=create-template]'))
        .toContain(words.templateIdBad);
      await page.fill('input[name=template-id]', id);
      await page.fill('input[name=template-name]', 'Spring offer');
      await page.check('input[name=channel-sms]');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await page
        .locator('[data-testid=create-template]')
        .screenshot({ path: join(SCREENSHOTS, `29-template-create-${lang}-${width}.png`) });
      await page.click('[data-testid=create-template] button[type=submit]');
      await page.waitForURL(`**/console#/templates/${id}`);
      await expect.poll(() => page.locator('[role=tab]').count()).toBe(4);

      // Two tabs edited: switching keeps each one's draft.
      await page.click('[role=tab]:has-text("zh-CN · email")');
      await page.fill('textarea[name=body]', '<p>您好,春天到了</p>');
      await page.click('[role=tab]:has-text("en · sms")');
      await page.fill('textarea[name=body]', 'Spring is here');
      await page.click('[role=tab]:has-text("zh-CN · email")');
      expect(await page.inputValue('textarea[name=body]')).toBe('<p>您好,春天到了</p>');
      await expect
        .poll(() => page.textContent('[data-testid=unsaved]'))
        .toBe(words.unsavedTabs.replace('{tabs}', 'zh-CN/email, en/sms'));

      // The variable picker inserts at the cursor.
      await page.click('textarea[name=body]');
      await page.evaluate("document.querySelector('textarea[name=body]').setSelectionRange(3, 3)");
      await page.selectOption('select[name=variable]', 'customer.name');
      await page.click('.variable-picker button');
      await expect
        .poll(() => page.inputValue('textarea[name=body]'))
        .toBe('<p>{{ customer.name }}您好,春天到了</p>');
      await page.click('.editor-grid .row:not(.variable-picker) button');
      await expect.poll(() => page.textContent('[role=tab][aria-selected=true]')).toContain('v2');
      expect(await page.textContent('[data-testid=unsaved]')).toBe(
        words.unsavedTabs.replace('{tabs}', 'en/sms'),
      );

      // A test with no address (the shared password has no email): the error in the page's language.
      await page.click('[data-testid=test-send] button[type=submit]');
      await expect
        .poll(() => page.textContent('[data-testid=test-send] [role=alert]'))
        .toContain(errors.invalid);
      const before = (await testSends()).length;
      await page.fill('input[name=test-to]', `tester-${n}@shop.example`);
      await page.click('[data-testid=test-send] button[type=submit]');
      await expect
        .poll(() => page.textContent('[data-testid=test-send] [role=status]'))
        .toBe(words.testSent.replace('{to}', `tester-${n}@shop.example`));
      // Marked a test in the template's language (the zh-CN tab), whatever the console's.
      const sent = (await testSends()).slice(before);
      expect(sent.map((m) => [m.to, m.subject])).toEqual([
        [`tester-${n}@shop.example`, '【测试】Spring offer'],
      ]);
      expect(sent[0]?.html).toContain('春天到了');

      // Reverting asks first, then saves version 1's text as version 3 and lists it.
      await page.click('details.history summary');
      await page.click('.versions button.link:has-text("v1")');
      await page.click('.versions button:not(.link)');
      await page.waitForSelector('[role=alertdialog]');
      expect(await page.textContent('[role=alertdialog] p')).toBe(
        words.revertConfirm.replace('{version}', '1'),
      );
      await page.click('[role=alertdialog] button:not(.link)');
      await expect.poll(() => page.textContent('[role=tab][aria-selected=true]')).toContain('v3');
      await expect.poll(() => page.locator('.versions > li').count()).toBe(3);
      const history = (await (
        await served.api('GET', `/v1/templates/${id}/sources/zh-CN/email/versions`)
      ).json()) as { versions: { version: number; body: string }[] };
      expect(history.versions.map((v) => v.version)).toEqual([3, 2, 1]);
      expect(history.versions[0]?.body).toBe(history.versions[2]?.body);
      await expect.poll(() => page.inputValue('textarea[name=body]')).toBe(history.versions[2]?.body);

      // The preview follows the reverted text.
      await expect
        .poll(() => page.locator('.preview iframe').getAttribute('srcdoc'))
        .not.toContain('春天到了');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await browser.screenshot(`30-template-${lang}-${width}`);

      // The en SMS draft is still unsaved: leaving for another page asks, and declining stays.
      page.once('dialog', (dialog) => {
        expect(dialog.message()).toBe(words.unsavedLeave);
        void dialog.dismiss();
      });
      await page.click('nav a[href="#/customers"]');
      expect(page.url()).toContain(`#/templates/${id}`);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.click('nav a[href="#/customers"]');
      await page.waitForURL('**/console#/customers');
    });
  }
});
