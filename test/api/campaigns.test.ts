import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClock } from '../../functions/core/calendars/local-time';
import { offerCodeFor } from '../../functions/core/campaigns/offers';
import { runCampaignJob } from '../../functions/engine/campaigns/campaign-job';
import type { OutboxEntry } from '../../functions/local/outbox';
import { LOCAL_DEFAULTS } from '../../functions/wiring/config';
import { sesEvent } from '../engine/delivery-events/ses-fixtures';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// An old-customer offer to a segment, end to end on the local engine: checked
// and previewed, fanned out (twice at once), sent in each recipient's own
// window, chased, answered, and its codes redeemed by the deal webhook.

const people: Record<string, { timezone: string; body: Record<string, unknown> }> = {
  'a-sh': {
    timezone: 'Asia/Shanghai',
    body: {
      name: '王芳',
      email: 'wang.fang@example.com',
      phone: '+8613800138000',
      locale: 'zh-CN',
      country: 'CN',
      city: '杭州',
      owner: { name: '林伟', email: 'lin.wei@shop.example' },
    },
  },
  'a-ldn': {
    timezone: 'Europe/London',
    body: { name: 'Oliver Smith', email: 'oliver@example.com', country: 'GB' },
  },
  'a-ny': {
    timezone: 'America/New_York',
    body: { name: 'Emily Carter', phone: '+12015550123', country: 'US' },
  },
  'a-stop': {
    timezone: 'Asia/Shanghai',
    body: { name: '张伟', phone: '+8613800138001', locale: 'zh-CN', country: 'CN' },
  },
};

const offerCampaign = {
  name: 'Spring thank-you offer',
  segment: { country: ['CN', 'GB', 'US'] },
  template: 'campaign-offer',
  channels: 'email-then-sms',
  sendAt: '2027-03-17T10:00',
  chase: true,
  offer: { prefix: 'THANKS', validDays: 14 },
  details: { offer: '10% off your next order' },
};

type Progress = Record<string, number>;

