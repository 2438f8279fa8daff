import { describe, expect, it } from 'vitest';
import { addDays } from '../../../functions/core/calendars/calendar-dates';
import { localClock } from '../../../functions/core/calendars/local-time';
import type { PlanContext } from '../../../functions/core/planning/actions';
import { type ForecastEntry, forecast } from '../../../functions/core/planning/forecast';
import { applyAction, dueActions, planActions } from '../../../functions/core/planning/plan';
import { emptyState } from '../../../functions/core/planning/state';
import { intlWall } from '../../support/intl-wall';
import { planContext, ruleById, shippedRules, withCaps, withFestivalsOf2026 } from '../../support/rules';

/**
 * A whole year (2027) of one customer's messages under the shipped rules, for
 * customers in four time zones, three of which change clocks twice.
 */

const DAY_MS = 86_400_000;
const START = new Date('2027-01-01T00:00:00Z');

const customers = {
  shanghai: {
    customerId: 'c-shanghai',
    timezone: 'Asia/Shanghai',
    country: 'CN',
    birthday: '1985-09-12',
    weddingAnniversary: '06-18',
    email: 'wang@example.cn',
    locale: 'zh-CN',
  },
  newYork: {
    customerId: 'c-new-york',
    timezone: 'America/New_York',
    country: 'US',
    calendars: ['CN'],
    email: 'li@example.com',
  },
  london: { customerId: 'c-london', timezone: 'Europe/London', country: 'GB', email: 'amy@example.co.uk' },
  sydney: { customerId: 'c-sydney', timezone: 'Australia/Sydney', country: 'AU', email: 'jo@example.com.au' },
  // Personal dates on the days the clocks change.
  dstNewYork: {
    customerId: 'c-dst-ny',
    timezone: 'America/New_York',
    country: 'US',
    birthday: '03-14',
    weddingAnniversary: '11-07',
    email: 'd1@example.com',
  },
  dstLondon: {
    customerId: 'c-dst-london',
    timezone: 'Europe/London',
    country: 'GB',
    birthday: '03-28',
    weddingAnniversary: '10-31',
    email: 'd2@example.com',
  },
  dstSydney: {
    customerId: 'c-dst-sydney',
    timezone: 'Australia/Sydney',
    country: 'AU',
    birthday: '04-04',
    weddingAnniversary: '10-03',
    email: 'd3@example.com',
  },
} as const;
type Who = keyof typeof customers;

const contexts = Object.fromEntries(
  Object.entries(customers).map(([who, input]) => [
    who,
    planContext(input, {
      state: emptyState,
      tier: 'C',
      since: '2027-01-01',
      rules: withFestivalsOf2026(shippedRules),
    }),
  ]),
) as Record<Who, PlanContext>;
const years = Object.fromEntries(
  Object.entries(contexts).map(([who, ctx]) => [who, forecast(ctx, START, 365)]),
) as Record<Who, ForecastEntry[]>;
const everyone = Object.keys(customers) as Who[];

const row = (e: ForecastEntry) => [e.local, e.rule, e.occurrence, e.status];
const scheduled = (entries: ForecastEntry[]) => entries.filter((e) => e.status === 'scheduled');
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The rule's preferred band [sendAt, sendAt + spread] in minutes of the day. */
function band(ruleId: string): [number, number] {
  const rule = ruleById(shippedRules, ruleId);
  const [h, m] = rule.sendAt.split(':').map(Number) as [number, number];
  return [h * 60 + m, h * 60 + m + rule.spreadMinutes];
}

