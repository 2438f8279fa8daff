import { describe, expect, it } from 'vitest';
import { localClock } from '../../../functions/core/calendars/local-time';
import {
  type CampaignSpec,
  campaignVariables,
  queueCampaign,
} from '../../../functions/core/campaigns/campaign';
import {
  campaignProgress,
  counterForOutcome,
  zeroCounts,
} from '../../../functions/core/campaigns/campaign-progress';
import { campaignRequestSchema, campaignSpecOf } from '../../../functions/core/campaigns/campaign-request';
import { campaignRule } from '../../../functions/core/campaigns/campaign-rule';
import { type Customer, customerInputSchema } from '../../../functions/core/customers/customer';
import { ValidationError } from '../../../functions/core/errors';
import type { CampaignAction, PlanContext } from '../../../functions/core/planning/actions';
import { forecast } from '../../../functions/core/planning/forecast';
import {
  applyAction,
  capVerdictFor,
  dueActions,
  holdBack,
  planActions,
} from '../../../functions/core/planning/plan';
import { type EngineState, emptyState } from '../../../functions/core/planning/state';
import { shippedRules } from '../../support/rules';

const now = new Date('2027-03-16T00:00:00Z');
const window = { start: '09:00', end: '20:00' };
const SIGNING_KEY = 'a-signing-key-for-the-tests';

function customer(timezone: string, id = 'c-1'): Customer {
  const parsed = customerInputSchema.parse({ name: 'Emily', phone: '+12015550123', timezone });
  return { ...parsed, customerId: id };
}

function spec(body: Record<string, unknown>, at = now): CampaignSpec {
  const request = campaignRequestSchema.parse({ name: 'Spring', ...body });
  return campaignSpecOf(request, { id: 'cmp-1', now: at, window, filter: { everyone: true } });
}

const message = (extra: Record<string, unknown> = {}) =>
  spec({
    segment: { everyone: true },
    template: 'campaign-new-arrivals',
    channels: 'sms',
    sendAt: '2027-03-17T10:00',
    ...extra,
  });

function refusal(run: () => unknown): { path: string; message: string } | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues[0];
    throw error;
  }
  return undefined;
}

function context(c: Customer, state: EngineState): PlanContext {
  return { customer: c, state, tier: 'C', rules: { ...shippedRules, cadences: [] }, since: '2027-03-16' };
}