describe('an old-customer offer campaign', () => {
  let engine: TestEngine;
  let campaignId: string;
  let sent: OutboxEntry[];
  const code = (customerId: string) =>
    offerCodeFor(LOCAL_DEFAULTS.signingKey, campaignId, customerId, 'THANKS');
  const progress = async () =>
    (await engine.json<{ status: string; progress: Progress }>('GET', `/v1/campaigns/${campaignId}`)).body;

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-16T00:00:00Z' });
    for (const [id, { timezone, body }] of Object.entries(people)) {
      expect((await engine.call('PUT', `/v1/customers/${id}`, { ...body, timezone })).status).toBe(201);
    }
    await engine.call('POST', '/_local/inbound/sms', { from: '+8613800138001', body: '退订' });
  }, 60_000);

  afterAll(async () => {
    await engine?.dispose();
  });

  describe('before it starts', () => {
    const refused = async (body: Record<string, unknown>, status: number, path: string) => {
      const response = await engine.json<{ error: string; issues?: { path: string }[] }>(
        'POST',
        '/v1/campaigns',
        body,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      if (status === 400) expect(response.body.issues?.map((i) => i.path)).toContain(path);
      return response.body.error;
    };

    it('refuses what cannot work, naming the field', async () => {
      expect(await refused({ ...offerCampaign, template: 'no-such-template' }, 400, 'template')).toMatch(
        /no template named/,
      );
      expect(
        await refused({ ...offerCampaign, template: 'owner-call-task', channels: 'sms' }, 400, 'channels'),
      ).toMatch(/has no sms version/);
      expect(await refused({ ...offerCampaign, sendAt: '2027-03-14T10:00' }, 400, 'sendAt')).toMatch(
        /already passed/,
      );
      expect(await refused({ ...offerCampaign, sendAt: '2027-03-17T07:30' }, 400, 'sendAt')).toMatch(
        /outside the daytime/,
      );
      expect(await refused({ ...offerCampaign, segment: {} }, 400, 'segment')).toMatch(
        /at least one criterion/,
      );
      expect(await refused({ ...offerCampaign, segment: { country: ['FR'] } }, 400, 'segment')).toMatch(
        /matches no customer/,
      );
      expect(await refused({ ...offerCampaign, segment: 'no-such-segment' }, 400, 'segment')).toMatch(
        /no saved segment/,
      );
      expect(await refused({ ...offerCampaign, segment: { cty: ['杭州'] } }, 400, 'segment.cty')).toMatch(
        /unknown field/,
      );
      expect(
        await refused({ ...offerCampaign, offer: { validDays: 0 } }, 400, 'offer.validDays'),
      ).toBeTruthy();
      expect(await refused({ ...offerCampaign, chase: 'yes' }, 400, 'chase')).toBeTruthy();
    });

    it('refuses a template the campaign cannot fill (422, with the template’s own error)', async () => {
      const { offer: _offer, ...noOffer } = offerCampaign;
      expect(await refused(noOffer, 422, 'template')).toMatch(/campaign-offer .*undefined variable: offer/);
      const invitation = {
        ...offerCampaign,
        template: 'campaign-event-invitation',
        details: { event: 'our open day' },
      };
      expect(await refused(invitation, 422, 'template')).toMatch(
        /undefined variable: campaign\.details\.date/,
      );
    });

    it('previews a dry run: the audience and one recipient’s message, writing nothing', async () => {
      const dry = await engine.json<{
        status: string;
        campaign: { id: string; sends: unknown[] };
        audience: { matched: number; exact: boolean };
        preview: { customerId: string; channel: string; text: string };
      }>('POST', '/v1/campaigns', { ...offerCampaign, dryRun: true }, { 'Idempotency-Key': 'spring-2027' });
      expect(dry.status).toBe(200);
      expect(dry.body.status).toBe('dry-run');
      expect(dry.body.audience).toMatchObject({ matched: 4, exact: true });
      campaignId = dry.body.campaign.id;
      // The preview shows the very code that recipient will get.
      expect(dry.body.preview.text).toContain(code(dry.body.preview.customerId));
      expect((await engine.json<{ campaigns: unknown[] }>('GET', '/v1/campaigns')).body.campaigns).toEqual(
        [],
      );
      expect(engine.scheduler.pendingJobAt({ kind: 'campaign', id: campaignId })).toBeUndefined();
      expect((await engine.call('GET', `/v1/campaigns/${campaignId}`)).status).toBe(404);
    });
  });

  describe('once started', () => {
    beforeAll(async () => {
      const created = await engine.json<{ status: string; campaign: { id: string; status: string } }>(
        'POST',
        '/v1/campaigns',
        offerCampaign,
        { 'Idempotency-Key': 'spring-2027' },
      );
      expect(created.status).toBe(201);
      expect(created.body.campaign).toMatchObject({ id: campaignId, status: 'fanning-out' });
    });

    it('is the same campaign when the request is retried with its Idempotency-Key', async () => {
      const again = await engine.json<{ status: string; campaign: { id: string } }>(
        'POST',
        '/v1/campaigns',
        offerCampaign,
        {
          'Idempotency-Key': 'spring-2027',
        },
      );
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'existing', campaign: { id: campaignId } });
      expect(engine.scheduler.pendingJobAt({ kind: 'campaign', id: campaignId })).toEqual(engine.clock.now());
    });

    it('fans out once however many runs race for the same page, skipping the unreachable', async () => {
      const runs = await Promise.all([
        runCampaignJob(engine.deps, campaignId),
        runCampaignJob(engine.deps, campaignId),
      ]);
      expect(runs.map((r) => r.status).sort()).toEqual(['fanned-out', 'overtaken']);
      await engine.advance('PT1M');
      expect(await progress()).toMatchObject({
        status: 'sending',
        progress: { targeted: 4, queued: 3, suppressed: 1, sent: 0, pending: 3 },
      });
    });

    it('sends each recipient their own code at 10:00-11:00 their time, by email or else SMS', async () => {
      await engine.advance('P2D');
      sent = (await engine.sent()).filter((m) => m.rule === `campaign:${campaignId}`);
      expect(sent.map((m) => [m.customerId, m.channel]).sort()).toEqual([
        ['a-ldn', 'email'],
        ['a-ny', 'sms'],
        ['a-sh', 'email'],
      ]);
      for (const message of sent) {
        const clock = localClock(new Date(message.sentAt), people[message.customerId]!.timezone);
        expect(clock.date).toBe('2027-03-17');
        expect(clock.minutes).toBeGreaterThanOrEqual(600);
        expect(clock.minutes).toBeLessThanOrEqual(660);
        expect(message.text).toContain(code(message.customerId));
      }
      expect(sent.find((m) => m.customerId === 'a-sh')?.text).toContain('优惠码');
      expect(sent.find((m) => m.customerId === 'a-ny')?.text).toMatch(
        /^Hi Emily Carter, .*Reply STOP to opt out\.$/,
      );
      expect(await progress()).toMatchObject({ status: 'completed', progress: { sent: 3, pending: 0 } });
    });

    it('starts the follow-up chase behind each message', async () => {
      const file = await engine.json<{
        chases: { id: string; status: string }[];
        timeline: { type: string; id: string; rule?: string }[];
      }>('GET', '/v1/customers/a-sh');
      const message = file.body.timeline.find(
        (e) => e.type === 'message' && e.rule === `campaign:${campaignId}`,
      );
      expect(file.body.chases).toEqual([expect.objectContaining({ id: message?.id, status: 'active' })]);
    });

    it('counts a reply once per message', async () => {
      for (const body of ['Sounds good, thanks!', 'And could you send me the catalogue?']) {
        await engine.call('POST', '/_local/inbound/sms', { from: '+12015550123', body });
      }
      expect((await progress()).progress).toMatchObject({ replied: 1 });
    });

    it('counts a delivery, a first open and a first click once per message, however often SES repeats them', async () => {
      const letter = sent.find((m) => m.customerId === 'a-sh' && m.channel === 'email')!;
      for (const name of ['delivery', 'delivery', 'open', 'open', 'click', 'click']) {
        await engine.callOk('POST', '/_local/events/ses', sesEvent(name, { messageId: letter.id }));
      }
      expect((await progress()).progress).toMatchObject({
        delivered: 1,
        opened: 1,
        clicked: 1,
        unsubscribed: 0,
      });
    });

    it('counts a one-click unsubscribe from the campaign letter once', async () => {
      const letter = sent.find((m) => m.customerId === 'a-ldn' && m.channel === 'email')!;
      const link = /href="(http:\/\/localhost:8787\/u\/[^"]+)"/.exec(letter.html ?? '')?.[1];
      expect(link).toBeDefined();
      for (let i = 0; i < 2; i++) {
        const oneClick = await engine.call('POST', new URL(link!).pathname, 'List-Unsubscribe=One-Click', {
          'content-type': 'application/x-www-form-urlencoded',
        });
        expect(oneClick.status).toBe(200);
      }
      expect((await progress()).progress).toMatchObject({ unsubscribed: 1 });
    });

    it('counts a redeemed code once, however often the deal webhook repeats it', async () => {
      const deal = (
        customerId: string,
        dealId: string,
        stage: string,
        offerCode: string,
        occurredAt?: string,
      ) =>
        engine.webhook({
          dealId,
          customerId,
          stage,
          amount: 1200,
          offerCode,
          ...(occurredAt ? { occurredAt } : {}),
        });
      const first = await deal('a-sh', 'D-9', 'ordered', code('a-sh').toLowerCase());
      expect(first.status).toBe(202);
      expect(await first.json()).toMatchObject({ offer: { code: code('a-sh'), status: 'redeemed' } });
      const later = await deal('a-sh', 'D-9', 'in_production', code('a-sh'));
      expect(await later.json()).toMatchObject({ offer: { status: 'repeat' } });
      const another = await deal('a-sh', 'D-10', 'ordered', code('a-sh'));
      expect(await another.json()).toMatchObject({ offer: { status: 'used' } });
      expect((await progress()).progress).toMatchObject({ redeemed: 1, expiredCodes: 0 });
    });

    it('records an expired or someone else’s code on the buyer’s timeline, and does not count it', async () => {
      const unknown = await engine.webhook({
        dealId: 'D-11',
        customerId: 'a-ldn',
        stage: 'ordered',
        offerCode: code('a-sh'),
      });
      expect(await unknown.json()).toMatchObject({ offer: { status: 'unknown' } });
      const expired = await engine.webhook({
        dealId: 'D-12',
        customerId: 'a-ny',
        stage: 'ordered',
        offerCode: code('a-ny'),
        occurredAt: '2027-04-02T15:00:00Z',
      });
      expect(await expired.json()).toMatchObject({ offer: { status: 'expired' } });
      expect((await progress()).progress).toMatchObject({ redeemed: 1, expiredCodes: 1 });
      const notes = async (id: string) =>
        (
          await engine.json<{ timeline: { type: string; note?: string }[] }>('GET', `/v1/customers/${id}`)
        ).body.timeline
          .filter((e) => e.type === 'note')
          .map((e) => e.note);
      expect(await notes('a-ldn')).toEqual([
        expect.stringMatching(/is not one of this customer's offer codes/),
      ]);
      expect(await notes('a-ny')).toEqual([expect.stringMatching(/was presented after it expired/)]);
    });

    it('lists the campaign with its progress', async () => {
      const list = await engine.json<{ campaigns: { id: string; status: string; progress: Progress }[] }>(
        'GET',
        '/v1/campaigns',
      );
      expect(list.body.campaigns).toEqual([
        expect.objectContaining({
          id: campaignId,
          status: 'completed',
          progress: expect.objectContaining({ sent: 3 }),
        }),
      ]);
      expect((await engine.call('GET', '/v1/campaigns?limit=0')).status).toBe(400);
      expect((await engine.call('GET', '/v1/campaigns/not%20an%20id')).status).toBe(400);
      expect((await engine.call('POST', '/v1/campaigns/cmp-none/cancel')).status).toBe(404);
    });
  });
});
