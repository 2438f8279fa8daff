import { assertNever } from '../assert-never';
import { type CadenceRule, isTransactional, occasionSourceOf } from '../cadence/cadence-rules';
import { advanceChaseIn, chaseSequenceOf, nextChaseStep, stopChase } from '../cadence/chase';
import { type Occurrence, occurrencesOf } from '../cadence/occurrences';
import { addDays, daysBetween } from '../calendars/calendar-dates';
import { atLocalTime, type LocalTime, localClock, localTimeOf } from '../calendars/local-time';
import { campaignActions, settleCampaignSend } from '../campaigns/campaign-plan';
import { digestSent } from '../replies/owner-alerts';
import { sequenceActions, sequencePriority, settleSequenceStep } from '../sequences/sequence-plan';
import type { CadenceAction, ChaseAction, DueAction, PlanContext, Rules } from './actions';
import { cadenceSendAt, cadenceTiming } from './cadence-timing';
import { type CapVerdict, capVerdict, nextFreeDate } from './caps';
import { ownerDigestActions } from './owner-digest';
import { landInCustomerWindow, sendInstant } from './send-window';
import { deferralKey, type EngineState } from './state';

/** A missed occasion (the engine was down) is still sent this many days late. */
const GRACE_DAYS = 1;
/** How far ahead the next occasion of a rule is looked for. */
const HORIZONS = [45, 400];

export { deferralKey };

/** The first instant at or after `planned`, and not before `now`, inside the customer's window. */
function landInWindow(planned: Date, now: Date, ctx: PlanContext): Date {
  return landInCustomerWindow(planned, now, ctx.rules.caps.window, ctx.customer.timezone);
}

const occurrenceContext = (ctx: PlanContext) => ({ ...ctx, festivals: ctx.rules.festivals });

/**
 * Each active chase's next step, planned through its sequence (waits on the customer's
 * calendar, its place in the caps), under the rule name `chase` its messages always had.
 */
function chaseActions(ctx: PlanContext, now: Date): ChaseAction[] {
  const { customer, state, rules } = ctx;
  const sequence = chaseSequenceOf(rules);
  const actions: ChaseAction[] = [];
  for (const chase of state.chases) {
    const next = nextChaseStep(chase, sequence, customer.timezone);
    if (!next) continue;
    const occurrence = `${chase.id}:${next.index + 1}`;
    const deferred = state.deferred[deferralKey('chase', occurrence)];
    const planned = deferred ? atLocalTime(deferred.until, rules.chase.sendAt, customer.timezone) : next.at;
    const send = next.step.type === 'send';
    actions.push({
      type: 'chase',
      rule: 'chase',
      // A call task is for the owner's list, not the customer's phone: it needs no window.
      at: send ? landInWindow(planned, now, ctx) : planned.getTime() < now.getTime() ? now : planned,
      occurrence,
      date: localClock(next.at, customer.timezone).date,
      priority: sequencePriority(rules, sequence),
      marketing: send,
      maxDelayDays: sequence.maxDelayDays,
      effect:
        next.step.type === 'send'
          ? { type: 'send', channel: chase.channel, template: next.step.template }
          : { type: 'call-task', template: next.step.template },
      chaseId: chase.id,
      stepIndex: next.index,
    });
  }
  return actions;
}

function cadenceAction(ctx: PlanContext, now: Date, occurrence: Occurrence): CadenceAction {
  const { customer, state, rules } = ctx;
  const { rule } = occurrence;
  const timing = cadenceTiming(rules, rule);
  const deferred = state.deferred[deferralKey(rule.id, occurrence.key)];
  const seed = `${customer.customerId}|${rule.id}|${occurrence.key}`;
  const planned =
    occurrence.dueAt && !deferred
      ? new Date(occurrence.dueAt)
      : sendInstant(
          deferred?.until ?? occurrence.date,
          timing.sendAt,
          rule.spreadMinutes,
          rules.caps.window,
          customer.timezone,
          seed,
        );
  return {
    type: 'cadence',
    rule: rule.id,
    kind: rule.kind,
    at: landInWindow(planned, now, ctx),
    occurrence: occurrence.key,
    date: occurrence.date,
    priority: timing.priority,
    marketing: !isTransactional(rule.kind),
    maxDelayDays: timing.maxDelayDays,
    template: occurrence.template,
    channels: timing.channels,
    variables: occurrence.variables,
  };
}

