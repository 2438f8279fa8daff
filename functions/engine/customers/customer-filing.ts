import { normaliseAddress } from '../../core/customers/address';
import { erasedHash } from '../../core/customers/address-hash';
import type { Customer } from '../../core/customers/customer';
import { eachLimited } from '../../core/each-limited';
import { nextAlarmAt } from '../../core/planning/plan';
import { compactState, emptyState } from '../../core/planning/state';
import { filingEvents, onSequenceEvents } from '../../core/sequences/triggers';
import type {
  ContactHolders,
  CustomerRecord,
  FilingEntry,
  FilingRead,
  SuppressionRecord,
} from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { planContextFor } from '../fire/plan-context';
import { flagsFrom } from '../send/suppression';
import { withSegmentMoves } from '../sequences/segment-moves';
import { countSequenceMoves } from '../sequences/sequence-stats';
import { holdContacts } from './contact-holders';
import {
  applyEarlierDeals,
  changedChannels,
  fileReferral,
  type UpsertResult,
  upsertCustomer,
} from './customers';

export type FilingResult = UpsertResult | { customerId: string; status: 'failed'; error: string };

/** Customers filed at once within a batch; each is one write, so this bounds the requests in flight. */
const FILING_CONCURRENCY = 16;

/**
 * Files a batch of customers (an import, a backend's batch) in a fraction of
 * a DynamoDB request each: the batch's profiles, contact holders and
 * suppressions are read together, each customer is put among the holders of
 * their contacts (25 contacts a BatchWriteItem), the planner runs once per
 * customer, and one write files profile, state and alarm: for customers not
 * on file 25 to a BatchWriteItem, for those on file a conditional UpdateItem.
 * The alarm is set before the write, as every state save does: a crash in
 * between leaves an alarm that rings early and finds nothing new. A customer
 * someone else wrote meanwhile (the condition fails, or the new one is found
 * on file just before the batch write) is filed again through
 * `upsertCustomer`, which reads first.
 * @example const results = await fileCustomers(deps, customers);
 */
export async function fileCustomers(
  deps: EngineDeps,
  customers: readonly Customer[],
  /** What `readForFiling` and the contacts' holders answered for these customers, when the caller read them already. */
  alreadyRead?: { filing: ReadonlyMap<string, FilingRead>; holders: ContactHolders | undefined },
): Promise<FilingResult[]> {
  if (customers.length === 0) return [];
  const read =
    alreadyRead?.filing ?? (await deps.store.customers.readForFiling(customers.map((c) => c.customerId)));
  const addresses = customers.flatMap((customer) => {
    const previous = read.get(customer.customerId)?.record?.customer;
    return changedChannels(customer, previous).flatMap((channel) => {
      const address = channel === 'email' ? customer.email : customer.phone;
      if (!address) return [];
      const normalised = normaliseAddress(address);
      return [{ address: normalised, erasedHash: erasedHash(deps.settings.signingKey, normalised) }];
    });
  });
  const listed = new Map(
    (addresses.length > 0 ? await deps.store.suppressions.getMany(addresses) : []).map(
      (s): [string, SuppressionRecord] => [s.address, s],
    ),
  );
  await holdContacts(deps, customers, alreadyRead?.holders);
  // The planner reads the rules synchronously: bring the live ones up to date once for the batch.
  await deps.content.refresh();
  const planned = await eachLimited(customers, FILING_CONCURRENCY, async (customer) => {
    const onFile = read.get(customer.customerId) ?? { dealsWaiting: false };
    // One customer's failure is theirs: the rest of the batch still lands.
    return planOne(deps, customer, onFile, listed).catch(failed(customer));
  });
  const fresh = planned.filter((p): p is Planned => 'entry' in p && p.entry.expect === 'new');
  // The customers not on file go in batches of 25 (a request each is most of the server's work);
  // one filed meanwhile takes the conditional write, which then fails and reads first.
  const meanwhile = await deps.store.customers
    .fileNewProfiles(
      fresh.map((p) => p.entry),
      deps.clock.now(),
    )
    .catch((error: unknown) => error);
  return eachLimited(planned, FILING_CONCURRENCY, async (p): Promise<FilingResult> => {
    if (!('entry' in p)) return p;
    const { customer } = p.entry;
    if (p.entry.expect !== 'new') return fileOne(deps, p, false).catch(failed(customer));
    if (!(meanwhile instanceof Set)) return failed(customer)(meanwhile);
    return fileOne(deps, p, !meanwhile.has(customer.customerId)).catch(failed(customer));
  });
}

const failed =
  (customer: Customer) =>
  (error: unknown): FilingResult => ({
    customerId: customer.customerId,
    status: 'failed',
    error: error instanceof Error ? error.message : String(error),
  });

type Planned = { entry: FilingEntry; base: CustomerRecord; onFile: FilingRead };

/** The customer's filed state, planned once, with the alarm set (before the write, as every save). */
async function planOne(
  deps: EngineDeps,
  customer: Customer,
  onFile: FilingRead,
  listed: ReadonlyMap<string, SuppressionRecord>,
): Promise<Planned> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const { record } = onFile;
  const base: CustomerRecord = record
    ? { ...record, customer }
    : { customer, state: emptyState, createdAt: at, updatedAt: at };
  const suppressed = flagsFrom(base, changedChannels(customer, record?.customer), listed, now);
  const filed = compactState({ ...base.state, suppressed, version: base.state.version + 1 }, now);
  const ctx = await planContextFor(deps, base, filed);
  const events = filingEvents(customer, record?.customer);
  const state = await withSegmentMoves(
    deps,
    base,
    onSequenceEvents(filed, ctx.rules.sequences, ctx.tier, events, now),
    now,
    record?.customer ?? null,
  );
  const nextAt = nextAlarmAt({ ...ctx, state }, now);
  if (nextAt?.toISOString() !== record?.nextAt) {
    if (nextAt) await deps.scheduler.arm(customer.customerId, nextAt);
    else await deps.scheduler.disarm(customer.customerId);
  }
  const expect = record ? { version: record.state.version } : ('new' as const);
  return { entry: { customer, state, nextAt, expect }, base, onFile };
}

/** Writes the customer unless the batch did (`written`), then what follows a filing. */
async function fileOne(
  deps: EngineDeps,
  { entry, base, onFile }: Planned,
  written: boolean,
): Promise<UpsertResult> {
  const { customer, state } = entry;
  const { record, dealsWaiting } = onFile;
  if (!written && !(await deps.store.customers.fileProfile(entry, deps.clock.now()))) {
    return upsertCustomer(deps, customer);
  }
  await countSequenceMoves(deps, base.state, state);
  await fileReferral(deps, customer, base.createdAt, record?.customer);
  if (!record && dealsWaiting) await applyEarlierDeals(deps, { ...base, state });
  deps.log('customer.upserted', { customerId: customer.customerId, created: !record });
  return { customerId: customer.customerId, status: record ? 'updated' : 'created' };
}
