import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Place } from '../../../functions/core/campaigns/segment';
import { type Customer, customerInputSchema } from '../../../functions/core/customers/customer';
import { NotFoundError } from '../../../functions/core/errors';
import { emptyState } from '../../../functions/core/planning/state';
import type { DirectoryCursor, DirectoryPage } from '../../../functions/ports/store/index';
import { storedCampaignSpec } from '../../support/campaign-book';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-03-16T00:00:00Z');

function customer(customerId: string, overrides: Record<string, unknown> = {}): Customer {
  const parsed = customerInputSchema.parse({
    name: `Customer ${customerId}`,
    email: `${customerId}@example.com`,
    timezone: 'Asia/Shanghai',
    country: 'CN',
    city: 'Hangzhou',
    ...overrides,
  });
  return { ...parsed, customerId };
}

const spec = storedCampaignSpec;

describe.each(STORE_SERVERS)('campaign storage on %s', (serverName, startServer) => {
  const fixture = storeOnServer(startServer, 'campaigns', serverName, () => T0, 60_000);

  /** Every entry the directory gives for `places`, read `limit` at a time. */
  async function readAll(places: Place[] | undefined, limit = 7) {
    const entries: DirectoryPage['entries'] = [];
    const shardsDone: number[] = [];
    let cursor: DirectoryCursor | undefined;
    do {
      const page = await fixture.store.directory.page(places, cursor, limit);
      entries.push(...page.entries);
      shardsDone.push(page.shardsDone);
      cursor = page.next;
    } while (cursor);
    return { ids: entries.map((e) => e.customerId), entries, shardsDone };
  }

  // Forty customers in four places, filed once the fixture's table exists.
  beforeAll(async () => {
    const places = [
      ['CN', 'Hangzhou'],
      ['CN', 'Ningbo'],
      ['US', 'New York'],
      ['GB', 'London'],
    ];
    for (let i = 0; i < 40; i++) {
      const [country, city] = places[i % places.length]!;
      const c = customer(`d-${String(i).padStart(2, '0')}`, { country, city });
      await fixture.store.customers.upsert(c, T0);
      // Half of them have had their state saved since; the others are read whole.
      if (i % 2 === 0)
        await fixture.store.customers.saveState(c.customerId, { ...emptyState, version: 1 }, undefined, c);
    }
  }, 60_000);

  describe('the customer directory', () => {
    it('lists every customer exactly once, shard by shard, with the facts segments read', async () => {
      const { ids, shardsDone } = await readAll(undefined);
      expect(ids.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `d-${String(i).padStart(2, '0')}`));
      expect(shardsDone.at(-1)).toBe(16);
      expect([...shardsDone].sort((a, b) => a - b)).toEqual(shardsDone);
      const { entries } = await readAll([{ country: 'CN', city: 'hangzhou' }]);
      expect(entries.find((e) => e.customerId === 'd-00')?.facts).toMatchObject({
        country: 'CN',
        city: 'hangzhou',
        timezone: 'Asia/Shanghai',
        channels: ['email'],
        lifetime: 0,
      });
    });

    it('reads only a country, or a country and city, when the segment names them', async () => {
      const cn = await readAll([{ country: 'CN' }]);
      expect(cn.ids).toHaveLength(20);
      const hangzhou = await readAll([{ country: 'CN', city: 'hangzhou' }]);
      expect(hangzhou.ids.sort()).toEqual(
        Array.from({ length: 10 }, (_, k) => `d-${String(k * 4).padStart(2, '0')}`),
      );
      const both = await readAll([{ country: 'US' }, { country: 'GB', city: 'london' }]);
      expect(both.ids).toHaveLength(20);
    });

    it('follows a customer who moves, and keeps the state’s facts current', async () => {
      const moved = customer('d-01', { country: 'CN', city: 'Suzhou' });
      await fixture.store.customers.upsert(moved, T0);
      expect((await readAll([{ country: 'CN', city: 'suzhou' }])).ids).toEqual(['d-01']);
      expect((await readAll([{ country: 'CN', city: 'ningbo' }])).ids).not.toContain('d-01');
      await fixture.store.customers.saveState(
        'd-01',
        {
          ...emptyState,
          version: 1,
          value: { lifetime: 4200, deals: 1, lastPurchaseOn: '2027-03-01', items: ['Oak Desk'], log: {} },
        },
        undefined,
        moved,
      );
      const { entries } = await readAll([{ country: 'CN', city: 'suzhou' }]);
      expect(entries[0]?.facts).toMatchObject({
        lifetime: 4200,
        lastPurchaseOn: '2027-03-01',
        items: ['oak desk'],
      });
    });

    it('takes in a customer filed before it existed on their next save', async () => {
      const old = customer('d-legacy', { city: 'Wenzhou' });
      await fixture.db.send(
        new PutCommand({
          TableName: fixture.tableName,
          Item: {
            pk: 'C#d-legacy',
            sk: '#PROFILE',
            customer: old,
            state: emptyState,
            createdAt: T0.toISOString(),
          },
        }),
      );
      expect((await readAll([{ country: 'CN', city: 'wenzhou' }])).ids).toEqual([]);
      await fixture.store.customers.saveState('d-legacy', { ...emptyState, version: 1 }, undefined, old);
      expect((await readAll([{ country: 'CN', city: 'wenzhou' }])).ids).toEqual(['d-legacy']);
    });
  });

  describe('segments', () => {
    it('saves a named segment once and lists them', async () => {
      const segment = {
        id: 'seg-hz',
        name: 'Hangzhou',
        filter: { city: ['Hangzhou'] },
        createdAt: T0.toISOString(),
      };
      expect(await fixture.store.segments.create(segment)).toBe(true);
      expect(await fixture.store.segments.create({ ...segment, name: 'again' })).toBe(false);
      expect(await fixture.store.segments.get('seg-hz')).toEqual(segment);
      expect(await fixture.store.segments.get('seg-none')).toBeUndefined();
      expect(await fixture.store.segments.list()).toEqual([segment]);
    });
  });

  describe('campaigns', () => {
    it('creates a campaign once, and lists campaigns newest first, a page at a time', async () => {
      expect(await fixture.store.campaigns.create(spec('cmp-a', '2027-03-16T00:00:00.000Z'))).toBe(true);
      expect(await fixture.store.campaigns.create(spec('cmp-a', '2027-03-16T00:00:00.000Z'))).toBe(false);
      await fixture.store.campaigns.create(spec('cmp-b', '2027-03-16T01:00:00.000Z'));
      await fixture.store.campaigns.create(spec('cmp-c', '2027-03-16T02:00:00.000Z'));
      expect(await fixture.store.campaigns.get('cmp-a')).toEqual({
        spec: spec('cmp-a', '2027-03-16T00:00:00.000Z'),
        pages: 0,
        counts: { targeted: 0, queued: 0, skipped: 0 },
        sendLists: { minutes: [] },
      });
      const first = await fixture.store.campaigns.list(2);
      expect(first.campaigns.map((c) => c.spec.id)).toEqual(['cmp-c', 'cmp-b']);
      const second = await fixture.store.campaigns.list(2, first.next);
      expect(second.campaigns.map((c) => c.spec.id)).toEqual(['cmp-a']);
    });

    it('saves each fan-out page once: the cursor moves from where the run found it, or not at all', async () => {
      const counts = { targeted: 200, queued: 198, skipped: 2 };
      expect(await fixture.store.campaigns.savePage('cmp-a', undefined, 'cursor-1', counts, T0)).toBe(true);
      // The same page saved again (a duplicate run) and a run from a stale cursor change nothing.
      expect(await fixture.store.campaigns.savePage('cmp-a', undefined, 'cursor-1', counts, T0)).toBe(false);
      expect(await fixture.store.campaigns.savePage('cmp-a', 'cursor-0', 'cursor-2', counts, T0)).toBe(false);
      expect(
        await fixture.store.campaigns.savePage(
          'cmp-a',
          'cursor-1',
          undefined,
          { targeted: 5, queued: 5, skipped: 0 },
          T0,
        ),
      ).toBe(true);
      expect(await fixture.store.campaigns.savePage('cmp-a', 'cursor-1', undefined, counts, T0)).toBe(false);
      expect(await fixture.store.campaigns.get('cmp-a')).toMatchObject({
        pages: 2,
        fannedOutAt: T0.toISOString(),
        counts: { targeted: 205, queued: 203, skipped: 2 },
      });
      expect((await fixture.store.campaigns.get('cmp-a'))?.cursor).toBeUndefined();
      expect(await fixture.store.campaigns.savePage('cmp-missing', undefined, undefined, counts, T0)).toBe(
        false,
      );
    });

    it('sums the send counters over their shards, with the redemptions', async () => {
      await fixture.store.campaigns.count('cmp-a', 0, { sent: 2, suppressed: 1 });
      await fixture.store.campaigns.count('cmp-a', 5, { sent: 3, capped: 1, replied: 1 });
      await fixture.store.campaigns.count('cmp-a', 5, {});
      const redemption = { customerId: 'd-01', code: 'SPRING-1', dealId: 'D-1', at: T0.toISOString() };
      expect(
        await fixture.store.campaigns.recordRedemption('cmp-a', { ...redemption, status: 'redeemed' }),
      ).toBe(true);
      // One per recipient, whatever deal presents it again.
      expect(
        await fixture.store.campaigns.recordRedemption('cmp-a', {
          ...redemption,
          dealId: 'D-2',
          status: 'redeemed',
        }),
      ).toBe(false);
      expect(
        await fixture.store.campaigns.recordRedemption('cmp-a', {
          ...redemption,
          customerId: 'd-02',
          status: 'expired',
        }),
      ).toBe(true);
      expect(
        await fixture.store.campaigns.recordRedemption('cmp-a', {
          ...redemption,
          customerId: 'd-02',
          status: 'expired',
        }),
      ).toBe(false);
      expect(await fixture.store.campaigns.counts('cmp-a')).toEqual({
        targeted: 205,
        queued: 203,
        skipped: 2,
        sent: 5,
        suppressed: 1,
        capped: 1,
        failed: 0,
        cancelled: 0,
        replied: 1,
        redeemed: 1,
        expiredCodes: 1,
        // The delivery-event figures start at zero: nothing was delivered here.
        delivered: 0,
        opened: 0,
        clicked: 0,
        unsubscribed: 0,
      });
    });

    it('cancels once, keeping the first time', async () => {
      const later = new Date(T0.getTime() + 60_000);
      expect((await fixture.store.campaigns.cancel('cmp-b', T0)).cancelledAt).toBe(T0.toISOString());
      expect((await fixture.store.campaigns.cancel('cmp-b', later)).cancelledAt).toBe(T0.toISOString());
      await expect(fixture.store.campaigns.cancel('cmp-none', T0)).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});
