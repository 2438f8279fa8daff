import * as z from 'zod';
import type { Channel, Customer } from '../customers/customer';
import { type Tier, type TierCutoffs, tierFor } from '../customers/tier';
import type { EngineState } from '../planning/state';

const DAY_MS = 86_400_000;

/** The one spelling places, tags, items and owners are compared in: NFKC, single spaces, lower case. */
export function normaliseTerm(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const term = z.lazy(() => z.string().trim().min(1).max(200));
const terms = (max: number) => z.array(term).min(1).max(max);
const country = z.lazy(() =>
  z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as CN')
    .transform((value) => value.toUpperCase()),
);
const days = z.lazy(() => z.number().int().min(1).max(3650));

const filterObject = z.lazy(() =>
  z.strictObject({
    /** Every customer in the book: must be said explicitly, never implied by an empty filter. */
    everyone: z.literal(true).optional(),
    country: z.array(country).min(1).max(50).optional(),
    region: terms(50).optional(),
    city: terms(50).optional(),
    tier: z
      .array(z.enum(['A', 'B', 'C']))
      .min(1)
      .optional(),
    /** Has at least one of these tags. */
    tags: terms(50).optional(),
    /** Has none of these tags. */
    excludeTags: terms(50).optional(),
    /** The owner (salesperson), by email or name. */
    owner: terms(20).optional(),
    /** The last purchase fell before this local date (customers who never bought do not match). */
    lastPurchaseBefore: z.iso.date().optional(),
    /** The last purchase fell on or after this local date. */
    lastPurchaseAfter: z.iso.date().optional(),
    /** Bought an item whose name contains one of these. */
    purchasedItem: terms(20).optional(),
    birthdayMonth: z.array(z.number().int().min(1).max(12)).min(1).max(12).optional(),
    /** Reachable for marketing on this channel: an address, consent, and not suppressed. */
    channel: z.enum(['email', 'sms']).optional(),
    /** Replied within the last N days. */
    repliedWithinDays: days.optional(),
    /** Has not replied in the last N days (or ever). */
    silentForDays: days.optional(),
  }),
);

/**
 * A segment: who a campaign goes to. Criteria combine with AND; a list
 * inside one criterion means any of its values. An empty filter is refused,
 * so "everyone" is always a deliberate choice (`{ "everyone": true }`).
 */
export const segmentFilterSchema = z.lazy(() => filterObject.superRefine(checkFilter));

/** No criterion at all, or criteria that leave nobody: refused with the field to fix. */
function checkFilter(filter: z.output<typeof filterObject>, ctx: z.RefinementCtx): void {
  const criteria = Object.keys(filter).filter((key) => key !== 'everyone');
  if (!filter.everyone && criteria.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: 'must set at least one criterion, or { "everyone": true } to reach every customer',
    });
  }
  if (filter.everyone && criteria.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['everyone'], message: 'cannot be combined with other criteria' });
  }
  if (
    filter.lastPurchaseAfter &&
    filter.lastPurchaseBefore &&
    filter.lastPurchaseAfter >= filter.lastPurchaseBefore
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['lastPurchaseAfter'],
      message: 'must be before lastPurchaseBefore, or the segment is empty',
    });
  }
  if (filter.repliedWithinDays && filter.silentForDays && filter.silentForDays >= filter.repliedWithinDays) {
    ctx.addIssue({
      code: 'custom',
      path: ['silentForDays'],
      message: 'must be shorter than repliedWithinDays, or the segment is empty',
    });
  }
}

export type SegmentFilter = z.output<typeof segmentFilterSchema>;

/**
 * What a filter needs from the customer file, normalised, small enough to
 * sit in the store's customer directory (one entry per customer).
 */
export interface ProfileFacts {
  timezone: string;
  country?: string;
  region?: string;
  city?: string;
  tags?: string[];
  ownerName?: string;
  ownerEmail?: string;
  referred?: boolean;
  birthdayMonth?: number;
  /** Channels with an address and marketing consent. */
  channels: Channel[];
}

/** What a filter needs from the engine's state about the customer. */
export interface StateFacts {
  lifetime: number;
  lastPurchaseOn?: string;
  items?: string[];
  suppressed?: Channel[];
  lastReplyAt?: string;
  /** Tags a sequence's tag step gave, kept apart from the file's own (the backend rewrites those). */
  sequenceTags?: string[];
}

export type SegmentFacts = ProfileFacts & StateFacts;

const maybe = (value: string | undefined) => (value === undefined ? undefined : normaliseTerm(value));

/** @example profileFactsOf(customer).city // 'hangzhou' */
export function profileFactsOf(customer: Customer): ProfileFacts {
  const channels = (['email', 'sms'] as const).filter((channel) =>
    channel === 'email'
      ? customer.email !== undefined && customer.consent.email
      : customer.phone !== undefined && customer.consent.sms,
  );
  const facts: ProfileFacts = { timezone: customer.timezone, channels };
  if (customer.country) facts.country = customer.country;
  const region = maybe(customer.region);
  const city = maybe(customer.city);
  if (region) facts.region = region;
  if (city) facts.city = city;
  if (customer.tags?.length) facts.tags = customer.tags.map(normaliseTerm);
  if (customer.owner) facts.ownerName = normaliseTerm(customer.owner.name);
  if (customer.owner?.email) facts.ownerEmail = customer.owner.email.toLowerCase();
  if (customer.referredBy) facts.referred = true;
  if (customer.birthday) facts.birthdayMonth = Number(customer.birthday.slice(-5, -3));
  return facts;
}

