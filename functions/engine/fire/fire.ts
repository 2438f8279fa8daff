import { assertNever } from '../../core/assert-never';
import { stopChase } from '../../core/cadence/chase';
import { localDateOf } from '../../core/calendars/local-time';
import { type CampaignSpec, queueCampaign } from '../../core/campaigns/campaign';
import { NotFoundError } from '../../core/errors';
import type {
  CadenceAction,
  ChaseAction,
  DueAction,
  OwnerDigestAction,
  PlanContext,
} from '../../core/planning/actions';
import type { CapVerdict } from '../../core/planning/caps';
import { applyAction, capVerdictFor, dueNow, planActions } from '../../core/planning/plan';
import type { EngineState } from '../../core/planning/state';
import type { CustomerRecord } from '../../ports/store/index';
import { carryOutCampaign, countCampaignOutcomes } from '../campaigns/campaign-fire';
import type { EngineDeps } from '../deps';
import { sendOwnerDigest } from '../replies/answers';
import { sendMessage } from '../send/send-message';
import { carryOutSequence, enteredByCampaign } from './fire-sequence';
import { channelsOf, heldBack, ownerCallTask, type Step, sendVia, stepAfter } from './fire-steps';
import { openingRead } from './opening-read';
import { planContextFor } from './plan-context';
import { updateState } from './update-state';

/** A send that failed at the provider is tried again after this long. */
const RETRY_AFTER_MS = 15 * 60_000;
/** Rounds of a fire: the due actions, then the first steps of the runs they started. */
const MAX_PASSES = 3;

/** Whether the run `<sequenceId>` `<entry>` was not on the record when the fire began. */
function startedHere(record: CustomerRecord, sequenceId: string, entry: number): boolean {
  return !record.state.sequences.some((r) => r.sequenceId === sequenceId && r.entry === entry);
}

export interface FireReport {
  customerId: string;
  actions: { rule: string; occurrence: string; outcome: string }[];
  nextAt?: string;
}

function chaseVariables(record: CustomerRecord, action: ChaseAction): Record<string, unknown> {
  const chase = record.state.chases.find((c) => c.id === action.chaseId);
  if (!chase) return {};
  return {
    chase: {
      subject: chase.subject ?? null,
      sentOn: localDateOf(new Date(chase.startedAt), record.customer.timezone),
      step: action.stepIndex + 1,
    },
  };
}

async function carryOutChase(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  action: ChaseAction,
  now: Date,
  ctx: PlanContext,
): Promise<Step> {
  const { customer } = record;
  const variables = chaseVariables(record, action);
  if (action.effect.type === 'call-task') {
    return ownerCallTask(deps, record, state, action, now, ctx, {
      note: 'No reply to the chased letter or its follow-ups: call the customer.',
      template: action.effect.template,
      variables,
      chaseId: action.chaseId,
    });
  }
  const outcome = await sendMessage(deps, customer, state, {
    rule: action.rule,
    occurrence: action.occurrence,
    template: action.effect.template,
    channel: action.effect.channel,
    kind: 'marketing',
    variables,
  });
  // The channel the chase runs on is gone (unsubscribed, removed): chasing further is pointless.
  return stepAfter(outcome, state, action, now, ctx, (reason) => ({
    ...state,
    chases: stopChase(state.chases, action.chaseId, now, reason),
  }));
}

async function carryOutCadence(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  action: CadenceAction,
  now: Date,
  ctx: PlanContext,
): Promise<Step> {
  const outcome = await sendVia(deps, record, state, channelsOf(action.channels), {
    rule: action.rule,
    occurrence: action.occurrence,
    template: action.template,
    kind: action.marketing ? 'marketing' : 'transactional',
    variables: action.variables,
  });
  // Nothing to send it on: the occasion passes, as it would for a letter with no address.
  return stepAfter(outcome, state, action, now, ctx, () => applyAction(state, action, now, ctx.rules));
}

/** The owner's digest: owed to the owner, so it touches neither the customer's caps nor their latest message. */
async function carryOutDigest(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  action: OwnerDigestAction,
  now: Date,
  ctx: PlanContext,
): Promise<Step> {
  const outcome = await sendOwnerDigest(deps, record, action);
  const failed = outcome.status === 'failed';
  return {
    state: failed ? state : applyAction(state, action, now, ctx.rules),
    outcome: `digest (${outcome.status === 'unreachable' ? outcome.reason : outcome.status})`,
    retry: failed,
  };
}

