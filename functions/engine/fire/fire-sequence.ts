import { assertNever } from '../../core/assert-never';
import type { PlanContext, SequenceAction } from '../../core/planning/actions';
import type { CapVerdict } from '../../core/planning/caps';
import { applyAction } from '../../core/planning/plan';
import type { EngineState } from '../../core/planning/state';
import { settleSequenceStep } from '../../core/sequences/sequence-plan';
import { onSequenceEvents } from '../../core/sequences/triggers';
import type { CustomerRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { fileNote } from '../timeline-note';
import { channelsOf, heldBack, ownerCallTask, type Step, sendVia, stepAfter } from './fire-steps';

/** The sequence's variables, from the state as this fire has it (a run it started included). */
function sequenceVariables(
  ctx: PlanContext,
  state: EngineState,
  action: SequenceAction,
): Record<string, unknown> {
  const sequence = ctx.rules.sequences.find((s) => s.id === action.sequenceId);
  const run = state.sequences.find((r) => r.sequenceId === action.sequenceId && r.entry === action.entry);
  return {
    sequence: {
      id: action.sequenceId,
      name: sequence?.name ?? null,
      step: action.step.id,
      item: run?.deal?.item ?? null,
      years: run?.deal?.years ?? null,
    },
  };
}

/**
 * One sequence step carried out. A send goes the one send path, guarded by
 * (customer, `sequence:<id>`, `<entry>:<step>`), so a duplicate fire sends once;
 * a task is filed for the owner and mailed to them; a tag and the end change
 * only the state, and the end is noted on the timeline.
 */
export async function carryOutSequence(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  action: SequenceAction,
  now: Date,
  ctx: PlanContext,
  verdict: CapVerdict,
): Promise<Step> {
  const { customer } = record;
  const { step } = action;
  const variables = sequenceVariables(ctx, state, action);
  switch (step.type) {
    case 'send': {
      if (verdict !== 'ok') return heldBack(deps, state, action, now, ctx, verdict);
      const outcome = await sendVia(deps, record, state, channelsOf(step.channels), {
        rule: action.rule,
        occurrence: action.occurrence,
        template: step.template,
        kind: 'marketing',
        variables,
      });
      // No channel left to reach the customer on: the run ends rather than wait on nothing.
      return stepAfter(outcome, state, action, now, ctx, (reason) =>
        settleSequenceStep(state, action, now, ctx.rules, `unreachable-${reason}`),
      );
    }
    case 'task':
      return ownerCallTask(deps, record, state, action, now, ctx, {
        note: `Sequence ${action.sequenceId}, step ${step.id}: get in touch with the customer.`,
        template: step.template,
        variables,
      });
    case 'tag':
      return {
        state: applyAction(state, action, now, ctx.rules),
        outcome: `tag ${step.op} ${step.tag}`,
        retry: false,
      };
    case 'end': {
      const next = applyAction(state, action, now, ctx.rules);
      const run = next.sequences.find((r) => r.sequenceId === action.sequenceId && r.entry === action.entry);
      await fileNote(deps, {
        customerId: customer.customerId,
        rule: action.rule,
        occurrence: action.occurrence,
        what: 'ended',
        facts: { kind: 'sequence-ended', sequence: action.sequenceId, by: run?.endedBy ?? 'end' },
        at: now,
      });
      return { state: next, outcome: `ended (${run?.endedBy ?? 'end'})`, retry: false };
    }
    case 'enter':
      // Only the state: the run's first step is planned (and, when due now, taken) by the same fire.
      return { state: applyAction(state, action, now, ctx.rules), outcome: 'entered', retry: false };
    default:
      return assertNever(step);
  }
}

/**
 * A campaign message handed over (or found handed over by a fire whose save was lost) starts
 * the sequences a campaign triggers, on the state the fire saves anyway.
 */
export function enteredByCampaign(ctx: PlanContext, step: Step, campaignId: string, now: Date): Step {
  if (!['sent', 'queued', 'duplicate'].includes(step.outcome)) return step;
  if (!ctx.rules.sequences.some((s) => s.trigger.kind === 'campaign')) return step;
  const state = onSequenceEvents(
    step.state,
    ctx.rules.sequences,
    ctx.tier,
    [{ kind: 'campaign', campaignId }],
    now,
  );
  return state === step.state ? step : { ...step, state };
}
