import { localDateOf } from '../../core/calendars/local-time';
import type { PlanContext } from '../../core/planning/actions';
import type { EngineState } from '../../core/planning/state';
import type { CustomerRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';

/** Everything the pure planner needs about one customer, with their tier from the book's cut-offs. */
export async function planContextFor(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState = record.state,
): Promise<PlanContext> {
  const { customer } = record;
  await deps.content.refresh();
  return {
    customer,
    state,
    tier: await deps.tiers.tierOf(state.value, customer.referredBy !== undefined),
    rules: deps.rules,
    since: localDateOf(new Date(record.createdAt), customer.timezone),
  };
}
