import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { normaliseTerm } from '../../core/campaigns/segment';
import {
  type CustomerCard,
  type CustomerSearchQuery,
  compareHits,
  matchesSearch,
  searchPlanOf,
} from '../../core/customers/customer-search';
import { type Tier, type TierCutoffs, tierFor } from '../../core/customers/tier';
import { ValidationError } from '../../core/errors';
import type { DirectoryCursor, DirectoryPage } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';

/** One customer found: what the console lists before the file is opened. */
export interface CustomerHit extends Omit<CustomerCard, 'tags'> {
  customerId: string;
  country?: string;
  tier: Tier;
  tags: string[];
  owner?: string;
  /** When the customer last replied. */
  lastContactAt?: string;
  /** The customer's time zone: their times are shown in it. */
  timezone: string;
}

/** Directory entries read per query, and at most per search call before answering with a cursor. */
const PAGE = 500;
const BUDGET = 5_000;

const tokenSchema = z.lazy(() =>
  z.strictObject({
    plan: z.string(),
    part: z.number().int().min(0),
    after: z.record(z.string(), z.string()).optional(),
    offset: z.number().int().min(0).optional(),
  }),
);

type SearchCursor = DirectoryCursor & { offset?: number };

// Everything that shapes the answer: a cursor from one search cannot page another.
const planKey = (plan: unknown) => JSON.stringify(plan);

// The cursor carries a DynamoDB start key: it is signed, so a forged one is a 400 naming the
// cursor rather than a key the table refuses (a 500) or one that reads outside the search.
const macOf = (key: string, body: string) =>
  createHmac('sha256', key).update(`search:${body}`).digest('base64url');

function decodeCursor(cursor: string, plan: unknown, key: string): SearchCursor {
  let token: z.output<typeof tokenSchema> | undefined;
  try {
    const [body = '', mac = ''] = cursor.split('.');
    const expected = Buffer.from(macOf(key, body));
    const given = Buffer.from(mac);
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      token = tokenSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    }
  } catch {
    token = undefined;
  }
  if (!token || token.plan !== planKey(plan)) {
    throw new ValidationError('invalid customer search: cursor: not a cursor this search returned', [
      { path: 'cursor', message: 'not a cursor this search returned for these filters and sort' },
    ]);
  }
  return {
    part: token.part,
    ...(token.after ? { after: token.after } : {}),
    ...(token.offset !== undefined ? { offset: token.offset } : {}),
  };
}

function encodeCursor(cursor: SearchCursor, plan: unknown, key: string): string {
  const body = Buffer.from(JSON.stringify({ plan: planKey(plan), ...cursor })).toString('base64url');
  return `${body}.${macOf(key, body)}`;
}

type SearchDeps = Pick<EngineDeps, 'settings' | 'tiers'> & StoreDeps<'customers' | 'directory'>;

/** The answer: a page of hits, `next` to go on, `partial` when a sort saw only the first entries it may read. */
export interface CustomerSearchAnswer {
  customers: CustomerHit[];
  next?: string;
  partial?: true;
}

const cityOf = (city: string | undefined) => (city === undefined ? undefined : normaliseTerm(city));

/**
 * Finds customers by name (any part, Chinese included), email, phone, tag,
 * city, tier or owner without a table scan: a whole email or E.164 number
 * through the contact indexes, the rest by reading the directory page by page
 * with a filter, at most `limit` hits and a cursor to go on from (also when a
 * call has read its share of the directory without filling the page). An
 * empty query lists every customer; with `owner`, only that owner's: how an
 * owner's search is held to their own. A sort orders the matches among the
 * first BUDGET directory entries, the same read an unsorted call may make.
 * @example const { customers, next } = await searchCustomers(deps, { q: '芳', order: 'asc', limit: 20 });
 */
