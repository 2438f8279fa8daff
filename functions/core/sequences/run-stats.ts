import type { EngineState } from '../planning/state';
import type { Sequence } from './sequence-definition';
import type { SequenceRun } from './sequence-run';

/** What is counted per step of a sequence. */
export const stepCounters = ['entered', 'waiting', 'sent', 'replied', 'exited', 'converted'] as const;
export type StepCounter = (typeof stepCounters)[number];

/** A step's counters, as `GET /v1/sequences/{id}/stats` answers them. */
export type StepStats = { step: string } & Record<StepCounter, number>;

const sameRun = (a: SequenceRun, b: SequenceRun) => a.sequenceId === b.sequenceId && a.entry === b.entry;

/**
 * What one state change did to the sequences' step counters, per sequence
 * (`<counter>:<step>` → by): a run reaching a step enters it and waits on it (one
 * carried out past a wait or a branch in the same fire is entered then),
 * leaving it stops waiting, a send step passed is sent, a run ended from
 * outside exits at the step it waited on, and a reply counts against the last
 * step the run carried out, as does a new deal (a conversion) while the run is on. Pure: the engine adds the result with one write per sequence.
 * @example sequenceMoves(before, after, rules.sequences).get('welcome') // { 'entered:hello': 1, 'waiting:hello': 1 }
 */
export function sequenceMoves(
  before: EngineState,
  after: EngineState,
  sequences: readonly Sequence[],
): Map<string, Record<string, number>> {
  const moves = new Map<string, Record<string, number>>();
  const add = (sequenceId: string, counter: StepCounter, step: string | undefined, by = 1) => {
    if (step === undefined) return;
    const counts = moves.get(sequenceId) ?? {};
    counts[`${counter}:${step}`] = (counts[`${counter}:${step}`] ?? 0) + by;
    moves.set(sequenceId, counts);
  };
  const replied = after.lastReplyAt !== undefined && after.lastReplyAt !== before.lastReplyAt;
  const ordered = after.value.deals > before.value.deals;
  for (const run of after.sequences) {
    const was = before.sequences.find((r) => sameRun(r, run));
    if (was && was.status !== 'active') continue;
    if (!was) {
      add(run.sequenceId, 'entered', run.step);
      add(run.sequenceId, 'waiting', run.step);
      continue;
    }
    if (replied) add(run.sequenceId, 'replied', was.lastStep);
    if (ordered) add(run.sequenceId, 'converted', was.lastStep ?? was.step);
    if (run.lastStep !== was.lastStep && run.lastStep !== undefined) {
      const step = sequences.find((s) => s.id === run.sequenceId)?.steps.find((s) => s.id === run.lastStep);
      if (step?.type === 'send') add(run.sequenceId, 'sent', step.id);
      // Reached past waits and branches in one fire: it was never waited on, but it was entered.
      if (run.lastStep !== was.step) add(run.sequenceId, 'entered', run.lastStep);
    }
    if (run.status === 'active' && run.step === was.step) continue;
    add(run.sequenceId, 'waiting', was.step, -1);
    if (run.status === 'exited') add(run.sequenceId, 'exited', was.step);
    if (run.status === 'active') {
      add(run.sequenceId, 'entered', run.step);
      add(run.sequenceId, 'waiting', run.step);
    }
  }
  return moves;
}

/** The counters as the stats answer them: one row per step of the sequence as it is now. */
export function stepStats(sequence: Sequence, counts: Readonly<Record<string, number>>): StepStats[] {
  return sequence.steps.map((step) => {
    const row = { step: step.id } as StepStats;
    for (const counter of stepCounters) row[counter] = counts[`${counter}:${step.id}`] ?? 0;
    return row;
  });
}
