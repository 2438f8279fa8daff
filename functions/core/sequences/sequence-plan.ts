import { priorityOf } from '../cadence/cadence-rules';
import { atLocalTime, localClock } from '../calendars/local-time';
import { matchesSegment, segmentFactsOf } from '../campaigns/segment';
import type { PlanContext, Rules, SequenceAction } from '../planning/actions';
import { landInCustomerWindow } from '../planning/send-window';
import { deferralKey, type EngineState } from '../planning/state';
import { nextEntry } from './entry-moments';
import { advanceRun, type DueStep, nextSequenceStep, type SequenceFacts } from './next-step';
import { type Sequence, sequenceRule } from './sequence-definition';
import { endRun, enterSequence } from './sequence-run';

/** What a branch can ask, from the customer's file and engine state (segments as they are at `now`). */
export function sequenceFacts(
  ctx: Pick<PlanContext, 'customer' | 'state' | 'tier'> & { rules?: Pick<Rules, 'segments'> },
  now?: Date,
): SequenceFacts {
  const { customer, state } = ctx;
  const stages = new Set(Object.values(state.value.log).flatMap((deal) => deal.stages));
  const filters = Object.entries(ctx.rules?.segments ?? {});
  const base: SequenceFacts = {
    timezone: customer.timezone,
    tier: ctx.tier,
    tags: [...(customer.tags ?? []), ...state.sequenceTags],
    dealStages: [...stages],
    ...(state.lastReplyAt ? { lastReplyAt: state.lastReplyAt } : {}),
  };
  if (filters.length === 0 || !now) return base;
  // Only a branch on a segment asks: the filters run then, once, not on every plan.
  let segments: string[] | undefined;
  return Object.defineProperty(base, 'segments', {
    enumerable: true,
    get: () => {
      if (segments) return segments;
      const facts = segmentFactsOf(customer, state);
      segments = filters
        .filter(([, filter]) => matchesSegment(filter, facts, { now, tier: ctx.tier }))
        .map(([id]) => id);
      return segments;
    },
  });
}

/** The rank a sequence's messages take in the caps' priority list. */
export function sequencePriority(rules: Rules, sequence: Sequence): number {
  return priorityOf(rules.caps, sequence.priorityAs ?? sequenceRule(sequence.id));
}

/**
 * The next step of each of the customer's active runs, as planned actions: a send
 * lands in the customer's window (on the day the caps moved it to, if they did);
 * a task, a tag or the end is due when its wait is over. A run of a sequence that is
 * gone or disabled is due at once, to be ended with a timeline entry.
 * @example sequenceActions(ctx, now)[0]?.step.id // 'thanks'
 */
export function sequenceActions(ctx: PlanContext, now: Date): SequenceAction[] {
  const { customer, state, rules } = ctx;
  const facts = sequenceFacts(ctx, now);
  const actions: SequenceAction[] = entryActions(ctx, now);
  for (const run of state.sequences) {
    if (run.status !== 'active') continue;
    const sequence = rules.sequences.find((s) => s.id === run.sequenceId);
    const live = sequence?.enabled ? nextSequenceStep(sequence, run, facts, now) : undefined;
    const due: DueStep = live ?? {
      step: { id: 'end', type: 'end' },
      at: now,
      occurrence: `${run.entry}:end`,
      path: [],
    };
    const rule = sequenceRule(run.sequenceId);
    const send = due.step.type === 'send';
    const deferred = state.deferred[deferralKey(rule, due.occurrence)];
    const { window } = rules.caps;
    const planned = deferred ? atLocalTime(deferred.until, window.start, customer.timezone) : due.at;
    actions.push({
      type: 'sequence',
      rule,
      sequenceId: run.sequenceId,
      entry: run.entry,
      step: due.step,
      path: due.path,
      at: send ? landInCustomerWindow(planned, now, window, customer.timezone) : due.at,
      occurrence: due.occurrence,
      date: localClock(due.at, customer.timezone).date,
      priority: sequence ? sequencePriority(rules, sequence) : rules.caps.priority.length,
      marketing: send,
      maxDelayDays: sequence?.maxDelayDays ?? 0,
    });
  }
  return actions;
}

/** The moments a date or a silence starts a sequence, as planned actions due on the customer's morning. */
function entryActions(ctx: PlanContext, now: Date): SequenceAction[] {
  const actions: SequenceAction[] = [];
  for (const sequence of ctx.rules.sequences) {
    const entry = nextEntry(sequence, ctx, now);
    if (!entry) continue;
    actions.push({
      type: 'sequence',
      rule: sequenceRule(sequence.id),
      sequenceId: sequence.id,
      entry: 0,
      step: { id: 'enter', type: 'enter' },
      path: [],
      at: entry.at,
      occurrence: `enter:${entry.key}`,
      date: entry.date,
      priority: sequencePriority(ctx.rules, sequence),
      marketing: false,
      maxDelayDays: 0,
      entering: { key: entry.key, tier: ctx.tier, ...(entry.deal ? { deal: entry.deal } : {}) },
    });
  }
  return actions;
}

/** The state once a date or silence started its sequence: the run begins, the occurrence is done. */
function settleEntry(state: EngineState, action: SequenceAction, at: Date, rules: Rules): EngineState {
  const sequence = rules.sequences.find((s) => s.id === action.sequenceId);
  const { entering } = action;
  const done = { ...state.done, [action.rule]: entering?.key ?? action.occurrence };
  if (!sequence || !entering) return { ...state, done };
  const verdict = enterSequence(state.sequences, sequence, entering.tier, at, entering.deal);
  return { ...state, done, ...(verdict.entered ? { sequences: verdict.runs } : {}) };
}

/** Why a run ends without its steps: its sequence was removed or disabled by an edit. */
function endedBecause(rules: Rules, sequenceId: string): string | undefined {
  const sequence = rules.sequences.find((s) => s.id === sequenceId);
  if (!sequence) return 'sequence-removed';
  return sequence.enabled ? undefined : 'sequence-disabled';
}

/** The state once a sequence step was carried out (or dropped) at `at`: the run moves on, or ends. */
export function settleSequenceStep(
  state: EngineState,
  action: SequenceAction,
  at: Date,
  rules: Rules,
  endedBy?: string,
): EngineState {
  if (action.step.type === 'enter') return settleEntry(state, action, at, rules);
  const sequence = rules.sequences.find((s) => s.id === action.sequenceId);
  const { step } = action;
  const tags =
    step.type !== 'tag'
      ? state.sequenceTags
      : step.op === 'add'
        ? [...new Set([...state.sequenceTags, step.tag])]
        : state.sequenceTags.filter((t) => t !== step.tag);
  return {
    ...state,
    sequenceTags: tags,
    sequences: state.sequences.map((run) => {
      if (run.sequenceId !== action.sequenceId || run.entry !== action.entry || run.status !== 'active')
        return run;
      const gone = endedBy ?? endedBecause(rules, action.sequenceId);
      if (gone || !sequence)
        return endRun(run, gone === 'capped' ? 'exited' : 'completed', gone ?? 'end', at);
      return advanceRun(sequence, run, action, at);
    }),
  };
}
