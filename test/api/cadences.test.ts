import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClock } from '../../functions/core/calendars/local-time';
import type { OutboxEntry } from '../../functions/local/outbox';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const wang = {
  ...WANG,
  phone: '+8613800138000',
  birthday: '1985-09-12',
  owner: LI_LEI,
};

const local = (m: OutboxEntry, tz = 'Asia/Shanghai') => localClock(new Date(m.sentAt), tz);

describe('a whole year of cadences on the local engine', () => {
  let engine: TestEngine;
  let year: OutboxEntry[];

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-01-01T00:00:00Z' });
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    await engine.call('PUT', '/v1/customers/c-emily', {
      name: 'Emily Carter',
      email: 'emily@example.com',
      locale: 'en',
      timezone: 'America/New_York',
      country: 'US',
      calendars: ['CN'],
      weddingAnniversary: '2015-06-20',
    });
    await engine.advance('P365D');
    year = await engine.sent();
  }, 120_000);
  afterAll(async () => {
    await engine.dispose();
  });

  it('sends the monthly letter every month, with a subject unique to the customer', () => {
    const letters = year.filter((m) => m.customerId === 'c-wang' && m.rule === 'monthly-letter');
    expect(letters).toHaveLength(12);
    expect(new Set(letters.map((m) => local(m).date.slice(0, 7))).size).toBe(12);
    for (const letter of letters) expect(letter.subject).toContain('王芳');
  });

  it('greets on the festivals of the customer’s calendars, on the right local dates', () => {
    const greetings = (id: string, tz: string) =>
      year
        .filter((m) => m.customerId === id && m.rule === 'festival-greetings')
        .map((m) => local(m, tz).date);
    const wangDates = greetings('c-wang', 'Asia/Shanghai');
    // Mid-Autumn 2027-09-15 and Dragon Boat 2027-06-09 (published calendar), National Day.
    expect(wangDates).toEqual(expect.arrayContaining(['2027-06-09', '2027-09-15', '2027-10-01']));
    const emilyDates = greetings('c-emily', 'America/New_York');
    // US Thanksgiving 2027-11-25, Christmas, and Spring Festival for the CN calendar she keeps.
    expect(emilyDates).toEqual(expect.arrayContaining(['2027-11-25', '2027-12-25']));
    expect(
      year.some((m) => m.customerId === 'c-emily' && m.subject?.match(/Spring Festival|Lunar New Year/i)),
    ).toBe(true);
  });

  it('sends birthday and anniversary wishes on the day', () => {
    const birthday = year.find((m) => m.customerId === 'c-wang' && m.rule === 'birthday');
    expect(birthday && local(birthday).date).toBe('2027-09-12');
    const anniversary = year.find((m) => m.customerId === 'c-emily' && m.rule === 'wedding-anniversary');
    expect(anniversary && local(anniversary, 'America/New_York').date).toBe('2027-06-20');
  });

  it('lands every send inside the 09:00-20:00 window on the customer’s clock, across DST', () => {
    for (const m of year) {
      const tz = m.customerId === 'c-emily' ? 'America/New_York' : 'Asia/Shanghai';
      const { minutes } = local(m, tz);
      expect(minutes, `${m.rule} at ${m.sentAt}`).toBeGreaterThanOrEqual(9 * 60);
      expect(minutes, `${m.rule} at ${m.sentAt}`).toBeLessThan(20 * 60);
    }
  });

  it('never exceeds the tier caps (C: 2 a week, 4 a month) and files the reason when it moves one', async () => {
    const marketing = year
      .filter((m) => m.customerId === 'c-wang' && m.rule !== 'letter')
      .map((m) => Date.parse(m.sentAt))
      .sort();
    for (const t of marketing) {
      const week = marketing.filter((u) => u <= t && t - u < 7 * 86_400_000).length;
      const month = marketing.filter((u) => u <= t && t - u < 30 * 86_400_000).length;
      expect(week).toBeLessThanOrEqual(2);
      expect(month).toBeLessThanOrEqual(4);
    }
    const file = await engine.json<{ timeline: { type: string; note?: string }[] }>(
      'GET',
      '/v1/customers/c-wang',
    );
    const notes = file.body.timeline.filter((e) => e.type === 'note');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]!.note).toMatch(/moved to \d{4}-\d{2}-\d{2}: capped-(7d|30d) \(tier C\)|dropped/);
  });
});

