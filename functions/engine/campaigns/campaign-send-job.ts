import { minuteStart, minutesToSend, nextOpenMinute, sendMinuteOf } from '../../core/campaigns/send-lists';
import type { CampaignRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { sendCampaignToIds } from './campaign-recipients';

/** A run that dies without a word is picked up again by its alarm this much later. */
const WATCHDOG_MS = 5 * 60_000;

export interface CampaignSendReport {
  campaignId: string;
  status: 'sent' | 'continues' | 'stopped';
  /** The minutes this run sent. */
  minutes: number;
  recipients: number;
}

const jobOf = (campaignId: string) => ({ kind: 'campaign-send', id: campaignId }) as const;

/** Sets the job's alarm to the lists' next open minute, or takes it away when none is open. */
async function armNext(
  deps: Pick<EngineDeps, 'scheduler'>,
  record: CampaignRecord,
): Promise<string | undefined> {
  const next = nextOpenMinute(record.sendLists);
  const job = jobOf(record.spec.id);
  if (next) await deps.scheduler.armJob(job, minuteStart(next));
  else await deps.scheduler.disarmJob(job);
  return next;
}

/**
 * A cancelled campaign's lists, given up: the minutes no job took are closed
 * and their recipients counted cancelled in the write that marks the lists
 * sent; the minutes a job took and did not finish (it died on the way) go
 * through each recipient's fire, which withdraws and counts a send it has
 * not settled. A run that dies half-way leaves every minute taken, and the
 * next one fires them all: each counted once either way.
 */
async function withdrawSendLists(deps: EngineDeps, campaign: CampaignRecord): Promise<void> {
  const { spec, sendLists } = campaign;
  const { closedThrough, sentThrough } = sendLists;
  const last = [...sendLists.minutes].sort().at(-1);
  if (!last || (sentThrough && sentThrough >= last)) return;
  const untaken = sendLists.minutes.filter((m) => !closedThrough || m > closedThrough);
  if (untaken.length > 0 && !(await deps.store.campaigns.closeSendLists(spec.id, closedThrough, last)))
    return;
  const unfinished = minutesToSend(sendLists);
  if (unfinished.length > 0)
    await sendCampaignToIds(deps, spec, await deps.store.campaigns.sendListRecipients(spec.id, unfinished));
  const withdrawn = untaken.length > 0 ? await deps.store.campaigns.sendListRecipients(spec.id, untaken) : [];
  await deps.store.campaigns.markSendListsSent(spec.id, last, withdrawn.length * spec.sends.length);
  deps.log('campaign.lists-withdrawn', { campaignId: spec.id, recipients: withdrawn.length });
}

/**
 * The campaign's send job, on its own alarm at each minute its send lists
 * have recipients: closes the lists through the current minute (a fan-out
 * page filing under a closed minute sends to those recipients itself), sends
 * to every recipient of the closed minutes it has not sent, marks them sent
 * and sets its alarm to the next open minute. Idempotent: a run repeated or
 * resumed after a crash finds the recipients it reached with the campaign on
 * their state, and passes them by.
 */
export async function runCampaignSendJob(
  deps: EngineDeps,
  campaignId: string,
  options: { shouldStop?: () => boolean } = {},
): Promise<CampaignSendReport> {
  const report: CampaignSendReport = { campaignId, status: 'stopped', minutes: 0, recipients: 0 };
  const job = jobOf(campaignId);
  let campaign = await deps.store.campaigns.get(campaignId);
  if (!campaign || campaign.cancelledAt) {
    if (campaign) await withdrawSendLists(deps, campaign);
    await deps.scheduler.disarmJob(job);
    return report;
  }
  const now = deps.clock.now();
  const through = sendMinuteOf(now);
  const { closedThrough } = campaign.sendLists;
  if (!closedThrough || closedThrough < through) {
    const closed = await deps.store.campaigns.closeSendLists(campaignId, closedThrough, through);
    campaign = closed
      ? { ...campaign, sendLists: { ...campaign.sendLists, closedThrough: through } }
      : await deps.store.campaigns.get(campaignId);
    if (!campaign) return report;
  }
  const minutes = minutesToSend(campaign.sendLists);
  if (minutes.length > 0) {
    // The alarm moved ahead: if this run never finishes, it rings again.
    await deps.scheduler.armJob(job, new Date(now.getTime() + WATCHDOG_MS));
    const ids = await deps.store.campaigns.sendListRecipients(campaignId, minutes);
    // The recipients' fires look the campaign up: it was just read.
    deps.campaignCache.remember(campaign);
    const finished = await sendCampaignToIds(deps, campaign.spec, ids, options.shouldStop);
    report.minutes = minutes.length;
    report.recipients = ids.length;
    if (!finished) {
      await deps.scheduler.armJob(job, deps.clock.now());
      return { ...report, status: 'continues' };
    }
    deps.log('campaign.minutes-sent', { campaignId, minutes: minutes.length, recipients: ids.length });
  }
  // Closed minutes without recipients need no mark: no page files under a closed minute.
  const marked =
    campaign.sendLists.closedThrough && minutes.length > 0
      ? await deps.store.campaigns.markSendListsSent(campaignId, campaign.sendLists.closedThrough)
      : campaign;
  if (!marked) return report;
  let next = await armNext(deps, marked);
  // A fan-out page may have filed an earlier minute, and set the alarm, while this run set it:
  // read once more until what is set agrees with what is filed (fanned out, no page files more).
  for (let look = 0; look < 3 && !marked.fannedOutAt; look++) {
    const fresh = await deps.store.campaigns.get(campaignId);
    if (!fresh || nextOpenMinute(fresh.sendLists) === next) break;
    next = await armNext(deps, fresh);
  }
  return { ...report, status: 'sent' };
}

/**
 * Called by a fan-out page once it filed recipients under `minutes`: the
 * send job's alarm goes to the lists' first open minute as the page saw them
 * (earlier than the truth at worst, when the job has since closed more: a run
 * that finds nothing new). The page is saved before this, so a send job that
 * sets its alarm after this has read the page's minutes.
 */
export async function armSendJob(
  deps: Pick<EngineDeps, 'scheduler'>,
  campaign: CampaignRecord,
  minutes: readonly string[],
): Promise<void> {
  if (minutes.length === 0) return;
  const { sendLists } = campaign;
  await armNext(deps, {
    ...campaign,
    sendLists: { ...sendLists, minutes: [...sendLists.minutes, ...minutes] },
  });
}
