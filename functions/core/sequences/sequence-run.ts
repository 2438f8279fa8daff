import { assertNever } from '../assert-never';
import type { DealStage } from '../customers/deal';
import type { Tier } from '../customers/tier';
import type { Sequence } from './sequence-definition';

export type RunStatus = 'active' | 'completed' | 'exited';

/**
 * One customer's pass through a sequence, kept on the customer's engine state
 * (no item of its own, so a fire reads nothing more than today).
 */
export interface SequenceRun {
  sequenceId: string;
  /** The customer's n-th entry into this sequence: with a step id, names each message for good. */
  entry: number;
  enteredAt: string;
  /** When the last step ran (or the run began): waits count from here. */
  lastAt: string;
  /** The id of the next step to run; a step removed by an edit is looked up after `lastStep`. */
  step?: string;
  lastStep?: string;
  status: RunStatus;
  endedAt?: string;
  endedBy?: string;
  openedAt?: string;
  clickedAt?: string;
  /** The deal that started the run, for its templates and an item-years wait. */
  deal?: RunDeal;
}

export interface RunDeal {
  dealId: string;
  item?: string;
  /** The longest years of use among the deal's items. */
  years?: number;
}

/** What ends a run from outside it. */
export type ExitEvent =
  | { kind: 'reply' }
  | { kind: 'unsubscribe' }
  | { kind: 'deal-stage'; stage: DealStage }
  | { kind: 'tag'; tag: string }
  | { kind: 'segment-left'; segmentId: string }
  | { kind: 'api' }
  | { kind: 'disabled' };

export type EnterVerdict =
  | { entered: true; runs: SequenceRun[]; run: SequenceRun }
  | { entered: false; reason: 'disabled' | 'tier' | 'running' | 'reentry' };

const DAY_MS = 86_400_000;

/**
 * Starts the customer on `sequence` at `now`, unless it is disabled, not for the customer's
 * tier, already running, or its re-entry policy refuses (never, or not yet N days since the last run).
 * @example enterSequence([], welcome, 'B', now) // { entered: true, run: { entry: 1, step: 'thanks', … } }
 */
export function enterSequence(
  runs: readonly SequenceRun[],
  sequence: Sequence,
  tier: Tier,
  now: Date,
  deal?: RunDeal,
): EnterVerdict {
  if (!sequence.enabled) return { entered: false, reason: 'disabled' };
  if (!sequence.tiers.includes(tier)) return { entered: false, reason: 'tier' };
  const mine = runs.filter((r) => r.sequenceId === sequence.id);
  if (mine.some((r) => r.status === 'active')) return { entered: false, reason: 'running' };
  const last = mine.at(-1);
  if (last) {
    const { reentry } = sequence;
    if (reentry.policy === 'never') return { entered: false, reason: 'reentry' };
    if (reentry.policy === 'after') {
      const since = Date.parse(last.endedAt ?? last.enteredAt);
      if (now.getTime() - since < reentry.days * DAY_MS) return { entered: false, reason: 'reentry' };
    }
  }
  const iso = now.toISOString();
  const run: SequenceRun = {
    sequenceId: sequence.id,
    entry: Math.max(0, ...mine.map((r) => r.entry)) + 1,
    enteredAt: iso,
    lastAt: iso,
    status: 'active',
    ...(sequence.steps[0] ? { step: sequence.steps[0].id } : {}),
    ...(deal ? { deal } : {}),
  };
  return { entered: true, runs: compactRuns([...runs, run]), run };
}

/** Whether `event` ends a run of `sequence` under its exits. */
export function exitsOn(sequence: Sequence, event: ExitEvent): boolean {
  switch (event.kind) {
    case 'reply':
      return sequence.exits.reply;
    case 'unsubscribe':
      return sequence.exits.unsubscribe;
    case 'deal-stage':
      return sequence.exits.dealStages.includes(event.stage);
    case 'tag':
      return sequence.exits.tags.includes(event.tag);
    case 'segment-left':
      return sequence.exits.segmentId === event.segmentId;
    case 'api':
    case 'disabled':
      return true;
    default:
      return assertNever(event);
  }
}

/**
 * The runs after `event` at `at`: each active run whose sequence exits on it is ended
 * (a run whose sequence is gone ends too). Only `sequenceId` limits it to one sequence.
 */
export function exitRuns(
  runs: readonly SequenceRun[],
  sequences: readonly Sequence[],
  event: ExitEvent,
  at: Date,
  sequenceId?: string,
): SequenceRun[] {
  return runs.map((run) => {
    if (run.status !== 'active' || (sequenceId !== undefined && run.sequenceId !== sequenceId)) return run;
    const sequence = sequences.find((s) => s.id === run.sequenceId);
    if (sequence && !exitsOn(sequence, event)) return run;
    return endRun(run, 'exited', sequence ? event.kind : 'sequence-removed', at);
  });
}

export function endRun(
  run: SequenceRun,
  status: Exclude<RunStatus, 'active'>,
  by: string,
  at: Date,
): SequenceRun {
  const { step: _next, ...rest } = run;
  return { ...rest, status, endedAt: at.toISOString(), endedBy: by };
}

/** Ended runs beyond the last of each sequence are dropped (its entry count and end date are all re-entry needs). */
export function compactRuns(runs: readonly SequenceRun[]): SequenceRun[] {
  const lastEnded = new Map<string, SequenceRun>();
  for (const run of runs) if (run.status !== 'active') lastEnded.set(run.sequenceId, run);
  return runs.filter((run) => run.status === 'active' || lastEnded.get(run.sequenceId) === run);
}
