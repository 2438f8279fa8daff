import { assertNever } from '../assert-never';
import type { ChannelPolicy } from '../cadence/cadence-rules';
import { localWallTime } from '../calendars/local-time';
import type { Channel, Customer } from '../customers/customer';
import type { DueAction, PlanContext } from './actions';
import { applyAction, capVerdictFor, dueNow, holdBack, planActions } from './plan';
import type { EngineState } from './state';

export interface ForecastEntry {
  /** UTC instant, and the customer's wall clock then. */
  at: string;
  local: string;
  rule: string;
  occurrence: string;
  template: string;
  channel: Channel | 'task' | 'none';
  status: 'scheduled' | 'deferred' | 'dropped';
  /** Why a message moved or was dropped (the caps). */
  reason?: string;
  marketing: boolean;
}

/** The channel a policy resolves to for this customer, as the send path would pick it. */
export function resolveChannel(
  customer: Customer,
  state: EngineState,
  policy: ChannelPolicy | Channel,
): Channel | 'none' {
  const ok = (channel: Channel) =>
    (channel === 'email' ? customer.email : customer.phone) !== undefined &&
    customer.consent[channel] &&
    !state.suppressed[channel];
  const order: Channel[] = policy === 'email-then-sms' ? ['email', 'sms'] : [policy];
  return order.find(ok) ?? 'none';
}

function describe(
  action: DueAction,
  ctx: PlanContext,
  state: EngineState,
): Pick<ForecastEntry, 'template' | 'channel'> {
  switch (action.type) {
    case 'chase':
      return action.effect.type === 'send'
        ? {
            template: action.effect.template,
            channel: resolveChannel(ctx.customer, state, action.effect.channel),
          }
        : { template: action.effect.template, channel: 'task' };
    case 'owner-digest':
      return { template: 'owner-reply-digest', channel: 'task' };
    case 'sequence':
      switch (action.step.type) {
        case 'send':
          return {
            template: action.step.template,
            channel: resolveChannel(ctx.customer, state, action.step.channels),
          };
        case 'task':
          return { template: action.step.template, channel: 'task' };
        default:
          return { template: `${action.step.type}:${action.step.id}`, channel: 'task' };
      }
    case 'cadence':
    case 'campaign':
      return { template: action.template, channel: resolveChannel(ctx.customer, state, action.channels) };
    default:
      return assertNever(action);
  }
}

const MAX_STEPS = 5000;

/**
 * Every message the rules would send to one customer in the next `days`,
 * with the caps applied as the engine applies them and the customer assumed
 * silent. Pure: it simulates on a copy of the state and touches nothing.
 * @example forecast(ctx, now, 365).filter((e) => e.status === 'scheduled').length
 */
export function forecast(ctx: PlanContext, now: Date, days: number): ForecastEntry[] {
  const end = now.getTime() + days * 86_400_000;
  const { customer } = ctx;
  const entries: ForecastEntry[] = [];
  let state = ctx.state;
  let t = now;
  for (let step = 0; step < MAX_STEPS; step++) {
    const actions = planActions({ ...ctx, state }, t);
    const next = actions[0];
    if (!next || next.at.getTime() > end) break;
    t = next.at;
    const local = localWallTime(t, customer.timezone);
    // Everything due at this instant, most important first, as the engine's fire takes them.
    const due = dueNow(actions, t);
    for (const action of due) {
      const base = {
        at: t.toISOString(),
        local,
        rule: action.rule,
        occurrence: action.occurrence,
        marketing: action.marketing,
        ...describe(action, ctx, state),
      };
      if (action.type === 'campaign' && action.expired) {
        // Past its last day: the fire drops it unsent.
        entries.push({ ...base, status: 'dropped', reason: 'expired' });
        state = applyAction(state, action, t, ctx.rules);
        continue;
      }
      const verdict = capVerdictFor({ ...ctx, state }, action, actions, t);
      if (verdict !== 'ok') {
        const held = holdBack(ctx, state, action, t, verdict);
        entries.push(
          held.kind === 'dropped'
            ? { ...base, status: 'dropped', reason: verdict }
            : { ...base, status: 'deferred', reason: `${verdict}, moved to ${held.until}` },
        );
        state = held.state;
        continue;
      }
      entries.push({ ...base, status: 'scheduled' });
      state = applyAction(state, action, t, ctx.rules);
      if (base.channel !== 'none' && base.channel !== 'task') {
        state = {
          ...state,
          lastTouchAt: t.toISOString(),
          marketingSent: action.marketing ? [...state.marketingSent, t.toISOString()] : state.marketingSent,
        };
      }
    }
  }
  return entries;
}
