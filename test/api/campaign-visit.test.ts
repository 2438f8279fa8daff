import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClock } from '../../functions/core/calendars/local-time';
import type { OutboxEntry } from '../../functions/local/outbox';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// Seed 001: "before departure, inform the customers in the area of the arrival
// time by SMS; upon arrival, inform them of the hotel and its phone number".
// And campaigns cancelled after and before their fan-out.

const lin = { name: '林伟', email: 'lin.wei@shop.example' };
const hangzhou = { timezone: 'Asia/Shanghai', country: 'CN', city: '杭州' };
const customers: Record<string, Record<string, unknown>> = {
  'v-1': { name: '王芳', phone: '+8613800138000', locale: 'zh-CN', ...hangzhou, owner: lin },
  'v-2': {
    name: '陈静',
    phone: '+8613800138002',
    email: 'chen.jing@example.com',
    locale: 'zh-CN',
    ...hangzhou,
    owner: lin,
  },
  'v-3': { name: 'Tom Baker', phone: '+8613800138003', locale: 'en', ...hangzhou, owner: lin },
  'v-capped': { name: '刘洋', phone: '+8613800138004', locale: 'zh-CN', ...hangzhou, owner: lin },
  'v-other-owner': {
    name: '李娜',
    phone: '+8613800138005',
    locale: 'zh-CN',
    ...hangzhou,
    owner: { name: '李雷' },
  },
  'v-ningbo': {
    name: '张伟',
    phone: '+8613800138006',
    locale: 'zh-CN',
    ...hangzhou,
    city: '宁波',
    owner: lin,
  },
  'g-1': { name: 'Oliver Smith', phone: '+447911123401', timezone: 'Europe/London', country: 'GB' },
  'g-2': { name: 'Amelia Jones', phone: '+447911123402', timezone: 'Europe/London', country: 'GB' },
  'g-3': { name: 'Harry Brown', phone: '+447911123403', timezone: 'Europe/London', country: 'GB' },
};

const visit = {
  kind: 'visit',
  name: 'Lin Wei in Hangzhou, March',
  visit: {
    owner: 'lin.wei@shop.example',
    city: '杭州',
    country: 'CN',
    arrival: '2027-03-25',
    departure: '2027-03-27',
    hotel: '杭州香格里拉饭店',
    phone: '0571 8797 7951',
    daysBefore: 3,
  },
};

type View = { id: string; status: string; progress: Record<string, number> };

