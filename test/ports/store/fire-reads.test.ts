import { describe, expect, it } from 'vitest';
import { customerInputSchema } from '../../../functions/core/customers/customer';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-06T02:00:00Z');

describe.each(STORE_SERVERS)("a fire's opening read on %s", (serverName, startServer) => {
  const fixture = storeOnServer(startServer, 'fire-reads', serverName, () => T0);

  it('answers the shared items asked for, at zero before anything moved them, and no customer when there is none', async () => {
    expect(await fixture.store.fireReads.read('c-none', { live: true, histogram: true })).toEqual({
      live: { content: 0, hooks: 0 },
      histogram: {},
    });
    expect(await fixture.store.fireReads.read('c-none', { live: false, histogram: true })).toEqual({
      histogram: {},
    });
  });

  it('reads the profile with the versions every content save and endpoint change moved, and the histogram', async () => {
    const { store } = fixture;
    const input = { name: 'Li Lei', email: 'li@example.com', locale: 'en', timezone: 'Asia/Shanghai' };
    await store.customers.upsert({ ...customerInputSchema.parse(input), customerId: 'c-1' }, T0);
    await store.stats.moveValue(undefined, 1200);
    const rule = { kind: 'rule', rule: 'caps' } as const;
    expect(await store.content.save(rule, { version: 2, at: T0.toISOString(), content: {} })).toBe('saved');
    // A stale save (the number taken) moves nothing new but still mends the live version.
    expect(await store.content.save(rule, { version: 2, at: T0.toISOString(), content: {} })).toBe(
      'conflict',
    );
    const endpoint = {
      id: 'ep_1',
      url: 'https://crm.example.com/hooks',
      events: ['message.sent' as const],
      secret: `whsec_${Buffer.alloc(24, 3).toString('base64')}`,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    };
    expect(await store.webhooks.createEndpoint(endpoint)).toBe(true);
    expect(await store.webhooks.saveEndpoint({ ...endpoint, events: ['reply.received'] })).toBe(true);
    expect(await store.webhooks.deleteEndpoint('ep_1')).toBe(true);
    // Deleting what is not there changes nothing, and moves nothing.
    expect(await store.webhooks.deleteEndpoint('ep_1')).toBe(false);

    const opening = await store.fireReads.read('c-1', { live: true, histogram: true });
    expect(opening.record).toEqual(await store.customers.get('c-1'));
    expect(opening.live).toEqual({ content: 2, hooks: 3 });
    expect(opening.histogram).toEqual(await store.stats.valueHistogram());
    expect(Object.values(opening.histogram ?? {})).toEqual([{ count: 1, sum: 1200 }]);
  });

  it('reads a batch of profiles with the versions in one request, leaving out the customers there are none of', async () => {
    const { store } = fixture;
    const input = { name: 'Han Meimei', email: 'han@example.com', locale: 'en', timezone: 'Asia/Shanghai' };
    await store.customers.upsert({ ...customerInputSchema.parse(input), customerId: 'c-2' }, T0);
    const opening = await store.fireReads.readMany(['c-1', 'c-none', 'c-2'], {
      live: true,
      histogram: false,
    });
    expect(opening.records.map((r) => r.customer.customerId).sort()).toEqual(['c-1', 'c-2']);
    expect(opening.records.find((r) => r.customer.customerId === 'c-2')).toEqual(
      await store.customers.get('c-2'),
    );
    expect(opening).toMatchObject({ live: { content: 2, hooks: 3 } });
    expect(opening.histogram).toBeUndefined();
  });
});
