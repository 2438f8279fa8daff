import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/local-engine';

interface DealsView {
  tier: string;
  lifetimeValue: number;
  deals: { deal: { dealId: string; stage: string; amount?: number }; stages: Record<string, string> }[];
}

const deal = {
  dealId: 'd-100',
  customerId: 'c-deal',
  stage: 'ordered',
  items: [
    {
      name: 'Solid wood wardrobe',
      variant: 'walnut',
      size: '2.4 m',
      color: 'walnut',
      quantity: 1,
      unitPrice: 12800,
    },
  ],
  amount: 12800,
  currency: 'cny',
  expectedAt: '2027-03-01',
  occurredAt: '2027-02-06T01:00:00Z',
};

describe('the signed deal webhook', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
    await engine.call('PUT', '/v1/customers/c-deal', { name: 'Liu Yang', email: 'liu@example.com' });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  const deals = async () => (await engine.json<DealsView>('GET', '/v1/customers/c-deal')).body;

  it('records a signed deal, and a redelivery of the same webhook id has no second effect', async () => {
    const first = await engine.webhook(deal, { id: 'msg_first' });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'recorded', dealId: 'd-100', stage: 'ordered' });
    const again = await engine.webhook(deal, { id: 'msg_first' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });

    const file = await deals();
    expect(file.deals).toHaveLength(1);
    expect(file.deals[0]!.deal).toMatchObject({ dealId: 'd-100', stage: 'ordered', currency: 'CNY' });
    expect(file).toMatchObject({ tier: 'A', lifetimeValue: 12800 });
  });

  it('treats the same deal at the same stage under a new webhook id as a duplicate, and a new stage as news', async () => {
    const sameStage = await engine.webhook(deal, { id: 'msg_other' });
    expect(await sameStage.json()).toMatchObject({ status: 'duplicate' });
    const shipped = await engine.webhook(
      {
        type: 'deal.updated',
        timestamp: '2027-02-06T02:00:00Z',
        data: { ...deal, stage: 'shipped', occurredAt: '2027-02-06T01:30:00Z' },
      },
      { id: 'msg_shipped' },
    );
    expect(await shipped.json()).toEqual({ status: 'recorded', dealId: 'd-100', stage: 'shipped' });
    const file = await deals();
    expect(file.deals[0]).toMatchObject({
      deal: { stage: 'shipped' },
      stages: { ordered: '2027-02-06T01:00:00Z', shipped: '2027-02-06T01:30:00Z' },
    });
  });

  it.each([
    ['no signature headers', { headers: {} }],
    ['a wrong secret', { secret: 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.parse('2027-02-06T01:54:00Z') / 1000) }],
    ['a future timestamp', { timestamp: Math.floor(Date.parse('2027-02-06T02:06:00Z') / 1000) }],
  ])('rejects %s with 401 and writes nothing', async (_what, options) => {
    const body = { ...deal, dealId: 'd-rejected' };
    const response =
      'headers' in options
        ? await engine.call('POST', '/v1/webhooks/deals', body, { authorization: '' })
        : await engine.webhook(body, options);
    expect(response.status).toBe(401);
    expect((await deals()).deals.map((d) => d.deal.dealId)).toEqual(['d-100']);
  });

  it('rejects a tampered body with 401', async () => {
    const response = await engine.webhook({ ...deal, dealId: 'd-tamper' }, { id: 'msg_tamper' });
    expect(response.status).toBe(202);
    const text = JSON.stringify({ ...deal, dealId: 'd-tampered', amount: 1 });
    const original = await engine.call('POST', '/v1/webhooks/deals', text, {
      'webhook-id': 'msg_tamper2',
      'webhook-timestamp': String(Math.floor(engine.clock.now().getTime() / 1000)),
      'webhook-signature': 'v1,bm90IGEgcmVhbCBzaWduYXR1cmUgYXQgYWxsIG5vIG5vIG5vIQ==',
    });
    expect(original.status).toBe(401);
    expect((await deals()).deals.map((d) => d.deal.dealId)).not.toContain('d-tampered');
  });

  it('rejects a signed but invalid deal with 400 naming the field, and the retry after fixing it lands', async () => {
    const bad = await engine.webhook({ ...deal, dealId: 'd-bad', stage: 'teleported' }, { id: 'msg_bad' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/stage/);
    const unknown = await engine.webhook({ ...deal, dealId: 'd-bad', colour: 'red' }, { id: 'msg_bad2' });
    expect(((await unknown.json()) as { error: string }).error).toMatch(/unknown field colour/);
    expect((await deals()).deals.map((d) => d.deal.dealId)).not.toContain('d-bad');
  });

  it('refuses an amount out of the store’s range with 400 naming the field, and records nothing', async () => {
    for (const [amount, message] of [
      [1e300, /amount: must be at most 1,000,000,000,000,000/],
      [1e-200, /amount: must be 0 or at least 0.000001/],
    ] as const) {
      const response = await engine.webhook({ ...deal, dealId: 'd-huge', amount }, { id: `msg_${amount}` });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    const price = await engine.webhook(
      { ...deal, dealId: 'd-huge', items: [{ name: 'x', unitPrice: 1e200 }] },
      { id: 'msg_price' },
    );
    expect(((await price.json()) as { error: string }).error).toMatch(/items\.0\.unitPrice/);
    expect((await deals()).deals.map((d) => d.deal.dealId)).not.toContain('d-huge');
  });

  it('a deal that arrives before its customer counts once the customer is filed', async () => {
    const early = { ...deal, dealId: 'd-early', customerId: 'c-later', occurredAt: '2027-02-06T01:00:00Z' };
    expect((await engine.webhook(early, { id: 'msg_early' })).status).toBe(202);
    expect(
      (await engine.call('PUT', '/v1/customers/c-later', { name: 'Zhou Min', email: 'zhou@example.com' }))
        .status,
    ).toBe(201);
    const file = (await engine.json<DealsView>('GET', '/v1/customers/c-later')).body;
    expect(file.lifetimeValue).toBe(12800);
    expect(file.deals.map((d) => d.deal.dealId)).toEqual(['d-early']);
    // Within the notice window, the order notice still goes out, once (in the customer's daytime).
    await engine.advance('PT8H');
    expect((await engine.sent('c-later')).filter((m) => m.rule === 'order-progress')).toHaveLength(1);
    expect(
      (await engine.call('PUT', '/v1/customers/c-later', { name: 'Zhou Min', email: 'zhou@example.com' }))
        .status,
    ).toBe(200);
    expect((await engine.json<DealsView>('GET', '/v1/customers/c-later')).body.lifetimeValue).toBe(12800);
  });
});
