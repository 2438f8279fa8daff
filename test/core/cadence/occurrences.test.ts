import { describe, expect, it } from 'vitest';
import type { CadenceRule } from '../../../functions/core/cadence/cadence-rules';
import { type OccurrenceContext, occurrencesOf } from '../../../functions/core/cadence/occurrences';
import { customerInputSchema } from '../../../functions/core/customers/customer';
import type { Tier } from '../../../functions/core/customers/tier';
import { type EngineState, emptyState, type Notice } from '../../../functions/core/planning/state';
import { ruleById, shippedRules } from '../../support/rules';

const rule = (id: string) => ruleById(shippedRules, id);

function context(
  input: Record<string, unknown> = {},
  options: { tier?: Tier; state?: EngineState; since?: string } = {},
): OccurrenceContext {
  return {
    customer: {
      ...customerInputSchema.parse({
        name: 'Test',
        timezone: 'Asia/Shanghai',
        email: 'a@example.cn',
        ...input,
      }),
      customerId: 'c-1',
    },
    state: options.state ?? emptyState,
    tier: options.tier ?? 'C',
    festivals: shippedRules.festivals,
    since: options.since ?? '2027-01-01',
  };
}
const keys = (r: CadenceRule, ctx: OccurrenceContext, from: string, to: string) =>
  occurrencesOf(r, ctx, from, to).map((o) => o.key);

describe('monthly letters', () => {
  const monthly = rule('monthly-letter');

  it('tier A gets the 1st and the 15th, B and C the 1st', () => {
    expect(keys(monthly, context({}, { tier: 'A' }), '2027-03-01', '2027-04-30')).toEqual([
      '2027-03-01',
      '2027-03-15',
      '2027-04-01',
      '2027-04-15',
    ]);
    expect(keys(monthly, context({}, { tier: 'B' }), '2027-03-01', '2027-04-30')).toEqual([
      '2027-03-01',
      '2027-04-01',
    ]);
    expect(keys(monthly, context({}, { tier: 'C' }), '2027-03-01', '2027-04-30')).toEqual([
      '2027-03-01',
      '2027-04-01',
    ]);
  });

  it('keeps to [from, to] and crosses the year end', () => {
    expect(keys(monthly, context({}, { tier: 'A' }), '2027-03-02', '2027-04-14')).toEqual([
      '2027-03-15',
      '2027-04-01',
    ]);
    expect(keys(monthly, context(), '2027-12-01', '2028-02-01')).toEqual([
      '2027-12-01',
      '2028-01-01',
      '2028-02-01',
    ]);
    expect(keys(monthly, context(), '2027-03-02', '2027-03-31')).toEqual([]);
  });

  it('names the month in the customer’s language', () => {
    const [en] = occurrencesOf(monthly, context(), '2027-03-01', '2027-03-01');
    expect(en).toMatchObject({
      key: '2027-03-01',
      date: '2027-03-01',
      template: 'monthly-letter',
      variables: {
        letter: { month: '2027-03', monthName: 'March', monthNumber: 3, year: 2027, season: 'spring' },
      },
    });
    const [zh] = occurrencesOf(
      monthly,
      context({ locale: 'zh-CN', country: 'CN' }),
      '2027-12-01',
      '2027-12-01',
    );
    expect(zh?.variables).toEqual({
      letter: { month: '2027-12', monthName: '十二月', monthNumber: 12, year: 2027, season: 'winter' },
    });
    // South of the equator, July is winter.
    const [au] = occurrencesOf(monthly, context({ country: 'AU' }), '2027-07-01', '2027-07-01');
    expect(au?.variables).toMatchObject({ letter: { monthName: 'July', season: 'winter' } });
  });

  it('yields nothing for a disabled rule or a tier the rule leaves out', () => {
    expect(keys({ ...monthly, enabled: false }, context(), '2027-01-01', '2027-12-31')).toEqual([]);
    expect(keys({ ...monthly, tiers: ['A'] }, context(), '2027-01-01', '2027-12-31')).toEqual([]);
  });
});

