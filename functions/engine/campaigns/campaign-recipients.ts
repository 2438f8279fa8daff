import { type CampaignSpec, queueCampaign } from '../../core/campaigns/campaign';
import { eachLimited } from '../../core/each-limited';
import { NotFoundError } from '../../core/errors';
import type { CustomerRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { fireCustomer } from '../fire/fire';
import { openingReadMany } from '../fire/opening-read';
import { countCampaignOutcomes } from './campaign-fire';

/** Recipients fired at once. */
const CONCURRENCY = 16;
/** Recipients read in one batch: with the live versions and the histogram, one BatchGetItem's hundred keys. */
const READ_BATCH = 98;

/** Whether the campaign still has a send to put on this recipient's state (not sent, not waiting). */
export function owesCampaign(
  deps: Pick<EngineDeps, 'settings'>,
  record: CustomerRecord,
  spec: CampaignSpec,
  now: Date,
): boolean {
  return queueCampaign(record.state, spec, record.customer, now, deps.settings.signingKey).added > 0;
}

/**
 * Sends the campaign to recipients whose minute has come: each one's fire
 * runs with the campaign put on their state as read (caps, consent,
 * suppression and the claim as for any fire) and saves the state once. The
 * campaign's outcomes are counted once for all of them.
 */
export async function sendCampaignTo(
  deps: EngineDeps,
  spec: CampaignSpec,
  records: readonly CustomerRecord[],
): Promise<number> {
  const actions: { rule: string; outcome: string }[] = [];
  await eachLimited(records, CONCURRENCY, async (record) => {
    try {
      const report = await fireCustomer(deps, record.customer.customerId, {
        read: { record },
        queue: spec,
        countOutcomes: false,
      });
      actions.push(...report.actions);
    } catch (error) {
      // Erased since it was read: nobody to send to.
      if (!(error instanceof NotFoundError)) throw error;
    }
  });
  const first = records[0];
  if (first) await countCampaignOutcomes(deps, first.customer.customerId, actions);
  return records.length;
}

/**
 * Reads a send list's recipients nearly a hundred at a time and sends the campaign
 * to those it still owes; `shouldStop` between batches hands over (false:
 * stopped before the end).
 */
export async function sendCampaignToIds(
  deps: EngineDeps,
  spec: CampaignSpec,
  customerIds: readonly string[],
  shouldStop: () => boolean = () => false,
): Promise<boolean> {
  for (let i = 0; i < customerIds.length; i += READ_BATCH) {
    const records = await openingReadMany(deps, customerIds.slice(i, i + READ_BATCH));
    const now = deps.clock.now();
    await sendCampaignTo(
      deps,
      spec,
      records.filter((record) => owesCampaign(deps, record, spec, now)),
    );
    if (i + READ_BATCH < customerIds.length && shouldStop()) return false;
  }
  return true;
}
