import { normaliseAddress } from '../../core/customers/address';
import { erasedHash } from '../../core/customers/address-hash';
import type { Customer } from '../../core/customers/customer';
import { eachLimited } from '../../core/each-limited';
import { nextAlarmAt } from '../../core/planning/plan';
import { compactState, emptyState } from '../../core/planning/state';
import { filingEvents, onSequenceEvents } from '../../core/sequences/triggers';
import type { CustomerRecord, FilingRead, SuppressionRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { planContextFor } from '../fire/plan-context';
import { flagsFrom } from '../send/suppression';
import { withSegmentMoves } from '../sequences/segment-moves';
import { countSequenceMoves } from '../sequences/sequence-stats';
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
 * Files a batch of customers (an import, a backend's batch) in about one
 * DynamoDB request each: the batch's profiles and suppressions are read
 * together, the planner runs once per customer, and one conditional write
 * files profile, state and alarm. The alarm is set before the write, as every
 * state save does: a crash in between leaves an alarm that rings early and
 * finds nothing new. A customer someone else wrote meanwhile (the write's
 * condition fails) is filed again through `upsertCustomer`, which reads first.
 * @example const results = await fileCustomers(deps, customers);
 */
export async function fileCustomers(
  deps: EngineDeps,
  customers: readonly Customer[],
  /** What `readForFiling` answered for these customers, when the caller read it already. */
  alreadyRead?: ReadonlyMap<string, FilingRead>,
): Promise<FilingResult[]> {
  if (customers.length === 0) return [];
  const read = alreadyRead ?? (await deps.store.customers.readForFiling(customers.map((c) => c.customerId)));
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
  // The planner reads the rules synchronously: bring the live ones up to date once for the batch.
  await deps.content.refresh();
  return eachLimited(customers, FILING_CONCURRENCY, async (customer) => {
    const onFile = read.get(customer.customerId) ?? { dealsWaiting: false };
    // One customer's failure is theirs: the rest of the batch still lands.
    return fileOne(deps, customer, onFile, listed).catch(
      (error: unknown): FilingResult => ({
        customerId: customer.customerId,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  });
}

async function fileOne(
  deps: EngineDeps,
  customer: Customer,
  { record: onFile, dealsWaiting }: FilingRead,
  listed: ReadonlyMap<string, SuppressionRecord>,
): Promise<UpsertResult> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const base: CustomerRecord = onFile
    ? { ...onFile, customer }
    : { customer, state: emptyState, createdAt: at, updatedAt: at };
  const suppressed = flagsFrom(base, changedChannels(customer, onFile?.customer), listed, now);
  const filed = compactState({ ...base.state, suppressed, version: base.state.version + 1 }, now);
  const ctx = await planContextFor(deps, base, filed);
  const events = filingEvents(customer, onFile?.customer);
  const state = await withSegmentMoves(
    deps,
    base,
    onSequenceEvents(filed, ctx.rules.sequences, ctx.tier, events, now),
    now,
    onFile?.customer ?? null,
  );
  const nextAt = nextAlarmAt({ ...ctx, state }, now);
  if (nextAt?.toISOString() !== onFile?.nextAt) {
    if (nextAt) await deps.scheduler.arm(customer.customerId, nextAt);
    else await deps.scheduler.disarm(customer.customerId);
  }
  const expect = onFile ? { version: onFile.state.version } : ('new' as const);
  if (!(await deps.store.customers.fileProfile({ customer, state, nextAt, expect }, now))) {
    return upsertCustomer(deps, customer);
  }
  await countSequenceMoves(deps, base.state, state);
  await fileReferral(deps, customer, base.createdAt, onFile?.customer);
  if (!onFile && dealsWaiting) await applyEarlierDeals(deps, { ...base, state });
  deps.log('customer.upserted', { customerId: customer.customerId, created: !onFile });
  return { customerId: customer.customerId, status: onFile ? 'updated' : 'created' };
}