/** The next pending occurrence of one rule: not yet done, not missed beyond the grace days. */
function nextOccurrence(ctx: PlanContext, rule: CadenceRule, today: string): Occurrence | undefined {
  const done = ctx.state.done[rule.id] ?? '';
  const earliest = addDays(today, -Math.max(GRACE_DAYS, rule.maxDelayDays));
  const from = ctx.since > earliest ? ctx.since : earliest;
  let start = from;
  for (const horizon of HORIZONS) {
    const end = addDays(today, horizon);
    for (const occurrence of occurrencesOf(rule, occurrenceContext(ctx), start, end)) {
      if (occurrence.key <= done) continue;
      const deferred = ctx.state.deferred[deferralKey(rule.id, occurrence.key)];
      if (!deferred && occurrence.date < addDays(today, -GRACE_DAYS)) continue;
      return occurrence;
    }
    start = addDays(end, 1);
  }
  return undefined;
}

/**
 * Every rule's next action for one customer, earliest first (ties by priority).
 * Pure: the same context and time always give the same plan.
 * @example planActions(ctx, now)[0]?.at // when the customer's alarm should ring
 */
export function planActions(ctx: PlanContext, now: Date): DueAction[] {
  const today = localClock(now, ctx.customer.timezone).date;
  const actions: DueAction[] = [
    ...chaseActions(ctx, now),
    ...campaignActions(ctx, now),
    ...ownerDigestActions(ctx, now),
    ...sequenceActions(ctx, now),
  ];
  for (const rule of ctx.rules.cadences) {
    if (occasionSourceOf(rule.kind) === 'event') {
      // Event notices: every pending one, not just the first.
      for (const occurrence of occurrencesOf(
        rule,
        occurrenceContext(ctx),
        addDays(today, -400),
        addDays(today, 400),
      )) {
        actions.push(cadenceAction(ctx, now, occurrence));
      }
      continue;
    }
    const occurrence = nextOccurrence(ctx, rule, today);
    if (occurrence) actions.push(cadenceAction(ctx, now, occurrence));
  }
  return actions.sort((a, b) => a.at.getTime() - b.at.getTime() || a.priority - b.priority);
}

/**
 * Whether a due marketing action fits under the caps. Room is kept for the
 * higher-priority messages still to come later the same local day, so the caps
 * honour the priority order, not the order the spread slots happen to fall in.
 * @example capVerdictFor(ctx, action, planActions(ctx, now), now) // 'ok' | 'capped-7d' | 'capped-30d'
 */
export function capVerdictFor(
  ctx: PlanContext,
  action: DueAction,
  planned: readonly DueAction[],
  now: Date,
): CapVerdict {
  if (!action.marketing) return 'ok';
  const { timezone } = ctx.customer;
  const today = localClock(now, timezone).date;
  const reserved = planned.filter(
    (other) =>
      other !== action &&
      other.marketing &&
      other.priority < action.priority &&
      other.at.getTime() > now.getTime() &&
      localClock(other.at, timezone).date === today,
  ).length;
  const sent =
    reserved === 0
      ? ctx.state.marketingSent
      : [...ctx.state.marketingSent, ...Array<string>(reserved).fill(now.toISOString())];
  return capVerdict(sent, now, ctx.rules.caps.tiers[ctx.tier]);
}

/** Of the planned actions, those due at `now`, most important first, as a fire takes them. */
export function dueNow(planned: readonly DueAction[], now: Date): DueAction[] {
  return planned
    .filter((action) => action.at.getTime() <= now.getTime())
    .sort((a, b) => a.priority - b.priority || a.at.getTime() - b.at.getTime());
}

