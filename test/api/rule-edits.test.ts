import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContentCache } from '../../functions/engine/content/content-cache';
import { listRules } from '../../functions/engine/content/rule-edits';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const wang = {
  ...WANG,
};

interface RuleView {
  id: string;
  kind: string;
  version: number;
  updatedAt?: string;
  rule: Record<string, unknown>;
}

const monthly = {
  kind: 'monthly-letter',
  template: 'monthly-letter',
  channels: 'email-then-sms',
  sendAt: '10:00',
  spreadMinutes: 240,
  maxDelayDays: 10,
  daysOfMonth: { A: [1, 15], B: [1], C: [1] },
};

describe('editing rules over the API', () => {
  let engine: TestEngine;

  const rules = async () => (await engine.json<{ rules: RuleView[] }>('GET', '/v1/rules')).body.rules;
  const rule = async (id: string) => (await rules()).find((r) => r.id === id);
  const letterDays = async () =>
    (
      await engine.json<{ messages: { rule: string; local: string }[] }>(
        'GET',
        '/v1/customers/c-wang/forecast?days=120',
      )
    ).body.messages
      .filter((m) => m.rule === 'monthly-letter')
      .map((m) => m.local.slice(8, 10));

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-02T02:00:00Z' });
    expect((await engine.call('PUT', '/v1/customers/c-wang', wang)).status).toBe(201);
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('lists every rule as written, the chase and the caps included, at version 1', async () => {
    const list = await rules();
    expect(list.map((r) => r.id)).toEqual([
      'birthday',
      'business-occasions',
      'caps',
      'chase',
      'customer-dates',
      'festival-greetings',
      'monthly-letter',
      'order-progress',
      'purchase-anniversary',
      're-engagement',
      'referral-ask',
      'referral-thanks',
      'satisfaction-survey',
      'wedding-anniversary',
      'yearly-check-in',
    ]);
    expect(list.find((r) => r.id === 'monthly-letter')).toEqual({
      id: 'monthly-letter',
      kind: 'monthly-letter',
      version: 1,
      rule: monthly,
    });
    expect(list.find((r) => r.id === 'caps')).toMatchObject({ kind: 'caps', version: 1 });
    expect(list.find((r) => r.id === 'chase')).toMatchObject({ kind: 'chase', version: 1 });
  });

  it('refuses a bad per-tier value with a 422 naming daysOfMonth.A, and writes nothing', async () => {
    const bad = await engine.json<{ error: string; issues: { path: string; message: string }[] }>(
      'PUT',
      '/v1/rules/monthly-letter',
      { rule: { ...monthly, daysOfMonth: { A: [1, 31], B: [1], C: [1] } }, baseVersion: 1 },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain('monthly-letter: daysOfMonth.A.1');
    expect(bad.body.issues).toEqual([
      { path: 'daysOfMonth.A.1', message: expect.stringContaining('monthly-letter:') },
    ]);
    const empty = await engine.json<{ issues: { path: string }[] }>('PUT', '/v1/rules/monthly-letter', {
      rule: { ...monthly, daysOfMonth: { A: [], B: [1], C: [1] } },
      baseVersion: 1,
    });
    expect(empty.status).toBe(422);
    expect(empty.body.issues.map((i) => i.path)).toEqual(['daysOfMonth.A']);
    expect(await rule('monthly-letter')).toMatchObject({ version: 1, rule: monthly });
    expect(await engine.deps.store.content.history({ kind: 'rule', rule: 'monthly-letter' })).toEqual([]);
  });

  it('refuses a rule naming a template that does not exist, and a caps priority naming no rule', async () => {
    const missing = await engine.json<{ issues: { path: string; message: string }[] }>(
      'PUT',
      '/v1/rules/monthly-letter',
      { rule: { ...monthly, template: 'monthly-lettre' }, baseVersion: 1 },
    );
    expect(missing.status).toBe(422);
    expect(missing.body.issues).toEqual([
      { path: 'template', message: 'monthly-letter: no template named monthly-lettre' },
    ]);
    const caps = (await rule('caps'))!.rule as { priority: string[] };
    const priority = await engine.json<{ issues: { path: string }[] }>('PUT', '/v1/rules/caps', {
      rule: { ...caps, priority: [...caps.priority, 'no-such-rule'] },
      baseVersion: 1,
    });
    expect(priority.status).toBe(422);
    expect(priority.body.issues.map((i) => i.path)).toEqual([`priority.${caps.priority.length}`]);
    expect((await engine.json('PUT', '/v1/rules/no-such-rule', { rule: {}, baseVersion: 1 })).status).toBe(
      404,
    );
    // Names every plain object answers to are not rules either.
    for (const id of ['constructor', 'tostring', 'hasownproperty']) {
      expect((await engine.json('PUT', `/v1/rules/${id}`, { rule: {}, baseVersion: 1 })).status).toBe(404);
    }
    const inherited = await engine.json('PUT', '/v1/rules/caps', {
      rule: { ...caps, priority: [...caps.priority, 'constructor'] },
      baseVersion: 1,
    });
    expect(inherited.status).toBe(422);
    expect((await engine.json('PUT', '/v1/rules/monthly-letter', { rule: monthly })).status).toBe(400);
  });

  it('saves a rule as version 2 and the forecast follows it at once', async () => {
    expect(await letterDays()).toEqual(['01', '01', '01']);
    const saved = await engine.json('PUT', '/v1/rules/monthly-letter', {
      rule: { ...monthly, daysOfMonth: { A: [1, 15], B: [1], C: [10] } },
      baseVersion: 1,
    });
    expect(saved).toEqual({ status: 200, body: { version: 2 } });
    expect(await letterDays()).toEqual(['10', '10', '10', '10']);
    expect(await rule('monthly-letter')).toMatchObject({
      version: 2,
      updatedAt: '2027-03-02T02:00:00.000Z',
      rule: { daysOfMonth: { C: [10] } },
    });
    const stale = await engine.json('PUT', '/v1/rules/monthly-letter', { rule: monthly, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(await rule('monthly-letter')).toMatchObject({ version: 2 });
  });

  it('reaches another container within a minute of its clock', async () => {
    const other = new ContentCache(
      engine.deps.content.files,
      engine.deps.store.content,
      engine.clock,
      () => {},
    );
    await other.refresh();
    const daysC = () =>
      other.rules.cadences.find((r) => r.id === 'monthly-letter' && r.kind === 'monthly-letter');
    expect(daysC()).toMatchObject({ daysOfMonth: { C: [10] } });
    expect(
      (
        await engine.json('PUT', '/v1/rules/monthly-letter', {
          rule: { ...monthly, daysOfMonth: { A: [1, 15], B: [1], C: [20] } },
          baseVersion: 2,
        })
      ).status,
    ).toBe(200);
    await other.refresh();
    expect(daysC()).toMatchObject({ daysOfMonth: { C: [10] } });
    await engine.advance('PT61S');
    await other.refresh();
    expect(daysC()).toMatchObject({ daysOfMonth: { C: [20] } });
  });

  it('keeps serving the last live set when a later read fails, and retries within seconds', async () => {
    const store = engine.deps.store.content;
    let failing = false;
    const flaky = Object.create(store) as typeof store;
    flaky.live = () => (failing ? Promise.reject(new Error('throttled')) : store.live());
    const logged: string[] = [];
    const other = new ContentCache(engine.deps.content.files, flaky, engine.clock, (event) => {
      logged.push(event);
    });
    const daysC = () =>
      other.rules.cadences.find((r) => r.id === 'monthly-letter' && r.kind === 'monthly-letter');
    failing = true;
    await expect(other.refresh()).rejects.toThrow('throttled');
    failing = false;
    await other.refresh();
    expect(daysC()).toMatchObject({ daysOfMonth: { C: [20] } });
    failing = true;
    await engine.advance('PT61S');
    await other.refresh();
    expect(daysC()).toMatchObject({ daysOfMonth: { C: [20] } });
    expect(logged).toContain('content.reload-failed');
    failing = false;
    await engine.advance('PT6S');
    const reads = vi.spyOn(store, 'live');
    await other.refresh();
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('flags a rule whose file changed after its live version was saved (a deploy of templates/)', async () => {
    const files = engine.deps.content.files;
    const deployed = {
      ...files,
      ruleSources: { ...files.ruleSources, 'monthly-letter': { ...monthly, sendAt: '11:00' } },
    };
    const book = new ContentCache(deployed, engine.deps.store.content, engine.clock, () => {});
    const after = { ...engine.deps, content: book };
    const flagged = (await listRules(after)).filter((r) => r.fileChanged).map((r) => r.id);
    expect(flagged).toEqual(['monthly-letter']);
    expect((await listRules(engine.deps)).filter((r) => r.fileChanged)).toEqual([]);
    const api = await engine.json<{ rules: { id: string; fileChanged?: boolean }[] }>('GET', '/v1/rules');
    expect(api.body.rules.find((r) => r.id === 'monthly-letter')).not.toHaveProperty('fileChanged');
  });

  it('falls back to the file for a stored rule that no longer holds, and keeps every other edit live', async () => {
    // As a release that changed a rule's schema, or a hand edit of the table, would leave it.
    const saved = await engine.deps.store.content.save(
      { kind: 'rule', rule: 'birthday' },
      {
        version: 2,
        at: engine.clock.now().toISOString(),
        content: { kind: 'birthday', template: 'no-such-template' },
      },
    );
    expect(saved).toBe('saved');
    const logged: string[] = [];
    const book = new ContentCache(
      engine.deps.content.files,
      engine.deps.store.content,
      engine.clock,
      (event) => {
        logged.push(event);
      },
    );
    await book.refresh();
    expect(logged).toContain('content.rules-invalid');
    const rule = (id: string) => book.rules.cadences.find((r) => r.id === id);
    expect(rule('birthday')).toMatchObject({ template: 'birthday' });
    expect(rule('monthly-letter')).toMatchObject({ daysOfMonth: { C: [20] } });
  });
});
