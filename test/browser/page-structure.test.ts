import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

/** Inputs a person cannot name: no label around or for them, no aria-label. */
const UNLABELLED = `[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter((el) => !el.closest('label') && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')
    && !(el.id && document.querySelector('label[for="' + el.id + '"]')))
  .map((el) => el.outerHTML.slice(0, 120))`;

/** The links of the navigation, in order. */
const sections = (page: Page) =>
  page.$$eval('nav a', (links) =>
    links.map((a) => a.getAttribute('href') ?? '').filter((h) => h.includes('#/')),
  );

/**
 * Every page of an admin's console, in both languages, at a desktop's and a
 * phone's width: one h1, every input named, nothing wider than the screen.
 */
describe('every console page, as people and screen readers meet it', () => {
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
      owner: { name: '李雷', email: 'li.lei@shop.example' },
    });
    expect(filed.status).toBe(201);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  for (const language of ['en', 'zh-CN'] as const) {
    for (const width of [1280, 375]) {
      it(`has one h1, labelled inputs and no sideways scroll on each page (${language}, ${width} px)`, async () => {
        const { page } = browser;
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${served.url}/console#/dashboard`);
        await page.selectOption('select.lang', language);
        const problems: string[] = [];
        const pages = [...(await sections(page)), '#/customers/c-wang'];
        expect(pages.length).toBeGreaterThan(8);
        for (const hash of pages) {
          await page.goto(`${served.url}/console${hash.slice(hash.indexOf('#'))}`);
          await page.waitForSelector('main h1', { timeout: 5000 }).catch(() => undefined);
          await page
            .waitForFunction(
              '!document.body.textContent.includes("Loading…") && !document.body.textContent.includes("加载中")',
              undefined,
              { timeout: 5000 },
            )
            .catch(() => undefined);
          const h1 = await page.$$eval('main h1', (all) => all.length);
          if (h1 !== 1) problems.push(`${hash}: ${h1} h1`);
          for (const input of await page.evaluate<string[]>(UNLABELLED))
            problems.push(`${hash}: unlabelled ${input}`);
          const overflow = await page.evaluate<number>(
            'document.documentElement.scrollWidth - window.innerWidth',
          );
          if (overflow > 0) problems.push(`${hash}: ${overflow} px wider than the screen`);
          if (width === 375) await browser.screenshot(`page-${language}-${hash.replace(/\W+/g, '-')}-375`);
        }
        expect(problems).toEqual([]);
      });
    }
  }
});