describe('campaign requests', () => {
  it('default to a message campaign and name what is wrong', () => {
    expect(
      campaignRequestSchema.parse({
        name: 'x',
        segment: 'seg-1',
        template: 't',
        channels: 'sms',
        sendAt: 'now',
      }).kind,
    ).toBe('message');
    const bad = campaignRequestSchema.safeParse({
      name: 'x',
      segment: 'seg-1',
      template: 't',
      channels: 'fax',
      sendAt: 'soon',
    });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['channels', 'sendAt']);
    expect(campaignRequestSchema.safeParse({ kind: 'flyer', name: 'x' }).success).toBe(false);
  });

  it('resolve a local wall time into a dated send, keyed for the send guard', () => {
    expect(message().sends).toEqual([
      { key: '2027-03-17:send', template: 'campaign-new-arrivals', on: '2027-03-17', at: '10:00' },
    ]);
    expect(message({ sendAt: 'now' }).sends).toEqual([
      { key: '2027-03-16:send', template: 'campaign-new-arrivals' },
    ]);
  });

  it('refuse a send time outside the window, or passed in every time zone', () => {
    expect(refusal(() => message({ sendAt: '2027-03-17T21:30' }))).toEqual({
      path: 'sendAt',
      message: '21:30 is outside the daytime send window 09:00-20:00',
    });
    expect(refusal(() => message({ sendAt: '2027-03-15T10:00' }))?.message).toMatch(
      /passed in every time zone/,
    );
    // 19:00 on the 15th at UTC-12 is 07:00 UTC on the 16th: still ahead somewhere at 06:00 UTC.
    const farWest = () =>
      spec(
        { segment: { everyone: true }, template: 't', channels: 'sms', sendAt: '2027-03-15T19:00' },
        new Date('2027-03-16T06:00:00Z'),
      );
    expect(refusal(farWest)).toBeUndefined();
  });

  it('give the offer one expiry for every recipient, and refuse one before the send', () => {
    expect(message({ offer: { prefix: 'SPRING', validDays: 30 } }).offer).toEqual({
      prefix: 'SPRING',
      expiresOn: '2027-04-16',
    });
    expect(message({ offer: { expiresOn: '2027-04-01' } }).offer).toEqual({
      prefix: 'OFFER',
      expiresOn: '2027-04-01',
    });
    expect(refusal(() => message({ offer: { expiresOn: '2027-03-10' } }))?.path).toBe('offer.expiresOn');
    expect(
      campaignRequestSchema.safeParse({
        name: 'x',
        segment: 's',
        template: 't',
        channels: 'sms',
        sendAt: 'now',
        offer: {},
      }).success,
    ).toBe(false);
  });

  it('make a visit announcement two sends: N days before arrival and on arrival day, in the city', () => {
    const visit = spec({
      kind: 'visit',
      visit: {
        city: 'Hangzhou',
        country: 'cn',
        arrival: '2027-03-25',
        departure: '2027-03-27',
        hotel: 'Shangri-La Hotel',
        phone: '0571 8797 7951',
        owner: 'Lin Wei',
      },
    });
    expect(visit.sends).toEqual([
      { key: '2027-03-22:before', template: 'visit-announcement', on: '2027-03-22', at: '10:00' },
      { key: '2027-03-25:arrival', template: 'visit-arrival', on: '2027-03-25', at: '10:00' },
    ]);
    expect(visit.filter).toEqual({ city: ['Hangzhou'], country: ['CN'], owner: ['Lin Wei'] });
    expect(visit.visit?.phone).toBe('+8657187977951');
    expect(visit.maxDelayDays).toBe(0);
    expect(visit.channels).toBe('sms');
  });

  it('refuse impossible visits', () => {
    const visit =
      (v: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      () =>
        spec({
          kind: 'visit',
          visit: {
            city: 'Hangzhou',
            arrival: '2027-03-25',
            departure: '2027-03-27',
            hotel: 'H',
            phone: '+8657187977951',
            ...v,
          },
          ...extra,
        });
    expect(refusal(visit({ departure: '2027-03-24' }))?.path).toBe('visit.departure');
    expect(refusal(visit({ phone: '12345' }))?.path).toBe('visit.phone');
    expect(refusal(visit({ arrival: '2027-03-17', departure: '2027-03-18' }))?.path).toBe('visit.daysBefore');
    const narrowed = () =>
      campaignSpecOf(
        campaignRequestSchema.parse({
          kind: 'visit',
          name: 'v',
          visit: {
            city: 'Hangzhou',
            arrival: '2027-03-25',
            departure: '2027-03-27',
            hotel: 'H',
            phone: '+8657187977951',
          },
        }),
        { id: 'v', now, window, filter: { city: ['Ningbo'] } },
      );
    expect(refusal(narrowed)?.path).toBe('segment.city');
  });
});

describe('queueCampaign', () => {
  const c = customer('Asia/Shanghai');

  it('puts the sends and the recipient’s offer code on the state', () => {
    const { state, added } = queueCampaign(
      emptyState,
      message({ offer: { prefix: 'SPRING', validDays: 30 } }),
      c,
      now,
      SIGNING_KEY,
    );
    expect(added).toBe(1);
    expect(state.campaignSends).toEqual([
      {
        campaignId: 'cmp-1',
        key: '2027-03-17:send',
        template: 'campaign-new-arrivals',
        channels: 'sms',
        dueOn: '2027-03-17',
        sendAt: '10:00',
        spreadMinutes: 60,
        maxDelayDays: 2,
        chase: false,
      },
    ]);
    expect(state.offers).toEqual([
      {
        campaignId: 'cmp-1',
        code: expect.stringMatching(/^SPRING-[0-9A-HJKMNP-TV-Z]{10}$/),
        expiresOn: '2027-04-16',
      },
    ]);
  });

  it('is idempotent: queued again, or after it was sent, nothing changes', () => {
    const campaign = message();
    const once = queueCampaign(emptyState, campaign, c, now, SIGNING_KEY);
    const twice = queueCampaign(once.state, campaign, c, now, SIGNING_KEY);
    expect(twice).toEqual({ state: once.state, added: 0 });
    const sent = { ...emptyState, done: { [campaignRule('cmp-1')]: '2027-03-17:send' } };
    expect(queueCampaign(sent, campaign, c, now, SIGNING_KEY).added).toBe(0);
  });

  it('gives a "now" campaign a due instant on the recipient’s calendar', () => {
    const { state } = queueCampaign(
      emptyState,
      message({ sendAt: 'now' }),
      customer('America/New_York'),
      now,
      SIGNING_KEY,
    );
    expect(state.campaignSends[0]).toMatchObject({ dueOn: '2027-03-15', dueAt: now.toISOString() });
    expect(state.campaignSends[0]?.sendAt).toBeUndefined();
  });
});

