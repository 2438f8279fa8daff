import { matchesSegment, placesOf } from '../../core/campaigns/segment';
import type { DirectoryCursor } from '../../ports/store/index';
import { getSegment } from '../campaigns/segments';
import type { EngineDeps, StoreDeps } from '../deps';
import { type CustomerHit, EXPORT_LIMIT, hitOf } from './customer-search';

/** Directory entries a segment's list reads at most: the bound of one download. */
const READ_BUDGET = 50_000;
const PAGE = 500;

/**
 * The customers of a saved segment, as the list shows them, for its CSV: the
 * directory read page by page (by the segment's places when it names some), at
 * most EXPORT_LIMIT rows and READ_BUDGET entries. With `owner`, only theirs.
 * @example const { customers } = await listSegmentCustomers(deps, 'hangzhou-vip');
 */
export async function listSegmentCustomers(
  deps: Pick<EngineDeps, 'clock' | 'tiers'> & StoreDeps<'directory' | 'segments'>,
  segmentId: string,
  owner?: string,
): Promise<{ customers: CustomerHit[]; truncated: boolean }> {
  const { filter } = await getSegment(deps, segmentId);
  const now = deps.clock.now();
  const cutoffs = await deps.tiers.cutoffs();
  const places = placesOf(filter);
  const customers: CustomerHit[] = [];
  let cursor: DirectoryCursor | undefined;
  let read = 0;
  do {
    const page = await deps.store.directory.page(places, cursor, PAGE);
    read += page.entries.length;
    cursor = page.next;
    for (const entry of page.entries) {
      if (owner !== undefined && entry.facts.ownerEmail !== owner) continue;
      if (!matchesSegment(filter, entry.facts, { now, cutoffs })) continue;
      customers.push(hitOf(entry, cutoffs));
    }
  } while (cursor && customers.length < EXPORT_LIMIT && read < READ_BUDGET);
  return {
    customers: customers.slice(0, EXPORT_LIMIT),
    truncated: cursor !== undefined || customers.length > EXPORT_LIMIT,
  };
}
