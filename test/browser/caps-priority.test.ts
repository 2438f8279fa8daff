import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  SCREENSHOTS,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

/** A new sequence takes a place in the caps' priority list from the rules page, as a field, not JSON. */
describe('the caps priority list in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const priority = async () => {
    const { rules } = (await (await served.api('GET', '/v1/rules')).json()) as {
      rules: { id: string; rule: { priority?: string[] } }[];
    };
    return rules.find((r) => r.id === 'caps')?.rule.priority ?? [];
  };

  beforeAll(async () => {
    served = await serveLocalEngine();
    browser = await launchBrowser();
    browser.page.setDefaultTimeout(10_000);
    const created = await served.api('POST', '/v1/sequences', {
      sequence: {
        id: 'spring-care',
        name: 'Spring care',
        trigger: { kind: 'api' },
        steps: [{ id: 'hello', type: 'send', template: 'sequence-welcome-hello' }],
      },
    });
    expect(created.status).toBe(201);
    await signInAsAdmin(browser.page, served);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('adds a sequence to the list, moves it above the last rule, removes that rule, and saves', async () => {
    const { page } = browser;
    const before = await priority();
    expect(before).not.toContain('sequence:spring-care');
    await page.goto(`${served.url}/console#/rules`);
    const caps = page.locator('[data-rule=caps]');
    await caps.locator('select[name=priority-add]').selectOption('sequence:spring-care');
    await caps.locator('button:has-text("Add to the list")').click();
    const added = caps.locator('[data-priority="sequence:spring-care"]');
    await expect.poll(() => added.textContent()).toContain('Spring care (sequence)');
    await added.locator('button[aria-label]').first().click();
    const last = before.at(-1) as string;
    await caps.locator(`[data-priority="${last}"] button:has-text("Remove")`).click();
    await caps.screenshot({ path: `${SCREENSHOTS}/caps-priority-en.png` });
    await caps.locator('button[type=submit]').click();
    await expect.poll(priority).toEqual([...before.slice(0, -1), 'sequence:spring-care']);
    // What was removed can be added back: it is offered again, below every listed entry.
    await page.goto(`${served.url}/console#/rules`);
    const offered = await caps
      .locator('select[name=priority-add] option')
      .evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    expect(offered).toContain(last);
  });
});
