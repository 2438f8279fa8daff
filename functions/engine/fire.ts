import { stopChase } from '../core/chase';
import { NotFoundError } from '../core/errors';
import { messageIdFor } from '../core/ids';
import { localDateOf } from '../core/local-time';
import { applyAction, type DueAction, dueActions } from '../core/plan';
import type { EngineState } from '../core/state';
import type { CustomerRecord } from '../ports/store/index';
import type { EngineDeps } from './deps';
import { noteSent, sendMessage } from './send';
import { updateState } from './update-state';

/** A send that failed at the provider is tried again after this long. */
const RETRY_AFTER_MS = 15 * 60_000;

export interface FireReport {
  customerId: string;
  actions: { rule: string; occurrence: string; outcome: string }[];
  nextAt?: string;
}

function chaseVariables(record: CustomerRecord, action: DueAction): Record<string, unknown> {
  const chase = record.state.chases.find((c) => c.id === action.chaseId);
  if (!chase) return {};
  return {
    chase: {
      subject: chase.subject,
      sentOn: localDateOf(new Date(chase.startedAt), record.customer.timezone),
      step: action.stepIndex + 1,
    },
  };
}

async function carryOut(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  action: DueAction,
  now: Date,
): Promise<{ state: EngineState; outcome: string; retry: boolean }> {
  const { customer } = record;
  const variables = chaseVariables(record, action);
  if (action.effect.type === 'call-task') {
    const taskId = messageIdFor(customer.customerId, action.rule, action.occurrence);
    await deps.store.timeline.addEntry({
      type: 'task',
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
      state: applyAction(state, action, now, deps.rules),
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
  switch (outcome.status) {
    case 'sent':
    case 'duplicate':
      return {
        state: noteSent(applyAction(state, action, now, deps.rules), outcome.message),
        outcome: outcome.status,
        retry: false,
      };
    case 'unreachable':
      // The channel the chase runs on is gone (unsubscribed, removed): chasing further is pointless.
      return {
        state: { ...state, chases: stopChase(state.chases, action.chaseId, now, outcome.reason) },
        outcome: `unreachable (${outcome.reason})`,
        retry: false,
      };
    case 'failed':
      return { state, outcome: 'failed', retry: true };
  }
}

/**
 * What the scheduler calls when a customer's alarm rings: re-read the
 * customer, carry out whatever is due now, and set the next alarm. A late,
 * early or duplicated fire is harmless: it decides from the stored state.
 */
export async function fireCustomer(deps: EngineDeps, customerId: string): Promise<FireReport> {
  const report: FireReport = { customerId, actions: [] };
  const saved = await updateState(
    deps,
    customerId,
    async (current, now) => {
      report.actions = [];
      let state = current.state;
      let retryAt: Date | undefined;
      for (const action of dueActions(current.customer, state, deps.rules, now)) {
        const result = await carryOut(deps, current, state, action, now);
        report.actions.push({ rule: action.rule, occurrence: action.occurrence, outcome: result.outcome });
        state = result.state;
        if (result.retry) retryAt = new Date(now.getTime() + RETRY_AFTER_MS);
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
  if (saved.nextAt) report.nextAt = saved.nextAt;
  deps.log('customer.fired', { customerId, actions: report.actions.length, nextAt: report.nextAt });
  return report;
}
