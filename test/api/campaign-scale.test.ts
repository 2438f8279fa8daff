import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClock } from '../../functions/core/calendars/local-time';
import { runCampaignJob } from '../../functions/engine/campaigns/campaign-job';
import type { OutboxEntry } from '../../functions/local/outbox';
import { bookCustomer, bookId, fileBook, zoneOf } from '../support/campaign-book';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// A 10,000-customer campaign through the local engine on the simulated clock:
// three time zones, customers suppressed before and during the campaign,
// customers the caps refuse, and the fan-out crashing half-way and resuming.

const BOOK = 10_000;
const START = new Date('2027-03-16T00:00:00Z');
const excluded = (i: number) => i % 100 === 7; // tagged do-not-contact: not in the segment
const suppressedBefore = (i: number) => i % 50 === 1; // SMS suppressed when the campaign starts
const capped = (i: number) => i % 50 === 3; // two marketing messages in the last day: tier C's weekly cap
const stopsDuring = (i: number) => i % 500 === 11; // texts STOP between the fan-out and the send
const CRASH_AFTER = 3_000;

describe(`a campaign to ${BOOK.toLocaleString('en')} customers`, () => {
  let engine: TestEngine;
  let campaignId: string;
  let sent: OutboxEntry[];
  let progressAfterFanOut: Record<string, number>;
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
    const oneHourAgo = new Date(START.getTime() - 3600_000).toISOString();
    await timed('file', () =>
      fileBook(engine.deps.store, BOOK, START, {
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
    expect(created.status).toBe(201);
    campaignId = created.body.campaign.id;

    // The fan-out dies after CRASH_AFTER recipients were queued: the store refuses one write.
    const store = engine.deps.store.customers;
    const saveState = store.saveState.bind(store);
    let saves = 0;
    store.saveState = async (...args) => {
      if (++saves === CRASH_AFTER) {
        crashed++;
        throw new Error('the fan-out crashed');
      }
      return saveState(...args);
    };
    await timed('fan-out (crash)', () => engine.advance('PT1M'));
    const afterCrash = await engine.json<{ status: string; fanOut: { pages: number } }>(
      'GET',
      `/v1/campaigns/${campaignId}`,
    );
    expect(afterCrash.body.status).toBe('fanning-out');
    // A run near its time limit saves one page and hands over to its next run's alarm.
    const handedOver = await runCampaignJob(engine.deps, campaignId, { shouldStop: () => true });
    expect(handedOver).toMatchObject({ status: 'continues', pages: 1 });
    expect(engine.scheduler.pendingJobAt({ kind: 'campaign', id: campaignId })).toEqual(engine.clock.now());
    // The alarm rings, and the fan-out resumes where it stood.
    await timed('fan-out (resume)', () => engine.advance('PT10M'));
    store.saveState = saveState;
    // A duplicated alarm on a finished fan-out changes nothing.
    expect((await runCampaignJob(engine.deps, campaignId)).status).toBe('fanned-out');
    progressAfterFanOut = (
      await engine.json<{ progress: Record<string, number> }>('GET', `/v1/campaigns/${campaignId}`)
    ).body.progress;

    for (let i = 0; i < BOOK; i++) {
      if (!stopsDuring(i)) continue;
      const stop = await engine.json('POST', '/_local/inbound/sms', {
        from: zoneOf(i).phone(i),
        body: 'STOP',
      });
      expect(stop.status).toBe(200);
    }
    await timed('sends', () => engine.advance('P2D'));
    sent = (await engine.sent()).filter((m) => m.rule === `campaign:${campaignId}`);
    console.log(`campaign of ${BOOK} customers, ms by phase:`, timings);
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
    const hours = new Set(sent.map((m) => new Date(m.sentAt).getUTCHours()));
    // Shanghai 02-03 UTC, London 10-11 UTC, New York (daylight time) 14-15 UTC.
    expect([...hours].sort((a, b) => a - b)).toEqual([2, 3, 10, 11, 14, 15]);
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
