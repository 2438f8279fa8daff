import { describe, expect, it } from 'vitest';
import { type CadenceRule, cadenceRuleSchema } from '../../../functions/core/cadence/cadence-rules';
import { businessOccasions, customDates } from '../../../functions/core/cadence/own-occasions';
import { type Customer, customerInputSchema } from '../../../functions/core/customers/customer';

const customer = (input: Record<string, unknown>): Customer => ({
  ...customerInputSchema.parse({ name: 'Test', email: 't@example.com', ...input }),
  customerId: 'c-test',
});

const occasionsRule = {
  ...cadenceRuleSchema.parse({
    kind: 'occasions',
    occasions: [
      {
        id: 'singles-day',
        names: { en: 'Singles’ Day sale', 'zh-CN': '双11' },
        date: { kind: 'yearly', date: '11-11' },
        template: 'occasion-business',
        daysBefore: 3,
        countries: ['CN'],
      },
      {
        id: 'founding-day',
        names: { en: 'Founding day' },
        date: { kind: 'lunar', month: 1, day: 1 },
        template: 'occasion-business',
      },
      {
        id: 'grand-opening',
        names: { en: 'Grand opening' },
        date: { kind: 'once', date: '2028-03-01' },
        template: 'occasion-business',
      },
    ],
  }),
  id: 'business-occasions',
} as Extract<CadenceRule, { kind: 'occasions' }>;

const datesRule = {
  ...cadenceRuleSchema.parse({ kind: 'custom-dates', template: 'occasion-personal' }),
  id: 'customer-dates',
} as Extract<CadenceRule, { kind: 'custom-dates' }>;

describe('businessOccasions', () => {
  it('greets its countries ahead of the date, in the customer’s language', () => {
    const zh = customer({ country: 'CN', locale: 'zh-CN' });
    const found = businessOccasions(occasionsRule, zh, '2027-11-01', '2027-11-30');
    expect(found.map((o) => [o.key, o.date, o.variables])).toEqual([
      [
        '2027-11-08:singles-day',
        '2027-11-08',
        {
          occasion: {
            id: 'singles-day',
            name: '双11',
            date: '2027-11-11',
            dateText: '11月11日(周四)',
            year: 2027,
            years: null,
          },
        },
      ],
    ]);
    expect(businessOccasions(occasionsRule, customer({ country: 'US' }), '2027-11-01', '2027-11-30')).toEqual(
      [],
    );
    // A US customer who keeps the CN calendar gets it too.
    expect(
      businessOccasions(
        occasionsRule,
        customer({ country: 'US', calendars: ['CN'] }),
        '2027-11-01',
        '2027-11-30',
      ),
    ).toHaveLength(1);
  });

  it('dates a lunar occasion by the customer’s own calendar, and a one-off once', () => {
    const lunar = (country: string) =>
      businessOccasions(occasionsRule, customer({ country }), '2028-01-01', '2028-03-31').map((o) => o.key);
    // The new moon of 26 January 2028 falls at 23:13 in Beijing, after midnight in Seoul.
    expect(lunar('CN')).toEqual(['2028-01-26:founding-day', '2028-03-01:grand-opening']);
    expect(lunar('KR')).toEqual(['2028-01-27:founding-day', '2028-03-01:grand-opening']);
    expect(businessOccasions(occasionsRule, customer({ country: 'KR' }), '2029-03-01', '2029-03-31')).toEqual(
      [],
    );
  });
});

describe('customDates', () => {
  it('greets a yearly date every year from its first, counting the years', () => {
    const c = customer({ dates: [{ name: 'Policy renewal', date: '2026-06-20', yearly: true }] });
    expect(
      customDates(datesRule, c, '2025-01-01', '2028-12-31').map((o) => [
        o.date,
        (o.variables.occasion as { years: number }).years,
      ]),
    ).toEqual([
      ['2026-06-20', 0],
      ['2027-06-20', 1],
      ['2028-06-20', 2],
    ]);
  });

  it('greets a one-off date once, with its own template and lead, and 29 February on the 28th in common years', () => {
    const c = customer({
      dates: [
        { name: '乔迁纪念日', date: '2027-07-02', template: 'occasion-housewarming', daysBefore: 2 },
        { name: 'Leap day', date: '02-29', yearly: true },
      ],
    });
    const found = customDates(datesRule, c, '2027-01-01', '2028-12-31');
    expect(found.map((o) => [o.date, o.template])).toEqual([
      ['2027-02-28', 'occasion-personal'],
      ['2027-06-30', 'occasion-housewarming'],
      ['2028-02-29', 'occasion-personal'],
    ]);
    // Keys are per date name, so two dates on one day are two messages.
    expect(new Set(found.map((o) => o.key)).size).toBe(3);
  });

  it('refuses dates without a year unless yearly, templates outside occasion-, and over 20 dates', () => {
    const issues = (dates: unknown) =>
      customerInputSchema.safeParse({ name: 'X', dates }).error?.issues.map((i) => i.path.join('.'));
    expect(issues([{ name: 'Renewal', date: '06-20' }])).toEqual(['dates.0.date']);
    expect(issues([{ name: 'Renewal', date: '2027-06-20', template: 'birthday' }])).toEqual([
      'dates.0.template',
    ]);
    expect(issues(Array.from({ length: 21 }, () => ({ name: 'x', date: '2027-01-01' })))).toEqual(['dates']);
  });

  it('the occasions rule refuses an id used twice', () => {
    const twice = cadenceRuleSchema.safeParse({
      kind: 'occasions',
      occasions: [0, 1].map(() => ({
        id: 'sale',
        names: { en: 'Sale' },
        date: { kind: 'yearly', date: '06-18' },
        template: 'occasion-business',
      })),
    });
    expect(twice.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['occasions.1.id', 'sale is used twice'],
    ]);
  });
});
