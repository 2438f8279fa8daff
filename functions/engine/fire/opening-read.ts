import type { CustomerRecord, FireOpening } from '../../ports/store/index';
import type { EngineDeps } from '../deps';

/**
 * A fire's first read: the customer, and with it in the same request the
 * shared items whose copies in this container are due a look (the live
 * versions of content and endpoints, the value histogram). A copy confirmed
 * unchanged is kept without reading its list, so a fire on a container idle
 * for minutes costs one read before it plans, not three or four.
 */
export async function openingRead(deps: EngineDeps, customerId: string): Promise<CustomerRecord | undefined> {
  const wants = wanted(deps);
  if (!wants.live && !wants.histogram) return deps.store.customers.get(customerId);
  const opening = await deps.store.fireReads.read(customerId, wants);
  accept(deps, opening);
  return opening.record;
}

/** The same first read for a batch of recipients (a send list's hundred): one request. */
export async function openingReadMany(
  deps: EngineDeps,
  customerIds: readonly string[],
): Promise<CustomerRecord[]> {
  const wants = wanted(deps);
  if (!wants.live && !wants.histogram) return deps.store.customers.getMany(customerIds, { consistent: true });
  const opening = await deps.store.fireReads.readMany(customerIds, wants);
  accept(deps, opening);
  return opening.records;
}

const wanted = (deps: EngineDeps) => ({
  live: deps.content.stale || deps.webhooks.stale,
  histogram: deps.tiers.stale,
});

function accept(deps: EngineDeps, opening: Omit<FireOpening, 'record'>): void {
  if (opening.live) {
    deps.content.confirm(opening.live.content);
    deps.webhooks.confirm(opening.live.hooks);
  }
  if (opening.histogram) deps.tiers.accept(opening.histogram);
}
