import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../functions/core/customers/customer';
import { emptyState } from '../../../functions/core/planning/state';
import type { PendingAlarm } from '../../../functions/ports/store/index';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-06T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function customer(customerId: string): Customer {
  return {
    customerId,
    name: 'Wang Fang',
    email: `${customerId}@example.com`,
    locale: 'en',
    timezone: 'Asia/Shanghai',
    consent: { email: true, sms: true },
  };
}

async function all(pages: AsyncIterable<PendingAlarm[]>): Promise<{ pages: number; alarms: PendingAlarm[] }> {
  const alarms: PendingAlarm[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    alarms.push(...page);
  }
  return { pages: count, alarms };
}

describe.each(STORE_SERVERS)('the alarm index (gsi3) on %s', (serverName, startServer) => {
  const fixture = storeOnServer(startServer, 'alarms', serverName, () => T0);

  const profile = async (customerId: string) =>
    (
      await fixture.db.send(
        new GetCommand({ TableName: fixture.tableName, Key: { pk: `C#${customerId}`, sk: '#PROFILE' } }),
      )
    ).Item;

  it('is written by the same saveState that sets nextAt, moved with it, and removed when nothing is pending', async () => {
    await fixture.store.customers.upsert(customer('c-moves'), T0);
    await fixture.store.customers.saveState('c-moves', { ...emptyState, version: 1 }, at(30));
    expect(await profile('c-moves')).toMatchObject({
      nextAt: '2027-02-06T09:30:00.000Z',
      gsi3pk: 'ALARM#2027-02-06T09',
      gsi3sk: '2027-02-06T09:30:00.000Z#c-moves',
    });

    await fixture.store.customers.saveState('c-moves', { ...emptyState, version: 2 }, at(24 * 60 + 5));
    expect(await profile('c-moves')).toMatchObject({
      gsi3pk: 'ALARM#2027-02-07T09',
      gsi3sk: '2027-02-07T09:05:00.000Z#c-moves',
    });

    await fixture.store.customers.saveState('c-moves', { ...emptyState, version: 3 }, undefined);
    const item = await profile('c-moves');
    expect(item).not.toHaveProperty('nextAt');
    expect(item).not.toHaveProperty('gsi3pk');
    expect(item).not.toHaveProperty('gsi3sk');
    expect((await all(fixture.store.alarms.dueBefore('2027-02-07T09', at(48 * 60)))).alarms).toEqual([]);
  });

  it('a write that loses the version race leaves the index as it was', async () => {
    await fixture.store.customers.upsert(customer('c-race'), T0);
    await fixture.store.customers.saveState('c-race', { ...emptyState, version: 1 }, at(10));
    await expect(
      fixture.store.customers.saveState('c-race', { ...emptyState, version: 1 }, at(50)),
    ).rejects.toThrow(/moved past version 0/);
    expect(await profile('c-race')).toMatchObject({ gsi3sk: '2027-02-06T09:10:00.000Z#c-race' });
  });

  it('lists an hour’s alarms set before the cutoff, in time order, and none of other hours', async () => {
    for (const [id, minutes] of [
      ['c-a', 125],
      ['c-b', 121],
      ['c-c', 179],
      ['c-next-hour', 180],
      ['c-hour-before', 119],
    ] as const) {
      await fixture.store.customers.upsert(customer(id), T0);
      await fixture.store.customers.saveState(id, { ...emptyState, version: 1 }, at(minutes));
    }
    // The 11:00 hour, swept at a cutoff of 11:30: 11:01 and 11:05 are overdue, 11:59 is not yet.
    const { alarms } = await all(fixture.store.alarms.dueBefore('2027-02-06T11', at(150)));
    expect(alarms).toEqual([
      { customerId: 'c-b', nextAt: '2027-02-06T11:01:00.000Z' },
      { customerId: 'c-a', nextAt: '2027-02-06T11:05:00.000Z' },
    ]);
    // An alarm exactly at the cutoff is not overdue.
    const exactly = await all(fixture.store.alarms.dueBefore('2027-02-06T11', at(121)));
    expect(exactly.alarms).toEqual([]);
  });

  it('pages through an hour a page at a time', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `c-page-${i}`);
    for (const [i, id] of ids.entries()) {
      await fixture.store.customers.upsert(customer(id), T0);
      await fixture.store.customers.saveState(id, { ...emptyState, version: 1 }, at(5 * 60 + i));
    }
    const { pages, alarms } = await all(
      fixture.store.alarms.dueBefore('2027-02-06T14', at(6 * 60), { pageSize: 3 }),
    );
    expect(alarms.map((a) => a.customerId)).toEqual(ids);
    // 3 + 3 + 1: the short last page tells the paginator it is done.
    expect(pages).toBe(3);
  });
});
