import { priorityOf } from '../cadence/cadence-rules';
import { atLocalTime, localClock } from '../calendars/local-time';
import type { PlanContext, Rules, SequenceAction } from '../planning/actions';
import { landInCustomerWindow } from '../planning/send-window';
import { deferralKey, type EngineState } from '../planning/state';
import { advanceRun, type DueStep, nextSequenceStep, type SequenceFacts } from './next-step';
import { type Sequence, sequenceRule } from './sequence-definition';
import { endRun } from './sequence-run';

/** What a branch can ask, from the customer's file and engine state. */
export function sequenceFacts(ctx: Pick<PlanContext, 'customer' | 'state' | 'tier'>): SequenceFacts {
  const { customer, state } = ctx;
  const stages = new Set(Object.values(state.value.log).flatMap((deal) => deal.stages));
  return {
    timezone: customer.timezone,
    tier: ctx.tier,
    tags: [...(customer.tags ?? []), ...state.sequenceTags],
    dealStages: [...stages],
    ...(state.lastReplyAt ? { lastReplyAt: state.lastReplyAt } : {}),
  };
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
  const facts = sequenceFacts(ctx);
  const actions: SequenceAction[] = [];
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
