import { localClock } from '../calendars/local-time';
import type { Deal } from '../customers/deal';
import type { EngineState } from '../planning/state';

/** Purchases kept on the state, most recent last: enough for any replacement reminder. */
const KEPT_PURCHASES = 50;

/** The longest years of use among a deal's items (0 when none says). */
export function dealYears(deal: Pick<Deal, 'items'>): number {
  return Math.max(0, ...deal.items.map((item) => item.years ?? 0));
}

/**
 * The state with a newly reported deal kept as a purchase (its local date, years of use and
 * first item), for sequences started by a `purchase` date. A deal seen before changes nothing.
 * @example notePurchase(state, deal, now, 'Asia/Shanghai').purchases?.at(-1) // { dealId: 'd1', on: '2027-03-01', years: 8, item: 'walnut wardrobe' }
 */
export function notePurchase(state: EngineState, deal: Deal, now: Date, timezone: string): EngineState {
  if (deal.stage === 'cancelled' || state.purchases?.some((p) => p.dealId === deal.dealId)) return state;
  const on = localClock(deal.occurredAt ? new Date(deal.occurredAt) : now, timezone).date;
  const years = dealYears(deal);
  const purchase = {
    dealId: deal.dealId,
    on,
    ...(years > 0 ? { years } : {}),
    ...(deal.items[0] ? { item: deal.items[0].name } : {}),
  };
  return { ...state, purchases: [...(state.purchases ?? []), purchase].slice(-KEPT_PURCHASES) };
}
