import * as z from 'zod';
import { type CampaignSpec, lastSendDate, queueCampaign } from '../../core/campaigns/campaign';
import { campaignActions } from '../../core/campaigns/campaign-plan';
import type { FanOutCounter } from '../../core/campaigns/campaign-progress';
import { matchesSegment, placesOf, segmentFactsOf } from '../../core/campaigns/segment';
import { splitByMinute } from '../../core/campaigns/send-lists';
import type { TierCutoffs } from '../../core/customers/tier';
import { resolveChannel } from '../../core/planning/forecast';
import type { CampaignRecord, CustomerRecord, DirectoryCursor } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { watchCompletion } from './campaign-completion';
import { sendCampaignTo, sendCampaignToIds } from './campaign-recipients';
import { armSendJob } from './campaign-send-job';
import { DIRECTORY_QUERY_LIMIT } from './segments';

/** Recipients per fan-out page: each page's counts and cursor are saved in one write. */
const PAGE_RECIPIENTS = 200;
/** Directory entries a page may read looking for recipients (a narrow segment in a big book). */
const PAGE_READ_BUDGET = 5_000;
/** The send lists stay this long past the campaign's last day, then go by themselves. */
const LISTS_KEPT_MS = 7 * 86_400_000;
/** A run that dies without a word (a timeout, a lost retry) is picked up again by its alarm this much later. */
const WATCHDOG_MS = 5 * 60_000;

const cursorSchema = z.lazy(() =>
  z.strictObject({
    part: z.number().int().min(0),
    after: z.record(z.string(), z.string()).optional(),
  }),
);

const encodeCursor = (cursor: DirectoryCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
const decodeCursor = (token: string): DirectoryCursor =>
  cursorSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))) as DirectoryCursor;

type Verdict = 'queued' | 'unreachable' | 'left';

/**
 * What the campaign does with one recipient as read: nothing when it is on
 * their state already or sent (counted queued), nothing when they left the
 * segment (the directory lags the file by a moment) or are reachable on none
 * of its channels (counted skipped); otherwise its first message is due at
 * `at` on their clock.
 */
function verdictFor(
  deps: EngineDeps,
  spec: CampaignSpec,
  record: CustomerRecord,
  cutoffs: TierCutoffs,
  now: Date,
): { verdict: Verdict; at?: Date } {
  const { customer } = record;
  const queued = queueCampaign(record.state, spec, customer, now, deps.settings.signingKey);
  if (queued.added === 0) return { verdict: 'queued' };
  if (!matchesSegment(spec.filter, segmentFactsOf(customer, record.state), { now, cutoffs }))
    return { verdict: 'left' };
  if (resolveChannel(customer, record.state, spec.channels) === 'none') return { verdict: 'unreachable' };
  const due = campaignActions({ customer, state: queued.state, rules: deps.rules }, now)
    .filter((action) => action.campaignId === spec.id)
    .map((action) => action.at.getTime());
  return { verdict: 'queued', at: new Date(Math.min(...due)) };
}

interface Page {
  next?: DirectoryCursor;
  counts: Record<FanOutCounter, number>;
  /** The recipients the campaign owes a message, with when their first is due. */
  due: { record: CustomerRecord; at: Date }[];
}

/** One page of the fan-out: the next recipients from the directory, read, and what each is owed. */
async function fanOutPage(
  deps: EngineDeps,
  spec: CampaignSpec,
  from: DirectoryCursor | undefined,
): Promise<Page> {
  const now = deps.clock.now();
  const cutoffs = await deps.tiers.cutoffs();
  // The due times are planned on the live rules (the caps' window).
  await deps.content.refresh();
  const places = placesOf(spec.filter);
  const candidates: string[] = [];
  let cursor = from;
  let read = 0;
  do {
    const page = await deps.store.directory.page(places, cursor, DIRECTORY_QUERY_LIMIT);
    read += page.entries.length;
    for (const entry of page.entries) {
      if (matchesSegment(spec.filter, entry.facts, { now, cutoffs })) candidates.push(entry.customerId);
    }
    cursor = page.next;
  } while (cursor && candidates.length < PAGE_RECIPIENTS && read < PAGE_READ_BUDGET);
  // The page's recipients read in batches of a hundred.
  const records = await deps.store.customers.getMany(candidates, { consistent: true });
  const due: Page['due'] = [];
  const tally: Record<Verdict, number> = { queued: 0, unreachable: 0, left: 0 };
  for (const record of records) {
    const { verdict, at } = verdictFor(deps, spec, record, cutoffs, now);
    tally[verdict]++;
    if (at) due.push({ record, at });
  }
  const sends = spec.sends.length;
  return {
    ...(cursor ? { next: cursor } : {}),
    counts: {
      targeted: tally.queued + tally.unreachable,
      queued: tally.queued * sends,
      skipped: tally.unreachable * sends,
    },
    due,
  };
}

