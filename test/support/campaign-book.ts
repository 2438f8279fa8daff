import type { CampaignSpec } from '../../functions/core/campaigns/campaign';
import { type Customer, customerInputSchema } from '../../functions/core/customers/customer';
import { type EngineState, emptyState } from '../../functions/core/planning/state';
import type { Store } from '../../functions/ports/store/index';

/** The three zones a large campaign is spread over, with a valid mobile number range each. */
export const ZONES = [
  {
    timezone: 'Asia/Shanghai',
    country: 'CN',
    locale: 'zh-CN',
    phone: (i: number) => `+8613912${String(i).padStart(6, '0')}`,
  },
  {
    timezone: 'Europe/London',
    country: 'GB',
    locale: 'en',
    phone: (i: number) => `+4479111${String(i).padStart(5, '0')}`,
  },
  {
    timezone: 'America/New_York',
    country: 'US',
    locale: 'en',
    phone: (i: number) => `+1201555${String(i).padStart(4, '0')}`,
  },
] as const;

export const zoneOf = (i: number) => ZONES[i % ZONES.length]!;

/** The id of customer i of the synthetic book. */
export const bookId = (i: number) => `k-${String(i).padStart(5, '0')}`;

/** Customer i of a synthetic book: every tenth has an email, the others a phone number only. */
export function bookCustomer(i: number, extra: Record<string, unknown> = {}): Customer {
  const zone = zoneOf(i);
  const input = customerInputSchema.parse({
    customerId: bookId(i),
    name: `Customer ${i}`,
    ...(i % 10 === 0 ? { email: `k${i}@example.com` } : { phone: zone.phone(i) }),
    timezone: zone.timezone,
    country: zone.country,
    locale: zone.locale,
    ...extra,
  });
  return { ...input, customerId: input.customerId as string };
}

/** Runs `work` over 0..count-1, `limit` at a time. */
export async function eachIndex(
  count: number,
  limit: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await work(i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/**
 * Files `count` customers straight into the store (one write each, as the
 * repository writes them), with the engine state `stateOf` gives some of them.
 */
export async function fileBook(
  store: Store,
  count: number,
  now: Date,
  options: {
    customer?: (i: number) => Customer;
    stateOf?: (i: number, customer: Customer) => Partial<EngineState> | undefined;
  } = {},
): Promise<Customer[]> {
  const customers: Customer[] = new Array(count);
  await eachIndex(count, 2, async (i) => {
    const customer = options.customer?.(i) ?? bookCustomer(i);
    customers[i] = customer;
    await store.customers.upsert(customer, now);
    const state = options.stateOf?.(i, customer);
    if (state)
      await store.customers.saveState(
        customer.customerId,
        { ...emptyState, ...state, version: 1 },
        undefined,
        customer,
      );
  });
  return customers;
}

/** A stored campaign's spec as the store keeps it: one SMS to everyone on 17 March at 10:00. */
export function storedCampaignSpec(id: string, createdAt: string): CampaignSpec {
  return {
    id,
    name: `Campaign ${id}`,
    kind: 'message',
    filter: { everyone: true },
    channels: 'sms',
    sends: [{ key: '2027-03-17:send', template: 'campaign-new-arrivals', on: '2027-03-17', at: '10:00' }],
    chase: false,
    maxDelayDays: 2,
    spreadMinutes: 60,
    details: {},
    createdAt,
  };
}