describe('order progress, survey and the referral loop', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-04-05T02:00:00Z' });
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    await engine.call('PUT', '/v1/customers/c-chen', {
      name: '陈静',
      email: 'chen.jing@example.com',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      country: 'CN',
      referredBy: 'c-wang',
    });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  const deal = {
    dealId: 'd-1',
    customerId: 'c-wang',
    items: [{ name: '实木衣柜', quantity: 1, unitPrice: 12800 }],
    amount: 12800,
    currency: 'CNY',
    expectedAt: '2027-04-20',
  };

  it('tells the customer of each stage of the order, at once, in their window', async () => {
    expect((await engine.webhook({ ...deal, stage: 'ordered' })).status).toBe(202);
    await engine.advance('PT1M');
    let notices = (await engine.sent('c-wang')).filter((m) => m.rule === 'order-progress');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('2027年4月20日');
    await engine.webhook({ ...deal, stage: 'shipped' });
    await engine.webhook({ ...deal, stage: 'shipped' }); // redelivered: one notice
    await engine.advance('PT1M');
    notices = (await engine.sent('c-wang')).filter((m) => m.rule === 'order-progress');
    expect(notices).toHaveLength(2);
  });

  it('asks for satisfaction 7 days after completion; a good answer brings a referral ask', async () => {
    await engine.webhook({ ...deal, stage: 'completed' });
    // Seven days on, at the rule's 10:00 plus this customer's place in the spread.
    await engine.advance('P7DT11H');
    const survey = (await engine.sent('c-wang')).find((m) => m.rule === 'satisfaction-survey');
    expect(survey).toBeDefined();
    expect(local(survey!).date).toBe('2027-04-12');
    const reply = await engine.json('POST', '/_local/inbound/email', {
      from: wang.email,
      to: survey!.replyTo,
      text: '5分,非常满意!衣柜很漂亮。',
    });
    expect(reply.body).toMatchObject({ status: 'recorded', kind: 'reply' });
    await engine.advance('P3D');
    expect((await engine.sent('c-wang')).some((m) => m.rule === 'referral-ask')).toBe(true);
  });

  it('thanks the referrer when the referred customer places a first order', async () => {
    await engine.webhook({ ...deal, dealId: 'd-2', customerId: 'c-chen', stage: 'ordered' });
    // Wang (tier A: 3 a week) just had the survey, the referral ask and the mid-month
    // letter, so the thank-you waits for the first free day, and the timeline says so.
    await engine.advance('P6D');
    const file = await engine.json<{ timeline: { type: string; note?: string }[] }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(file.body.timeline.filter((e) => e.type === 'note').map((e) => e.note)).toEqual([
      expect.stringMatching(/^referral-thanks .* moved to 2027-04-\d\d: capped-7d \(tier A\)$/),
    ]);
    const thanks = (await engine.sent('c-wang')).filter((m) => m.rule === 'referral-thanks');
    expect(thanks).toHaveLength(1);
    expect(thanks[0]!.text).toContain('陈静');
  });

  it('files the value and the tier: a referred lead is A', async () => {
    const wangFile = await engine.json<{ tier: string; lifetimeValue: number }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(wangFile.body.lifetimeValue).toBe(12800);
    const chen = await engine.json<{ tier: string }>('GET', '/v1/customers/c-chen');
    expect(chen.body.tier).toBe('A');
  });
});

describe('templates and the forecast over the API', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-01T00:00:00Z' });
    await engine.call('PUT', '/v1/customers/c-wang', wang);
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('lists the templates with their locales, channels and the rules that use them', async () => {
    const { status, body } = await engine.json<{
      templates: { id: string; locales: Record<string, string[]>; usedBy: string[] }[];
    }>('GET', '/v1/templates');
    expect(status).toBe(200);
    const monthly = body.templates.find((t) => t.id === 'monthly-letter');
    expect(monthly).toMatchObject({
      locales: { en: ['email', 'sms'], 'zh-CN': ['email', 'sms'] },
      usedBy: ['monthly-letter'],
    });
    expect(body.templates.find((t) => t.id === 'festival-mid-autumn')?.usedBy).toEqual([
      'festival-greetings',
    ]);
  });

  it('previews a template for a real customer and for one given inline, with SMS segments', async () => {
    const email = await engine.json<{ subject: string; html: string; text: string }>(
      'POST',
      '/v1/templates/monthly-letter/preview',
      {
        customerId: 'c-wang',
        channel: 'email',
      },
    );
    expect(email.status).toBe(200);
    expect(email.body.subject).toContain('王芳');
    expect(email.body.html).toContain('王芳');
    const sms = await engine.json<{ text: string; segments: { count: number; encoding: string } }>(
      'POST',
      '/v1/templates/birthday/preview',
      { customer: { name: 'Ann Lee', timezone: 'Europe/London' }, channel: 'sms' },
    );
    expect(sms.status).toBe(200);
    expect(sms.body.text).toContain('Ann Lee');
    expect(sms.body.segments.count).toBeGreaterThanOrEqual(1);
    expect(
      (await engine.json('POST', '/v1/templates/nope/preview', { customerId: 'c-wang', channel: 'email' }))
        .status,
    ).toBe(404);
    expect((await engine.json('POST', '/v1/templates/birthday/preview', { channel: 'email' })).status).toBe(
      400,
    );
  });

  it('forecasts a year of messages without sending anything', async () => {
    const { status, body } = await engine.json<{
      tier: string;
      messages: { rule: string; at: string; local: string; status: string }[];
    }>('GET', '/v1/customers/c-wang/forecast?days=365');
    expect(status).toBe(200);
    expect(body.tier).toBe('C');
    const rules = new Set(body.messages.map((m) => m.rule));
    expect(rules).toEqual(new Set(['monthly-letter', 'festival-greetings', 'birthday']));
    expect(
      body.messages.filter((m) => m.rule === 'monthly-letter' && m.status === 'scheduled').length,
    ).toBeGreaterThanOrEqual(11);
    expect(await engine.sent('c-wang')).toEqual([]);
    expect((await engine.json('GET', '/v1/customers/c-wang/forecast?days=0')).status).toBe(400);
  });
});
