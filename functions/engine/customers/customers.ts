import { type Customer, customerInputSchema } from '../../core/customers/customer';
import type { Tier } from '../../core/customers/tier';
import { ValidationError } from '../../core/errors';
import { forecast } from '../../core/planning/forecast';
import { nextAlarmAt } from '../../core/planning/plan';
import { watchedSegments } from '../../core/sequences/segment-moves';
import { filingEvents, onSequenceEvents } from '../../core/sequences/triggers';
import type { CustomerScope } from '../../core/team/roles';
import { parseOrThrow } from '../../core/validation';
import type { CustomerRecord, DealRecord, ReferralGiven, TimelineEntry } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';
import { planContextFor } from '../fire/plan-context';
import { updateState } from '../fire/update-state';
import { contactFlags } from '../send/suppression';
import { withSegmentMoves } from '../sequences/segment-moves';
import { holdContacts } from './contact-holders';
import { customerNotFound, withinScope } from './customer-scope';
import { applyToCustomers } from './deals';

export type UpsertResult = { customerId: string; status: 'created' | 'updated' };

/** Validates the backend's customer file; the path's id wins and must match the body's. */
export function parseCustomer(customerId: string, body: unknown): Customer {
  const input = parseOrThrow(customerInputSchema, body, 'customer');
  if (input.customerId !== undefined && input.customerId !== customerId) {
    throw new ValidationError(
      `invalid customer: customerId: ${input.customerId} does not match the path's ${customerId}`,
      [{ path: 'customerId', message: `does not match the path's ${customerId}` }],
    );
  }
  return { ...input, customerId };
}

/**
 * Files a customer (create or replace the profile; the engine's state stays).
 * A change of time zone moves the pending alarm with it.
 */
export async function upsertCustomer(deps: EngineDeps, customer: Customer): Promise<UpsertResult> {
  const now = deps.clock.now();
  await holdContacts(deps, [customer], 'one');
  const upserted = await deps.store.customers.upsert(customer, now);
  const { created, unplanned, previous } = upserted;
  let { record } = upserted;
  const changed = changedChannels(customer, previous);
  await fileReferral(deps, customer, record.createdAt, previous);
  if (created) record = await applyEarlierDeals(deps, record);
  const planned = nextAlarmAt(await planContextFor(deps, record), now)?.toISOString();
  // A new customer or a new tag may start (or end) sequences: decided on the same state write.
  const events = deps.rules.sequences.length > 0 ? filingEvents(customer, previous) : [];
  // Only a filing that moves the customer into or out of a watched segment needs the state write.
  const movesSegments =
    watchedSegments(deps.rules.sequences).length > 0 &&
    (await withSegmentMoves(deps, record, record.state, now, previous ?? null)) !== record.state;
  if (unplanned || changed.length > 0 || planned !== record.nextAt || events.length > 0 || movesSegments) {
    // One read-decide-write for both: the flags of a new address and the alarm a changed profile
    // moves. A customer not planned yet is armed even when the plan is due now (the index says now).
    await updateState(
      deps,
      customer.customerId,
      async (current, at) => {
        const suppressed = await contactFlags(deps, current, changed, at);
        const ctx = await planContextFor(deps, current);
        const filed = onSequenceEvents(current.state, ctx.rules.sequences, ctx.tier, events, at);
        const entered = await withSegmentMoves(deps, current, filed, at, previous ?? null);
        const replanned = nextAlarmAt(ctx, at)?.toISOString();
        const settled =
          suppressed === current.state.suppressed &&
          replanned === current.nextAt &&
          entered === current.state;
        if (settled && !unplanned) return undefined;
        return { state: { ...entered, suppressed } };
      },
      { rearm: unplanned },
    );
  }
  deps.log('customer.upserted', { customerId: customer.customerId, created });
  return { customerId: customer.customerId, status: created ? 'created' : 'updated' };
}

/** A new or changed address brings its place on the suppression list with it: the channels whose address is new. */
export function changedChannels(customer: Customer, previous: Customer | undefined): ('email' | 'sms')[] {
  return (['email', 'sms'] as const).filter((channel) => {
    const key = channel === 'email' ? 'email' : 'phone';
    return customer[key] !== undefined && customer[key]?.toLowerCase() !== previous?.[key]?.toLowerCase();
  });
}

/**
 * Deals that arrived before their customer was filed count now: value, tier,
 * purchase facts, and whatever notices are not history by now.
 */
