import { describe, expect, it } from 'vitest';
import {
  matchesSegment,
  normaliseTerm,
  placesOf,
  profileFactsOf,
  type SegmentFacts,
  type SegmentFilter,
  segmentFactsOf,
  segmentFilterSchema,
  stateFactsOf,
} from '../../../functions/core/campaigns/segment';
import { type Customer, customerInputSchema } from '../../../functions/core/customers/customer';
import { type EngineState, emptyState } from '../../../functions/core/planning/state';

const now = new Date('2027-03-16T02:00:00Z');
const cutoffs = { a: 10_000, b: 1_000 };
const DAY_MS = 86_400_000;

function customer(overrides: Record<string, unknown> = {}): Customer {
  const parsed = customerInputSchema.parse({
    name: '王芳',
    email: 'wang.fang@example.com',
    phone: '+8613800138000',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    country: 'CN',
    region: '浙江',
    city: ' Hangzhou ',
    birthday: '1987-06-18',
    tags: ['老客户', 'VIP'],
    owner: { name: 'Lin Wei', email: 'Lin.Wei@Shop.example' },
    ...overrides,
  });
  return { ...parsed, customerId: 'c-1' };
}

const state = (overrides: Partial<EngineState> = {}): EngineState => ({ ...emptyState, ...overrides });

function facts(c: Customer = customer(), s: EngineState = state()): SegmentFacts {
  return segmentFactsOf(c, s);
}

const matches = (filter: SegmentFilter, f: SegmentFacts = facts()) =>
  matchesSegment(filter, f, { now, cutoffs });
const parse = (raw: unknown) => segmentFilterSchema.parse(raw);

describe('the segment filter schema', () => {
  it('refuses an empty filter: reaching everyone is said out loud', () => {
    const empty = segmentFilterSchema.safeParse({});
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toMatch(/at least one criterion.*everyone/);
    expect(parse({ everyone: true })).toEqual({ everyone: true });
    expect(segmentFilterSchema.safeParse({ everyone: true, city: ['Hangzhou'] }).success).toBe(false);
  });

  it('refuses unknown fields, bad values and criteria that can match nobody', () => {
    expect(segmentFilterSchema.safeParse({ cty: ['Hangzhou'] }).success).toBe(false);
    expect(segmentFilterSchema.safeParse({ country: ['China'] }).success).toBe(false);
    expect(segmentFilterSchema.safeParse({ tier: ['D'] }).success).toBe(false);
    expect(segmentFilterSchema.safeParse({ birthdayMonth: [13] }).success).toBe(false);
    expect(segmentFilterSchema.safeParse({ city: [] }).success).toBe(false);
    expect(
      segmentFilterSchema.safeParse({ lastPurchaseAfter: '2027-03-01', lastPurchaseBefore: '2027-02-01' })
        .success,
    ).toBe(false);
    expect(segmentFilterSchema.safeParse({ repliedWithinDays: 30, silentForDays: 60 }).success).toBe(false);
  });

  it('upper-cases countries', () => {
    expect(parse({ country: ['cn', 'Gb'] }).country).toEqual(['CN', 'GB']);
  });
});

describe('the facts a segment reads', () => {
  it('are normalised so spelling and case do not matter', () => {
    expect(profileFactsOf(customer())).toEqual({
      timezone: 'Asia/Shanghai',
      country: 'CN',
      region: '浙江',
      city: 'hangzhou',
      tags: ['老客户', 'vip'],
      ownerName: 'lin wei',
      ownerEmail: 'lin.wei@shop.example',
      birthdayMonth: 6,
      channels: ['email', 'sms'],
    });
    expect(normaliseTerm('  Ｈａｎｇｚｈｏｕ   City ')).toBe('hangzhou city');
  });

  it('take the purchases, suppressions and the last reply from the state', () => {
    const s = state({
      value: {
        lifetime: 5200,
        deals: 2,
        firstPurchaseOn: '2026-03-01',
        firstItem: 'Walnut wardrobe',
        lastPurchaseOn: '2026-11-02',
        items: ['Walnut wardrobe', 'Bedside table'],
        log: {},
      },
      suppressed: { sms: { reason: 'stop', at: '2027-01-01T00:00:00Z' } },
      lastReplyAt: '2027-03-01T00:00:00Z',
    });
    expect(stateFactsOf(s)).toEqual({
      lifetime: 5200,
      lastPurchaseOn: '2026-11-02',
      items: ['walnut wardrobe', 'bedside table'],
      suppressed: ['sms'],
      lastReplyAt: '2027-03-01T00:00:00Z',
    });
    // A state filed before the last purchase was kept falls back on the first.
    const older = state({
      value: { lifetime: 800, deals: 1, firstPurchaseOn: '2025-05-05', firstItem: 'Desk', log: {} },
    });
    expect(stateFactsOf(older)).toEqual({ lifetime: 800, lastPurchaseOn: '2025-05-05', items: ['desk'] });
  });
});

