import { daysBetween } from '../calendars/calendar-dates';
import { localClock } from '../calendars/local-time';
import type { DealVariables } from '../content/occasion-variables';
import { type Deal, dealValue, orderRefOf } from '../customers/deal';
import type { EngineState, Notice } from '../planning/state';
import type { Sequence } from '../sequences/sequence-definition';
import { exitsOn } from '../sequences/sequence-run';
import type { NoteFacts } from '../timeline/note-facts';
import type { CadenceRule } from './cadence-rules';
import { askDue, isAskRule, ruleSequence } from './survey-referral';

/** The template variables of a deal, dates on the customer's calendar. */
export function dealVariables(deal: Deal, occurredOn: string, timezone: string): DealVariables {
  const expectedOn = deal.expectedAt
    ? deal.expectedAt.length === 10
      ? deal.expectedAt
      : localClock(new Date(deal.expectedAt), timezone).date
    : null;
  return {
    dealId: deal.dealId,
    orderRef: orderRefOf(deal),
    stage: deal.stage,
    items: deal.items.map((i) => ({ name: i.name, variant: i.variant ?? null, quantity: i.quantity })),
    itemNames: deal.items.map((i) => i.name).join(', '),
    amount: deal.amount ?? null,
    currency: deal.currency ?? null,
    expectedOn,
    occurredOn,
  };
}

const KEPT_ITEMS = 50;

/** The latest purchase date and the items bought, which segments select on. */
function purchaseFacts(before: EngineState['value'], deal: Deal, occurredOn: string) {
  const bought = deal.items.map((item) => item.name);
  const items = [...(before.items ?? []).filter((name) => !bought.includes(name)), ...bought];
  const last = before.lastPurchaseOn;
  return {
    lastPurchaseOn: last !== undefined && last > occurredOn ? last : occurredOn,
    ...(items.length ? { items: items.slice(-KEPT_ITEMS) } : {}),
  };
}

/** A notice the deal would have sent, had it not been history by the time it was reported. */
export interface SkippedNotice {
  ruleId: string;
  /** Names the notice for good, as its key would have. */
  key: string;
  dealId: string;
  facts: Extract<NoteFacts, { kind: 'late-stage' | 'late-survey' | 'late-referral' }>;
}

export interface DealEffects {
  state: EngineState;
  /** Notices not sent because the stage happened too long before it reached the engine. */
  skipped: SkippedNotice[];
  /** The deal was new: the customer's first ever when `firstDeal`. */
  newDeal: boolean;
  firstDeal: boolean;
  /** The lifetime value before and after, for the book's histogram. */
  valueBefore: number;
  valueAfter: number;
}

/**
 * What one deal stage does to its customer's state: their value (for the
 * tier), the order-progress notice, and after completion the satisfaction
 * survey, when its sequence (`sequences`' shipped one, or the rule's own) says.
 * Idempotent: a stage already seen changes nothing.
 * @example applyDealStage(state, deal, rules, now, 'Asia/Shanghai').state.notices
 */