/**
 * A page's recipients, on the send lists under the minute their message is
 * due, or sent at once when that minute has come (or the send job closed it
 * while the page was at work); then the page saved. False: another run saved
 * the page first.
 */
async function deliverPage(deps: EngineDeps, campaign: CampaignRecord, page: Page, to: string | undefined) {
  const { spec } = campaign;
  const now = deps.clock.now();
  const split = splitByMinute(
    page.due.map(({ record, at }) => ({ customerId: record.customer.customerId, at })),
    now,
    campaign.sendLists.closedThrough,
  );
  const expiresAt = new Date(Date.parse(`${lastSendDate(spec)}T00:00:00Z`) + LISTS_KEPT_MS);
  if (split.lists.size > 0)
    await deps.store.campaigns.fileOnSendLists(spec.id, campaign.pages, split.lists, expiresAt);
  const sendNow = new Set(split.now);
  await sendCampaignTo(
    deps,
    spec,
    page.due.filter(({ record }) => sendNow.has(record.customer.customerId)).map(({ record }) => record),
  );
  let minutes = [...split.lists.keys()];
  for (;;) {
    if (await deps.store.campaigns.savePage(spec.id, campaign.cursor, to, page.counts, now, minutes)) break;
    const fresh = await deps.store.campaigns.get(spec.id);
    const closed = fresh?.sendLists.closedThrough;
    const late = closed ? minutes.filter((m) => m <= closed) : [];
    if (!fresh || fresh.cursor !== campaign.cursor || fresh.fannedOutAt || late.length === 0) return false;
    await sendCampaignToIds(
      deps,
      spec,
      late.flatMap((m) => split.lists.get(m) ?? []),
    );
    minutes = minutes.filter((m) => !late.includes(m));
  }
  await armSendJob(deps, campaign, minutes);
  return true;
}

export interface CampaignJobReport {
  campaignId: string;
  status: 'continues' | 'fanned-out' | 'cancelled' | 'missing' | 'overtaken';
  pages: number;
  counts: Record<FanOutCounter, number>;
}

/**
 * The campaign's fan-out, run by its own alarm: page after page of the
 * segment, each page's recipients queued and then the page's counts and the
 * cursor saved in one conditional write, until the directory is read to the
 * end, the campaign is cancelled, or `shouldStop` asks to hand over (a Lambda
 * near its timeout), when the next run is armed. While it works, the job's
 * alarm stands a few minutes ahead, so a run that dies is resumed. Idempotent throughout: a
 * page run twice (a retry, a duplicate alarm, a crash before the save) queues
 * nobody twice and is counted once, by whichever run saves it first.
 */
export async function runCampaignJob(
  deps: EngineDeps,
  campaignId: string,
  options: { shouldStop?: () => boolean } = {},
): Promise<CampaignJobReport> {
  const report: CampaignJobReport = {
    campaignId,
    status: 'missing',
    pages: 0,
    counts: { targeted: 0, queued: 0, skipped: 0 },
  };
  const job = { kind: 'campaign', id: campaignId } as const;
  const end = async (status: CampaignJobReport['status']) => {
    await deps.scheduler.disarmJob(job);
    return { ...report, status };
  };
  let watching = false;
  for (;;) {
    const campaign = await deps.store.campaigns.get(campaignId);
    if (!campaign) return end('missing');
    if (campaign.cancelledAt) return end('cancelled');
    if (campaign.fannedOutAt) {
      // Fanned out: the alarm now watches for the campaign's completion.
      await watchCompletion(deps, campaign);
      return { ...report, status: 'fanned-out' };
    }
    if (!watching) {
      // The job's own alarm, moved ahead: if this run never finishes, the alarm rings it again.
      await deps.scheduler.armJob(job, new Date(deps.clock.now().getTime() + WATCHDOG_MS));
      watching = true;
    }
    const page = await fanOutPage(
      deps,
      campaign.spec,
      campaign.cursor ? decodeCursor(campaign.cursor) : undefined,
    );
    const to = page.next ? encodeCursor(page.next) : undefined;
    const saved = await deliverPage(deps, campaign, page, to);
    // Another run saved this page first: it goes on from there (and its alarm stands).
    if (!saved) return { ...report, status: 'overtaken' };
    report.pages++;
    for (const counter of Object.keys(page.counts) as FanOutCounter[])
      report.counts[counter] += page.counts[counter];
    if (!to) {
      deps.log('campaign.fanned-out', { campaignId, pages: campaign.pages + 1 });
      await watchCompletion(deps, { ...campaign, fannedOutAt: deps.clock.now().toISOString() });
      return { ...report, status: 'fanned-out' };
    }
    if (options.shouldStop?.()) {
      await deps.scheduler.armJob(job, deps.clock.now());
      return { ...report, status: 'continues' };
    }
  }
}