describe('a visit announcement and cancelled campaigns', () => {
  let engine: TestEngine;
  let visitId: string;
  let laterId: string;
  let neverId: string;
  let sent: OutboxEntry[];
  const view = async (id: string) => (await engine.json<View>('GET', `/v1/campaigns/${id}`)).body;
  const create = async (body: Record<string, unknown>) => {
    const response = await engine.json<{ campaign: View }>('POST', '/v1/campaigns', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.campaign.id;
  };

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-16T00:00:00Z' });
    for (const [id, body] of Object.entries(customers)) {
      expect((await engine.call('PUT', `/v1/customers/${id}`, body)).status).toBe(201);
    }
    // 刘洋 had two messages the day before the announcement: tier C's weekly cap is full for it.
    const record = await engine.deps.store.customers.get('v-capped');
    await engine.deps.store.customers.saveState(
      'v-capped',
      {
        ...record!.state,
        version: record!.state.version + 1,
        marketingSent: ['2027-03-21T02:00:00Z', '2027-03-21T03:00:00Z'],
      },
      record!.nextAt ? new Date(record!.nextAt) : undefined,
      record!.customer,
    );

    visitId = await create(visit);
    laterId = await create({
      name: 'London spring letter',
      segment: { country: ['GB'] },
      template: 'campaign-new-arrivals',
      channels: 'sms',
      sendAt: '2027-03-18T10:00',
    });
    await engine.advance('PT1M');
    expect((await engine.json<View>('POST', `/v1/campaigns/${laterId}/cancel`)).body.status).toBe(
      'cancelled',
    );
    neverId = await create({
      name: 'Never sent',
      segment: { country: ['GB'] },
      template: 'campaign-new-arrivals',
      channels: 'sms',
      sendAt: 'now',
    });
    await engine.call('POST', `/v1/campaigns/${neverId}/cancel`);
    await engine.advance('P11D');
    sent = await engine.sent();
  }, 60_000);

  afterAll(async () => {
    await engine?.dispose();
  });

  it('texts the traveller’s customers in the city three days ahead, then on arrival day, at 10:00-11:00', () => {
    const visitSms = sent.filter((m) => m.rule === `campaign:${visitId}`);
    const byDay = (date: string) =>
      visitSms
        .filter((m) => localClock(new Date(m.sentAt), 'Asia/Shanghai').date === date)
        .map((m) => m.customerId)
        .sort();
    expect(byDay('2027-03-22')).toEqual(['v-1', 'v-2', 'v-3']);
    expect(byDay('2027-03-25')).toEqual(['v-1', 'v-2', 'v-3']);
    expect(visitSms).toHaveLength(6);
    for (const message of visitSms) {
      expect(message.channel).toBe('sms');
      const { minutes } = localClock(new Date(message.sentAt), 'Asia/Shanghai');
      expect(minutes).toBeGreaterThanOrEqual(600);
      expect(minutes).toBeLessThanOrEqual(660);
    }
  });

  it('announces the dates first, then the hotel and its phone, in each customer’s language', () => {
    const text = (customerId: string, date: string) =>
      sent.find(
        (m) =>
          m.rule === `campaign:${visitId}` &&
          m.customerId === customerId &&
          localClock(new Date(m.sentAt), 'Asia/Shanghai').date === date,
      )?.text;
    expect(text('v-1', '2027-03-22')).toBe(
      '【Nurture】王芳您好,我是林伟,3月25日(周四)至3月27日(周六)在杭州,想登门拜访您,回复方便的时间即可。回复TD退订',
    );
    expect(text('v-1', '2027-03-25')).toContain('住杭州香格里拉饭店,电话+8657187977951');
    expect(text('v-3', '2027-03-22')).toBe(
      "Hi Tom Baker, it's 林伟: I'm in 杭州 Thu 25 Mar to Sat 27 Mar and would love to meet. Reply with a time. Reply STOP to opt out.",
    );
    expect(text('v-3', '2027-03-25')).toContain('at 杭州香格里拉饭店, tel +8657187977951');
  });

  it('reports the capped customer, whose announcements a day late would be no use', async () => {
    expect(await view(visitId)).toMatchObject({
      status: 'completed',
      progress: { targeted: 4, queued: 8, sent: 6, capped: 2, pending: 0 },
    });
    expect(sent.some((m) => m.customerId === 'v-capped' && m.rule.startsWith('campaign:'))).toBe(false);
  });

  it('sends nothing more once cancelled after its fan-out, and counts what it withdrew', async () => {
    expect(sent.filter((m) => m.rule === `campaign:${laterId}`)).toEqual([]);
    expect(await view(laterId)).toMatchObject({
      status: 'cancelled',
      progress: { targeted: 3, queued: 3, sent: 0, cancelled: 3, pending: 0 },
    });
    // It waited on the campaign's send lists, never on the customer's state.
    const record = await engine.deps.store.customers.get('g-1');
    expect(record?.state.campaignSends).toEqual([]);
    expect(record?.state.done[`campaign:${laterId}`]).toBeUndefined();
  });

  it('queues nobody when cancelled before its fan-out ran', async () => {
    expect(sent.filter((m) => m.rule === `campaign:${neverId}`)).toEqual([]);
    expect(await view(neverId)).toMatchObject({ status: 'cancelled', progress: { targeted: 0, queued: 0 } });
  });
});