/** One due action carried out: a campaign's message, a chase, sequence or cadence step, or held back by the caps. */
function carryOut(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  action: DueAction,
  now: Date,
  ctx: PlanContext,
  verdict: CapVerdict,
): Promise<Step> {
  switch (action.type) {
    case 'campaign':
      return carryOutCampaign(deps, record, state, action, now, ctx, verdict).then((step) =>
        enteredByCampaign(ctx, step, action.campaignId, now),
      );
    case 'chase':
      return verdict === 'ok'
        ? carryOutChase(deps, record, state, action, now, ctx)
        : heldBack(deps, state, action, now, ctx, verdict);
    case 'cadence':
      return verdict === 'ok'
        ? carryOutCadence(deps, record, state, action, now, ctx)
        : heldBack(deps, state, action, now, ctx, verdict);
    case 'owner-digest':
      return carryOutDigest(deps, record, state, action, now, ctx);
    case 'sequence':
      return carryOutSequence(deps, record, state, action, now, ctx, verdict);
    default:
      return assertNever(action);
  }
}

export interface FireOptions {
  /** The record as just read: a send list's recipients are read a hundred at a time. */
  read?: { record: CustomerRecord | undefined };
  /** A campaign put on the state before deciding: its send list's minute has come. */
  queue?: CampaignSpec;
  /** False: the caller counts the campaign outcomes, summed over its recipients. */
  countOutcomes?: boolean;
}

/** The record with the campaign's sends waiting on its state, as the fan-out once put them. */
function withCampaign(
  deps: EngineDeps,
  record: CustomerRecord,
  spec: CampaignSpec,
  now: Date,
): CustomerRecord {
  const { state } = queueCampaign(record.state, spec, record.customer, now, deps.settings.signingKey);
  return state === record.state ? record : { ...record, state };
}

/**
 * What the scheduler calls when a customer's alarm rings (or a campaign's send
 * list, for each of a minute's recipients): re-read the
 * customer, carry out whatever is due now (most important first, under the
 * caps), and set the next alarm. A late, early or duplicated fire is harmless:
 * it decides from the stored state.
 */
export async function fireCustomer(
  deps: EngineDeps,
  customerId: string,
  options: FireOptions = {},
): Promise<FireReport> {
  const report: FireReport = { customerId, actions: [] };
  const { queue, countOutcomes = true } = options;
  deps.metrics.count('Fires');
  const read = options.read ?? { record: await openingRead(deps, customerId) };
  // The planner reads the rules synchronously: bring the live ones up to date first.
  await deps.content.refresh();
  const saved = await updateState(
    deps,
    customerId,
    async (stored, now) => {
      report.actions = [];
      const record = queue ? withCampaign(deps, stored, queue, now) : stored;
      let state = record.state;
      let retryAt: Date | undefined;
      const ctx = await planContextFor(deps, record);
      let planned = planActions(ctx, now);
      let due = dueNow(planned, now);
      const taken = new Set<string>();
      for (let pass = 0; pass < MAX_PASSES && due.length > 0; pass++) {
        for (const action of due) {
          taken.add(`${action.rule}|${action.occurrence}`);
          const verdict = capVerdictFor({ ...ctx, state }, action, planned, now);
          const step = await carryOut(deps, record, state, action, now, ctx, verdict);
          report.actions.push({ rule: action.rule, occurrence: action.occurrence, outcome: step.outcome });
          state = step.state;
          if (step.retry) retryAt = new Date(now.getTime() + RETRY_AFTER_MS);
        }
        // A run this fire started (a date, a silence, a campaign message) takes its first step now
        // when it is due now, rather than on an alarm of its own a moment later.
        if (!state.sequences.some((run) => startedHere(stored, run.sequenceId, run.entry))) break;
        planned = planActions({ ...ctx, state }, now);
        due = dueNow(planned, now).filter(
          (a) =>
            a.type === 'sequence' &&
            !taken.has(`${a.rule}|${a.occurrence}`) &&
            startedHere(stored, a.sequenceId, a.entry),
        );
      }
      return { state, ...(retryAt ? { retryAt } : {}) };
    },
    { rearm: !queue, read },
  ).catch(async (error: unknown) => {
    // A customer deleted since the alarm was set: nothing left to do.
    if (!(error instanceof NotFoundError)) throw error;
    await deps.scheduler.disarm(customerId);
    return undefined;
  });
  if (!saved) return report;
  if (countOutcomes) await countCampaignOutcomes(deps, customerId, report.actions);
  if (saved.nextAt) report.nextAt = saved.nextAt;
  deps.log('customer.fired', { customerId, actions: report.actions.length, nextAt: report.nextAt });
  return report;
}
