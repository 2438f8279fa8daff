import {
  applyDealStage,
  type DealEffects,
  referralThanks,
  type SkippedNotice,
  staleReferral,
} from '../../core/cadence/deal-effects';
import type { Redemption, RedemptionStatus } from '../../core/campaigns/offers';
import { type Deal, dealSchema } from '../../core/customers/deal';
import { NotFoundError } from '../../core/errors';
import { dealYears, notePurchase } from '../../core/sequences/purchases';
import { onSequenceEvents, type TriggerEvent } from '../../core/sequences/triggers';
import { parseOrThrow } from '../../core/validation';
import type { CustomerRecord } from '../../ports/store/index';
import { fileRedemption, offerOnDeal } from '../campaigns/offers';
import type { EngineDeps, StoreDeps } from '../deps';
import { updateState } from '../fire/update-state';
import { fileNote } from '../timeline-note';

/** A deal stage as a sequence trigger: the first item named, the longest years of use among the items. */
function dealEvent(deal: Deal): TriggerEvent {
  const years = dealYears(deal);
  return {
    kind: 'deal-stage',
    stage: deal.stage,
    dealId: deal.dealId,
    ...(deal.items[0] ? { item: deal.items[0].name } : {}),
    ...(deal.amount !== undefined ? { amount: deal.amount } : {}),
    ...(years > 0 ? { years } : {}),
  };
}

/** How long a webhook id is remembered: well past any sender's retry schedule. */
const WEBHOOK_ID_TTL_MS = 7 * 24 * 3600_000;

const envelope = (body: unknown): unknown =>
  body && typeof body === 'object' && 'data' in body && 'type' in body
    ? (body as { data: unknown }).data
    : body;

/** Reads a deal from a webhook body: a bare deal or a Standard Webhooks `{ type, timestamp, data }` envelope. */
export function parseDeal(body: unknown): Deal {
  return parseOrThrow(dealSchema, envelope(body), 'deal');
}

export type DealOutcome = {
  status: 'recorded' | 'duplicate';
  dealId: string;
  stage: Deal['stage'];
  /** What became of the offer code the deal carried, if any. */
  offer?: { code: string; status: RedemptionStatus };
};

/** The customer's timeline says which notices a deal did not send, and why (once each). */
async function noteSkipped(
  deps: Pick<EngineDeps, 'clock'> & StoreDeps<'timeline'>,
  customerId: string,
  skipped: readonly SkippedNotice[],
): Promise<void> {
  const at = deps.clock.now();
  for (const notice of skipped) {
    await fileNote(deps, {
      customerId,
      rule: notice.ruleId,
      occurrence: notice.key,
      what: 'skipped',
      facts: notice.facts,
      at,
    });
  }
}

/**
 * What a deal stage does to the customers: the buyer's value, tier and
 * notices, and the referrer's thank-you on a referred customer's first order.
 * Idempotent, so it runs before the stage is recorded: a retry after a crash
 * in between still has every effect once.
 */
export async function applyToCustomers(deps: EngineDeps, deal: Deal): Promise<Redemption | undefined> {
  let effects: DealEffects | undefined;
  let redemption: Redemption | undefined;
  let buyer: CustomerRecord | undefined;
  try {
    buyer = await updateState(deps, deal.customerId, async (record, now) => {
      effects = applyDealStage(
        record.state,
        deal,
        deps.rules.cadences,
        now,
        record.customer.timezone,
        deps.rules.sequences,
      );
      redemption = offerOnDeal(effects.state, deal, record.customer.timezone, now);
      const offered = notePurchase(redemption?.state ?? effects.state, deal, now, record.customer.timezone);
      // A stage seen before changes nothing, so it starts no sequence a second time either.
      const state =
        effects.state === record.state || deps.rules.sequences.length === 0
          ? offered
          : onSequenceEvents(
              offered,
              deps.rules.sequences,
              await deps.tiers.tierOf(offered.value, record.customer.referredBy !== undefined),
              [dealEvent(deal)],
              now,
            );
      return state === record.state ? undefined : { state };
    });
  } catch (error) {
    // A deal may arrive before its customer: recorded now, applied when the customer is filed
    // (the marker tells a batch filing so without a query per customer).
    if (error instanceof NotFoundError) {
      await deps.store.customers.noteDealsWaiting(deal.customerId);
      return undefined;
    }
    throw error;
  }
  // Before anything that may stop early: a retry after a crash still files the redemption.
  if (redemption) await fileRedemption(deps, deal, redemption);
  // `effects` is from the attempt that was saved; a stage seen before changes nothing.
  if (!effects || effects.state === buyer.state) return redemption;
  await noteSkipped(deps, deal.customerId, effects.skipped);
  if (effects.valueBefore !== effects.valueAfter) {
    await deps.store.stats.moveValue(
      effects.valueBefore > 0 ? effects.valueBefore : undefined,
      effects.valueAfter,
    );
  }
  const referrer = buyer.customer.referredBy;
  if (effects.firstDeal && referrer) {
    const referred = { customerId: buyer.customer.customerId, name: buyer.customer.name };
    let stale: SkippedNotice | undefined;
    await updateState(deps, referrer, (record, now) => {
      stale = staleReferral(deps.rules.cadences, referred, deal, now, record.customer.timezone);
      const state = referralThanks(
        record.state,
        deps.rules.cadences,
        referred,
        deal,
        now,
        record.customer.timezone,
      );
      return state === record.state ? undefined : { state };
    })
      .then(() => (stale ? noteSkipped(deps, referrer, [stale]) : undefined))
      .catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      });
  }
  return redemption;
}

/**
 * Records a deal stage from the signed webhook. Twice the same webhook id, or
 * twice the same deal at the same stage, has one effect.
 */
export async function receiveDeal(deps: EngineDeps, webhookId: string, deal: Deal): Promise<DealOutcome> {
  const now = deps.clock.now();
  const key = `webhook:${webhookId}`;
  if (!(await deps.store.receipts.claim(key, new Date(now.getTime() + WEBHOOK_ID_TTL_MS)))) {
    return { status: 'duplicate', dealId: deal.dealId, stage: deal.stage };
  }
  try {
    await deps.content.refresh();
    const redemption = await applyToCustomers(deps, deal);
    const status = await deps.store.deals.recordStage(deal, now);
    deps.log('deal.received', {
      dealId: deal.dealId,
      customerId: deal.customerId,
      stage: deal.stage,
      status,
      ...(redemption ? { offer: redemption.status } : {}),
    });
    return {
      status,
      dealId: deal.dealId,
      stage: deal.stage,
      ...(redemption ? { offer: { code: redemption.code, status: redemption.status } } : {}),
    };
  } catch (error) {
    // Let the sender's retry through: every step is idempotent.
    await deps.store.receipts.release(key);
    throw error;
  }
}
