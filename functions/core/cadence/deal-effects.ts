import { addDays } from '../calendars/calendar-dates';
import { localClock } from '../calendars/local-time';
import type { DealVariables } from '../content/occasion-variables';
import { type Deal, dealValue } from '../customers/deal';
import type { EngineState, Notice } from '../planning/state';
import type { CadenceRule } from './cadence-rules';

/** The template variables of a deal, dates on the customer's calendar. */
export function dealVariables(deal: Deal, occurredOn: string, timezone: string): DealVariables {
  const expectedOn = deal.expectedAt
    ? deal.expectedAt.length === 10
      ? deal.expectedAt
      : localClock(new Date(deal.expectedAt), timezone).date
    : null;
  return {
    dealId: deal.dealId,
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

export interface DealEffects {
  state: EngineState;
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
 * survey. Idempotent: a stage already seen changes nothing.
 * @example applyDealStage(state, deal, rules, now, 'Asia/Shanghai').state.notices
 */
export function applyDealStage(
  state: EngineState,
  deal: Deal,
  rules: readonly CadenceRule[],
  now: Date,
  timezone: string,
): DealEffects {
  const before = state.value;
  const seen = before.log[deal.dealId];
  const unchanged = {
    state,
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
  const notices: Notice[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (rule.kind === 'order-progress') {
      const template = rule.stages[deal.stage];
      if (template) {
        notices.push({
          ruleId: rule.id,
          key: `${today}:${deal.dealId}:${deal.stage}`,
          template,
          dueOn: today,
          dueAt: now.toISOString(),
          dealId: deal.dealId,
          variables,
        });
      }
    }
    if (rule.kind === 'satisfaction-survey' && deal.stage === 'completed') {
      const dueOn = addDays(today, rule.afterDays);
      notices.push({
        ruleId: rule.id,
        key: `${dueOn}:${deal.dealId}`,
        template: rule.template,
        dueOn,
        dealId: deal.dealId,
        variables,
      });
    }
  }
  // A cancelled order's earlier notices and survey no longer apply; its own cancellation notice does.
  const pending =
    deal.stage === 'cancelled' ? state.notices.filter((n) => n.dealId !== deal.dealId) : state.notices;
  return {
    state: { ...state, value, notices: [...pending, ...notices] },
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
  const rule = rules.find((r) => r.kind === 'referral-thanks' && r.enabled);
  if (rule?.kind !== 'referral-thanks') return state;
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
