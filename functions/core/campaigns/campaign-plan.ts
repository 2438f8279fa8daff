import { priorityOf } from '../cadence/cadence-rules';
import { addDays } from '../calendars/calendar-dates';
import { localClock } from '../calendars/local-time';
import type { CampaignAction, PlanContext } from '../planning/actions';
import { landInCustomerWindow, sendInstant } from '../planning/send-window';
import { deferralKey, type EngineState } from '../planning/state';
import { campaignRule } from './campaign-rule';

/** A campaign message due on the customer's clock. */
/** Campaign messages are ranked by this id in the caps' priority list. */
export const CAMPAIGN_PRIORITY_ID = 'campaigns';

/**
 * The campaign messages waiting on the customer's state, as planned actions:
 * at the campaign's wall time on the customer's clock (spread like a cadence,
 * inside the window), or at once for a "now" campaign; a capped one on the
 * day the caps moved it to. One past its last day is marked expired.
 * @example campaignActions(ctx, now)[0]?.at // 10:00-11:00 on the customer's clock
 */
export function campaignActions(
  ctx: Pick<PlanContext, 'customer' | 'state' | 'rules'>,
  now: Date,
): CampaignAction[] {
  const { customer, state, rules } = ctx;
  const { window } = rules.caps;
  return state.campaignSends.map((send) => {
    const rule = campaignRule(send.campaignId);
    const deferred = state.deferred[deferralKey(rule, send.key)];
    const sendAt = send.sendAt ?? window.start;
    const seed = `${customer.customerId}|${rule}|${send.key}`;
    const planned = deferred
      ? sendInstant(deferred.until, sendAt, send.spreadMinutes, window, customer.timezone, seed)
      : send.dueAt
        ? new Date(send.dueAt)
        : sendInstant(send.dueOn, sendAt, send.spreadMinutes, window, customer.timezone, seed);
    const at = landInCustomerWindow(planned, now, window, customer.timezone);
    const expired = localClock(at, customer.timezone).date > addDays(send.dueOn, send.maxDelayDays);
    return {
      type: 'campaign',
      rule,
      // An expired send is due at once, to be cleared (and counted) rather than sent.
      at: expired ? now : at,
      occurrence: send.key,
      date: send.dueOn,
      priority: priorityOf(rules.caps, CAMPAIGN_PRIORITY_ID),
      marketing: true,
      maxDelayDays: send.maxDelayDays,
      campaignId: send.campaignId,
      template: send.template,
      channels: send.channels,
      chase: send.chase,
      sendAt,
      expired,
    };
  });
}

/**
 * The state once a campaign message is dealt with (sent, dropped, cancelled):
 * no longer waiting, and the campaign's done marker past its key, so a
 * repeated fan-out page never queues it again.
 */
export function settleCampaignSend(state: EngineState, action: CampaignAction): EngineState {
  const done = state.done[action.rule];
  return {
    ...state,
    done:
      done !== undefined && done >= action.occurrence
        ? state.done
        : { ...state.done, [action.rule]: action.occurrence },
    campaignSends: state.campaignSends.filter(
      (s) => !(s.campaignId === action.campaignId && s.key === action.occurrence),
    ),
  };
}
