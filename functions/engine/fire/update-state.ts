import { stateFactsOf } from '../../core/campaigns/segment';
import { ConflictError, NotFoundError } from '../../core/errors';
import { nextAlarmAt } from '../../core/planning/plan';
import { compactState, type EngineState } from '../../core/planning/state';
import type { CustomerRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { withSegmentMoves } from '../sequences/segment-moves';
import { countSequenceMoves } from '../sequences/sequence-stats';
import { planContextFor } from './plan-context';

const MAX_ATTEMPTS = 5;

export interface StateChange {
  state: EngineState;
  /** An earlier alarm than the plan's, e.g. to retry a failed send. */
  retryAt?: Date;
}

/**
 * Read-decide-write for one customer's engine state with optimistic locking:
 * `change` sees the freshest record and returns the next state (or undefined
 * for no change); a concurrent writer makes it run again on the new record.
 * Afterwards the customer's alarm is moved to the plan's next time.
 */
export async function updateState(
  deps: EngineDeps,
  customerId: string,
  change: (record: CustomerRecord, now: Date) => Promise<StateChange | undefined> | StateChange | undefined,
  options: {
    rearm?: boolean;
    /** The record as just read by the caller, for the first attempt (absent: no such customer). */
    read?: { record: CustomerRecord | undefined };
  } = {},
): Promise<CustomerRecord> {
  // Set once an attempt moved the alarm: a later attempt (after a lost race) must set it again.
  let alarmMoved = false;
  const setAlarm = async (at: Date | undefined) => {
    alarmMoved = true;
    if (at) await deps.scheduler.arm(customerId, at);
    else await deps.scheduler.disarm(customerId);
  };
  for (let attempt = 1; ; attempt++) {
    const record =
      attempt === 1 && options.read ? options.read.record : await deps.store.customers.get(customerId);
    if (!record) throw new NotFoundError(`customer ${customerId} not found`);
    const now = deps.clock.now();
    const changed = await change(record, now);
    if (!changed) {
      // The race was lost to a writer whose state needs nothing more: its alarm stands.
      if (alarmMoved) await setAlarm(record.nextAt ? new Date(record.nextAt) : undefined);
      return record;
    }
    // Segments are entered and left on the change that moves the customer in or out.
    const moved = await withSegmentMoves(deps, record, changed.state, now);
    const state = compactState({ ...moved, version: record.state.version + 1 }, now);
    const planned = nextAlarmAt(await planContextFor(deps, record, state), now);
    // A failed action stays due; without a retry time it would ring again at once.
    const nextAt =
      changed.retryAt && (!planned || planned <= now || changed.retryAt < planned)
        ? changed.retryAt
        : planned;
    // The alarm moves before the state is saved: a process that dies in between leaves an
    // alarm that rings early and finds nothing new, never a saved plan with no alarm.
    const nextIso = nextAt?.toISOString();
    if (options.rearm || alarmMoved || nextIso !== record.nextAt) await setAlarm(nextAt);
    try {
      // The directory entry is rewritten only when what segments read of the state moved
      // (or the customer has none yet): most fires change nothing there.
      const refreshDirectory =
        !record.inDirectory ||
        JSON.stringify(stateFactsOf(record.state)) !== JSON.stringify(stateFactsOf(state));
      await deps.store.customers.saveState(
        customerId,
        state,
        nextAt,
        refreshDirectory ? record.customer : undefined,
      );
    } catch (error) {
      if (error instanceof ConflictError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    await countSequenceMoves(deps, record.state, state);
    return { ...record, state, ...(nextIso ? { nextAt: nextIso } : {}) };
  }
}
