import type { ChannelPolicy } from '../../core/cadence/cadence-rules';
import type { Channel } from '../../core/customers/customer';
import { messageIdFor } from '../../core/ids';
import type { DueAction, PlanContext } from '../../core/planning/actions';
import { applyAction, holdBack } from '../../core/planning/plan';
import type { EngineState } from '../../core/planning/state';
import type { HeldCap } from '../../core/timeline/note-facts';
import type { CustomerRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { fileTask } from '../replies/tasks';
import { noteSent, type SendOutcome, sendMessage } from '../send/send-message';
import { fileNote } from '../timeline-note';

// The steps every due action is carried out with, a cadence's, a chase's or a
// campaign's alike, so a campaign message goes exactly the way a cadence's does.

/** What carrying out one action did: the state after it, the outcome reported, whether to retry soon. */
export interface Step {
  state: EngineState;
  outcome: string;
  retry: boolean;
}

/** The channels a rule's policy tries, in order. */
export function channelsOf(policy: ChannelPolicy): Channel[] {
  return policy === 'email-then-sms' ? ['email', 'sms'] : [policy];
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
export function stepAfter(
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

export async function sendVia(
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

/**
 * The frequency caps refused a due marketing message: it moves or is dropped
 * (the pure `holdBack` decides, as in the forecast), and the timeline says why.
 */
export async function heldBack(
  deps: EngineDeps,
  state: EngineState,
  action: DueAction,
  now: Date,
  ctx: PlanContext,
  reason: HeldCap,
): Promise<Step> {
  const held = holdBack(ctx, state, action, now, reason);
  const { customer } = ctx;
  await fileNote(deps, {
    customerId: customer.customerId,
    rule: action.rule,
    occurrence: action.occurrence,
    what: held.kind === 'dropped' ? 'dropped' : held.until,
    facts:
      held.kind === 'dropped'
        ? { kind: 'dropped', cap: reason, tier: ctx.tier, maxDelayDays: action.maxDelayDays }
        : { kind: 'moved', until: held.until, cap: reason, tier: ctx.tier },
    at: now,
  });
  return {
    state: held.state,
    outcome: held.kind === 'dropped' ? 'dropped' : `deferred to ${held.until}`,
    retry: false,
  };
}

/**
 * A call task for the customer's owner, filed once, and the owner's mail about
 * it: the chase's last step and a sequence's task step alike.
 */
export async function ownerCallTask(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  action: DueAction,
  now: Date,
  ctx: PlanContext,
  task: { note: string; template: string; variables: Record<string, unknown>; chaseId?: string },
): Promise<Step> {
  const { customer } = record;
  const taskId = messageIdFor(customer.customerId, action.rule, action.occurrence);
  await fileTask(deps, customer, {
    id: taskId,
    customerId: customer.customerId,
    task: 'call',
    status: 'open',
    note: task.note,
    ...(task.chaseId ? { chaseId: task.chaseId } : {}),
    at: now.toISOString(),
  });
  const alert = await sendMessage(deps, customer, state, {
    rule: action.rule,
    occurrence: `${action.occurrence}:owner`,
    template: task.template,
    channel: 'email',
    kind: 'transactional',
    toOwner: true,
    variables: { ...task.variables, task: { id: taskId } },
  });
  return {
    state: applyAction(state, action, now, ctx.rules),
    outcome: `task (${alert.status})`,
    retry: false,
  };
}
