import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

type Batch = { results: Record<string, unknown>[] } & Record<string, unknown>;
type File = {
  lifetimeValue: number;
  nextAt: string | null;
  suppressed: Record<string, { reason: string }>;
  deals: unknown[];
};

/** `POST /v1/customers/batch` files the batch together: one read for all, one write per customer. */
describe('filing a batch of customers', () => {
  let engine: TestEngine;
  const batch = (body: unknown) => engine.json<Batch>('POST', '/v1/customers/batch', body);
  const file = async (id: string) => (await engine.json<File>('GET', `/v1/customers/${id}`)).body;
  beforeEach(async () => {
    engine = await startTestEngine();
  });
  afterEach(async () => {
    await engine.dispose();
  });

  it('counts the deals that arrived before the customer, and plans and arms each customer', async () => {
    const deal = {
      dealId: 'd-early',
      customerId: 'c-early',
      stage: 'completed',
      amount: 5200,
      currency: 'CNY',
      items: [{ name: '胡桃木餐桌', quantity: 1 }],
      occurredAt: '2027-02-05T03:00:00Z',
    };
    // Accepted for a customer not on file yet: kept until they are.
    expect((await engine.webhook(deal)).status).toBe(202);
    const answer = await batch({
      customers: [
        { ...WANG, customerId: 'c-early' },
        { customerId: 'c-plain', name: '李娜', email: 'li.na@example.com', timezone: 'Asia/Shanghai' },
      ],
    });
    expect(answer.body.results).toEqual([
      { customerId: 'c-early', status: 'created' },
      { customerId: 'c-plain', status: 'created' },
    ]);
    const early = await file('c-early');
    expect(early.lifetimeValue).toBe(5200);
    expect(early.deals).toHaveLength(1);
    for (const id of ['c-early', 'c-plain']) {
      const { nextAt } = await file(id);
      expect(nextAt).not.toBeNull();
      const { body } = await engine.json<{ alarms: { customerId: string; at: string }[] }>(
        'GET',
        `/_local/alarms?customerId=${id}`,
      );
      expect(body.alarms.map((alarm) => alarm.at)).toEqual([nextAt]);
    }
    // Filed again unchanged: an update, the deal counted once.
    const again = await batch({ customers: [{ ...WANG, customerId: 'c-early' }] });
    expect(again.body.results).toEqual([{ customerId: 'c-early', status: 'updated' }]);
    expect((await file('c-early')).lifetimeValue).toBe(5200);
  });

  it('flags an address the suppression list holds, read once for the whole batch', async () => {
    await engine.deps.store.suppressions.add('gone@example.com', {
      reason: 'hard-bounce',
      at: new Date('2027-01-01T00:00:00Z'),
      source: 'ses',
    });
    await batch({
      customers: [
        { customerId: 'c-gone', name: 'Gone', email: 'Gone@Example.com' },
        { customerId: 'c-fine', name: 'Fine', email: 'fine@example.com' },
      ],
    });
    expect((await file('c-gone')).suppressed.email?.reason).toBe('hard-bounce');
    expect((await file('c-fine')).suppressed).toEqual({});
  });

  it('reports, with onConflict "report", a phone two items of the same batch give to two names', async () => {
    const answer = await batch({
      onConflict: 'report',
      customers: [
        { customerId: 'c-a', name: '张伟', phone: '+8613900139001' },
        { customerId: 'c-b', name: '王强', phone: '13900139001', country: 'CN' },
        { customerId: 'c-c', name: '张伟', phone: '+8613900139001' },
      ],
    });
    expect(answer.body.results).toEqual([
      { customerId: 'c-a', status: 'created' },
      {
        customerId: 'c-b',
        status: 'conflict',
        field: 'phone',
        existing: { customerId: 'c-a', name: '张伟' },
      },
      { customerId: 'c-c', status: 'created' },
    ]);
  });

  it('files a customer someone else wrote between the read and the write through the reading path', async () => {
    await engine.callOk('PUT', '/v1/customers/c-race', { ...WANG, city: '杭州' });
    const store = engine.deps.store.customers;
    const readForFiling = store.readForFiling.bind(store);
    // The batch reads, then a reply (a state save) lands before the batch writes.
    store.readForFiling = async (ids) => {
      const read = await readForFiling(ids);
      const current = (await store.get('c-race'))!;
      await store.saveState('c-race', { ...current.state, version: current.state.version + 1 }, undefined);
      return read;
    };
    const answer = await batch({ customers: [{ ...WANG, customerId: 'c-race', city: '宁波' }] });
    store.readForFiling = readForFiling;
    expect(answer.body.results).toEqual([{ customerId: 'c-race', status: 'updated' }]);
    const after = (await store.get('c-race'))!;
    expect(after.customer.city).toBe('宁波');
    expect(after.nextAt).toBeDefined();
  });
});
