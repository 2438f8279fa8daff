import { addDays, yearlyDate } from '../calendars/calendar-dates';
import { conventionsOf, datesOf } from '../calendars/date-rules';
import { nameIn } from '../calendars/festivals';
import { dateText } from '../content/date-words';
import type { Customer } from '../customers/customer';
import type { CadenceRule, Occurrence } from './cadence-rules';

/**
 * The occasions marketers add themselves: the business's own dates (the
 * `occasions` rule) and the dates on each customer's file (the `custom-dates`
 * rule). Both are greeted like festivals, inside the window and under the caps.
 */

type OccasionsRule = Extract<CadenceRule, { kind: 'occasions' }>;
type CustomDatesRule = Extract<CadenceRule, { kind: 'custom-dates' }>;

function yearsOf(from: string, to: string): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push(y);
  return out;
}

const byKey = (a: Occurrence, b: Occurrence) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The business's occasions for one customer with a greeting day in [from, to]: those
 * for everyone, and those for the customer's country or kept calendars, dated by the
 * customer's country's conventions (a lunar date in the Korean calendar for a Korean customer).
 * @example businessOccasions(rule, customer, '2027-06-01', '2027-06-30') // [{ key: '2027-06-15:shopping-618', … }]
 */
export function businessOccasions(
  rule: OccasionsRule,
  customer: Customer,
  from: string,
  to: string,
): Occurrence[] {
  const kept = new Set([customer.country, ...(customer.calendars ?? [])].filter((c): c is string => !!c));
  const conventions = conventionsOf(customer.country ?? 'CN');
  const out: Occurrence[] = [];
  for (const occasion of rule.occasions) {
    if (occasion.countries && !occasion.countries.some((c) => kept.has(c))) continue;
    for (const year of yearsOf(from, addDays(to, occasion.daysBefore))) {
      for (const date of datesOf(occasion.date, year, conventions)) {
        const greetOn = addDays(date, -occasion.daysBefore);
        if (greetOn < from || greetOn > to) continue;
        out.push({
          rule,
          key: `${greetOn}:${occasion.id}`,
          date: greetOn,
          template: occasion.template,
          variables: {
            occasion: {
              id: occasion.id,
              name: nameIn(occasion.names, customer.locale),
              date,
              dateText: dateText(date, customer.locale),
              year,
              years: null,
            },
          },
        });
      }
    }
  }
  return out.sort(byKey);
}

/** A short stable tag for a date's name (names may be in any script), so its key survives renaming others. */
function tagOf(name: string): string {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash.toString(36);
}

/**
 * The customer's own dates with a greeting day in [from, to]: a one-off date once, a
 * yearly one every year from its first (every year when it has none).
 * @example customDates(rule, { ...customer, dates: [{ name: 'Policy renewal', date: '2027-03-01', yearly: true }] }, '2028-01-01', '2028-12-31')
 * // [{ key: '2028-03-01:d1x2y3z', variables: { occasion: { name: 'Policy renewal', years: 1, … } } }]
 */
export function customDates(
  rule: CustomDatesRule,
  customer: Customer,
  from: string,
  to: string,
): Occurrence[] {
  const out: Occurrence[] = [];
  for (const entry of customer.dates ?? []) {
    const daysBefore = entry.daysBefore ?? rule.daysBefore;
    const first = entry.date.length === 10 ? Number(entry.date.slice(0, 4)) : null;
    const dates = entry.yearly
      ? yearsOf(from, addDays(to, daysBefore))
          .filter((y) => first === null || y >= first)
          .map((y) => yearlyDate(entry.date.slice(-5), y))
      : [entry.date];
    for (const date of dates) {
      const greetOn = addDays(date, -daysBefore);
      if (greetOn < from || greetOn > to) continue;
      const year = Number(date.slice(0, 4));
      out.push({
        rule,
        key: `${greetOn}:d${tagOf(entry.name)}`,
        date: greetOn,
        template: entry.template ?? rule.template,
        variables: {
          occasion: {
            id: null,
            name: entry.name,
            date,
            dateText: dateText(date, customer.locale),
            year,
            years: first === null ? null : year - first,
          },
        },
      });
    }
  }
  return out.sort(byKey);
}