describe('matchesSegment', () => {
  it('matches places in any spelling case, any of a list', () => {
    expect(matches(parse({ country: ['CN'], city: ['hangzhou', 'Ningbo'] }))).toBe(true);
    expect(matches(parse({ region: ['浙江'] }))).toBe(true);
    expect(matches(parse({ city: ['Shanghai'] }))).toBe(false);
    expect(matches(parse({ country: ['US'] }))).toBe(false);
    expect(matches(parse({ city: ['Hangzhou'] }), facts(customer({ city: undefined })))).toBe(false);
  });

  it('combines criteria with AND', () => {
    expect(matches(parse({ country: ['CN'], tags: ['vip'] }))).toBe(true);
    expect(matches(parse({ country: ['CN'], tags: ['wholesale'] }))).toBe(false);
  });

  it('selects on tags, with exclusions', () => {
    expect(matches(parse({ tags: ['VIP', 'wholesale'] }))).toBe(true);
    expect(matches(parse({ excludeTags: ['do-not-contact'] }))).toBe(true);
    expect(matches(parse({ excludeTags: ['老客户'] }))).toBe(false);
  });

  it('selects on the value tier from the book’s cut-offs (a referred lead is A)', () => {
    const rich = facts(customer(), state({ value: { lifetime: 12_000, deals: 3, log: {} } }));
    expect(matches(parse({ tier: ['A'] }), rich)).toBe(true);
    expect(matches(parse({ tier: ['B', 'C'] }), rich)).toBe(false);
    expect(matches(parse({ tier: ['C'] }))).toBe(true);
    expect(matches(parse({ tier: ['A'] }), facts(customer({ referredBy: 'c-0' })))).toBe(true);
    expect(matchesSegment(parse({ tier: ['A'] }), rich, { now, cutoffs: { a: 20_000, b: 5_000 } })).toBe(
      false,
    );
  });

  it('selects on the owner by email or name', () => {
    expect(matches(parse({ owner: ['lin.wei@shop.example'] }))).toBe(true);
    expect(matches(parse({ owner: ['Lin  Wei'] }))).toBe(true);
    expect(matches(parse({ owner: ['li.lei@shop.example'] }))).toBe(false);
  });

  it('selects on the last purchase and the items bought', () => {
    const bought = facts(
      customer(),
      state({
        value: {
          lifetime: 900,
          deals: 1,
          lastPurchaseOn: '2026-11-02',
          items: ['Walnut Wardrobe 2.4 m'],
          log: {},
        },
      }),
    );
    expect(matches(parse({ lastPurchaseBefore: '2027-01-01' }), bought)).toBe(true);
    expect(matches(parse({ lastPurchaseBefore: '2026-11-02' }), bought)).toBe(false);
    expect(matches(parse({ lastPurchaseAfter: '2026-11-02' }), bought)).toBe(true);
    expect(matches(parse({ lastPurchaseAfter: '2026-11-03' }), bought)).toBe(false);
    expect(matches(parse({ purchasedItem: ['wardrobe'] }), bought)).toBe(true);
    expect(matches(parse({ purchasedItem: ['sofa'] }), bought)).toBe(false);
    // Never bought anything: in no purchase segment.
    expect(matches(parse({ lastPurchaseBefore: '2030-01-01' }))).toBe(false);
  });

  it('selects on the birthday month', () => {
    expect(matches(parse({ birthdayMonth: [6, 7] }))).toBe(true);
    expect(matches(parse({ birthdayMonth: [12] }))).toBe(false);
    expect(matches(parse({ birthdayMonth: [6] }), facts(customer({ birthday: undefined })))).toBe(false);
  });

  it('selects on the channel a customer can be reached on: address, consent, not suppressed', () => {
    expect(matches(parse({ channel: 'sms' }))).toBe(true);
    expect(
      matches(parse({ channel: 'sms' }), facts(customer({ consent: { email: true, sms: false } }))),
    ).toBe(false);
    expect(matches(parse({ channel: 'email' }), facts(customer({ email: undefined })))).toBe(false);
    const stopped = state({ suppressed: { sms: { reason: 'stop', at: '2027-01-01T00:00:00Z' } } });
    expect(matches(parse({ channel: 'sms' }), facts(customer(), stopped))).toBe(false);
    expect(matches(parse({ channel: 'email' }), facts(customer(), stopped))).toBe(true);
  });

  it('selects customers who replied, or stayed silent, in the last N days', () => {
    const replied = (daysAgo: number) =>
      facts(customer(), state({ lastReplyAt: new Date(now.getTime() - daysAgo * DAY_MS).toISOString() }));
    expect(matches(parse({ repliedWithinDays: 30 }), replied(10))).toBe(true);
    expect(matches(parse({ repliedWithinDays: 30 }), replied(40))).toBe(false);
    expect(matches(parse({ repliedWithinDays: 30 }))).toBe(false);
    expect(matches(parse({ silentForDays: 30 }), replied(40))).toBe(true);
    expect(matches(parse({ silentForDays: 30 }), replied(10))).toBe(false);
    expect(matches(parse({ silentForDays: 30 }))).toBe(true);
  });

  it('matches everyone with { everyone: true }', () => {
    expect(matches(parse({ everyone: true }), facts(customer({ country: undefined, city: undefined })))).toBe(
      true,
    );
  });
});

describe('placesOf', () => {
  it('narrows the directory read to country, or country and city, prefixes', () => {
    expect(placesOf(parse({ country: ['CN'], city: ['Hangzhou', ' NINGBO'] }))).toEqual([
      { country: 'CN', city: 'hangzhou' },
      { country: 'CN', city: 'ningbo' },
    ]);
    expect(placesOf(parse({ country: ['CN', 'US'], tier: ['A'] }))).toEqual([
      { country: 'CN' },
      { country: 'US' },
    ]);
  });

  it('reads whole shards when the filter names no country, or too many places', () => {
    expect(placesOf(parse({ city: ['Hangzhou'] }))).toBeUndefined();
    expect(placesOf(parse({ everyone: true }))).toBeUndefined();
    const many = ['CN', 'US', 'GB', 'DE', 'FR', 'JP', 'KR', 'IN', 'SG'];
    expect(placesOf(parse({ country: many }))).toBeUndefined();
    expect(placesOf(parse({ country: ['CN', 'US', 'GB'], city: ['a', 'b', 'c'] }))).toEqual(
      ['CN', 'US', 'GB'].map((country) => ({ country })),
    );
  });
});