describe('a year of messages (forecast, shipped rules, tier C, empty state from 2027-01-01)', () => {
  it('Shanghai: monthly letters on the 1st, CN festivals, the wedding anniversary and the birthday', () => {
    expect(years.shanghai.map(row)).toEqual([
      ['2027-01-01 10:58', 'festival-greetings', '2027-01-01:new-year', 'scheduled'],
      ['2027-01-01 13:43', 'monthly-letter', '2027-01-01', 'scheduled'],
      ['2027-02-01 13:50', 'monthly-letter', '2027-02-01', 'scheduled'],
      ['2027-02-05 09:00', 'festival-greetings', '2027-02-05:spring-festival', 'scheduled'],
      ['2027-02-20 10:31', 'festival-greetings', '2027-02-20:lantern-festival', 'scheduled'],
      ['2027-03-01 10:33', 'monthly-letter', '2027-03-01', 'scheduled'],
      ['2027-04-01 11:53', 'monthly-letter', '2027-04-01', 'scheduled'],
      ['2027-05-01 10:22', 'monthly-letter', '2027-05-01', 'scheduled'],
      ['2027-06-01 10:10', 'monthly-letter', '2027-06-01', 'scheduled'],
      ['2027-06-09 09:21', 'festival-greetings', '2027-06-09:dragon-boat', 'scheduled'],
      ['2027-06-18 09:37', 'wedding-anniversary', '2027-06-18', 'scheduled'],
      ['2027-07-01 10:48', 'monthly-letter', '2027-07-01', 'scheduled'],
      ['2027-08-01 10:14', 'monthly-letter', '2027-08-01', 'scheduled'],
      ['2027-09-01 13:28', 'monthly-letter', '2027-09-01', 'scheduled'],
      ['2027-09-12 09:10', 'birthday', '2027-09-12', 'scheduled'],
      ['2027-09-15 10:26', 'festival-greetings', '2027-09-15:mid-autumn', 'scheduled'],
      ['2027-10-01 09:32', 'festival-greetings', '2027-10-01:national-day-cn', 'scheduled'],
      ['2027-10-01 13:57', 'monthly-letter', '2027-10-01', 'scheduled'],
      ['2027-11-01 13:01', 'monthly-letter', '2027-11-01', 'scheduled'],
      ['2027-12-01 10:29', 'monthly-letter', '2027-12-01', 'scheduled'],
    ]);
    expect(years.shanghai.every((e) => e.channel === 'email' && e.marketing)).toBe(true);
  });

  it('New York (keeps CN): US festivals and the Spring Festival eve, on New York dates', () => {
    expect(years.newYork.map(row)).toEqual([
      ['2027-01-01 10:37', 'festival-greetings', '2027-01-01:new-year', 'scheduled'],
      ['2027-01-01 10:54', 'monthly-letter', '2027-01-01', 'scheduled'],
      ['2027-02-01 11:59', 'monthly-letter', '2027-02-01', 'scheduled'],
      ['2027-02-05 09:38', 'festival-greetings', '2027-02-05:spring-festival', 'scheduled'],
      ['2027-02-20 10:26', 'festival-greetings', '2027-02-20:lantern-festival', 'scheduled'],
      ['2027-03-01 13:50', 'monthly-letter', '2027-03-01', 'scheduled'],
      ['2027-04-01 13:12', 'monthly-letter', '2027-04-01', 'scheduled'],
      ['2027-05-01 12:24', 'monthly-letter', '2027-05-01', 'scheduled'],
      ['2027-06-01 11:27', 'monthly-letter', '2027-06-01', 'scheduled'],
      ['2027-06-09 09:56', 'festival-greetings', '2027-06-09:dragon-boat', 'scheduled'],
      ['2027-07-01 10:38', 'monthly-letter', '2027-07-01', 'scheduled'],
      ['2027-07-04 10:30', 'festival-greetings', '2027-07-04:independence-day-us', 'scheduled'],
      ['2027-08-01 11:54', 'monthly-letter', '2027-08-01', 'scheduled'],
      ['2027-09-01 11:01', 'monthly-letter', '2027-09-01', 'scheduled'],
      ['2027-09-15 09:25', 'festival-greetings', '2027-09-15:mid-autumn', 'scheduled'],
      ['2027-10-01 09:10', 'festival-greetings', '2027-10-01:national-day-cn', 'scheduled'],
      ['2027-10-01 10:35', 'monthly-letter', '2027-10-01', 'scheduled'],
      ['2027-11-01 13:46', 'monthly-letter', '2027-11-01', 'scheduled'],
      ['2027-11-25 10:34', 'festival-greetings', '2027-11-25:thanksgiving-us', 'scheduled'],
      ['2027-12-01 12:46', 'monthly-letter', '2027-12-01', 'scheduled'],
      ['2027-12-25 09:43', 'festival-greetings', '2027-12-25:christmas', 'scheduled'],
    ]);
  });

  it('London: Easter on the spring-forward day itself, no CN festivals', () => {
    expect(years.london.map(row)).toEqual([
      ['2027-01-01 10:58', 'festival-greetings', '2027-01-01:new-year', 'scheduled'],
      ['2027-01-01 11:21', 'monthly-letter', '2027-01-01', 'scheduled'],
      ['2027-02-01 10:21', 'monthly-letter', '2027-02-01', 'scheduled'],
      ['2027-03-01 10:47', 'monthly-letter', '2027-03-01', 'scheduled'],
      ['2027-03-28 09:11', 'festival-greetings', '2027-03-28:easter', 'scheduled'],
      ['2027-04-01 10:35', 'monthly-letter', '2027-04-01', 'scheduled'],
      ['2027-05-01 11:57', 'monthly-letter', '2027-05-01', 'scheduled'],
      ['2027-06-01 11:57', 'monthly-letter', '2027-06-01', 'scheduled'],
      ['2027-07-01 11:37', 'monthly-letter', '2027-07-01', 'scheduled'],
      ['2027-08-01 13:30', 'monthly-letter', '2027-08-01', 'scheduled'],
      ['2027-09-01 12:33', 'monthly-letter', '2027-09-01', 'scheduled'],
      ['2027-10-01 12:43', 'monthly-letter', '2027-10-01', 'scheduled'],
      ['2027-11-01 10:39', 'monthly-letter', '2027-11-01', 'scheduled'],
      ['2027-12-01 13:58', 'monthly-letter', '2027-12-01', 'scheduled'],
      ['2027-12-25 10:20', 'festival-greetings', '2027-12-25:christmas', 'scheduled'],
    ]);
    // Easter 2027-03-28 09:11 BST is 08:11 UTC.
    expect(years.london[4]?.at).toBe('2027-03-28T08:11:00.000Z');
  });

  it('Sydney: New Year is late when the forecast opens at 11:00 local, and 2028 New Year fits in 365 days', () => {
    expect(years.sydney.map(row)).toEqual([
      ['2027-01-01 11:00', 'festival-greetings', '2027-01-01:new-year', 'scheduled'],
      ['2027-01-01 11:11', 'monthly-letter', '2027-01-01', 'scheduled'],
      ['2027-01-26 10:08', 'festival-greetings', '2027-01-26:australia-day', 'scheduled'],
      ['2027-02-01 10:25', 'monthly-letter', '2027-02-01', 'scheduled'],
      ['2027-03-01 13:04', 'monthly-letter', '2027-03-01', 'scheduled'],
      ['2027-04-01 12:50', 'monthly-letter', '2027-04-01', 'scheduled'],
      ['2027-05-01 13:00', 'monthly-letter', '2027-05-01', 'scheduled'],
      ['2027-06-01 13:18', 'monthly-letter', '2027-06-01', 'scheduled'],
      ['2027-07-01 10:07', 'monthly-letter', '2027-07-01', 'scheduled'],
      ['2027-08-01 12:44', 'monthly-letter', '2027-08-01', 'scheduled'],
      ['2027-09-01 11:41', 'monthly-letter', '2027-09-01', 'scheduled'],
      ['2027-10-01 11:17', 'monthly-letter', '2027-10-01', 'scheduled'],
      ['2027-11-01 12:55', 'monthly-letter', '2027-11-01', 'scheduled'],
      ['2027-12-01 10:46', 'monthly-letter', '2027-12-01', 'scheduled'],
      ['2027-12-25 09:26', 'festival-greetings', '2027-12-25:christmas', 'scheduled'],
      ['2028-01-01 10:38', 'festival-greetings', '2028-01-01:new-year', 'scheduled'],
    ]);
    expect(years.sydney[0]?.at).toBe(START.toISOString());
    expect(years.sydney.at(-1)?.at).toBe('2027-12-31T23:38:00.000Z');
  });

  it.each(everyone)(
    '%s: every send is inside the 09:00–20:00 window on the local clock, DST included',
    (who) => {
      const { timezone } = customers[who];
      const { start, end } = shippedRules.caps.window;
      expect([start, end]).toEqual(['09:00', '20:00']);
      for (const entry of years[who]) {
        const clock = localClock(new Date(entry.at), timezone);
        expect(entry.local, entry.occurrence).toBe(`${clock.date} ${hhmm(clock.minutes)}`);
        expect(intlWall(entry.at, timezone), entry.occurrence).toBe(entry.local);
        expect(clock.minutes, `${who} ${entry.local}`).toBeGreaterThanOrEqual(9 * 60);
        expect(clock.minutes, `${who} ${entry.local}`).toBeLessThan(20 * 60);
      }
    },
  );

  it('sends on the clock-change days at the right UTC instant', () => {
    const on = (who: Who, date: string) =>
      years[who].filter((e) => e.local.startsWith(date)).map((e) => [e.at, e.local, e.rule]);
    // New York: EST −5 / EDT −4.
    expect(on('dstNewYork', '2027-03-14')).toEqual([
      ['2027-03-14T13:24:00.000Z', '2027-03-14 09:24', 'birthday'],
    ]);
    expect(on('dstNewYork', '2027-11-07')).toEqual([
      ['2027-11-07T14:41:00.000Z', '2027-11-07 09:41', 'wedding-anniversary'],
    ]);
    // London: GMT +0 / BST +1.
    expect(on('dstLondon', '2027-03-28')).toEqual([
      ['2027-03-28T08:37:00.000Z', '2027-03-28 09:37', 'birthday'],
      ['2027-03-28T09:18:00.000Z', '2027-03-28 10:18', 'festival-greetings'],
    ]);
    expect(on('dstLondon', '2027-10-31')).toEqual([
      ['2027-10-31T09:56:00.000Z', '2027-10-31 09:56', 'wedding-anniversary'],
    ]);
    // Sydney: AEDT +11 until 04-04, AEST +10 until 10-03.
    expect(on('dstSydney', '2027-04-04')).toEqual([
      ['2027-04-03T23:35:00.000Z', '2027-04-04 09:35', 'birthday'],
    ]);
    expect(on('dstSydney', '2027-10-03')).toEqual([
      ['2027-10-02T23:24:00.000Z', '2027-10-03 10:24', 'wedding-anniversary'],
    ]);
  });

  it.each(everyone)('%s: each send sits in its rule’s band [sendAt, sendAt + spread] unless late', (who) => {
    const { timezone } = customers[who];
    for (const entry of scheduled(years[who])) {
      if (entry.at === START.toISOString()) continue; // due before the forecast opened: sent at once
      const [from, to] = band(entry.rule);
      const { minutes } = localClock(new Date(entry.at), timezone);
      expect(minutes, `${who} ${entry.rule} ${entry.local}`).toBeGreaterThanOrEqual(from);
      expect(minutes, `${who} ${entry.rule} ${entry.local}`).toBeLessThanOrEqual(to);
    }
  });

  it.each(everyone)('%s: twelve monthly letters, each on the 1st unless the caps moved it', (who) => {
    const letters = years[who].filter((e) => e.rule === 'monthly-letter');
    const sent = scheduled(letters);
    expect(sent.map((e) => e.occurrence)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, '0')}-01`),
    );
    for (const e of sent) {
      const moved = letters.some((d) => d.status === 'deferred' && d.occurrence === e.occurrence);
      if (!moved) expect(e.local.slice(0, 10)).toBe(e.occurrence);
    }
  });

  it('moves a letter capped after a birthday and Easter in one week (London, tier C: 2 per 7 days)', () => {
    expect(years.dstLondon.filter((e) => e.local >= '2027-03-28' && e.local < '2027-04-05').map(row)).toEqual(
      [
        ['2027-03-28 09:37', 'birthday', '2027-03-28', 'scheduled'],
        ['2027-03-28 10:18', 'festival-greetings', '2027-03-28:easter', 'scheduled'],
        ['2027-04-01 11:36', 'monthly-letter', '2027-04-01', 'deferred'],
        ['2027-04-04 11:36', 'monthly-letter', '2027-04-01', 'scheduled'],
      ],
    );
    expect(years.dstLondon.find((e) => e.status === 'deferred')?.reason).toBe(
      'capped-7d, moved to 2027-04-04',
    );
  });

  it('greets the birthday on 09-12 local with the age (42 in 2027)', () => {
    const birthday = planActions(contexts.shanghai, new Date('2027-09-01T00:00:00Z')).find(
      (a) => a.rule === 'birthday',
    );
    expect(birthday?.type === 'cadence' ? birthday.variables : undefined).toEqual({
      birthday: { date: '2027-09-12', age: 42 },
    });
    expect(birthday && localClock(birthday.at, 'Asia/Shanghai').date).toBe('2027-09-12');
    expect(years.shanghai.filter((e) => e.rule === 'birthday').map((e) => e.local.slice(0, 10))).toEqual([
      '2027-09-12',
    ]);
  });

  it('greets festivals on their local dates: Spring Festival per its daysBefore, Mid-Autumn, Thanksgiving', () => {
    const greetOn = (who: Who, festival: string) =>
      years[who].filter((e) => e.occurrence.endsWith(`:${festival}`)).map((e) => e.local.slice(0, 10));
    const springEve = addDays('2027-02-06', -shippedRules.festivals.festivals['spring-festival']!.daysBefore);
    expect(springEve).toBe('2027-02-05');
    expect(greetOn('shanghai', 'spring-festival')).toEqual([springEve]);
    expect(greetOn('newYork', 'spring-festival')).toEqual([springEve]);
    expect(greetOn('london', 'spring-festival')).toEqual([]);
    expect(greetOn('shanghai', 'mid-autumn')).toEqual(['2027-09-15']);
    expect(greetOn('newYork', 'thanksgiving-us')).toEqual(['2027-11-25']);
    expect(greetOn('shanghai', 'thanksgiving-us')).toEqual([]);
    const template = (who: Who, festival: string) =>
      years[who].find((e) => e.occurrence.endsWith(`:${festival}`))?.template;
    expect(template('newYork', 'spring-festival')).toBe('festival-spring-festival');
    expect(template('newYork', 'thanksgiving-us')).toBe('festival-thanksgiving-us');
  });

  it('names the festival in the customer’s language', () => {
    const festivalOf = (who: Who, at: string) => {
      const action = planActions(contexts[who], new Date(at)).find((a) => a.rule === 'festival-greetings');
      return action?.type === 'cadence' ? action.variables : undefined;
    };
    expect(festivalOf('shanghai', '2027-01-20T00:00:00Z')).toEqual({
      festival: { id: 'spring-festival', name: '春节', date: '2027-02-06', year: 2027 },
    });
    expect(festivalOf('newYork', '2027-01-20T00:00:00Z')).toEqual({
      festival: { id: 'spring-festival', name: 'Spring Festival', date: '2027-02-06', year: 2027 },
    });
  });

  it.each(everyone)('%s: never more than per7Days in any 7 days nor per30Days in any 30', (who) => {
    const limits = shippedRules.caps.tiers.C;
    const times = scheduled(years[who])
      .filter((e) => e.marketing)
      .map((e) => Date.parse(e.at));
    for (const t of times) {
      const within = (days: number) => times.filter((u) => u <= t && u > t - days * DAY_MS).length;
      expect(within(7), new Date(t).toISOString()).toBeLessThanOrEqual(limits.per7Days);
      expect(within(30), new Date(t).toISOString()).toBeLessThanOrEqual(limits.per30Days);
    }
  });

  it('is deterministic, and the spread differs from one customer to the next', () => {
    for (const who of everyone) expect(forecast(contexts[who], START, 365)).toEqual(years[who]);
    const minutesOf = (id: string) => {
      const ctx = planContext({ ...customers.london, customerId: id });
      return forecast(ctx, START, 365)
        .filter((e) => e.rule === 'monthly-letter')
        .map((e) => e.local.slice(11));
    };
    expect(minutesOf('c-london')).toEqual(
      years.london.filter((e) => e.rule === 'monthly-letter').map((e) => e.local.slice(11)),
    );
    expect(minutesOf('c-other')).not.toEqual(minutesOf('c-london'));
    expect(new Set(minutesOf('c-other')).size).toBeGreaterThan(6);
  });
});

/** The engine's loop without caps: plan, jump to the first action, run everything due, record it. */
function walk(
  ctx: PlanContext,
  from: Date,
  days: number,
): { at: string; rule: string; occurrence: string }[] {
  const end = from.getTime() + days * DAY_MS;
  let state = ctx.state;
  let t = from;
  const sent: { at: string; rule: string; occurrence: string }[] = [];
  for (let step = 0; step < 1000; step++) {
    const next = planActions({ ...ctx, state }, t)[0];
    if (!next || next.at.getTime() > end) break;
    expect(next.at.getTime()).toBeGreaterThanOrEqual(t.getTime());
    t = next.at;
    const due = dueActions({ ...ctx, state }, t);
    expect(due.length).toBeGreaterThan(0);
    for (const action of due) {
      sent.push({ at: t.toISOString(), rule: action.rule, occurrence: action.occurrence });
      state = applyAction(state, action, t, ctx.rules);
      state = {
        ...state,
        lastTouchAt: t.toISOString(),
        marketingSent: action.marketing ? [...state.marketingSent, t.toISOString()] : state.marketingSent,
      };
    }
  }
  return sent;
}

describe('walking the year by hand (planActions → dueActions → applyAction)', () => {
  const asSent = (entries: ForecastEntry[]) =>
    scheduled(entries).map((e) => ({ at: e.at, rule: e.rule, occurrence: e.occurrence }));

  it.each(['shanghai', 'newYork', 'london', 'sydney', 'dstNewYork', 'dstSydney'] as const)(
    '%s: sends exactly what the forecast schedules (no cap was hit)',
    (who) => {
      expect(years[who].every((e) => e.status === 'scheduled')).toBe(true);
      expect(walk(contexts[who], START, 365)).toEqual(asSent(years[who]));
    },
  );

  it('London (DST dates): the same, except the capped April letter, which the forecast moves 3 days', () => {
    const walked = walk(contexts.dstLondon, START, 365);
    const april = { rule: 'monthly-letter', occurrence: '2027-04-01' };
    expect(walked.find((s) => s.occurrence === april.occurrence)).toEqual({
      ...april,
      at: '2027-04-01T10:36:00.000Z',
    });
    expect(asSent(years.dstLondon).find((s) => s.occurrence === april.occurrence)).toEqual({
      ...april,
      at: '2027-04-04T10:36:00.000Z',
    });
    const rest = (list: { occurrence: string; rule: string; at: string }[]) =>
      list.filter((s) => !(s.rule === april.rule && s.occurrence === april.occurrence));
    expect(rest(walked)).toEqual(rest(asSent(years.dstLondon)));
  });
});

describe('two rules on one day under a tight cap (tier C, 1 per 7 days)', () => {
  const tight = withCaps(shippedRules, { C: { per7Days: 1, per30Days: 4 } });
  const shanghaiWith = (customerId: string, birthday: string, rules = tight) =>
    planContext(
      { customerId, timezone: 'Asia/Shanghai', country: 'CN', birthday, email: 'a@example.cn' },
      { rules },
    );
  const rows = (entries: ForecastEntry[]) =>
    entries.map((e) => [e.at, e.rule, e.occurrence, e.status, e.reason]);

  it('a birthday on the 1st goes first; the monthly letter is deferred a week, then sent', () => {
    expect(rows(forecast(shanghaiWith('c-1', '03-01'), new Date('2027-02-25T00:00:00Z'), 20))).toEqual([
      ['2027-03-01T01:41:00.000Z', 'birthday', '2027-03-01', 'scheduled', undefined],
      [
        '2027-03-01T04:45:00.000Z',
        'monthly-letter',
        '2027-03-01',
        'deferred',
        'capped-7d, moved to 2027-03-08',
      ],
      ['2027-03-08T04:45:00.000Z', 'monthly-letter', '2027-03-01', 'scheduled', undefined],
    ]);
  });

  it('a birthday on Mid-Autumn goes first; the greeting, allowed 1 day late, is dropped', () => {
    expect(rows(forecast(shanghaiWith('c-1', '09-15'), new Date('2027-09-10T00:00:00Z'), 20))).toEqual([
      ['2027-09-15T01:44:00.000Z', 'birthday', '2027-09-15', 'scheduled', undefined],
      ['2027-09-15T02:34:00.000Z', 'festival-greetings', '2027-09-15:mid-autumn', 'dropped', 'capped-7d'],
    ]);
  });

  it('with festivals allowed 10 days late, the greeting is deferred and sent once the week is over', () => {
    const lenient = {
      ...tight,
      cadences: tight.cadences.map((r) => (r.id === 'festival-greetings' ? { ...r, maxDelayDays: 10 } : r)),
    };
    expect(
      rows(forecast(shanghaiWith('c-1', '09-15', lenient), new Date('2027-09-10T00:00:00Z'), 20)),
    ).toEqual([
      ['2027-09-15T01:44:00.000Z', 'birthday', '2027-09-15', 'scheduled', undefined],
      [
        '2027-09-15T02:34:00.000Z',
        'festival-greetings',
        '2027-09-15:mid-autumn',
        'deferred',
        // Judged at 09:00: 2027-09-22 09:00 is 16 minutes short of a week after the 09:44 birthday.
        'capped-7d, moved to 2027-09-23',
      ],
      ['2027-09-23T02:34:00.000Z', 'festival-greetings', '2027-09-15:mid-autumn', 'scheduled', undefined],
    ]);
  });

  // Regression (caps and priority): priority once only
  // orders actions due at the same instant. Each rule gets its own spread time of day, so
  // when the lower-priority festival greeting's slot (09:17) is earlier than the birthday's
  // (09:40), the festival takes the only slot and the birthday (priority 0) is dropped.
  // caps.json's contract: "When rules collide, the earlier in this list goes first".
  it('the birthday wins over a festival on the same day whatever their spread slots', () => {
    const entries = forecast(shanghaiWith('c-5', '09-15'), new Date('2027-09-10T00:00:00Z'), 20);
    // The earlier festival slot waits for the birthday (room is kept for it), and the
    // next day the week's only slot is gone, so the greeting is dropped.
    expect(entries.map((e) => [e.rule, e.status])).toEqual([
      ['festival-greetings', 'deferred'],
      ['birthday', 'scheduled'],
      ['festival-greetings', 'dropped'],
    ]);
  });
});

describe('festivals of two calendars on one day', () => {
  // Regression (festival keys vs the festival sort):
  // upcomingFestivals sorts by greetOn, then festival *date*, then id; occurrence keys are
  // `<greetOn>:<id>` and plan.ts nextOccurrence skips every key <= done. On 2040-09-20 a KR
  // customer keeping CN has Mid-Autumn (CN 09-20) then Chuseok (KR 09-21, greeted a day
  // before): once '2040-09-20:mid-autumn' is done, '2040-09-20:chuseok' sorts before it and
  // is never sent. Same on 2039-10-01 (national-day-cn, then chuseok greeted on its eve).
  it('greets both Mid-Autumn and Chuseok on 2040-09-20 for a Korean customer keeping CN', () => {
    const ctx = planContext(
      { customerId: 'kr-1', timezone: 'Asia/Seoul', country: 'KR', calendars: ['CN'], email: 'k@example.kr' },
      { tier: 'A', since: '2040-09-01' },
    );
    const greetings = forecast(ctx, new Date('2040-09-01T00:00:00Z'), 30).filter(
      (e) => e.rule === 'festival-greetings',
    );
    expect(greetings.map((e) => [e.local.slice(0, 10), e.occurrence, e.status])).toEqual([
      ['2040-09-20', '2040-09-20:chuseok', 'scheduled'],
      ['2040-09-20', '2040-09-20:mid-autumn', 'scheduled'],
    ]);
  });
});
