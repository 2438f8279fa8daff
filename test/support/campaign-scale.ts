import { type CampaignJobReport, runCampaignJob } from '../../functions/engine/campaigns/campaign-job';
import type { OutboxEntry } from '../../functions/local/outbox';
import { bookCustomer, fileBook, zoneOf } from './campaign-book';
import type { TestEngine } from './local-engine';

// A campaign to a synthetic book through the local engine on the simulated clock: three time zones,
// customers suppressed before and during the campaign, customers the caps refuse, and the fan-out
// crashing part-way and resuming. The campaign-scale test runs it on 1,000 customers and asserts;
// the bench runs it on 10,000 and reports the same facts as figures.

export const SCALE_START = new Date('2027-03-16T00:00:00Z');
export const excluded = (i: number) => i % 100 === 7; // tagged do-not-contact: not in the segment
export const suppressedBefore = (i: number) => i % 50 === 1; // SMS suppressed when the campaign starts
export const capped = (i: number) => i % 50 === 3; // two marketing messages in the last day: tier C's weekly cap
export const stopsDuring = (i: number) => i % 500 === 11; // texts STOP between the fan-out and the send

type Answer<T> = { status: number; body: T };

/** What the scenario shows its caller on the way, to assert (the test) or to count (the bench). */
export interface ScaleCampaignChecks {
  created(created: Answer<{ campaign: { id: string } }>): void;
  /** The campaign as the crashed fan-out left it. */
  afterCrash(afterCrash: Answer<{ status: string; fanOut: { pages: number } }>): void;
  /** A run told to stop at once: it saves one page and arms its next run. */
  handedOver(handedOver: CampaignJobReport, campaignId: string): void;
  /** A duplicated alarm on the finished fan-out. */
  duplicateAlarm(report: CampaignJobReport): void;
  /** A recipient's STOP text between the fan-out and the send. */
  stop(stop: Answer<unknown>): void;
}

export interface ScaleCampaignRun {
  campaignId: string;
  /** How often the store refused the fan-out's write. */
  crashed: number;
  progressAfterFanOut: Record<string, number>;
  /** Fan-out pages saved when the crash stopped it, and once it was done. */
  pages: { atCrash: number; fannedOut: number };
  /** The campaign's messages in the outbox once the clock is two days on. */
  sent: OutboxEntry[];
}

/**
 * Files `book` customers, creates the campaign, lets its fan-out crash on the
 * write that puts the `crashAfter`-th recipient on the send lists, hands over, resumes, texts STOP from some
 * recipients and runs the clock through the sends. Each phase runs inside
 * `phase` (a timer, a request meter).
 */
export async function runScaleCampaign(
  engine: TestEngine,
  book: number,
  options: {
    crashAfter: number;
    checks: ScaleCampaignChecks;
    phase?: <T>(label: string, work: () => Promise<T>) => Promise<T>;
  },
): Promise<ScaleCampaignRun> {
  const { checks, phase = (_label, work) => work() } = options;
  const oneHourAgo = new Date(SCALE_START.getTime() - 3600_000).toISOString();
  await phase('file', () =>
    fileBook(engine.deps.store, book, SCALE_START, {
      customer: (i) => bookCustomer(i, excluded(i) ? { tags: ['do-not-contact'] } : {}),
      stateOf: (i) =>
        suppressedBefore(i)
          ? { suppressed: { sms: { reason: 'stop', at: oneHourAgo } } }
          : capped(i)
            ? { marketingSent: [oneHourAgo, oneHourAgo] }
            : undefined,
    }),
  );

  const created = await engine.json<{ campaign: { id: string } }>('POST', '/v1/campaigns', {
    name: 'Spring new arrivals',
    segment: { country: ['CN', 'GB', 'US'], excludeTags: ['do-not-contact'] },
    template: 'campaign-new-arrivals',
    channels: 'email-then-sms',
    sendAt: '2027-03-17T10:00',
    details: { highlight: 'walnut dining chairs' },
  });
  checks.created(created);
  const campaignId = created.body.campaign.id;

  // The fan-out dies once `crashAfter` recipients are on the send lists: the store refuses a write.
  const campaigns = engine.deps.store.campaigns;
  const fileOnSendLists = campaigns.fileOnSendLists.bind(campaigns);
  let filed = 0;
  let crashed = 0;
  campaigns.fileOnSendLists = async (...args) => {
    const [, , lists] = args;
    const before = filed;
    for (const ids of lists.values()) filed += ids.length;
    if (before < options.crashAfter && filed >= options.crashAfter) {
      crashed++;
      throw new Error('the fan-out crashed');
    }
    return fileOnSendLists(...args);
  };
  await phase('fan-out (crash)', () => engine.advance('PT1M'));
  const afterCrash = await engine.json<{ status: string; fanOut: { pages: number } }>(
    'GET',
    `/v1/campaigns/${campaignId}`,
  );
  checks.afterCrash(afterCrash);
  // A run near its time limit saves one page and hands over to its next run's alarm.
  checks.handedOver(
    await phase('fan-out (hand over)', () =>
      runCampaignJob(engine.deps, campaignId, { shouldStop: () => true }),
    ),
    campaignId,
  );
  // The alarm rings, and the fan-out resumes where it stood.
  await phase('fan-out (resume)', () => engine.advance('PT10M'));
  campaigns.fileOnSendLists = fileOnSendLists;
  // A duplicated alarm on a finished fan-out changes nothing.
  checks.duplicateAlarm(
    await phase('fan-out (duplicate alarm)', () => runCampaignJob(engine.deps, campaignId)),
  );
  const fannedOut = (
    await engine.json<{ progress: Record<string, number>; fanOut: { pages: number } }>(
      'GET',
      `/v1/campaigns/${campaignId}`,
    )
  ).body;

  await phase('stops', async () => {
    for (let i = 0; i < book; i++) {
      if (!stopsDuring(i)) continue;
      checks.stop(
        await engine.json('POST', '/_local/inbound/sms', { from: zoneOf(i).phone(i), body: 'STOP' }),
      );
    }
  });
  await phase('sends', () => engine.advance('P2D'));
  const sent = (await engine.sent()).filter((m) => m.rule === `campaign:${campaignId}`);
  return {
    campaignId,
    crashed,
    progressAfterFanOut: fannedOut.progress,
    pages: { atCrash: afterCrash.body.fanOut.pages, fannedOut: fannedOut.fanOut.pages },
    sent,
  };
}