describe('personal dates', () => {
  const birthday = rule('birthday');
  const wedding = rule('wedding-anniversary');

  it('a birthday with a year gives the age, and nothing in or before the birth year', () => {
    expect(occurrencesOf(birthday, context({ birthday: '1985-09-12' }), '2027-01-01', '2027-12-31')).toEqual([
      {
        rule: birthday,
        key: '2027-09-12',
        date: '2027-09-12',
        template: 'birthday',
        variables: { birthday: { date: '2027-09-12', age: 42 } },
      },
    ]);
    expect(keys(birthday, context({ birthday: '1985-09-12' }), '1984-01-01', '1986-12-31')).toEqual([
      '1986-09-12',
    ]);
  });

  it('a 29 February birthday falls on 28 February in common years', () => {
    const ctx = context({ birthday: '02-29' });
    expect(occurrencesOf(birthday, ctx, '2027-01-01', '2028-12-31').map((o) => [o.key, o.variables])).toEqual(
      [
        ['2027-02-28', { birthday: { date: '2027-02-28', age: null } }],
        ['2028-02-29', { birthday: { date: '2028-02-29', age: null } }],
      ],
    );
  });

  it('daysBefore greets ahead, across the year end, naming the real date', () => {
    const early: CadenceRule = { ...birthday, kind: 'birthday', template: 'birthday', daysBefore: 2 };
    expect(
      occurrencesOf(early, context({ birthday: '1990-01-01' }), '2026-12-25', '2027-01-05').map((o) => [
        o.key,
        o.variables,
      ]),
    ).toEqual([['2026-12-30', { birthday: { date: '2027-01-01', age: 37 } }]]);
  });

  it('no birthday on file, no occurrence', () => {
    expect(keys(birthday, context(), '2027-01-01', '2027-12-31')).toEqual([]);
  });

  it('wedding anniversaries count the years when the wedding year is known', () => {
    expect(
      occurrencesOf(wedding, context({ weddingAnniversary: '2015-06-18' }), '2027-01-01', '2028-12-31').map(
        (o) => [o.key, o.template, o.variables],
      ),
    ).toEqual([
      ['2027-06-18', 'wedding-anniversary', { anniversary: { date: '2027-06-18', years: 12 } }],
      ['2028-06-18', 'wedding-anniversary', { anniversary: { date: '2028-06-18', years: 13 } }],
    ]);
    expect(
      occurrencesOf(wedding, context({ weddingAnniversary: '06-18' }), '2027-01-01', '2027-12-31').map(
        (o) => o.variables,
      ),
    ).toEqual([{ anniversary: { date: '2027-06-18', years: null } }]);
  });

  it('the purchase anniversary comes from state.value.firstPurchaseOn, from the next year on', () => {
    const purchase = rule('purchase-anniversary');
    const state: EngineState = {
      ...emptyState,
      value: {
        lifetime: 5000,
        deals: 1,
        firstPurchaseOn: '2026-03-10',
        firstItem: 'walnut wardrobe',
        log: {},
      },
    };
    expect(
      occurrencesOf(purchase, context({}, { state }), '2026-01-01', '2028-12-31').map((o) => [
        o.key,
        o.variables,
      ]),
    ).toEqual([
      ['2027-03-10', { purchase: { date: '2026-03-10', years: 1, item: 'walnut wardrobe' } }],
      ['2028-03-10', { purchase: { date: '2026-03-10', years: 2, item: 'walnut wardrobe' } }],
    ]);
    expect(keys(purchase, context(), '2026-01-01', '2028-12-31')).toEqual([]);
  });
});

