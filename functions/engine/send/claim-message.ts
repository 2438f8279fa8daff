import type { ClaimAs, ClaimResult, DraftMessage } from '../../ports/store/index';
import { countCampaignEvent } from '../campaigns/campaign-counts';
import type { EngineDeps, StoreDeps } from '../deps';

/**
 * The send guard's claim (`store.timeline.claimMessage`) for every path that
 * files a message: a campaign failure the message's last attempt counted is
 * taken back, since the message is open again and its new outcome counts.
 * @example const claim = await claimMessage(deps, job.message, { status: 'sending', sendingAt });
 */
export async function claimMessage(
  deps: Pick<EngineDeps, 'log'> & StoreDeps<'campaigns' | 'timeline'>,
  draft: DraftMessage,
  as: ClaimAs,
): Promise<ClaimResult> {
  const claim = await deps.store.timeline.claimMessage(draft, as);
  if (claim.claimed && claim.previous?.failureCounted) await countCampaignEvent(deps, draft, 'failed', -1);
  return claim;
}