export async function searchCustomers(
  deps: SearchDeps,
  query: CustomerSearchQuery,
): Promise<CustomerSearchAnswer> {
  const base = searchPlanOf(query);
  const city = cityOf(query.city);
  const plan = { ...base, city, tier: query.tier, sort: query.sort, order: query.order };
  const cutoffs = await deps.tiers.cutoffs();
  const keep = (hit: CustomerHit) =>
    (city === undefined || cityOf(hit.city) === city) &&
    (query.tier === undefined || hit.tier === query.tier);
  const start = query.cursor ? decodeCursor(query.cursor, plan, deps.settings.signingKey) : undefined;
  if (base.by !== 'directory') {
    const ids = await deps.store.customers.findByContact(
      base.by === 'email' ? { email: base.email } : { phone: base.phone },
    );
    const tag = query.tag === undefined ? undefined : normaliseTerm(query.tag);
    const records = await deps.store.customers.getMany(ids);
    const customers = records
      .filter(({ customer }) => tag === undefined || customer.tags?.some((t) => normaliseTerm(t) === tag))
      .filter(
        ({ customer }) => base.owner === undefined || customer.owner?.email?.toLowerCase() === base.owner,
      )
      .map(({ customer, state }) => ({
        customerId: customer.customerId,
        name: customer.name,
        ...(customer.email ? { email: customer.email } : {}),
        ...(customer.phone ? { phone: customer.phone } : {}),
        ...(customer.city ? { city: customer.city } : {}),
        ...(customer.country ? { country: customer.country } : {}),
        tier: tierFor(state.value.lifetime, customer.referredBy !== undefined, cutoffs),
        tags: customer.tags ?? [],
        ...(customer.owner ? { owner: customer.owner.name } : {}),
        ...(state.lastReplyAt ? { lastContactAt: state.lastReplyAt } : {}),
        timezone: customer.timezone,
      }))
      .filter(keep);
    if (query.sort) customers.sort(compareHits(query.sort, query.order));
    return { customers: customers.slice(0, query.limit) };
  }
  if (query.sort) {
    const found: CustomerHit[] = [];
    let cursor: DirectoryCursor | undefined;
    let read = 0;
    do {
      const page = await deps.store.directory.page(undefined, cursor, PAGE);
      read += page.entries.length;
      cursor = page.next;
      for (const entry of page.entries) {
        if (!matchesSearch(base, entry.card, entry.facts)) continue;
        const hit = hitOf(entry, cutoffs);
        if (keep(hit)) found.push(hit);
      }
    } while (cursor && read < BUDGET);
    found.sort(compareHits(query.sort, query.order));
    const offset = start?.offset ?? 0;
    const end = offset + query.limit;
    return {
      customers: found.slice(offset, end),
      ...(end < found.length
        ? { next: encodeCursor({ part: 0, offset: end }, plan, deps.settings.signingKey) }
        : {}),
      ...(cursor ? { partial: true as const } : {}),
    };
  }
  const customers: CustomerHit[] = [];
  let cursor: DirectoryCursor | undefined = start
    ? { part: start.part, ...(start.after ? { after: start.after } : {}) }
    : undefined;
  let read = 0;
  do {
    const page = await deps.store.directory.page(undefined, cursor, PAGE);
    read += page.entries.length;
    cursor = page.next;
    for (const [i, entry] of page.entries.entries()) {
      if (!matchesSearch(base, entry.card, entry.facts)) continue;
      const hit = hitOf(entry, cutoffs);
      if (!keep(hit)) continue;
      customers.push(hit);
      if (customers.length === query.limit) {
        // Full inside the page: go on right after this hit.
        if (i < page.entries.length - 1) cursor = entry.position;
        break;
      }
    }
  } while (cursor && customers.length < query.limit && read < BUDGET);
  return { customers, ...(cursor ? { next: encodeCursor(cursor, plan, deps.settings.signingKey) } : {}) };
}

/** Rows an export holds at most, and search calls it makes to gather them. */
export const EXPORT_LIMIT = 5_000;
const EXPORT_CALLS = 20;

/**
 * The whole list a search pages through, up to EXPORT_LIMIT rows: for the CSV
 * download. `truncated` says more matched than it holds.
 * @example const { customers } = await listAllCustomers(deps, { tag: 'vip', order: 'asc', limit: 100 });
 */
export async function listAllCustomers(
  deps: SearchDeps,
  query: Omit<CustomerSearchQuery, 'cursor' | 'limit'>,
): Promise<{ customers: CustomerHit[]; truncated: boolean }> {
  const customers: CustomerHit[] = [];
  let cursor: string | undefined;
  for (let call = 0; call < EXPORT_CALLS; call++) {
    const limit = EXPORT_LIMIT - customers.length;
    const page = await searchCustomers(deps, { ...query, limit, ...(cursor ? { cursor } : {}) });
    customers.push(...page.customers);
    cursor = page.next;
    if (!cursor || customers.length >= EXPORT_LIMIT) break;
  }
  return {
    customers: customers.slice(0, EXPORT_LIMIT),
    truncated: cursor !== undefined || customers.length > EXPORT_LIMIT,
  };
}

/** A directory entry as the list and its CSV show it: the card, the tier it has now, the last contact. */
export function hitOf(entry: DirectoryPage['entries'][number], cutoffs: TierCutoffs): CustomerHit {
  return {
    customerId: entry.customerId,
    ...entry.card,
    ...(entry.facts.country ? { country: entry.facts.country } : {}),
    tier: tierFor(entry.facts.lifetime, entry.facts.referred === true, cutoffs),
    tags: entry.card.tags ?? [],
    ...(entry.facts.lastReplyAt ? { lastContactAt: entry.facts.lastReplyAt } : {}),
    timezone: entry.facts.timezone,
  };
}