export async function applyEarlierDeals(deps: EngineDeps, record: CustomerRecord): Promise<CustomerRecord> {
  const { customerId } = record.customer;
  const stages = await deps.store.deals.stagesOf(customerId);
  if (stages.length === 0) return record;
  for (const deal of stages) await applyToCustomers(deps, deal);
  await deps.store.customers.clearDealsWaiting(customerId);
  return (await deps.store.customers.get(customerId)) ?? record;
}

/**
 * Files the customer on their referrer's file (again on every save, which
 * keeps the name current and finishes a save that failed half-way), and takes
 * them off a former referrer's.
 */
export async function fileReferral(
  deps: StoreDeps<'customers'>,
  customer: Customer,
  filedAt: string,
  previous: Customer | undefined,
): Promise<void> {
  const { referredBy, customerId, name } = customer;
  if (referredBy && referredBy !== customerId) {
    await deps.store.customers.linkReferral(referredBy, { customerId, name, at: filedAt });
  }
  if (previous?.referredBy && previous.referredBy !== referredBy) {
    await deps.store.customers.unlinkReferral(previous.referredBy, customerId);
  }
}

export interface CustomerFileView {
  customer: Customer;
  tier: Tier;
  lifetimeValue: number;
  createdAt: string;
  updatedAt: string;
  nextAt: string | null;
  chases: CustomerRecord['state']['chases'];
  /** The customer's runs through sequences: the active ones and each sequence's last. */
  sequences: CustomerRecord['state']['sequences'];
  /** Tags the customer's sequences gave (a tag step), beside the file's own. */
  sequenceTags: string[];
  suppressed: CustomerRecord['state']['suppressed'];
  /** An open complaint, flagged until the owner resolves it. */
  complaint: CustomerRecord['state']['complaint'] | null;
  deals: DealRecord[];
  timeline: TimelineEntry[];
  /** Who referred the customer, and whom the customer referred (oldest first). */
  referrals: { referredBy?: { customerId: string; name: string }; given: ReferralGiven[] };
}

/** The customer's whole file: profile, deals, tier, chases and timeline; outside the scope, a 404. */
export async function getCustomerFile(
  deps: Pick<EngineDeps, 'tiers'> & StoreDeps<'customers'>,
  customerId: string,
  scope: CustomerScope,
): Promise<CustomerFileView> {
  const file = await deps.store.customers.getFile(customerId);
  if (!file.record) throw customerNotFound(customerId);
  const record = withinScope(scope, file.record);
  const lifetimeValue = record.state.value.lifetime;
  const { referredBy } = record.customer;
  const [tier, referrer] = await Promise.all([
    deps.tiers.tierOf(record.state.value, referredBy !== undefined),
    referredBy ? deps.store.customers.get(referredBy) : undefined,
  ]);
  return {
    customer: record.customer,
    tier,
    lifetimeValue,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    nextAt: record.nextAt ?? null,
    chases: record.state.chases,
    sequences: record.state.sequences,
    sequenceTags: record.state.sequenceTags,
    suppressed: record.state.suppressed,
    complaint: record.state.complaint ?? null,
    deals: file.deals,
    timeline: file.timeline,
    referrals: {
      ...(referredBy
        ? { referredBy: { customerId: referredBy, name: referrer?.customer.name ?? referredBy } }
        : {}),
      given: file.referrals,
    },
  };
}

/**
 * Every message the rules would send the customer in the next `days`: the pure
 * planner on a copy of their state, with nothing sent or written. Outside the scope, a 404.
 */
export async function forecastCustomer(
  deps: EngineDeps,
  customerId: string,
  days: number,
  scope: CustomerScope,
) {
  const { record, ctx } = await planContextInScope(deps, customerId, scope);
  const now = deps.clock.now();
  return {
    customerId,
    tier: ctx.tier,
    timezone: record.customer.timezone,
    from: now.toISOString(),
    days,
    messages: forecast(ctx, now, days),
  };
}

/** The customer's record and plan context, read once; outside the scope (or unknown), a 404. */
export async function planContextInScope(deps: EngineDeps, customerId: string, scope: CustomerScope) {
  const found = await deps.store.customers.get(customerId);
  if (!found) throw customerNotFound(customerId);
  const record = withinScope(scope, found);
  return { record, ctx: await planContextFor(deps, record) };
}