/** The actions due at `now`, in the order they should run: priority first, so caps spare the important ones. */
export function dueActions(ctx: PlanContext, now: Date): DueAction[] {
  return dueNow(planActions(ctx, now), now);
}

/** When the customer's single alarm should ring next, if anything is pending. */
export function nextAlarmAt(ctx: PlanContext, now: Date): Date | undefined {
  return planActions(ctx, now)[0]?.at;
}

/** The state once `action` has been dealt with (sent, dropped or made moot) at `at`. */
export function applyAction(state: EngineState, action: DueAction, at: Date, rules: Rules): EngineState {
  const { [deferralKey(action.rule, action.occurrence)]: _settled, ...deferred } = state.deferred;
  switch (action.type) {
    case 'chase':
      return {
        ...state,
        deferred,
        chases: state.chases.map((chase) =>
          chase.id === action.chaseId
            ? advanceChaseIn(chase, action.stepIndex, at, chaseSequenceOf(rules))
            : chase,
        ),
      };
    case 'campaign':
      return settleCampaignSend({ ...state, deferred }, action);
    case 'owner-digest':
      return state.ownerAlerts ? { ...state, ownerAlerts: digestSent(state.ownerAlerts, at) } : state;
    case 'sequence':
      return settleSequenceStep({ ...state, deferred }, action, at, rules);
    case 'cadence': {
      const done = state.done[action.rule];
      return {
        ...state,
        deferred,
        done:
          done !== undefined && done >= action.occurrence
            ? state.done
            : { ...state.done, [action.rule]: action.occurrence },
        notices: state.notices.filter((n) => !(n.ruleId === action.rule && n.key === action.occurrence)),
      };
    }
    default:
      return assertNever(action);
  }
}

/** The local time a capped action moves to on the day it fits. */
function sendAtOf(ctx: PlanContext, action: DueAction): LocalTime {
  switch (action.type) {
    case 'cadence':
      return cadenceSendAt(ctx.rules, action.rule);
    case 'campaign':
      return action.sendAt;
    case 'chase':
      return ctx.rules.chase.sendAt;
    case 'sequence':
      return ctx.rules.caps.window.start;
    case 'owner-digest':
      // Owed to the owner, so never capped: it has no local time to move to.
      return localTimeOf(localClock(action.at, ctx.customer.timezone).minutes);
    default:
      return assertNever(action);
  }
}

export type HoldBack =
  | { kind: 'dropped'; state: EngineState }
  | { kind: 'deferred'; until: string; state: EngineState };

/**
 * What the caps do to a due marketing action they refuse: it moves to the
 * next local day it fits, or, past its `maxDelayDays`, it is dropped (a chase
 * whose step is dropped ends). The engine's fire and the forecast both decide
 * through here, so what the forecast shows is what the engine will do.
 */
export function holdBack(
  ctx: PlanContext,
  state: EngineState,
  action: DueAction,
  now: Date,
  reason: CapVerdict,
): HoldBack {
  const { customer } = ctx;
  const sendAt = sendAtOf(ctx, action);
  const today = localClock(now, customer.timezone).date;
  const until = nextFreeDate(
    state.marketingSent,
    today,
    sendAt,
    customer.timezone,
    ctx.rules.caps.tiers[ctx.tier],
  );
  if (!until || daysBetween(action.date, until) > action.maxDelayDays) {
    const next = applyAction(state, action, now, ctx.rules);
    return {
      kind: 'dropped',
      state:
        action.type === 'chase'
          ? { ...next, chases: stopChase(next.chases, action.chaseId, now, 'capped') }
          : action.type === 'sequence'
            ? settleSequenceStep({ ...state, deferred: next.deferred }, action, now, ctx.rules, 'capped')
            : next,
    };
  }
  const key = deferralKey(action.rule, action.occurrence);
  return {
    kind: 'deferred',
    until,
    state: { ...state, deferred: { ...state.deferred, [key]: { until, from: action.date, reason } } },
  };
}
