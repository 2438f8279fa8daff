import { localClock } from '../functions/core/calendars/local-time';
import { bookId, zoneOf } from '../test/support/campaign-book';
import {
  capped,
  excluded,
  runScaleCampaign,
  SCALE_START,
  stopsDuring,
  suppressedBefore,
} from '../test/support/campaign-scale';
import { startTestEngine } from '../test/support/local-engine';
import {
  DynamoMeter,
  type DynamoRequest,
  type DynamoTally,
  forbiddenSeen,
  noForbiddenCommandsBudget,
  tally,
} from './dynamo-meter';

/**
 * DynamoDB requests per recipient: for the campaign besides the send itself, and
 * in all (the fan-out and the recipient's fire and send).
 */
export const CAMPAIGN_BUDGET = { maxRequestsPerRecipient: 4, maxTotalRequestsPerRecipient: 3.5 } as const;

/** The fan-out's state writes before the store refuses one: 30% of the book, part-way through its pages. */
const CRASH_SHARE = 0.3;

const FAN_OUT_PHASES = [
  'fan-out (crash)',
  'fan-out (hand over)',
  'fan-out (resume)',
  'fan-out (duplicate alarm)',
];

export interface CampaignReport {
  /** Customers in the book. */
  customers: number;
  /** Customers in the segment (the book less the do-not-contact tag): the campaign's recipients. */
  recipients: number;
  /** The recipients reachable and uncapped, who should each get one message. */
  reachable: number;
  delivered: number;
  wallSeconds: { fileCustomers: number; fanOut: number; sends: number };
  /** The crash and the resume: how the fan-out got through its pages. */
  fanOutRun: {
    crashes: number;
    pagesAtCrash: number;
    pages: number;
    handOver: string;
    /** The handed-over run armed its next run at once. */
    nextRunArmedNow: boolean;
    duplicateAlarm: string;
  };
  /** Who was sent what: every reachable recipient once, nobody else. */
  sends: {
    duplicates: number;
    missing: number;
    unexpected: number;
    /** Sent outside 10:00-11:00 on 17 March on the recipient's own clock. */
    outsideLocalWindow: number;
    /** Email to a customer without one, or SMS to one with an email. */
    wrongChannel: number;
    utcHours: number[];
    stopsAccepted: number;
    stops: number;
  };
  progress: { afterFanOut: Record<string, number>; final: Record<string, number>; status: string };
  cappedNoteOnTimeline: boolean;
  /** Engine DynamoDB requests per recipient: the fan-out job, and the campaign's own reads and counters during the fires. */
  perRecipient: {
    fanOut: number;
    campaignInFires: number;
    besidesTheSend: number;
    sendPath: number;
    total: number;
  };
  fanOut: DynamoTally;
  fires: DynamoTally;
  forbidden: Record<string, number>;
  budgets: { name: string; actual: string; limit: string; pass: boolean }[];
}

const isCampaignItem = (r: DynamoRequest) => r.partition?.startsWith('CAMPAIGN#') === true;

/** JSON with every object's keys in order, so that two equal values read the same. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `actual` against `expected` as one pass-or-fail line of the report; for
 * records, the line names only the figures that differ.
 */
function equals(name: string, actual: unknown, expected: unknown) {
  if (!isRecord(actual) || !isRecord(expected)) {
    return {
      name,
      actual: canonical(actual),
      limit: canonical(expected),
      pass: canonical(actual) === canonical(expected),
    };
  }
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])];
  const differ = keys.filter((key) => canonical(actual[key]) !== canonical(expected[key]));
  const figures = (record: Record<string, unknown>) =>
    differ.map((key) => `${key} ${canonical(record[key])}`).join(', ');
  return differ.length === 0
    ? { name, actual: 'as expected', limit: `${keys.length} figures`, pass: true }
    : { name, actual: figures(actual), limit: figures(expected), pass: false };
}

/**
 * The campaign-scale test's campaign (test/support/campaign-scale.ts) to
 * `count` customers in three time zones on the local engine: some tagged out
 * of the segment, some suppressed or capped before it starts, some texting
 * STOP during it, the fan-out crashing part-way and resuming, every
 * recipient's fire on the simulated clock; every DynamoDB request counted by
 * phase, and what the test asserts reported as figures.
 */
