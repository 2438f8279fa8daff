import { type CampaignSpec, lastSendDate } from '../../core/campaigns/campaign';
import {
  type CampaignProgress,
  type CampaignStatus,
  campaignProgress,
} from '../../core/campaigns/campaign-progress';
import { NotFoundError } from '../../core/errors';
import type { Actor } from '../../core/team/roles';
import type { CampaignRecord } from '../../ports/store/index';
import { recordAudit } from '../audit/audit';
import type { EngineDeps, StoreDeps } from '../deps';

// Campaigns as the API and the console show them: the spec with its progress.

export interface CampaignView {
  id: string;
  name: string;
  kind: CampaignSpec['kind'];
  status: CampaignStatus;
  createdAt: string;
  segmentId: string | null;
  filter: CampaignSpec['filter'];
  channels: CampaignSpec['channels'];
  sends: CampaignSpec['sends'];
  chase: boolean;
  maxDelayDays: number;
  offer: CampaignSpec['offer'] | null;
  visit: CampaignSpec['visit'] | null;
  details: CampaignSpec['details'];
  fanOut: { pages: number; fannedOutAt: string | null };
  cancelledAt: string | null;
  progress: CampaignProgress;
}

/** A campaign with its progress, as `GET /v1/campaigns/{id}` shows it. */
export async function getCampaign(
  deps: Pick<EngineDeps, 'clock'> & StoreDeps<'campaigns'>,
  id: string,
): Promise<CampaignView> {
  const record = await deps.store.campaigns.get(id);
  if (!record) throw new NotFoundError(`campaign ${id} not found`);
  return viewOf(deps, record, await deps.store.campaigns.counts(id));
}

export function viewOf(
  deps: Pick<EngineDeps, 'clock'>,
  record: CampaignRecord,
  counts: Parameters<typeof campaignProgress>[0],
): CampaignView {
  const { spec } = record;
  const today = deps.clock.now().toISOString().slice(0, 10);
  const { status, progress } = campaignProgress(counts, {
    fannedOut: record.fannedOutAt !== undefined,
    cancelled: record.cancelledAt !== undefined,
    pastLastDate: today > lastSendDate(spec),
  });
  return {
    id: spec.id,
    name: spec.name,
    kind: spec.kind,
    status,
    createdAt: spec.createdAt,
    segmentId: spec.segmentId ?? null,
    filter: spec.filter,
    channels: spec.channels,
    sends: spec.sends,
    chase: spec.chase,
    maxDelayDays: spec.maxDelayDays,
    offer: spec.offer ?? null,
    visit: spec.visit ?? null,
    details: spec.details,
    fanOut: { pages: record.pages, fannedOutAt: record.fannedOutAt ?? null },
    cancelledAt: record.cancelledAt ?? null,
    progress,
  };
}

/** The newest campaigns first, each with its progress; `next` continues the list. */
export async function listCampaigns(
  deps: Pick<EngineDeps, 'clock'> & StoreDeps<'campaigns'>,
  limit: number,
  after?: string,
) {
  const { campaigns, next } = await deps.store.campaigns.list(limit, after);
  const views = await Promise.all(
    campaigns.map(async (record) => viewOf(deps, record, await deps.store.campaigns.counts(record.spec.id))),
  );
  return { campaigns: views, next: next ?? null };
}

/**
 * Cancels a campaign: its fan-out stops at the next page, and every message
 * still waiting on a recipient's state is dropped (and counted cancelled)
 * when that recipient's alarm rings; what was sent stays sent.
 */
export async function cancelCampaign(
  deps: Pick<EngineDeps, 'campaignCache' | 'clock' | 'log'> & StoreDeps<'campaigns' | 'audit'>,
  id: string,
  by: Actor,
): Promise<CampaignView> {
  const at = deps.clock.now();
  const record = await deps.store.campaigns.cancel(id, at);
  deps.campaignCache.invalidate(id);
  deps.log('campaign.cancelled', { campaignId: id });
  // A repeat finds it cancelled already: only the call that cancelled it is in the trail.
  if (record.cancelledAt === at.toISOString()) {
    await recordAudit(deps, {
      by,
      action: 'campaign.cancelled',
      target: `campaign:${id}`,
      before: { cancelledAt: null },
      after: { cancelledAt: record.cancelledAt },
    });
  }
  return viewOf(deps, record, await deps.store.campaigns.counts(id));
}
