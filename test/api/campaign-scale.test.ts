import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClock } from '../../functions/core/calendars/local-time';
import type { OutboxEntry } from '../../functions/local/outbox';
import { bookId, zoneOf } from '../support/campaign-book';
import {
  capped,
  excluded,
  runScaleCampaign,
  SCALE_START as START,
  stopsDuring,
  suppressedBefore,
} from '../support/campaign-scale';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// A 1,000-customer campaign through the local engine on the simulated clock:
// three time zones, customers suppressed before and during the campaign,
// customers the caps refuse, and the fan-out crashing part-way and resuming.
// The fan-out queues about 200 recipients a page (PAGE_RECIPIENTS in
// functions/engine/campaigns/campaign-job.ts), so it crosses five pages: the
// crash falls in the second, the hand-over saves it, the resume runs the other
// three. `npm run bench` runs the same campaign to 10,000 customers.

const BOOK = 1_000;
const CRASH_AFTER = 300;

describe(`a campaign to ${BOOK.toLocaleString('en')} customers`, () => {
  let engine: TestEngine;
  let campaignId: string;
  let sent: OutboxEntry[];
  let progressAfterFanOut: Record<string, number>;
  let pages: { atCrash: number; fannedOut: number };
  let crashed = 0;
  const timings: Record<string, number> = {};

  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[label] = Math.round(performance.now() - started);
    }
  };

  beforeAll(async () => {
    engine = await startTestEngine({ start: START.toISOString() });
    ({ campaignId, crashed, progressAfterFanOut, pages, sent } = await runScaleCampaign(engine, BOOK, {
      crashAfter: CRASH_AFTER,
      phase: timed,
      checks: {
        created: (created) => expect(created.status).toBe(201),
        afterCrash: (afterCrash) => expect(afterCrash.body.status).toBe('fanning-out'),
        handedOver: (handedOver, campaignId) => {
          expect(handedOver).toMatchObject({ status: 'continues', pages: 1 });
          expect(engine.scheduler.pendingJobAt({ kind: 'campaign', id: campaignId })).toEqual(
            engine.clock.now(),
          );
        },
        duplicateAlarm: (report) => expect(report.status).toBe('fanned-out'),
        stop: (stop) => expect(stop.status).toBe(200),
      },
    }));
    console.log(`campaign of ${BOOK} customers, ms by phase:`, timings, 'fan-out pages:', pages);
  }, 600_000);

  afterAll(async () => {
    await engine?.dispose();
  });

  it('crashed once half-way and queued everyone exactly once on resuming', () => {
    expect(crashed).toBe(1);
    const segment = BOOK - BOOK / 100;
    expect(progressAfterFanOut).toMatchObject({
      targeted: segment,
      queued: segment - BOOK / 50,
      suppressed: BOOK / 50,
      pending: segment - BOOK / 50,
    });
  });

  it('crashed after a saved page and resumed across several more', () => {
    expect(pages.atCrash).toBeGreaterThanOrEqual(1);
    expect(pages.fannedOut - pages.atCrash).toBeGreaterThanOrEqual(3);
  });

  it('sends one message to each reachable, uncapped recipient, and nobody else', () => {
    const expected = Array.from({ length: BOOK }, (_, i) => i).filter(
      (i) => !excluded(i) && !suppressedBefore(i) && !capped(i) && !stopsDuring(i),
    );
    const ids = sent.map((m) => m.customerId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(expected.map(bookId).sort());
  });

  it('sends each at 10:00-11:00 on 17 March on the recipient’s own clock, by email or else SMS', () => {
    for (const message of sent) {
      const i = Number(message.customerId.slice(2));
      const clock = localClock(new Date(message.sentAt), zoneOf(i).timezone);
      expect(clock.date, message.customerId).toBe('2027-03-17');
      expect(clock.minutes, message.customerId).toBeGreaterThanOrEqual(10 * 60);
      expect(clock.minutes, message.customerId).toBeLessThanOrEqual(11 * 60);
      expect(message.channel).toBe(i % 10 === 0 ? 'email' : 'sms');
    }
    // Shanghai from 02:00 UTC, London from 10:00, New York (daylight time) from 14:00,
    // each spread over its hour rather than sent in one burst.
    const byZone = new Map<string, { hours: Set<number>; minutes: Set<number> }>();
    for (const message of sent) {
      const zone = zoneOf(Number(message.customerId.slice(2))).timezone;
      const seen = byZone.get(zone) ?? { hours: new Set(), minutes: new Set() };
      const at = new Date(message.sentAt);
      seen.hours.add(at.getUTCHours());
      seen.minutes.add(at.getUTCMinutes());
      byZone.set(zone, seen);
    }
    const opening = { 'Asia/Shanghai': 2, 'Europe/London': 10, 'America/New_York': 14 };
    expect([...byZone.keys()].sort()).toEqual(Object.keys(opening).sort());
    for (const [zone, hour] of Object.entries(opening)) {
      const seen = byZone.get(zone)!;
      expect(seen.hours.has(hour), zone).toBe(true);
      expect(
        [...seen.hours].every((h) => h === hour || h === hour + 1),
        zone,
      ).toBe(true);
      expect(seen.minutes.size, zone).toBeGreaterThanOrEqual(40);
    }
  });

  it('reports every recipient: sent, suppressed (before and during), capped, nothing pending', async () => {
    const { body } = await engine.json<{ status: string; progress: Record<string, number> }>(
      'GET',
      `/v1/campaigns/${campaignId}`,
    );
    const stops = BOOK / 500;
    expect(body.status).toBe('completed');
    expect(body.progress).toEqual({
      targeted: BOOK - BOOK / 100,
      queued: BOOK - BOOK / 100 - BOOK / 50,
      sent: sent.length,
      suppressed: BOOK / 50 + stops,
      capped: BOOK / 50,
      failed: 0,
      cancelled: 0,
      replied: 0,
      // No delivery events come back in this test: none are counted.
      delivered: 0,
      opened: 0,
      clicked: 0,
      unsubscribed: 0,
      pending: 0,
      redeemed: 0,
      expiredCodes: 0,
    });
    expect(sent).toHaveLength(BOOK - BOOK / 100 - BOOK / 50 - BOOK / 50 - stops);
  });

  it('notes on a capped customer’s timeline why the campaign did not reach them', async () => {
    const { body } = await engine.json<{ timeline: { type: string; note?: string }[] }>(
      'GET',
      `/v1/customers/${bookId(3)}`,
    );
    expect(body.timeline.some((e) => e.type === 'note' && e.note?.includes('dropped: capped-7d'))).toBe(true);
  });
});
