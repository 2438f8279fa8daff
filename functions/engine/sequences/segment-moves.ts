import type { Customer } from '../../core/customers/customer';
import type { EngineState } from '../../core/planning/state';
import { onSegmentMoves, watchedSegments } from '../../core/sequences/segment-moves';
import type { CustomerRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';

/**
 * The state a change is about to save, with the saved segments sequences watch entered or
 * left (see `onSegmentMoves`). `previous` is the file before a filing (null: a new customer);
 * otherwise the record's own. No read or write of its own: the tiers come from their cache.
 */
export async function withSegmentMoves(
  deps: Pick<EngineDeps, 'rules' | 'tiers'>,
  record: CustomerRecord,
  state: EngineState,
  now: Date,
  previous?: Customer | null,
): Promise<EngineState> {
  if (state.segments === undefined && watchedSegments(deps.rules.sequences).length === 0) return state;
  const before = previous === undefined ? record.customer : previous;
  const [tier, tierBefore] = await Promise.all([
    deps.tiers.tierOf(state.value, record.customer.referredBy !== undefined),
    deps.tiers.tierOf(record.state.value, before?.referredBy !== undefined),
  ]);
  return onSegmentMoves(
    deps.rules,
    { customer: before, state: record.state, tier: tierBefore },
    { customer: record.customer, state, tier },
    now,
  );
}
