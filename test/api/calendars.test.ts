import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClock } from '../../functions/core/calendars/local-time';
import { startTestEngine, type TestEngine } from '../support/local-engine';

interface Entry {
  id: string;
  name: string;
  date: string;
  greetOn: string;
  source: string;
}
interface Calendar {
  country: string;
  year: number;
  festivals: Entry[];
  occasions: Entry[];
}

const occasionsRule = {
  kind: 'occasions',
  channels: 'email-then-sms',
  sendAt: '10:00',
  spreadMinutes: 120,
  maxDelayDays: 1,
  occasions: [
    {
      id: 'shopping-618',
      names: { en: '618 mid-year sale', 'zh-CN': '618 年中大促' },
      date: { kind: 'yearly', date: '06-18' },
      template: 'occasion-business',
      daysBefore: 3,
      countries: ['CN'],
    },
    {
      id: 'store-anniversary',
      names: { en: 'Our store’s 10th anniversary', 'zh-CN': '十周年店庆' },
      date: { kind: 'lunar', month: 8, day: 8 },
      template: 'occasion-business',
    },
  ],
};

describe('calendars and the occasions marketers add', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-06-01T00:00:00Z' });
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
  });

  it('lists what it can answer for', async () => {
    const index = await engine.callOk<{
      years: { first: number; last: number };
      countries: string[];
      calendars: string[];
    }>('GET', '/v1/calendars');
    expect(index.years).toEqual({ first: 2024, last: 2060 });
    expect(index.countries).toEqual(expect.arrayContaining(['CN', 'VN', 'KR', 'SG', 'JP', 'IL']));
    expect(index.calendars).toEqual(['chinese', 'hindu', 'islamic', 'jewish']);
  });

  it("answers a country's year with each date's source, names in the requested locale", async () => {
    const cn = await engine.callOk<Calendar>('GET', '/v1/calendars/cn?year=2033&locale=zh-CN');
    expect(cn.country).toBe('CN');
    expect(cn.festivals.find((f) => f.id === 'mid-autumn')).toEqual({
      id: 'mid-autumn',
      name: '中秋节',
      date: '2033-09-08',
      greetOn: '2033-09-08',
      source: '农历 8/15, 农历(GB/T 33661-2017,北京时间)',
    });
    const vn = await engine.callOk<Calendar>('GET', '/v1/calendars/VN?year=2030');
    expect(vn.festivals.find((f) => f.id === 'tet')).toMatchObject({
      name: 'Tết (Lunar New Year)',
      date: '2030-02-02',
      greetOn: '2030-02-01',
      source: 'lunar 1/1, Vietnamese lunar calendar (UTC+7)',
    });
    const sg = await engine.callOk<Calendar>('GET', '/v1/calendars/SG?year=2027');
    expect(sg.festivals.find((f) => f.id === 'hari-raya')).toMatchObject({
      date: '2027-03-10',
      source: 'Hijri 10/1, MABIMS criteria at Singapore; announced dates where published',
    });
    expect(sg.festivals.map((f) => f.date)).toEqual([...sg.festivals.map((f) => f.date)].sort());
  });

  it('refuses a year outside the computed ones, a malformed country, and a country it has no calendar for', async () => {
    const late = await engine.json<{ error: string }>('GET', '/v1/calendars/CN?year=2061');
    expect(late.status).toBe(400);
    expect(late.body.error).toContain('year must be from 2024 to 2060');
    expect((await engine.json('GET', '/v1/calendars/CN?year=soon')).status).toBe(400);
    expect((await engine.json('GET', '/v1/calendars/C1?year=2027')).status).toBe(400);
    const unknown = await engine.json<{ error: string }>('GET', '/v1/calendars/ZZ?year=2027');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('no festival calendar for ZZ');
  });

  it('takes business occasions through the rules API and shows them on the calendar', async () => {
    const bad = await engine.json<{ issues: { path: string; message: string }[] }>(
      'PUT',
      '/v1/rules/business-occasions',
      {
        rule: {
          ...occasionsRule,
          occasions: [{ ...occasionsRule.occasions[0], template: 'festival-christmas' }],
        },
        baseVersion: 1,
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i) => i.path)).toEqual(['occasions.0.template']);
    await engine.callOk('PUT', '/v1/rules/business-occasions', { rule: occasionsRule, baseVersion: 1 });
    const cn = await engine.callOk<Calendar>('GET', '/v1/calendars/CN?year=2027&locale=zh-CN');
    expect(cn.occasions).toEqual([
      {
        id: 'shopping-618',
        name: '618 年中大促',
        date: '2027-06-18',
        greetOn: '2027-06-15',
        source: '每年 06-18',
      },
      // Lunar 8/8 of 2027 (Mid-Autumn is 8/15, 15 September).
      {
        id: 'store-anniversary',
        name: '十周年店庆',
        date: '2027-09-08',
        greetOn: '2027-09-08',
        source: '农历 8/8, 农历(GB/T 33661-2017,北京时间)',
      },
    ]);
    const us = await engine.callOk<Calendar>('GET', '/v1/calendars/US?year=2027');
    expect(us.occasions.map((o) => o.id)).toEqual(['store-anniversary']);
  });

  it('greets the business occasions and the customer’s own dates in their window, and forecasts them', async () => {
    await engine.callOk('PUT', '/v1/customers/c-zhou', {
      name: '周敏',
      email: 'zhou.min@example.cn',
      country: 'CN',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      dates: [
        { name: '保单续保日', date: '2026-06-20', yearly: true },
        { name: '乔迁纪念日', date: '2027-07-02', daysBefore: 1 },
      ],
    });
    const bad = await engine.json<{ issues: { path: string }[] }>('PUT', '/v1/customers/c-bad', {
      name: 'Bad',
      email: 'bad@example.com',
      dates: [{ name: 'Renewal', date: '06-20' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path)).toEqual(['dates.0.date']);

    const forecast = await engine.callOk<{
      messages: { rule: string; occurrence: string; local: string; status: string; reason?: string }[];
    }>('GET', '/v1/customers/c-zhou/forecast?days=40');
    const own = forecast.messages.filter(
      (e) => e.rule === 'business-occasions' || e.rule === 'customer-dates',
    );
    // Tier C may have 4 messages in 30 days: the moving-in greeting (due 1 July, a day ahead) moves a day,
    // as the caps move any greeting; on 20 June the customer's own date outranks Father's Day.
    expect(own.map((e) => [e.rule, e.local.slice(0, 10), e.status, e.reason ?? ''])).toEqual([
      ['business-occasions', '2027-06-15', 'scheduled', ''],
      ['customer-dates', '2027-06-20', 'scheduled', ''],
      ['customer-dates', '2027-07-01', 'deferred', 'capped-30d, moved to 2027-07-02'],
      ['customer-dates', '2027-07-02', 'scheduled', ''],
    ]);
    expect(forecast.messages.find((e) => e.occurrence === '2027-06-20:fathers-day')?.status).toBe('dropped');

    await engine.advance('P32D');
    const sent = (await engine.sent('c-zhou')).filter(
      (m) => m.rule === 'business-occasions' || m.rule === 'customer-dates',
    );
    expect(sent.map((m) => localClock(new Date(m.sentAt), 'Asia/Shanghai').date)).toEqual([
      '2027-06-15',
      '2027-06-20',
      '2027-07-02',
    ]);
    for (const m of sent) {
      const minutes = localClock(new Date(m.sentAt), 'Asia/Shanghai').minutes;
      expect(minutes).toBeGreaterThanOrEqual(9 * 60);
      expect(minutes).toBeLessThan(20 * 60);
    }
    expect(sent[0]?.subject).toBe('618 年中大促(6月18日(周五))');
    expect(sent[1]?.subject).toBe('周敏,保单续保日');
    expect(sent[1]?.text ?? sent[1]?.html).toContain('已经1年了');
  });
});
