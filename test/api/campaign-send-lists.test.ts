import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClock } from '../../functions/core/calendars/local-time';
import type { CampaignSend } from '../../functions/core/planning/state';
import { runJob } from '../../functions/engine/campaigns/campaign-jobs';
import type { OutboxEntry } from '../../functions/local/outbox';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// A campaign's recipients wait on its send lists, by the minute their message
// is due, and its send job sends each minute's together. Here the job dies
// after sending and before marking the lists, runs twice at once, races a
// fan-out page filing under a minute it has just closed, and withdraws a
// cancelled campaign's lists after dying half-way: each recipient hears once,
// in their own 10:00-11:00, and every one is counted once.

const zones = [
  { timezone: 'Asia/Shanghai', country: 'CN', phone: (i: number) => `+861380013${String(8000 + i)}` },
  { timezone: 'Europe/London', country: 'GB', phone: (i: number) => `+4479111${String(23400 + i)}` },
];
const BOOK = 24;
const idOf = (i: number) => `sl-${String(i).padStart(2, '0')}`;

type View = { id: string; status: string; progress: Record<string, number> };

describe('campaign send lists', () => {
  let engine: TestEngine;
  let spring: string;
  let raced: string;
  let cancelled: string;
  let sent: OutboxEntry[];
  let waiting: CampaignSend[] | undefined;
  // The campaigns whose send job the store failed once.
  const crashed = new Set<string>();
  const view = async (id: string) => (await engine.json<View>('GET', `/v1/campaigns/${id}`)).body;
  const create = async (name: string, sendAt: string) => {
    const response = await engine.json<{ campaign: View }>('POST', '/v1/campaigns', {
      name,
      segment: { country: ['CN', 'GB'] },
      template: 'campaign-new-arrivals',
      channels: 'sms',
      sendAt,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.campaign.id;
  };

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-16T00:00:00Z' });
    for (let i = 0; i < BOOK; i++) {
      const zone = zones[i % zones.length]!;
      const body = {
        name: `Customer ${i}`,
        phone: zone.phone(i),
        timezone: zone.timezone,
        country: zone.country,
      };
      expect((await engine.call('PUT', `/v1/customers/${idOf(i)}`, body)).status).toBe(201);
    }
    const campaigns = engine.deps.store.campaigns;
    const original = {
      markSendListsSent: campaigns.markSendListsSent.bind(campaigns),
      fileOnSendLists: campaigns.fileOnSendLists.bind(campaigns),
    };

    // The spring letter: its send job dies once after sending, before marking the lists sent
    // (and the cancelled letter's withdrawal, once after closing its lists).
    spring = await create('Spring letter', '2027-03-17T10:00');
    campaigns.markSendListsSent = async (...args) => {
      const [id] = args;
      if ((id === spring || id === cancelled) && !crashed.has(id)) {
        crashed.add(id);
        throw new Error('the send job crashed');
      }
      return original.markSendListsSent(...args);
    };
    // The raced letter: the send job closes its lists through the day while its page is filing.
    raced = await create('Raced letter', '2027-03-17T10:00');
    campaigns.fileOnSendLists = async (...args) => {
      await original.fileOnSendLists(...args);
      if (args[0] === raced) await campaigns.closeSendLists(raced, undefined, '2027-03-17T23:59Z');
    };
    await engine.advance('PT1M');
    campaigns.fileOnSendLists = original.fileOnSendLists;
    waiting = (await engine.deps.store.customers.get(idOf(1)))?.state.campaignSends;

    cancelled = await create('Cancelled letter', '2027-03-18T10:00');
    await engine.advance('PT1M');
    expect((await engine.json<View>('POST', `/v1/campaigns/${cancelled}/cancel`)).body.status).toBe(
      'cancelled',
    );

    // Two runs of the spring letter's job at once, on the minute its first recipients are due.
    await engine.advance('PT26H');
    await Promise.all([
      runJob(engine.deps, { kind: 'campaign-send', id: spring }),
      runJob(engine.deps, { kind: 'campaign-send', id: spring }),
    ]);
    await engine.advance('P3D');
    sent = await engine.sent();
  }, 120_000);

  afterAll(async () => {
    await engine?.dispose();
  });

  it('crashed the send job and the withdrawal once each', () => {
    expect([...crashed].sort()).toEqual([spring, cancelled].sort());
  });

  it('keeps a recipient waiting on the lists off their own state', () => {
    // The raced letter's recipients went on their state: the job had closed the page's minutes.
    expect(waiting?.map((send) => send.campaignId)).toEqual([raced]);
  });

  it.each([
    ['spring', () => spring],
    ['raced', () => raced],
  ])('sends the %s letter to everyone once, at 10:00-11:00 their time', async (_name, id) => {
    const letters = sent.filter((m) => m.rule === `campaign:${id()}`);
    expect(letters.map((m) => m.customerId).sort()).toEqual(Array.from({ length: BOOK }, (_, i) => idOf(i)));
    for (const letter of letters) {
      const zone = zones[Number(letter.customerId.slice(3)) % zones.length]!;
      const clock = localClock(new Date(letter.sentAt), zone.timezone);
      expect(clock.date).toBe('2027-03-17');
      expect(clock.minutes).toBeGreaterThanOrEqual(600);
      expect(clock.minutes).toBeLessThanOrEqual(660);
    }
    expect(await view(id())).toMatchObject({
      status: 'completed',
      progress: { targeted: BOOK, queued: BOOK, sent: BOOK, pending: 0 },
    });
  });

  it('sends nothing of the cancelled letter and counts each withdrawn recipient once', async () => {
    expect(sent.filter((m) => m.rule === `campaign:${cancelled}`)).toEqual([]);
    expect(await view(cancelled)).toMatchObject({
      status: 'cancelled',
      progress: { targeted: BOOK, queued: BOOK, sent: 0, cancelled: BOOK, pending: 0 },
    });
  });

  it('leaves no send job armed once the lists are done', () => {
    for (const id of [spring, raced, cancelled])
      expect(engine.scheduler.pendingJobAt({ kind: 'campaign-send', id })).toBeUndefined();
  });
});
