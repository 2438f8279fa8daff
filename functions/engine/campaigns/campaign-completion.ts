import { nextCompletionCheck } from '../../core/campaigns/campaign';
import type { CampaignRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { viewOf } from './campaign-views';

/**
 * After its fan-out, a campaign's own alarm looks at it hourly while its
 * sends go out; the first look that finds it completed emits
 * `campaign.completed` (one id per campaign, so a repeat is dropped by the
 * receiver) and marks it, and the alarm goes. A cancelled campaign just stops.
 * @example await watchCompletion(deps, record);
 */
export async function watchCompletion(
  deps: Pick<EngineDeps, 'clock' | 'scheduler' | 'store' | 'webhooks'>,
  record: CampaignRecord,
): Promise<void> {
  const { id, name } = record.spec;
  const job = { kind: 'campaign', id } as const;
  if (record.cancelledAt || record.completedAt) return deps.scheduler.disarmJob(job);
  const now = deps.clock.now();
  const view = viewOf(deps, record, await deps.store.campaigns.counts(id));
  if (view.status !== 'completed') return deps.scheduler.armJob(job, nextCompletionCheck(record.spec, now));
  const { targeted, sent, suppressed, capped, failed, replied } = view.progress;
  await deps.webhooks.emit(
    'campaign.completed',
    {
      campaignId: id,
      name,
      at: now.toISOString(),
      progress: { targeted, sent, suppressed, capped, failed, replied },
    },
    { subject: { campaignId: id }, key: [id] },
  );
  await deps.store.campaigns.markCompleted(id, now);
  await deps.scheduler.disarmJob(job);
}
