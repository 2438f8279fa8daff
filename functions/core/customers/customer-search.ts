import * as z from 'zod';
import { assertNever } from '../assert-never';
import { normaliseTerm, type SegmentFacts } from '../campaigns/segment';
import type { Customer } from './customer';
import { toE164 } from './phone';

/** What a search hit shows of a customer, as filed (not normalised): kept in the directory entry. */
export interface CustomerCard {
  name: string;
  email?: string;
  phone?: string;
  city?: string;
  tags?: string[];
  /** The owner's name as filed. */
  owner?: string;
}

/** @example cardOf(customer) // { name: '王芳', email: 'wang.fang@example.com', city: '杭州', tags: ['老客户'] } */
export function cardOf(customer: Customer): CustomerCard {
  return {
    name: customer.name,
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    ...(customer.city ? { city: customer.city } : {}),
    ...(customer.tags?.length ? { tags: customer.tags } : {}),
    ...(customer.owner ? { owner: customer.owner.name } : {}),
  };
}

export const CUSTOMER_SORTS = ['name', 'city', 'tier', 'owner', 'lastContact'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** An empty query lists every customer the caller may see. */
export const customerSearchQuery = z.lazy(() =>
  z.strictObject({
    /** A name (any part of it), an email address or a phone number. */
    q: z.string().trim().min(1).max(200).optional(),
    /** Customers with this tag (case- and width-insensitive). */
    tag: z.string().trim().min(1).max(50).optional(),
    /** The customers of this owner (their email; an owner signed in sees only their own anyway). */
    owner: z
      .string()
      .trim()
      .max(254)
      .pipe(z.email('must be an owner’s email address'))
      .transform((value) => value.toLowerCase())
      .optional(),
    /** Customers in this city (case- and width-insensitive). */
    city: z.string().trim().min(1).max(100).optional(),
    tier: z.enum(['A', 'B', 'C']).optional(),
    /** Sorted among the first matches a search reads (see `partial`); unsorted, in directory order. */
    sort: z.enum(CUSTOMER_SORTS).optional(),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int('limit must be a whole number').min(1).max(100).default(20),
    cursor: z.string().min(1).max(2000).optional(),
  }),
);

export type CustomerSearchQuery = z.output<typeof customerSearchQuery>;

/**
 * How a search is answered: a whole email address or a phone number that
 * reads as E.164 through the contact indexes, anything else by reading the
 * directory with a filter.
 */
export type SearchPlan =
  | { by: 'email'; email: string; owner?: string }
  | { by: 'phone'; phone: string; owner?: string }
  | { by: 'directory'; text?: string; digits?: string; tag?: string; owner?: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_LIKE = /^\+?[\d\s().-]{5,}$/;

/** @example searchPlanOf({ q: '王', limit: 20 }) // { by: 'directory', text: '王' } */
export function searchPlanOf(query: Pick<CustomerSearchQuery, 'q' | 'tag' | 'owner'>): SearchPlan {
  const owner = query.owner === undefined ? {} : { owner: query.owner.toLowerCase() };
  const tag = query.tag === undefined ? {} : { tag: normaliseTerm(query.tag) };
  const q = query.q;
  if (q === undefined) return { by: 'directory', ...tag, ...owner };
  if (EMAIL.test(q)) return { by: 'email', email: q.toLowerCase(), ...owner };
  if (PHONE_LIKE.test(q)) {
    const phone = q.startsWith('+') ? toE164(q) : undefined;
    if (phone) return { by: 'phone', phone, ...owner };
    // A national number without its country: its digits inside the stored E.164 number.
    return { by: 'directory', digits: q.replace(/\D/g, ''), ...tag, ...owner };
  }
  return { by: 'directory', text: normaliseTerm(q), ...tag, ...owner };
}

/**
 * Whether a directory entry answers a directory search: the text inside the
 * name or email (case- and width-insensitive, so 芳 finds 王芳), the digits
 * inside the phone number, the tag among the customer's tags, and the owner's email.
 * @example matchesSearch({ by: 'directory', text: '芳' }, { name: '王芳' }, facts) // true
 */
export function matchesSearch(
  plan: Extract<SearchPlan, { by: 'directory' }>,
  card: CustomerCard,
  facts: Pick<SegmentFacts, 'tags' | 'ownerEmail'>,
): boolean {
  if (plan.owner !== undefined && facts.ownerEmail !== plan.owner) return false;
  if (plan.tag !== undefined && !facts.tags?.includes(plan.tag)) return false;
  if (plan.digits !== undefined && !card.phone?.replace(/\D/g, '').includes(plan.digits)) return false;
  if (plan.text !== undefined) {
    const inName = normaliseTerm(card.name).includes(plan.text);
    const inEmail = card.email?.toLowerCase().includes(plan.text) ?? false;
    if (!inName && !inEmail) return false;
  }
  return true;
}

/** What a sort reads of a hit. */
export interface SortableHit {
  name: string;
  city?: string;
  tier: string;
  owner?: string;
  lastContactAt?: string;
}

// Built on the first sort: loading the Chinese collation data costs every function that
// imports this module several milliseconds of cold start, and only the customer list sorts.
let chineseFirst: Intl.Collator | undefined;
const collator = (): Intl.Collator =>
  (chineseFirst ??= new Intl.Collator(['zh-CN', 'en'], { sensitivity: 'base', numeric: true }));

/**
 * Orders hits by one column; hits without the value go last in either order,
 * ties by name, so pages of a sorted list never shuffle.
 * @example hits.sort(compareHits('city', 'asc'))
 */
export function compareHits(sort: CustomerSort, order: 'asc' | 'desc') {
  const columnOf = (hit: SortableHit): string | undefined => {
    switch (sort) {
      case 'name':
        return hit.name;
      case 'city':
        return hit.city;
      case 'tier':
        return hit.tier;
      case 'owner':
        return hit.owner;
      case 'lastContact':
        return hit.lastContactAt;
      default:
        return assertNever(sort);
    }
  };
  const { compare } = collator();
  return (a: SortableHit, b: SortableHit): number => {
    const x = columnOf(a);
    const y = columnOf(b);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
    } else {
      const by = compare(x, y);
      if (by !== 0) return order === 'asc' ? by : -by;
    }
    return compare(a.name, b.name);
  };
}
