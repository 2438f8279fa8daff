import { createHash } from 'node:crypto';
import type { SendCounter } from '../../core/campaigns/campaign-progress';
import { campaignIdOf } from '../../core/campaigns/campaign-rule';
import type { MessageRecord } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';

const COUNTER_SHARDS = 8;

/** Spreads a campaign's counter writes over shards, so a large send does not queue on one item. */
export function counterShard(customerId: string): number {
  return createHash('sha256').update(customerId).digest().readUInt32BE(0) % COUNTER_SHARDS;
}

/**
 * What became of a campaign message past the fire, counted on the campaign: sent or failed
 * for good (by the delivery that claimed it, once), then what the provider or the
 * recipient did with it.
 */
const outcomeCounters = ['sent', 'failed', 'delivered', 'opened', 'clicked', 'unsubscribed'] as const;
type OutcomeCounter = (typeof outcomeCounters)[number] & SendCounter;

const isOutcome = (counter: string): counter is OutcomeCounter =>
  (outcomeCounters as readonly string[]).includes(counter);

/**
 * Counts a send, a failure for good, delivery, first open, first click or unsubscribe on the
 * campaign the message belongs to (callers count each once per message; `by`
 * -1 takes a count back). Never fails the caller: the event itself is already recorded.
 */
export async function countCampaignEvent(
  deps: Pick<EngineDeps, 'log'> & StoreDeps<'campaigns'>,
  message: Pick<MessageRecord, 'rule' | 'customerId'>,
  counter: string,
  by = 1,
): Promise<void> {
  const campaignId = campaignIdOf(message.rule);
  if (campaignId === undefined || !isOutcome(counter)) return;
  try {
    await deps.store.campaigns.count(campaignId, counterShard(message.customerId), { [counter]: by });
  } catch (error) {
    deps.log('campaign.count-failed', {
      campaignId,
      counter,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
