import * as z from 'zod';
import { type CampaignSpec, queueCampaign } from '../../core/campaigns/campaign';
import type { FanOutCounter } from '../../core/campaigns/campaign-progress';
import { matchesSegment, placesOf, segmentFactsOf } from '../../core/campaigns/segment';
import type { TierCutoffs } from '../../core/customers/tier';
import { eachLimited } from '../../core/each-limited';
import { NotFoundError } from '../../core/errors';
import { resolveChannel } from '../../core/planning/forecast';
import type { CustomerRecord, DirectoryCursor } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { updateState } from '../fire/update-state';
import { watchCompletion } from './campaign-completion';
import { DIRECTORY_QUERY_LIMIT } from './segments';

/** Recipients per fan-out page: each page's counts and cursor are saved in one write. */
const PAGE_RECIPIENTS = 200;
/** Directory entries a page may read looking for recipients (a narrow segment in a big book). */
const PAGE_READ_BUDGET = 5_000;
/** Recipients queued at once within a page. */
const CONCURRENCY = 16;
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

type Queued = 'queued' | 'unreachable' | 'left' | 'gone';

/**
 * Puts the campaign's messages on one recipient's state (their fire sends
 * them at the local time) and moves their alarm, in one read-decide-write.
 * Already there, or already sent: counted, nothing written. No longer in the
 * segment (the directory lags the file by a moment): left out. Reachable on
 * none of the campaign's channels: counted as skipped, nothing written.
 */
async function queueRecipient(
  deps: EngineDeps,
  spec: CampaignSpec,
  customerId: string,
  cutoffs: TierCutoffs,
  read: { record: CustomerRecord | undefined },
): Promise<Queued> {
  let result: Queued = 'gone';
  try {
    await updateState(
      deps,
      customerId,
      (record, now) => {
        const queued = queueCampaign(record.state, spec, record.customer, now, deps.settings.signingKey);
        if (queued.added === 0) {
          result = 'queued';
          return undefined;
        }
        if (!matchesSegment(spec.filter, segmentFactsOf(record.customer, record.state), { now, cutoffs })) {
          result = 'left';
          return undefined;
        }
        if (resolveChannel(record.customer, record.state, spec.channels) === 'none') {
          result = 'unreachable';
          return undefined;
        }
        result = 'queued';
        return { state: queued.state };
      },
      { read },
    );
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  return result;
}

/** One page of the fan-out: the next recipients from the directory, queued; what to save. */
async function fanOutPage(
  deps: EngineDeps,
  spec: CampaignSpec,
  from: DirectoryCursor | undefined,
): Promise<{ next?: DirectoryCursor; counts: Record<FanOutCounter, number> }> {
  const now = deps.clock.now();
  const cutoffs = await deps.tiers.cutoffs();
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
  // The page's recipients read in batches of a hundred; a record changed since is read again on its own.
  const records = new Map(
    (await deps.store.customers.getMany(candidates, { consistent: true })).map((r) => [
      r.customer.customerId,
      r,
    ]),
  );
  const outcomes = await eachLimited(candidates, CONCURRENCY, (id) =>
    queueRecipient(deps, spec, id, cutoffs, { record: records.get(id) }),
  );
  const sends = spec.sends.length;
  const queued = outcomes.filter((o) => o === 'queued').length;
  const unreachable = outcomes.filter((o) => o === 'unreachable').length;
  return {
    ...(cursor ? { next: cursor } : {}),
    counts: { targeted: queued + unreachable, queued: queued * sends, skipped: unreachable * sends },
  };
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
    const saved = await deps.store.campaigns.savePage(
      campaignId,
      campaign.cursor,
      to,
      page.counts,
      deps.clock.now(),
    );
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
