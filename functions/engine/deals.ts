import { type Deal, dealSchema } from '../core/deal';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from './deps';

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

export type DealOutcome = { status: 'recorded' | 'duplicate'; dealId: string; stage: Deal['stage'] };

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
    const status = await deps.store.deals.recordStage(deal, now);
    deps.log('deal.received', {
      dealId: deal.dealId,
      customerId: deal.customerId,
      stage: deal.stage,
      status,
    });
    return { status, dealId: deal.dealId, stage: deal.stage };
  } catch (error) {
    // Let the sender's retry through: the stage write itself is idempotent.
    await deps.store.receipts.release(key);
    throw error;
  }
}
