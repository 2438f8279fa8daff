import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireCustomer } from '../../../functions/engine/fire/fire';
import { requestsDuring, type SeenDynamoRequest } from '../../support/dynamo-requests';
import { startTestEngine, type TestEngine } from '../../support/local-engine';

const customer = {
  name: 'Wang Fang',
  email: 'wang.fang@example.com',
  locale: 'en',
  timezone: 'Asia/Shanghai',
  country: 'CN',
};

/** The reads of a request list, as `<command> <keys>`. */
const reads = (seen: SeenDynamoRequest[]) =>
  seen.filter((r) => /^(Get|BatchGet|Query)/.test(r.command)).map((r) => `${r.command} ${r.keys.join(' ')}`);

describe("a fire's opening read", () => {
  let engine: TestEngine;
  const fire = () => requestsDuring(engine.dynamo, () => fireCustomer(engine.deps, 'c-open'));

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-02T02:00:00Z' });
    expect((await engine.call('PUT', '/v1/customers/c-open', customer)).status).toBe(201);
    // As on a container that has been working: the copies read at a known live version
    // (the API's read before the first fire knew none, so the second fire's check reads again).
    await fire();
    await engine.advance('PT2M');
    await fire();
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('reads nothing shared while the copies are under a minute old', async () => {
    await engine.advance('PT30S');
    const [, seen] = await fire();
    expect(reads(seen)).toEqual(['GetItem C#c-open|#PROFILE']);
  });

  it('after a minute, checks the live versions with the customer in one request and keeps the unchanged lists', async () => {
    await engine.advance('PT2M');
    const [report, seen] = await fire();
    expect(report.customerId).toBe('c-open');
    expect(reads(seen)).toEqual(['BatchGetItem C#c-open|#PROFILE LIVE|VERSIONS']);
  });

  it('reads the live set again when another container saved a rule, and plans with it', async () => {
    const monthly = engine.deps.content.rules.cadences.find((r) => r.id === 'monthly-letter');
    expect(monthly).toMatchObject({ daysOfMonth: { C: [1] } });
    // The store's save, as another container's API makes it: this container's cache is not told.
    const source = engine.deps.content.files.ruleSources['monthly-letter'] as Record<string, unknown>;
    const saved = await engine.deps.store.content.save(
      { kind: 'rule', rule: 'monthly-letter' },
      {
        version: 2,
        at: engine.clock.now().toISOString(),
        content: { ...source, daysOfMonth: { A: [1, 15], B: [1], C: [20] } },
      },
    );
    expect(saved).toBe('saved');
    await engine.advance('PT2M');
    const [, seen] = await fire();
    expect(reads(seen)).toContain('Query CONTENT');
    expect(engine.deps.content.rules.cadences.find((r) => r.id === 'monthly-letter')).toMatchObject({
      daysOfMonth: { C: [20] },
    });
    await engine.advance('PT2M');
    const [, after] = await fire();
    expect(reads(after)).not.toContain('Query CONTENT');
  });

  it('reads the live set again after six hours even with the version unchanged', async () => {
    await engine.advance('PT6H');
    const [, seen] = await fire();
    expect(reads(seen)).toContain('Query CONTENT');
  });

  it("keeps the endpoint list while its version stands, and reads it once another container's endpoint moves it", async () => {
    const emitter = engine.deps.webhooks;
    const emit = () =>
      requestsDuring(engine.dynamo, () =>
        emitter.emit(
          'message.sent',
          { customerId: 'c-open', messageId: 'm-1', channel: 'email', template: 't', rule: 'r', at: 'now' },
          { subject: { customerId: 'c-open' }, key: ['m-1'] },
        ),
      );
    const confirmNow = async () => {
      const { live } = await engine.deps.store.fireReads.read('c-open', { live: true, histogram: false });
      emitter.confirm(live!.hooks);
      return live!;
    };
    await confirmNow();
    expect(reads((await emit())[1])).toEqual(['Query HOOKS']);
    await engine.advance('PT2M');
    await confirmNow();
    expect(reads((await emit())[1])).toEqual([]);

    const before = await confirmNow();
    const at = engine.clock.now().toISOString();
    await engine.deps.store.webhooks.createEndpoint({
      id: 'ep_other',
      url: 'https://crm.example.com/hooks',
      events: ['message.sent'],
      secret: `whsec_${Buffer.alloc(24, 3).toString('base64')}`,
      createdAt: at,
      updatedAt: at,
    });
    await engine.advance('PT2M');
    expect((await confirmNow()).hooks).toBe(before.hooks + 1);
    const [, seen] = await emit();
    // The list read again, and the event's job for the new endpoint handed to it.
    expect(reads(seen)).toEqual(['Query HOOKS', 'GetItem HOOKS|EP#ep_other']);
  });
});
