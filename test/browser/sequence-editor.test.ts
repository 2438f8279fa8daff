import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  SCREENSHOTS,
  type ServedEngine,
  serveLocalEngine,
  signInAsAdmin,
} from '../support/browser';

interface SequenceView {
  version: number;
  sequence: {
    enabled: boolean;
    trigger: Record<string, unknown>;
    steps: ({ id: string; type: string } & Record<string, unknown>)[];
    exits: { dealStages: string[]; tags: string[] };
  };
}

/** A marketer builds a sequence from nothing in the console, with fields only, and it runs. */
describe('the sequence editor in a browser', () => {
  let served: ServedEngine;
  let browser: Browser;
  const view = async (id: string) =>
    (await (await served.api('GET', `/v1/sequences/${id}`)).json()) as SequenceView;

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

  it('creates a sequence, changes its trigger, adds, moves and removes steps, sets an exit, and starts it', async () => {
    const { page } = browser;
    await page.goto(`${served.url}/console#/sequences`);
    await page.locator('input[name=new-name]').fill('Spring care');
    await page.locator('button:has-text("New sequence")').click();
    const card = page.locator('[data-sequence=spring-care]');
    await expect.poll(() => card.count()).toBe(1);
    expect((await view('spring-care')).sequence.enabled).toBe(false);

    await card.locator('select[name="trigger.kind"]').selectOption('tag-added');
    await card.locator('input[name="trigger.tag"]').fill('spring');
    const newStep = card.locator('select[name=new-step]');
    await newStep.selectOption('wait');
    await card.locator('button:has-text("Add step")').click();
    await newStep.selectOption('send');
    await card.locator('button:has-text("Add step")').click();
    await card.locator('[data-step=wait-1] input[name="steps.1.days"]').fill('2');
    await card.locator('[data-step=wait-1] input[name="steps.1.until"]').fill('10:00');
    // The second letter goes before the wait, then the wait (now last, and pointless) goes.
    await card.locator('[data-step=send-1] button[aria-label="Move this step up"]').click();
    await card
      .locator('[data-step=send-1] select[name="steps.1.template"]')
      .selectOption('sequence-welcome-tips');
    await card.locator('[data-step=wait-1] button:has-text("Remove step")').click();
    await card.locator('summary').click();
    await card.locator('input[name="exits.dealStages.completed"]').check();
    await card.locator('input[name=enabled]').check();
    await page.setViewportSize({ width: 375, height: 900 });
    await card.screenshot({ path: `${SCREENSHOTS}/sequence-editor-375.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
    await card.locator('button:has-text("Save")').click();

    await expect.poll(async () => (await view('spring-care')).version).toBe(2);
    const { sequence } = await view('spring-care');
    expect(sequence.enabled).toBe(true);
    expect(sequence.trigger).toEqual({ kind: 'tag-added', tag: 'spring' });
    expect(sequence.steps.map((s) => [s.id, s.type])).toEqual([
      ['first-letter', 'send'],
      ['send-1', 'send'],
    ]);
    expect(sequence.steps[1]?.template).toBe('sequence-welcome-tips');
    expect(sequence.exits.dealStages).toEqual(['completed']);

    // What the form saved runs: a customer tagged spring gets both letters, one after the other.
    const filed = await served.api('PUT', '/v1/customers/c-spring', {
      name: 'Ana Souza',
      email: 'ana@example.com',
      locale: 'en',
      timezone: 'America/Sao_Paulo',
      country: 'BR',
      tags: ['spring'],
      owner: { name: 'Li Lei', email: 'li.lei@shop.example' },
    });
    expect(filed.status).toBe(201);
    expect((await served.api('POST', '/_local/clock', { advance: 'P1D' })).status).toBe(200);
    const outbox = (await (await served.api('GET', '/_local/outbox?customerId=c-spring')).json()) as {
      messages: { rule?: string }[];
    };
    expect(outbox.messages.map((m) => m.rule)).toEqual(['sequence:spring-care', 'sequence:spring-care']);
  });

  it('keeps a step with a missing field from being saved, and says why in both languages', async () => {
    const { page } = browser;
    // The day the clock moved above outlived the console session.
    await signInAsAdmin(page, served);
    await page.goto(`${served.url}/console#/sequences`);
    const card = page.locator('[data-sequence=spring-care]');
    await card.locator('select[name=new-step]').selectOption('tag');
    await card.locator('button:has-text("Add step")').click();
    await expect
      .poll(() => card.locator('[data-step=tag-1] .field-error').allTextContents())
      .toContain('This field cannot be empty');
    await card.locator('button:has-text("Save")').click();
    await expect
      .poll(() => card.locator('[role=alert]').allTextContents())
      .toContain('Correct the marked fields, then save again.');
    expect((await view('spring-care')).version).toBe(2);
    await page.selectOption('select.lang', 'zh-CN');
    await card.locator('select[name=new-step]').selectOption('tag');
    await card.locator('button:has-text("添加步骤")').click();
    await expect
      .poll(() => card.locator('[data-step=tag-1] .field-error').allTextContents())
      .toContain('此项不能为空');
    await card.locator('button:has-text("保存")').click();
    await expect
      .poll(() => card.locator('[role=alert]').allTextContents())
      .toContain('请改正标出的字段,然后再保存。');
    await card.screenshot({ path: `${SCREENSHOTS}/sequence-editor-zh.png` });
    await page.selectOption('select.lang', 'en');
  });
});
