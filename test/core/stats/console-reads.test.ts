import { describe, expect, it } from 'vitest';
import { isoWeekOf, recentWeeks } from '../../../functions/core/calendars/iso-week';
import type { Customer } from '../../../functions/core/customers/customer';
import { cardOf, matchesSearch, searchPlanOf } from '../../../functions/core/customers/customer-search';
import {
  cutoffsFromHistogram,
  type ValueHistogram,
  valueBucket,
} from '../../../functions/core/customers/tier';
import { valueCurve } from '../../../functions/core/stats/value-curve';
import { type TemplateWeekCounts, weeklyStats } from '../../../functions/core/stats/weekly-stats';

describe('ISO weeks in UTC', () => {
  it.each([
    ['2026-11-16T00:00:00Z', '2026-W47', '2026-11-16'], // a Monday
    ['2026-11-22T23:59:59Z', '2026-W47', '2026-11-16'], // the Sunday after
    ['2026-12-31T12:00:00Z', '2026-W53', '2026-12-28'], // 2026 starts on a Thursday: 53 weeks
    ['2027-01-03T12:00:00Z', '2026-W53', '2026-12-28'],
    ['2027-01-04T00:00:00Z', '2027-W01', '2027-01-04'],
    ['2024-12-30T08:00:00Z', '2025-W01', '2024-12-30'], // a Monday that belongs to next year's week 1
  ])('%s is in %s, which starts on %s', (at, week, start) => {
    expect(isoWeekOf(new Date(at))).toEqual({ week, start });
  });

  it('lists the recent weeks oldest first, across a year end', () => {
    expect(recentWeeks(new Date('2027-01-06T00:00:00Z'), 3).map((w) => w.week)).toEqual([
      '2026-W52',
      '2026-W53',
      '2027-W01',
    ]);
  });
});

describe('weekly stats', () => {
  const zero = { delivered: 0, unsubscribed: 0, bounced: 0, complained: 0 };
  const row = (template: string, week: string, sent: number, replied: number): TemplateWeekCounts => ({
    template,
    week,
    sent,
    replied,
    ...zero,
  });

  it('sums templates per week, fills silent weeks with zeros and leaves out weeks outside the span', () => {
    const weeks = recentWeeks(new Date('2027-02-10T00:00:00Z'), 2); // W05, W06
    const stats = weeklyStats(weeks, [
      row('hello-again', '2027-W05', 4, 1),
      row('birthday', '2027-W05', 1, 1),
      { ...row('hello-again', '2027-W06', 2, 0), bounced: 1 },
      row('hello-again', '2027-W01', 99, 99),
    ]);
    expect(stats.weeks).toEqual([
      { week: '2027-W05', start: '2027-02-01', sent: 5, replied: 2, replyRate: 0.4, ...zero },
      { week: '2027-W06', start: '2027-02-08', sent: 2, replied: 0, replyRate: 0, ...zero, bounced: 1 },
    ]);
    expect(stats.templates).toEqual([
      {
        template: 'birthday',
        weeks: [
          { week: '2027-W05', sent: 1, replied: 1, replyRate: 1 },
          { week: '2027-W06', sent: 0, replied: 0, replyRate: 0 },
        ],
      },
      {
        template: 'hello-again',
        weeks: [
          { week: '2027-W05', sent: 4, replied: 1, replyRate: 0.25 },
          { week: '2027-W06', sent: 2, replied: 0, replyRate: 0 },
        ],
      },
    ]);
  });
});

describe('the value curve', () => {
  function histogramOf(values: number[]): ValueHistogram {
    const histogram: ValueHistogram = {};
    for (const value of values) {
      const { count = 0, sum = 0 } = histogram[valueBucket(value)] ?? {};
      histogram[valueBucket(value)] = { count: count + 1, sum: sum + value };
    }
    return histogram;
  }

  it('puts 80% of the value on the top 20% of a known book, with the cut-offs and tiers', () => {
    const histogram = histogramOf([40_000, 40_000, ...Array(8).fill(2_500)]);
    const cutoffs = cutoffsFromHistogram(histogram);
    expect(cutoffs).toEqual({ a: 38_967, b: 2_435 });
    expect(valueCurve(histogram, cutoffs)).toEqual({
      customers: 10,
      totalValue: 100_000,
      points: [
        { customerShare: 0, valueShare: 0 },
        { customerShare: 0.2, valueShare: 0.8 },
        { customerShare: 1, valueShare: 1 },
      ],
      cutoffs: { A: 38_967, B: 2_435 },
      tiers: {
        A: { customers: 2, value: 80_000 },
        B: { customers: 8, value: 20_000 },
        C: { customers: 0, value: 0 },
      },
    });
  });

  it('counts customers without value as C and answers an empty book with zeros', () => {
    const curve = valueCurve(histogramOf([0, 0, 500]), { a: 10_000, b: 1_000 });
    expect(curve.tiers.C).toEqual({ customers: 3, value: 500 });
    expect(curve.points.at(-1)).toEqual({ customerShare: 1, valueShare: 1 });
    expect(valueCurve({}, { a: 10_000, b: 1_000 })).toMatchObject({
      customers: 0,
      totalValue: 0,
      points: [{ customerShare: 0, valueShare: 0 }],
    });
  });
});

describe('customer search plans', () => {
  const wang: Customer = {
    customerId: 'c-wang',
    name: '王芳',
    email: 'Wang.Fang@Example.com',
    phone: '+8613800138000',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    city: '杭州',
    tags: ['VIP', '老客户'],
    consent: { email: true, sms: true },
  };
  const facts = { tags: ['vip', '老客户'] };

  it('looks up a whole email or an international number exactly', () => {
    expect(searchPlanOf({ q: 'Wang.Fang@Example.com' })).toEqual({
      by: 'email',
      email: 'wang.fang@example.com',
    });
    expect(searchPlanOf({ q: '+86 138 0013 8000' })).toEqual({ by: 'phone', phone: '+8613800138000' });
  });

  it('reads the directory for part of a name, a national number or a tag', () => {
    expect(searchPlanOf({ q: ' 芳 ' })).toEqual({ by: 'directory', text: '芳' });
    expect(searchPlanOf({ q: '138 0013 8000' })).toEqual({ by: 'directory', digits: '13800138000' });
    expect(searchPlanOf({ tag: 'ＶＩＰ' })).toEqual({ by: 'directory', tag: 'vip' });
  });

  it('matches part of the name or email, the digits of the phone, and the tag', () => {
    const card = cardOf(wang);
    expect(card).toEqual({
      name: '王芳',
      email: 'Wang.Fang@Example.com',
      phone: '+8613800138000',
      city: '杭州',
      tags: ['VIP', '老客户'],
    });
    const match = (q: { q?: string; tag?: string }) => {
      const plan = searchPlanOf(q);
      if (plan.by !== 'directory') throw new Error('not a directory search');
      return matchesSearch(plan, card, facts);
    };
    expect(match({ q: '芳' })).toBe(true);
    expect(match({ q: 'wang.fang' })).toBe(true);
    expect(match({ q: '李' })).toBe(false);
    expect(match({ q: '0013 8000' })).toBe(true);
    expect(match({ q: '芳', tag: '老客户' })).toBe(true);
    expect(match({ q: '芳', tag: 'new' })).toBe(false);
  });
});
