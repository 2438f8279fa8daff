import { assertNever } from '../assert-never';
import { addDays, yearlyDate } from '../calendars/calendar-dates';
import { atLocalTime, localClock, localTimeOf } from '../calendars/local-time';
import type { Tier } from '../customers/tier';
import type { BranchCondition, Sequence, SequenceStep } from './sequence-definition';
import type { SequenceRun } from './sequence-run';

/**
 * The steps a run stops at: each is carried out by a fire. Waits and branches are passed through;
 * `enter` is the moment a date or silence starts the run.
 */
export type ActionStep =
  | Extract<SequenceStep, { type: 'send' | 'task' | 'tag' | 'end' }>
  | { id: 'enter'; type: 'enter' };

/** What a branch may ask about the customer, read from the file and the engine state. */
export interface SequenceFacts {
  timezone: string;
  tier: Tier;
  tags: readonly string[];
  /** Every stage any of the customer's deals has reached. */
  dealStages: readonly string[];
  lastReplyAt?: string;
  /** The segments the customer is known to be in, when the caller evaluated them. */
  segments?: readonly string[];
}

export interface DueStep {
  step: ActionStep;
  /** When it is due (not before `now`); a send still lands in the customer's window. */
  at: Date;
  /** With the rule `sequence:<id>`, names the step's message for good: `<entry>:<step id>`. */
  occurrence: string;
  /** The waits and branch answers passed on the way (`ask:yes`), for the timeline and the dry run. */
  path: string[];
}

/** The step that closes a run which fell off the last step or jumped to `end`. */
const END: ActionStep = { id: 'end', type: 'end' };

/**
 * When a wait that starts at `from` is over, on the customer's clock: `days`
 * calendar days later at the same wall time, or at `at` (DST-safe), after the item's years of use when
 * the wait counts them, `hours` after that,
 * then on to the next `weekday` and the next `until` wall time.
 * @example waitUntil(new Date('2027-02-06T02:00:00Z'), { id: 'w', type: 'wait', days: 3, hours: 0 }, 'Asia/Shanghai') // 2027-02-09T02:00Z
 */
export function waitUntil(
  from: Date,
  wait: Extract<SequenceStep, { type: 'wait' }>,
  timezone: string,
  itemYears = 0,
): Date {
  const start = localClock(from, timezone);
  const years = wait.itemYears ? Math.round(itemYears) : 0;
  const startDate =
    years > 0 ? yearlyDate(start.date.slice(5), Number(start.date.slice(0, 4)) + years) : start.date;
  const dayLater = atLocalTime(startDate, wait.at ?? localTimeOf(start.minutes), timezone, wait.days);
  const at = new Date(dayLater.getTime() + wait.hours * 3_600_000);
  if (wait.weekday === undefined && wait.until === undefined) return at;
  let { date, minutes } = localClock(at, timezone);
  if (wait.weekday !== undefined) {
    const ahead = (wait.weekday - isoWeekday(date) + 7) % 7;
    if (ahead > 0) {
      date = addDays(date, ahead);
      // A new day starts at its beginning: "until Monday" without a time means Monday 00:00.
      minutes = 0;
    }
  }
  if (wait.until === undefined) return wallInstant(date, minutes, timezone);
  let until = atLocalTime(date, wait.until, timezone);
  if (until.getTime() < wallInstant(date, minutes, timezone).getTime()) {
    until = atLocalTime(date, wait.until, timezone, wait.weekday === undefined ? 1 : 7);
  }
  return until;
}

function wallInstant(date: string, minutes: number, timezone: string): Date {
  return atLocalTime(date, localTimeOf(minutes), timezone);
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whether `condition` holds for the customer on this run, at the moment the branch is reached. */
export function conditionHolds(condition: BranchCondition, facts: SequenceFacts, run: SequenceRun): boolean {
  switch (condition.kind) {
    case 'replied':
      // After entering: the reply that started a reply-triggered run does not answer its own branch.
      return facts.lastReplyAt !== undefined && facts.lastReplyAt > run.enteredAt;
    case 'opened':
      return run.openedAt !== undefined;
    case 'clicked':
      return run.clickedAt !== undefined;
    case 'deal-stage':
      return facts.dealStages.includes(condition.stage);
    case 'tier':
      return condition.tiers.includes(facts.tier);
    case 'tag':
      return facts.tags.includes(condition.tag);
    case 'segment':
      return facts.segments?.includes(condition.segmentId) ?? false;
    default:
      return assertNever(condition);
  }
}

/**
 * Where an active run resumes in `sequence` as it is now: at its next step, or, when an
 * edit removed that step, at the step after the last one it ran. Undefined when neither is left.
 */
function resumeIndex(sequence: Sequence, run: SequenceRun): number | undefined {
  const at = sequence.steps.findIndex((s) => s.id === run.step);
  if (at !== -1) return at;
  if (run.step === undefined) return sequence.steps.length;
  const last = sequence.steps.findIndex((s) => s.id === run.lastStep);
  if (last !== -1) return last + 1;
  return run.lastStep === undefined ? 0 : undefined;
}

/**
 * The run's next due step and when: waits are counted on the customer's clock from
 * the last step, branches answered with the facts as they are now (a reply or a
 * tag re-plans the customer, so the answer is asked again at every fire).
 * Undefined for a run that is over, or whose place an edit removed.
 * @example nextSequenceStep(welcome, run, facts, now) // { step: { id: 'tips', type: 'send', … }, at, occurrence: '1:tips' }
 */
export function nextSequenceStep(
  sequence: Sequence,
  run: SequenceRun,
  facts: SequenceFacts,
  now: Date,
): DueStep | undefined {
  if (run.status !== 'active') return undefined;
  let index = resumeIndex(sequence, run);
  if (index === undefined) return undefined;
  let clock = new Date(run.lastAt);
  const path: string[] = [];
  const due = (step: ActionStep): DueStep => ({
    step,
    at: clock.getTime() < now.getTime() ? now : clock,
    occurrence: `${run.entry}:${step.id}`,
    path,
  });
  // Branches only jump forward, so this walk ends within one pass over the steps.
  for (;;) {
    const step = sequence.steps[index];
    if (!step) return due(END);
    switch (step.type) {
      case 'wait':
        clock = waitUntil(clock, step, facts.timezone, run.deal?.years);
        path.push(step.id);
        index += 1;
        break;
      case 'branch': {
        const yes = conditionHolds(step.condition, facts, run);
        path.push(`${step.id}:${yes ? 'yes' : 'no'}`);
        const to = yes ? step.yes : step.no;
        if (to === 'end') return due(END);
        index = sequence.steps.findIndex((s) => s.id === to);
        break;
      }
      case 'send':
      case 'task':
      case 'tag':
      case 'end':
        return due(step);
      default:
        return assertNever(step);
    }
  }
}

/**
 * The run once `due` was carried out at `at`: on to the step after it, or over
 * when that was the end or the last step.
 */
export function advanceRun(sequence: Sequence, run: SequenceRun, due: DueStep, at: Date): SequenceRun {
  const iso = at.toISOString();
  if (due.step.type === 'end') {
    const { step: _next, ...rest } = run;
    return { ...rest, status: 'completed', endedAt: iso, endedBy: 'end', lastAt: iso };
  }
  const index = sequence.steps.findIndex((s) => s.id === due.step.id);
  const next = sequence.steps[index + 1];
  const { step: _next, ...rest } = run;
  return { ...rest, lastAt: iso, lastStep: due.step.id, ...(next ? { step: next.id } : {}) };
}