describe('planning a campaign send', () => {
  const queued = (c: Customer, campaign = message()) =>
    queueCampaign(emptyState, campaign, c, now, SIGNING_KEY).state;

  it('falls at the wall time on each recipient’s own clock, spread within the hour', () => {
    for (const timezone of ['Asia/Shanghai', 'Europe/London', 'America/New_York']) {
      for (const id of ['a', 'b', 'c', 'd']) {
        const c = customer(timezone, id);
        const [action] = planActions(context(c, queued(c)), now);
        const clock = localClock(action!.at, timezone);
        expect(action?.type).toBe('campaign');
        expect(clock.date).toBe('2027-03-17');
        expect(clock.minutes).toBeGreaterThanOrEqual(600);
        expect(clock.minutes).toBeLessThanOrEqual(660);
      }
    }
  });

  it('sends a "now" campaign at once inside the window, else at the next opening', () => {
    const shanghai = customer('Asia/Shanghai'); // 08:00 local: the window opens at 09:00
    const [early] = planActions(context(shanghai, queued(shanghai, message({ sendAt: 'now' }))), now);
    expect(early?.at.toISOString()).toBe('2027-03-16T01:00:00.000Z');
    const london = customer('Europe/London');
    const noon = new Date('2027-03-16T12:00:00Z');
    const state = queueCampaign(emptyState, message({ sendAt: 'now' }), london, noon, SIGNING_KEY).state;
    expect(planActions(context(london, state), noon)[0]?.at).toEqual(noon);
  });

  it('is settled by applyAction: removed, and marked done for the send guard', () => {
    const c = customer('Asia/Shanghai');
    const state = queued(c);
    const [action] = planActions(context(c, state), new Date('2027-03-17T04:00:00Z'));
    const after = applyAction(state, action!, new Date('2027-03-17T04:00:00Z'), shippedRules);
    expect(after.campaignSends).toEqual([]);
    expect(after.done).toEqual({ 'campaign:cmp-1': '2027-03-17:send' });
  });

  it('is capped like any marketing message, and past maxDelayDays dropped', () => {
    const c = customer('Asia/Shanghai');
    const at = new Date('2027-03-17T03:00:00Z');
    const state = {
      ...queued(c, message({ maxDelayDays: 1 })),
      marketingSent: ['2027-03-17T00:00:00Z', '2027-03-16T23:00:00Z'],
    };
    const ctx = context(c, state);
    const [action] = dueActions(ctx, at);
    expect(capVerdictFor(ctx, action!, planActions(ctx, at), at)).toBe('capped-7d');
    const held = holdBack(ctx, state, action!, at, 'capped-7d');
    expect(held.kind).toBe('dropped');
    expect(held.state.campaignSends).toEqual([]);
  });

  it('moves a capped message to the day it fits, at the campaign’s time', () => {
    const c = customer('Asia/Shanghai');
    const at = new Date('2027-03-17T03:00:00Z');
    const weekAgo = '2027-03-11T00:00:00Z';
    const state = {
      ...queued(c, message({ maxDelayDays: 3 })),
      marketingSent: [weekAgo, '2027-03-16T23:00:00Z'],
    };
    const ctx = context(c, state);
    const [action] = dueActions(ctx, at);
    const held = holdBack(ctx, state, action!, at, 'capped-7d');
    expect(held).toMatchObject({ kind: 'deferred', until: '2027-03-18' });
    const [moved] = planActions({ ...ctx, state: held.state }, at);
    const clock = localClock(moved!.at, 'Asia/Shanghai');
    expect(clock.date).toBe('2027-03-18');
    expect(clock.minutes).toBeGreaterThanOrEqual(600);
  });

  it('marks a send past its last day expired, due at once to be cleared', () => {
    const c = customer('Asia/Shanghai');
    const late = new Date('2027-03-20T03:00:00Z');
    const [action] = planActions(context(c, queued(c)), late) as CampaignAction[];
    expect(action).toMatchObject({ expired: true, at: late });
  });
});

