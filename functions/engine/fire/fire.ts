import { stopChase } from '../../core/cadence/chase';
import { localDateOf } from '../../core/calendars/local-time';
import type { Channel } from '../../core/customers/customer';
import { NotFoundError } from '../../core/errors';
import { messageIdFor } from '../../core/ids';
import type { CapVerdict } from '../../core/planning/caps';
import {
  applyAction,
  type CadenceAction,
  type ChaseAction,
  capVerdictFor,
  type DueAction,
  dueNow,
  holdBack,
  type PlanContext,
  planActions,
} from '../../core/planning/plan';
import type { EngineState } from '../../core/planning/state';
import type { CustomerRecord } from '../../ports/store/index';
import { carryOutCampaign, countCampaignOutcomes, type FireSteps } from '../campaigns/campaign-fire';
import type { EngineDeps } from '../deps';
import { fileTask } from '../replies/tasks';
import { noteSent, type SendOutcome, sendMessage } from '../send/send-message';
import { planContextFor } from './plan-context';
import { updateState } from './update-state';

/** A send that failed at the provider is tried again after this long. */
const RETRY_AFTER_MS = 15 * 60_000;

export interface FireReport {
  customerId: string;
  actions: { rule: string; occurrence: string; outcome: string }[];
  nextAt?: string;
}