export async function runCampaignScenario(count: number): Promise<CampaignReport> {
  const engine = await startTestEngine({ start: SCALE_START.toISOString(), log: () => {} });
  const meter = new DynamoMeter(engine.dynamo);
  const seconds: Record<string, number> = {};
  const observed = {
    created: 0,
    afterCrash: '',
    handOver: '',
    nextRunArmedNow: false,
    duplicateAlarm: '',
    stopsAccepted: 0,
  };
  try {
    const run = await runScaleCampaign(engine, count, {
      crashAfter: Math.round(count * CRASH_SHARE),
      phase: (label, work) =>
        meter.phase(label, async () => {
          const started = performance.now();
          try {
            return await work();
          } finally {
            seconds[label] = (performance.now() - started) / 1000;
          }
        }),
      checks: {
        created: (created) => {
          observed.created = created.status;
        },
        afterCrash: (afterCrash) => {
          observed.afterCrash = afterCrash.body.status;
        },
        handedOver: (report, campaignId) => {
          observed.handOver = `${report.status} after ${report.pages} page`;
          observed.nextRunArmedNow =
            engine.scheduler.pendingJobAt({ kind: 'campaign', id: campaignId })?.getTime() ===
            engine.clock.now().getTime();
        },
        duplicateAlarm: (report) => {
          observed.duplicateAlarm = report.status;
        },
        stop: (stop) => {
          if (stop.status === 200) observed.stopsAccepted++;
        },
      },
    });
    const { sent } = run;
    const campaign = await engine.callOk<{ status: string; progress: Record<string, number> }>(
      'GET',
      `/v1/campaigns/${run.campaignId}`,
    );
    const capped3 = await engine.callOk<{ timeline: { type: string; note?: string }[] }>(
      'GET',
      `/v1/customers/${bookId(3)}`,
    );

    const book = Array.from({ length: count }, (_, i) => i);
    const inSegment = book.filter((i) => !excluded(i));
    const expected = new Set(
      inSegment.filter((i) => !suppressedBefore(i) && !capped(i) && !stopsDuring(i)).map(bookId),
    );
    const ids = sent.map((m) => m.customerId);
    const once = new Set(ids);
    const outsideLocalWindow = sent.filter((m) => {
      const clock = localClock(new Date(m.sentAt), zoneOf(Number(m.customerId.slice(2))).timezone);
      return clock.date !== '2027-03-17' || clock.minutes < 10 * 60 || clock.minutes > 11 * 60;
    }).length;
    const wrongChannel = sent.filter(
      (m) => m.channel !== (Number(m.customerId.slice(2)) % 10 === 0 ? 'email' : 'sms'),
    ).length;
    const utcHours = [...new Set(sent.map((m) => new Date(m.sentAt).getUTCHours()))].sort((a, b) => a - b);
    const stops = book.filter(stopsDuring).length;
    const suppressed = inSegment.filter(suppressedBefore).length;
    const cappedCount = inSegment.filter(capped).length;

    const fanOutTally = tally(meter.inPhases(...FAN_OUT_PHASES));
    const fires = meter.inPhases('sends');
    const per = (n: number) => n / inSegment.length;
    const campaignInFires = per(fires.filter((r) => !r.localOnly && isCampaignItem(r)).length);
    const sendPath = per(fires.filter((r) => !r.localOnly && !isCampaignItem(r)).length);
    const besidesTheSend = per(fanOutTally.engine) + campaignInFires;
    const forbidden = forbiddenSeen(meter.requests);
    const sends = {
      duplicates: ids.length - once.size,
      missing: [...expected].filter((id) => !once.has(id)).length,
      unexpected: [...once].filter((id) => !expected.has(id)).length,
      outsideLocalWindow,
      wrongChannel,
      utcHours,
      stopsAccepted: observed.stopsAccepted,
      stops,
    };
    const fanOutRun = {
      crashes: run.crashed,
      pagesAtCrash: run.pages.atCrash,
      pages: run.pages.fannedOut,
      handOver: observed.handOver,
      nextRunArmedNow: observed.nextRunArmedNow,
      duplicateAlarm: observed.duplicateAlarm,
    };
    const cappedNoteOnTimeline = capped3.timeline.some(
      (e) => e.type === 'note' && e.note?.includes('dropped: capped-7d'),
    );
    return {
      customers: count,
      recipients: inSegment.length,
      reachable: expected.size,
      delivered: sent.length,
      wallSeconds: {
        fileCustomers: seconds.file ?? 0,
        fanOut: FAN_OUT_PHASES.reduce((sum, phase) => sum + (seconds[phase] ?? 0), 0),
        sends: seconds.sends ?? 0,
      },
      fanOutRun,
      sends,
      progress: { afterFanOut: run.progressAfterFanOut, final: campaign.progress, status: campaign.status },
      cappedNoteOnTimeline,
      perRecipient: {
        fanOut: per(fanOutTally.engine),
        campaignInFires,
        besidesTheSend,
        sendPath,
        total: besidesTheSend + sendPath,
      },
      fanOut: fanOutTally,
      fires: tally(fires),
      forbidden,
      budgets: [
        {
          name: 'campaign: DynamoDB requests per recipient besides the send',
          actual: besidesTheSend.toFixed(2),
          limit: `<= ${CAMPAIGN_BUDGET.maxRequestsPerRecipient}`,
          pass: besidesTheSend <= CAMPAIGN_BUDGET.maxRequestsPerRecipient,
        },
        {
          name: 'campaign: DynamoDB requests per recipient, fan-out and send',
          actual: (besidesTheSend + sendPath).toFixed(2),
          limit: `<= ${CAMPAIGN_BUDGET.maxTotalRequestsPerRecipient}`,
          pass: besidesTheSend + sendPath <= CAMPAIGN_BUDGET.maxTotalRequestsPerRecipient,
        },
        equals(
          'campaign: the fan-out crashed once part-way, handed over, resumed, ignored a duplicate alarm',
          { ...fanOutRun, created: observed.created, afterCrash: observed.afterCrash },
          {
            ...fanOutRun,
            crashes: 1,
            handOver: 'continues after 1 page',
            nextRunArmedNow: true,
            duplicateAlarm: 'fanned-out',
            created: 201,
            afterCrash: 'fanning-out',
          },
        ),
        {
          name: 'campaign: fan-out pages before the crash, and after it',
          actual: `${fanOutRun.pagesAtCrash}, ${fanOutRun.pages - fanOutRun.pagesAtCrash}`,
          limit: '>= 1, >= 3',
          pass: fanOutRun.pagesAtCrash >= 1 && fanOutRun.pages - fanOutRun.pagesAtCrash >= 3,
        },
        equals(
          'campaign: every reachable recipient sent once, nobody else, in their 10:00-11:00, by email or else SMS',
          sends,
          {
            ...sends,
            duplicates: 0,
            missing: 0,
            unexpected: 0,
            outsideLocalWindow: 0,
            wrongChannel: 0,
            // Shanghai 02-03 UTC, London 10-11 UTC, New York (daylight time) 14-15 UTC.
            utcHours: [2, 3, 10, 11, 14, 15],
            stopsAccepted: stops,
          },
        ),
        equals('campaign: recipients reached', sent.length, expected.size),
        equals('campaign: progress after the fan-out', run.progressAfterFanOut, {
          ...run.progressAfterFanOut,
          targeted: inSegment.length,
          queued: inSegment.length - suppressed,
          suppressed,
          pending: inSegment.length - suppressed,
        }),
        equals(
          'campaign: progress at the end (sent, suppressed before and during, capped, nothing pending)',
          { status: campaign.status, ...campaign.progress },
          {
            status: 'completed',
            // Every other counter (pending, failed, cancelled, replied, codes) at zero.
            ...Object.fromEntries(Object.keys(campaign.progress).map((counter) => [counter, 0])),
            targeted: inSegment.length,
            queued: inSegment.length - suppressed,
            sent: sent.length,
            suppressed: suppressed + stops,
            capped: cappedCount,
          },
        ),
        equals('campaign: a capped customer’s timeline notes the cap', cappedNoteOnTimeline, true),
        noForbiddenCommandsBudget('campaign', forbidden),
      ],
    };
  } finally {
    await engine.dispose();
  }
}