describe('no-touch rules (yearly check-in, re-engagement)', () => {
  const yearly = rule('yearly-check-in');
  const reengage = rule('re-engagement');

  it('fires afterDays after the last touch, on the customer’s local date', () => {
    // 2027-01-31 20:00 UTC is 2027-02-01 04:00 in Shanghai; + 330 days = 2027-12-28.
    const state: EngineState = { ...emptyState, lastTouchAt: '2027-01-31T20:00:00.000Z' };
    expect(occurrencesOf(yearly, context({}, { state }), '2027-01-01', '2028-12-31')).toEqual([
      {
        rule: yearly,
        key: '2027-12-28',
        date: '2027-12-28',
        template: 'yearly-check-in',
        variables: { lastContactOn: '2027-02-01' },
      },
    ]);
  });

  it('counts from `since` when the customer was never touched', () => {
    expect(
      occurrencesOf(yearly, context(), '2027-01-01', '2027-12-31').map((o) => [o.key, o.variables]),
    ).toEqual([['2027-11-27', { lastContactOn: null }]]);
    expect(keys(yearly, context(), '2027-11-28', '2027-12-31')).toEqual([]);
  });

  it('re-engagement is for tiers A and B only, 90 days on', () => {
    expect(reengage.kind === 'no-touch' && reengage.afterDays).toBe(90);
    expect(keys(reengage, context({}, { tier: 'A' }), '2027-01-01', '2027-12-31')).toEqual(['2027-04-01']);
    expect(keys(reengage, context({}, { tier: 'B' }), '2027-01-01', '2027-12-31')).toEqual(['2027-04-01']);
    expect(keys(reengage, context({}, { tier: 'C' }), '2027-01-01', '2027-12-31')).toEqual([]);
  });
});

describe('festivals', () => {
  const festival = rule('festival-greetings');

  it('greets the customer’s country and extra calendars, keyed <greetOn>:<id>', () => {
    const ctx = context({ country: 'US', calendars: ['CN'], timezone: 'America/New_York' });
    expect(keys(festival, ctx, '2027-01-01', '2027-03-01')).toEqual([
      '2027-01-01:new-year',
      '2027-02-05:spring-festival',
      '2027-02-20:lantern-festival',
    ]);
  });

  it('carries the festival’s template and name, Chinese for zh locales', () => {
    const zh = occurrencesOf(
      festival,
      context({ country: 'CN', locale: 'zh-CN' }),
      '2027-09-01',
      '2027-09-30',
    );
    expect(zh).toEqual([
      {
        rule: festival,
        key: '2027-09-15:mid-autumn',
        date: '2027-09-15',
        template: 'festival-mid-autumn',
        variables: { festival: { id: 'mid-autumn', name: '中秋节', date: '2027-09-15', year: 2027 } },
      },
    ]);
    const en = occurrencesOf(festival, context({ country: 'CN' }), '2027-02-01', '2027-02-10');
    expect(en.map((o) => [o.date, o.variables])).toEqual([
      [
        '2027-02-05',
        { festival: { id: 'spring-festival', name: 'Spring Festival', date: '2027-02-06', year: 2027 } },
      ],
    ]);
  });

  it('a customer with no country has no festivals', () => {
    expect(keys(festival, context(), '2027-01-01', '2027-12-31')).toEqual([]);
  });
});

describe('event notices', () => {
  const survey = rule('satisfaction-survey');
  const notice = (key: string, dueOn: string, extra: Partial<Notice> = {}): Notice => ({
    ruleId: 'satisfaction-survey',
    key,
    template: 'satisfaction-survey',
    dueOn,
    variables: { deal: { dealId: key.slice(11) } },
    ...extra,
  });

  it('yields the rule’s pending notices due by `to`, an overdue one on `from`', () => {
    const state: EngineState = {
      ...emptyState,
      notices: [
        notice('2027-03-05:d1', '2027-03-05', { dueAt: '2027-03-05T02:00:00.000Z' }),
        notice('2027-03-12:d2', '2027-03-12'),
        notice('2027-04-30:d3', '2027-04-30'),
        { ...notice('2027-03-11:r1', '2027-03-11'), ruleId: 'referral-thanks', template: 'referral-thanks' },
      ],
    };
    expect(occurrencesOf(survey, context({}, { state }), '2027-03-10', '2027-03-31')).toEqual([
      {
        rule: survey,
        key: '2027-03-05:d1',
        date: '2027-03-10',
        template: 'satisfaction-survey',
        variables: { deal: { dealId: 'd1' } },
        dueAt: '2027-03-05T02:00:00.000Z',
      },
      {
        rule: survey,
        key: '2027-03-12:d2',
        date: '2027-03-12',
        template: 'satisfaction-survey',
        variables: { deal: { dealId: 'd2' } },
      },
    ]);
  });
});
