import { localClock } from '../../core/calendars/local-time';
import { campaignRule } from '../../core/campaigns/campaign-rule';
import { type Redemption, redeemOffer } from '../../core/campaigns/offers';
import type { Deal } from '../../core/customers/deal';
import { messageIdFor } from '../../core/ids';
import type { EngineState } from '../../core/planning/state';
import { type NoteFacts, noteText } from '../../core/timeline/note-facts';
import type { EngineDeps, StoreDeps } from '../deps';

/**
 * The offer code a deal carries, redeemed on the buyer's state (pure). The
 * expiry is judged on the deal's own date; a cancelled deal redeems nothing.
 */
export function offerOnDeal(
  state: EngineState,
  deal: Deal,
  timezone: string,
  now: Date,
): Redemption | undefined {
  if (!deal.offerCode || deal.stage === 'cancelled') return undefined;
  const on = localClock(deal.occurredAt ? new Date(deal.occurredAt) : now, timezone).date;
  return redeemOffer(state, deal.offerCode, deal.dealId, on, now);
}

/**
 * Files what a code on a deal did, idempotently (a retried webhook files
 * nothing twice): a redemption is filed on its campaign, where it counts
 * once per recipient; an expired code is filed there too, counted apart; an
 * expired, reused or unknown code is also noted on the buyer's timeline.
 */
export async function fileRedemption(
  deps: Pick<EngineDeps, 'clock' | 'log'> & StoreDeps<'campaigns' | 'timeline'>,
  deal: Deal,
  redemption: Redemption,
): Promise<void> {
  const at = deps.clock.now().toISOString();
  const entry = { customerId: deal.customerId, code: redemption.code, dealId: deal.dealId, at };
  const { status, campaignId } = redemption;
  if (campaignId && (status === 'redeemed' || status === 'repeat')) {
    await deps.store.campaigns.recordRedemption(campaignId, { ...entry, status: 'redeemed' });
    return;
  }
  if (status === 'redeemed' || status === 'repeat') return;
  if (campaignId && status === 'expired') {
    await deps.store.campaigns.recordRedemption(campaignId, { ...entry, status: 'expired' });
  }
  const rule = campaignId ? campaignRule(campaignId) : 'offer';
  const facts: NoteFacts = { kind: 'offer-refused', code: redemption.code, dealId: deal.dealId, status };
  await deps.store.timeline.addEntry({
    type: 'note',
    id: messageIdFor(deal.customerId, `offer:${status}`, `${redemption.code}:${deal.dealId}`),
    customerId: deal.customerId,
    rule,
    occurrence: redemption.code,
    note: noteText(rule, redemption.code, facts),
    facts,
    at,
  });
  deps.log('offer.refused', { customerId: deal.customerId, dealId: deal.dealId, status });
}