export function applyDealStage(
  state: EngineState,
  deal: Deal,
  rules: readonly CadenceRule[],
  now: Date,
  timezone: string,
  sequences: readonly Sequence[] = [],
): DealEffects {
  const before = state.value;
  const seen = before.log[deal.dealId];
  const unchanged = {
    state,
    skipped: [],
    newDeal: false,
    firstDeal: false,
    valueBefore: before.lifetime,
    valueAfter: before.lifetime,
  };
  if (seen?.stages.includes(deal.stage)) return unchanged;

  const today = localClock(now, timezone).date;
  const occurredOn = deal.occurredAt ? localClock(new Date(deal.occurredAt), timezone).date : today;
  const newDeal = seen === undefined && deal.stage !== 'cancelled';
  const counted = deal.stage === 'cancelled' ? 0 : newDeal ? dealValue(deal) : (seen?.value ?? 0);
  const lifetime = before.lifetime - (seen?.value ?? 0) + counted;
  const first = before.firstPurchaseOn === undefined || occurredOn < before.firstPurchaseOn;
  const value = {
    ...before,
    lifetime,
    deals: before.deals + (newDeal ? 1 : 0) - (deal.stage === 'cancelled' && seen ? 1 : 0),
    ...(newDeal && first ? { firstPurchaseOn: occurredOn, firstItem: deal.items[0]?.name } : {}),
    ...(newDeal ? purchaseFacts(before, deal, occurredOn) : {}),
    log: { ...before.log, [deal.dealId]: { value: counted, stages: [...(seen?.stages ?? []), deal.stage] } },
  };

  const variables = { deal: dealVariables(deal, occurredOn, timezone) };
  const occurredAt = deal.occurredAt ? new Date(deal.occurredAt) : now;
  const notices: Notice[] = [];
  const skipped: SkippedNotice[] = [];
  for (const rule of rules) {
    if (rule.kind === 'order-progress' && rule.enabled) {
      const template = rule.stages[deal.stage];
      const key = `${today}:${deal.dealId}:${deal.stage}`;
      const ageHours = (now.getTime() - occurredAt.getTime()) / 3_600_000;
      if (template && ageHours > rule.noticeWindowHours) {
        skipped.push({
          ruleId: rule.id,
          key,
          dealId: deal.dealId,
          facts: {
            kind: 'late-stage',
            dealId: deal.dealId,
            stage: deal.stage,
            on: occurredOn,
            hours: rule.noticeWindowHours,
          },
        });
      } else if (template) {
        notices.push({
          ruleId: rule.id,
          key,
          template,
          dueOn: today,
          dueAt: now.toISOString(),
          dealId: deal.dealId,
          variables,
        });
      }
    }
    if (rule.kind === 'satisfaction-survey' && deal.stage === 'completed') {
      // Due a set time after the completion itself, so a completion reported late is not surveyed late.
      const sequence = ruleSequence(rule, sequences);
      const due = askDue(sequence, occurredAt, timezone);
      if (!due) continue;
      const { dueOn, template } = due;
      const key = `${dueOn}:${deal.dealId}`;
      if (daysBetween(dueOn, today) > sequence.maxDelayDays) {
        skipped.push({
          ruleId: rule.id,
          key,
          dealId: deal.dealId,
          facts: { kind: 'late-survey', dealId: deal.dealId, dueOn, days: sequence.maxDelayDays },
        });
      } else {
        notices.push({ ruleId: rule.id, key, template, dueOn, dealId: deal.dealId, variables });
      }
    }
  }
  // A cancelled order's earlier notices no longer apply (its own cancellation notice does), nor
  // its survey once the survey's sequence exits on the stage.
  const flows = new Map(
    rules.filter(isAskRule).map((rule) => [rule.id, ruleSequence(rule, sequences)] as const),
  );
  const ended = (n: Notice) => {
    if (n.dealId !== deal.dealId) return false;
    const flow = flows.get(n.ruleId);
    return flow ? exitsOn(flow, { kind: 'deal-stage', stage: deal.stage }) : deal.stage === 'cancelled';
  };
  const pending = state.notices.filter((n) => !ended(n));
  return {
    state: { ...state, value, notices: [...pending, ...notices] },
    skipped,
    newDeal,
    firstDeal: newDeal && before.deals === 0,
    valueBefore: before.lifetime,
    valueAfter: lifetime,
  };
}

/**
 * The referrer's thank-you when the customer they referred places a first
 * order, with the news of it (seed: "thank the referrer and report progress").
 */
export function referralThanks(
  state: EngineState,
  rules: readonly CadenceRule[],
  referred: { customerId: string; name: string },
  deal: Deal,
  now: Date,
  timezone: string,
): EngineState {
  const rule = referralThanksRule(rules);
  if (!rule || staleReferral(rules, referred, deal, now, timezone)) return state;
  const today = localClock(now, timezone).date;
  const key = `${today}:${referred.customerId}`;
  // Keys are `<YYYY-MM-DD>:<customerId>`, and ids may contain colons themselves.
  if (state.notices.some((n) => n.ruleId === rule.id && n.key.slice(11) === referred.customerId))
    return state;
  const notice: Notice = {
    ruleId: rule.id,
    key,
    template: rule.template,
    dueOn: today,
    variables: { referred: { name: referred.name }, deal: dealVariables(deal, today, timezone) },
  };
  return { ...state, notices: [...state.notices, notice] };
}

function referralThanksRule(rules: readonly CadenceRule[]) {
  const rule = rules.find((r) => r.kind === 'referral-thanks' && r.enabled);
  return rule?.kind === 'referral-thanks' ? rule : undefined;
}

/**
 * Why the referrer is not thanked for this first order: it was placed more than
 * the rule's `maxDelayDays` before it was reported (an imported history is no news).
 */
export function staleReferral(
  rules: readonly CadenceRule[],
  referred: { customerId: string; name: string },
  deal: Deal,
  now: Date,
  timezone: string,
): SkippedNotice | undefined {
  const rule = referralThanksRule(rules);
  if (!rule) return undefined;
  const today = localClock(now, timezone).date;
  const orderedOn = deal.occurredAt ? localClock(new Date(deal.occurredAt), timezone).date : today;
  if (daysBetween(orderedOn, today) <= rule.maxDelayDays) return undefined;
  return {
    ruleId: rule.id,
    key: `${today}:${referred.customerId}`,
    dealId: deal.dealId,
    facts: {
      kind: 'late-referral',
      dealId: deal.dealId,
      name: referred.name,
      on: orderedOn,
      days: rule.maxDelayDays,
    },
  };
}