describe('the forecast of a campaign send', () => {
  it('shows it at its local time, and one past its last day as dropped', () => {
    const c = customer('Asia/Shanghai');
    const state = queueCampaign(emptyState, message(), c, now, SIGNING_KEY).state;
    const [entry] = forecast(context(c, state), now, 7).filter((e) => e.rule === 'campaign:cmp-1');
    expect(entry).toMatchObject({ status: 'scheduled', template: 'campaign-new-arrivals', channel: 'sms' });
    expect(entry?.local.slice(0, 13)).toMatch(/^2027-03-17 1[01]$/);
    const late = new Date('2027-03-21T00:00:00Z');
    expect(forecast(context(c, state), late, 7).filter((e) => e.rule === 'campaign:cmp-1')).toEqual([
      expect.objectContaining({ status: 'dropped', reason: 'expired' }),
    ]);
  });
});

describe('campaign variables', () => {
  it('give the template the campaign, the recipient’s offer and the visit in their language', () => {
    const campaign = {
      ...message({ offer: { prefix: 'SPRING', expiresOn: '2027-04-16' }, details: { highlight: 'chairs' } }),
    };
    const state = queueCampaign(emptyState, campaign, customer('Asia/Shanghai'), now, SIGNING_KEY).state;
    expect(campaignVariables(campaign, state, 'zh-CN')).toEqual({
      campaign: { id: 'cmp-1', name: 'Spring', details: { highlight: 'chairs' } },
      offer: { code: state.offers[0]?.code, expiresOn: '2027-04-16', expiresText: '4月16日(周五)' },
    });
    expect(campaignVariables(message(), emptyState, 'en')).toEqual({
      campaign: { id: 'cmp-1', name: 'Spring', details: {} },
    });
    expect((campaignVariables(campaign, state, 'en').offer as { expiresText: string }).expiresText).toBe(
      'Fri 16 Apr',
    );
  });
});

describe('campaign progress', () => {
  it('maps each fire outcome to the counter it moves; a send is counted by its delivery, not the fire', () => {
    expect(
      [
        'sent',
        'queued',
        'duplicate',
        'unreachable (suppressed)',
        'dropped',
        'expired',
        'cancelled',
        'failed',
        'deferred to 2027-03-18',
      ].map(counterForOutcome),
    ).toEqual([
      undefined,
      undefined,
      undefined,
      'suppressed',
      'capped',
      'failed',
      'cancelled',
      undefined,
      undefined,
    ]);
  });

  it('derives what is pending and the status', () => {
    const counts = { ...zeroCounts, targeted: 10, queued: 9, skipped: 1, sent: 6, suppressed: 1, capped: 1 };
    const flags = { fannedOut: true, cancelled: false, pastLastDate: false };
    expect(campaignProgress(counts, flags)).toEqual({
      status: 'sending',
      progress: expect.objectContaining({
        targeted: 10,
        queued: 9,
        sent: 6,
        suppressed: 2,
        capped: 1,
        pending: 1,
      }),
    });
    expect(campaignProgress({ ...counts, sent: 7 }, flags).status).toBe('completed');
    expect(campaignProgress(counts, { ...flags, pastLastDate: true }).status).toBe('completed');
    expect(campaignProgress(counts, { ...flags, fannedOut: false }).status).toBe('fanning-out');
    expect(campaignProgress(counts, { ...flags, cancelled: true }).status).toBe('cancelled');
  });
});