interface Step {
  state: EngineState;
  outcome: string;
  retry: boolean;
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

/**
 * The state once a send was handed over (or already had been): the occasion
 * is done and the customer touched. A queued message counts as sent for the
 * caps; its delivery is the send queue's to finish.
 */
function afterSend(
  state: EngineState,
  action: DueAction,
  outcome: SendOutcome & { status: 'sent' | 'queued' | 'duplicate' },
  now: Date,
  ctx: PlanContext,
): EngineState {
  const next = noteSent(applyAction(state, action, now, ctx.rules), outcome.message);
  if (outcome.status === 'duplicate') return next;
  return {
    ...next,
    lastTouchAt: now.toISOString(),
    marketingSent: action.marketing ? [...next.marketingSent, now.toISOString()] : next.marketingSent,
  };
}

/** The step a send outcome makes; only what "unreachable" means differs between rules. */
function stepAfter(
  outcome: SendOutcome,
  state: EngineState,
  action: DueAction,
  now: Date,
  ctx: PlanContext,
  unreachable: (reason: string) => EngineState,
): Step {
  switch (outcome.status) {
    case 'sent':
    case 'queued':
    case 'duplicate':
      return { state: afterSend(state, action, outcome, now, ctx), outcome: outcome.status, retry: false };
    case 'unreachable':
      return { state: unreachable(outcome.reason), outcome: `unreachable (${outcome.reason})`, retry: false };
    case 'failed':
      return { state, outcome: 'failed', retry: true };
  }
}

async function sendVia(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  channels: readonly Channel[],
  request: Omit<Parameters<typeof sendMessage>[3], 'channel'>,
): Promise<SendOutcome> {
  let outcome: SendOutcome = { status: 'unreachable', reason: 'no-address' };
  for (const channel of channels) {
    outcome = await sendMessage(deps, record.customer, state, { ...request, channel });
    if (outcome.status !== 'unreachable') return outcome;
  }
  return outcome;
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
    const taskId = messageIdFor(customer.customerId, action.rule, action.occurrence);
    await fileTask(deps, customer, {
      id: taskId,
      customerId: customer.customerId,
      task: 'call',
      status: 'open',
      note: 'No reply to the chased letter or its follow-ups: call the customer.',
      chaseId: action.chaseId,
      at: now.toISOString(),
    });
    const alert = await sendMessage(deps, customer, state, {
      rule: action.rule,
      occurrence: `${action.occurrence}:owner`,
      template: action.effect.template,
      channel: 'email',
      kind: 'transactional',
      toOwner: true,
      variables: { ...variables, task: { id: taskId } },
    });
    return {
      state: applyAction(state, action, now, ctx.rules),
      outcome: `task (${alert.status})`,
      retry: false,
    };
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
  const channels: Channel[] = action.channels === 'email-then-sms' ? ['email', 'sms'] : [action.channels];
  const outcome = await sendVia(deps, record, state, channels, {
    rule: action.rule,
    occurrence: action.occurrence,
    template: action.template,
    kind: action.marketing ? 'marketing' : 'transactional',
    variables: action.variables,
  });
  // Nothing to send it on: the occasion passes, as it would for a letter with no address.
  return stepAfter(outcome, state, action, now, ctx, () => applyAction(state, action, now, ctx.rules));
}

/**
 * The frequency caps refused a due marketing message: it moves or is dropped
 * (the pure `holdBack` decides, as in the forecast), and the timeline says why.
 */
async function heldBack(
  deps: EngineDeps,
  state: EngineState,
  action: DueAction,
  now: Date,
  ctx: PlanContext,
  reason: CapVerdict,
): Promise<Step> {
  const held = holdBack(ctx, state, action, now, reason);
  const { customer } = ctx;
  const note =
    held.kind === 'dropped'
      ? `${action.rule} ${action.occurrence} dropped: ${reason} (tier ${ctx.tier}) until past its ${action.maxDelayDays}-day limit`
      : `${action.rule} ${action.occurrence} moved to ${held.until}: ${reason} (tier ${ctx.tier})`;
  await deps.store.timeline.addEntry({
    type: 'note',
    id: messageIdFor(
      customer.customerId,
      `${action.rule}:${held.kind === 'dropped' ? 'dropped' : held.until}`,
      action.occurrence,
    ),
    customerId: customer.customerId,
    rule: action.rule,
    occurrence: action.occurrence,
    note,
    at: now.toISOString(),
  });
  return {
    state: held.state,
    outcome: held.kind === 'dropped' ? 'dropped' : `deferred to ${held.until}`,
    retry: false,
  };
}

/** The fire's steps a campaign message reuses (engine/campaigns/campaign-fire.ts). */
const campaignSteps: FireSteps = { sendVia, stepAfter, heldBack };

/**
 * What the scheduler calls when a customer's alarm rings: re-read the
 * customer, carry out whatever is due now (most important first, under the
 * caps), and set the next alarm. A late, early or duplicated fire is harmless:
 * it decides from the stored state.
 */
export async function fireCustomer(deps: EngineDeps, customerId: string): Promise<FireReport> {
  const report: FireReport = { customerId, actions: [] };
  deps.metrics.count('Fires');
  // The planner reads the rules synchronously: bring the live ones up to date first.
  await deps.content.refresh();
  const saved = await updateState(
    deps,
    customerId,
    async (record, now) => {
      report.actions = [];
      let state = record.state;
      let retryAt: Date | undefined;
      const ctx = await planContextFor(deps, record);
      const planned = planActions(ctx, now);
      for (const action of dueNow(planned, now)) {
        const verdict = capVerdictFor({ ...ctx, state }, action, planned, now);
        const step =
          action.type === 'campaign'
            ? await carryOutCampaign(deps, record, state, action, now, ctx, verdict, campaignSteps)
            : verdict !== 'ok'
              ? await heldBack(deps, state, action, now, ctx, verdict)
              : action.type === 'chase'
                ? await carryOutChase(deps, record, state, action, now, ctx)
                : await carryOutCadence(deps, record, state, action, now, ctx);
        report.actions.push({ rule: action.rule, occurrence: action.occurrence, outcome: step.outcome });
        state = step.state;
        if (step.retry) retryAt = new Date(now.getTime() + RETRY_AFTER_MS);
      }
      return { state, ...(retryAt ? { retryAt } : {}) };
    },
    { rearm: true },
  ).catch(async (error: unknown) => {
    // A customer deleted since the alarm was set: nothing left to do.
    if (!(error instanceof NotFoundError)) throw error;
    await deps.scheduler.disarm(customerId);
    return undefined;
  });
  if (!saved) return report;
  await countCampaignOutcomes(deps, customerId, report.actions);
  if (saved.nextAt) report.nextAt = saved.nextAt;
  deps.log('customer.fired', { customerId, actions: report.actions.length, nextAt: report.nextAt });
  return report;
}
