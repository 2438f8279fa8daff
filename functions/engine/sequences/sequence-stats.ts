import type { EngineState } from '../../core/planning/state';
import { type StepStats, sequenceMoves, stepStats } from '../../core/sequences/run-stats';
import type { EngineDeps, StoreDeps } from '../deps';
import { sequenceOf } from './live-sequence';

/** Adds what a saved state change did to the sequences' step counters: one write per sequence touched. */
export async function countSequenceMoves(
  deps: Pick<EngineDeps, 'rules'> & StoreDeps<'stats'>,
  before: EngineState,
  after: EngineState,
): Promise<void> {
  for (const [sequenceId, counts] of sequenceMoves(before, after, deps.rules.sequences)) {
    await deps.store.stats.countSequence(sequenceId, counts);
  }
}

/** A sequence's counters per step (entered, waiting, sent, replied, exited, converted to a deal), with one read. */
export async function sequenceStats(deps: EngineDeps, sequenceId: string): Promise<StepStats[]> {
  await deps.content.refresh();
  const sequence = sequenceOf(deps, sequenceId);
  return stepStats(sequence, await deps.store.stats.sequenceCounts(sequenceId));
}
