import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { normaliseTerm } from '../../core/campaigns/segment';
import {
  type CustomerCard,
  type CustomerSearchQuery,
  matchesSearch,
  searchPlanOf,
} from '../../core/customers/customer-search';
import { type Tier, tierFor } from '../../core/customers/tier';
import { ValidationError } from '../../core/errors';
import type { DirectoryCursor } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';

/** One customer found: what the console lists before the file is opened. */
export interface CustomerHit extends Omit<CustomerCard, 'tags'> {
  customerId: string;
  country?: string;
  tier: Tier;
  tags: string[];
}

/** Directory entries read per query, and at most per search call before answering with a cursor. */
const PAGE = 500;
const BUDGET = 5_000;

const tokenSchema = z.strictObject({
  plan: z.string(),
  part: z.number().int().min(0),
  after: z.record(z.string(), z.string()).optional(),
});

const planKey = (plan: unknown) => JSON.stringify(plan);

// The cursor carries a DynamoDB start key: it is signed, so a forged one is a 400 naming the
// cursor rather than a key the table refuses (a 500) or one that reads outside the search.
const macOf = (key: string, body: string) =>
  createHmac('sha256', key).update(`search:${body}`).digest('base64url');

function decodeCursor(cursor: string, plan: unknown, key: string): DirectoryCursor {
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
      { path: 'cursor', message: 'not a cursor this search returned for these q, tag and owner' },
    ]);
  }
  return { part: token.part, ...(token.after ? { after: token.after } : {}) };
}

function encodeCursor(cursor: DirectoryCursor, plan: unknown, key: string): string {
  const body = Buffer.from(JSON.stringify({ plan: planKey(plan), ...cursor })).toString('base64url');
  return `${body}.${macOf(key, body)}`;
}

/**
 * Finds customers by name (any part, Chinese included), email, phone or tag
 * without a table scan: a whole email or E.164 number through the contact
 * indexes, the rest by reading the directory page by page with a filter, at
 * most `limit` hits and a cursor to go on from (also when a call has read
 * its share of the directory without filling the page). With `owner`, only
 * that owner's customers: how an owner's search is held to their own.
 * @example const { customers, next } = await searchCustomers(deps, { q: '芳', limit: 20 });
 */
export async function searchCustomers(
  deps: Pick<EngineDeps, 'settings' | 'tiers'> & StoreDeps<'customers' | 'directory'>,
  query: CustomerSearchQuery,
): Promise<{ customers: CustomerHit[]; next?: string }> {
  const plan = searchPlanOf(query);
  const cutoffs = await deps.tiers.cutoffs();
  if (plan.by !== 'directory') {
    if (query.cursor) decodeCursor(query.cursor, plan, deps.settings.signingKey);
    const ids = await deps.store.customers.findByContact(
      plan.by === 'email' ? { email: plan.email } : { phone: plan.phone },
    );
    const tag = query.tag === undefined ? undefined : normaliseTerm(query.tag);
    const records = await deps.store.customers.getMany(ids);
    const customers = records
      .filter(({ customer }) => tag === undefined || customer.tags?.some((t) => normaliseTerm(t) === tag))
      .filter(
        ({ customer }) => plan.owner === undefined || customer.owner?.email?.toLowerCase() === plan.owner,
      )
      .slice(0, query.limit)
      .map(({ customer, state }) => ({
        customerId: customer.customerId,
        name: customer.name,
        ...(customer.email ? { email: customer.email } : {}),
        ...(customer.phone ? { phone: customer.phone } : {}),
        ...(customer.city ? { city: customer.city } : {}),
        ...(customer.country ? { country: customer.country } : {}),
        tier: tierFor(state.value.lifetime, customer.referredBy !== undefined, cutoffs),
        tags: customer.tags ?? [],
      }));
    return { customers };
  }
  const customers: CustomerHit[] = [];
  let cursor: DirectoryCursor | undefined = query.cursor
    ? decodeCursor(query.cursor, plan, deps.settings.signingKey)
    : undefined;
  let read = 0;
  do {
    const page = await deps.store.directory.page(undefined, cursor, PAGE);
    read += page.entries.length;
    cursor = page.next;
    for (const [i, { customerId, card, facts, position }] of page.entries.entries()) {
      if (!matchesSearch(plan, card, facts)) continue;
      customers.push({
        customerId,
        ...card,
        ...(facts.country ? { country: facts.country } : {}),
        tier: tierFor(facts.lifetime, facts.referred === true, cutoffs),
        tags: card.tags ?? [],
      });
      if (customers.length === query.limit) {
        // Full inside the page: go on right after this hit.
        if (i < page.entries.length - 1) cursor = position;
        break;
      }
    }
  } while (cursor && customers.length < query.limit && read < BUDGET);
  return { customers, ...(cursor ? { next: encodeCursor(cursor, plan, deps.settings.signingKey) } : {}) };
}