/** @example stateFactsOf(state).lastPurchaseOn // '2026-11-02' */
export function stateFactsOf(state: EngineState): StateFacts {
  const { value } = state;
  const facts: StateFacts = { lifetime: value.lifetime };
  const lastPurchaseOn = value.lastPurchaseOn ?? value.firstPurchaseOn;
  if (lastPurchaseOn) facts.lastPurchaseOn = lastPurchaseOn;
  const items = value.items ?? (value.firstItem ? [value.firstItem] : []);
  if (items.length) facts.items = items.map(normaliseTerm);
  const suppressed = (Object.keys(state.suppressed) as Channel[]).filter((c) => state.suppressed[c]);
  if (suppressed.length) facts.suppressed = suppressed;
  if (state.lastReplyAt) facts.lastReplyAt = state.lastReplyAt;
  if (state.sequenceTags.length) facts.sequenceTags = state.sequenceTags.map(normaliseTerm);
  return facts;
}

/** Everything about one customer a segment can ask. */
export function segmentFactsOf(customer: Customer, state: EngineState): SegmentFacts {
  return { ...profileFactsOf(customer), ...stateFactsOf(state) };
}

const anyOf = (wanted: readonly string[], have: string | undefined) =>
  have !== undefined && wanted.some((w) => normaliseTerm(w) === have);

/**
 * Whether one customer is in the segment. Pure: the tier comes from the
 * book's cut-offs (or is given, as the planner knows it) and "in the last N days" from `now`, both passed in.
 * @example matchesSegment({ city: ['Hangzhou'] }, facts, { now, cutoffs }) // true for a customer in Hangzhou
 */
export function matchesSegment(
  filter: SegmentFilter,
  facts: SegmentFacts,
  context: { now: Date; cutoffs: TierCutoffs } | { now: Date; tier: Tier },
): boolean {
  const tierOf = () =>
    'tier' in context ? context.tier : tierFor(facts.lifetime, facts.referred === true, context.cutoffs);
  if (filter.country && !(facts.country && filter.country.includes(facts.country))) return false;
  if (filter.region && !anyOf(filter.region, facts.region)) return false;
  if (filter.city && !anyOf(filter.city, facts.city)) return false;
  if (filter.tier && !filter.tier.includes(tierOf())) return false;
  const tags = [...(facts.tags ?? []), ...(facts.sequenceTags ?? [])];
  if (filter.tags && !filter.tags.some((t) => tags.includes(normaliseTerm(t)))) return false;
  if (filter.excludeTags?.some((t) => tags.includes(normaliseTerm(t)))) return false;
  if (
    filter.owner &&
    !filter.owner.some((o) => {
      const wanted = normaliseTerm(o);
      return wanted === facts.ownerEmail || wanted === facts.ownerName;
    })
  )
    return false;
  if (
    filter.lastPurchaseBefore &&
    !(facts.lastPurchaseOn && facts.lastPurchaseOn < filter.lastPurchaseBefore)
  )
    return false;
  if (filter.lastPurchaseAfter && !(facts.lastPurchaseOn && facts.lastPurchaseOn >= filter.lastPurchaseAfter))
    return false;
  if (filter.purchasedItem) {
    const items = facts.items ?? [];
    if (!filter.purchasedItem.some((w) => items.some((item) => item.includes(normaliseTerm(w)))))
      return false;
  }
  if (filter.birthdayMonth && !(facts.birthdayMonth && filter.birthdayMonth.includes(facts.birthdayMonth)))
    return false;
  if (
    filter.channel &&
    !(facts.channels.includes(filter.channel) && !facts.suppressed?.includes(filter.channel))
  )
    return false;
  const repliedAgo = facts.lastReplyAt ? context.now.getTime() - Date.parse(facts.lastReplyAt) : undefined;
  if (
    filter.repliedWithinDays &&
    !(repliedAgo !== undefined && repliedAgo <= filter.repliedWithinDays * DAY_MS)
  )
    return false;
  if (filter.silentForDays && repliedAgo !== undefined && repliedAgo <= filter.silentForDays * DAY_MS)
    return false;
  return true;
}

/** A country, optionally narrowed to one city: what the directory's sort key begins with. */
export interface Place {
  country: string;
  city?: string;
}

/** More prefixes than this and reading whole directory shards is cheaper than one query per prefix. */
const MAX_PLACES = 8;

/**
 * The places a filter confines itself to, so the directory can be read by
 * key prefix instead of whole; undefined when the filter names no country.
 * @example placesOf({ country: ['CN'], city: ['杭州'] }) // [{ country: 'CN', city: '杭州' }]
 */
export function placesOf(filter: SegmentFilter): Place[] | undefined {
  if (!filter.country) return undefined;
  const cities = filter.city?.map(normaliseTerm);
  if (cities && filter.country.length * cities.length <= MAX_PLACES) {
    return filter.country.flatMap((country) => cities.map((city) => ({ country, city })));
  }
  if (filter.country.length <= MAX_PLACES) return filter.country.map((country) => ({ country }));
  return undefined;
}
