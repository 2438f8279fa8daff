import { addDays, splitMonthDay, yearlyDate } from '../calendars/calendar-dates';
import { type FestivalCatalog, nameIn, upcomingFestivals } from '../calendars/festivals';
import { localDateOf } from '../calendars/local-time';
import { monthName, seasonOf } from '../content/date-words';
import type { Customer } from '../customers/customer';
import type { Tier } from '../customers/tier';
import type { EngineState } from '../planning/state';
import type { CadenceRule, Occurrence } from './cadence-rules';
import { businessOccasions, customDates } from './own-occasions';

export type { Occurrence };

export interface OccurrenceContext {
  customer: Customer;
  state: EngineState;
  tier: Tier;
  festivals: FestivalCatalog;
  /** The local date from which occasions count (the day the customer was filed). */
  since: string;
}

function years(from: string, to: string): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push(y);
  return out;
}

function yearly(
  rule: CadenceRule,
  template: string,
  value: string,
  from: string,
  to: string,
  variables: (date: string, yearsSince: number | null) => Record<string, unknown>,
  daysBefore = 0,
): Occurrence[] {
  const { monthDay, year } = splitMonthDay(value);
  const out: Occurrence[] = [];
  for (const y of years(addDays(from, daysBefore), addDays(to, daysBefore))) {
    const day = yearlyDate(monthDay, y);
    const date = addDays(day, -daysBefore);
    if (date < from || date > to || (year !== null && y <= year)) continue;
    out.push({ rule, key: date, date, template, variables: variables(day, year === null ? null : y - year) });
  }
  return out;
}

/**
 * Every occasion of `rule` for one customer with a local date in [from, to],
 * in date order, regardless of what was already sent.
 * @example occurrencesOf(monthlyRule, ctx, '2027-03-01', '2027-03-31') // [{ key: '2027-03-01', … }]
 */
export function occurrencesOf(
  rule: CadenceRule,
  ctx: OccurrenceContext,
  from: string,
  to: string,
): Occurrence[] {
  const { customer, state } = ctx;
  if (!rule.enabled || !rule.tiers.includes(ctx.tier)) return [];
  switch (rule.kind) {
    case 'monthly-letter': {
      const out: Occurrence[] = [];
      const days = rule.daysOfMonth[ctx.tier];
      for (
        let month = from.slice(0, 7);
        month <= to.slice(0, 7);
        month = addDays(`${month}-28`, 5).slice(0, 7)
      ) {
        for (const day of days) {
          const date = `${month}-${String(day).padStart(2, '0')}`;
          if (date < from || date > to) continue;
          const m = Number(month.slice(5));
          const variables = {
            letter: {
              month,
              monthName: monthName(m, customer.locale),
              monthNumber: m,
              year: Number(month.slice(0, 4)),
              season: seasonOf(m, customer.country),
            },
          };
          out.push({ rule, key: date, date, template: rule.template, variables });
        }
      }
      return out;
    }
    case 'festival': {
      const calendars = [customer.country, ...(customer.calendars ?? [])].filter((c): c is string => !!c);
      // Sorted by key, the order `done` compares in, so two greetings on one day both go.
      return upcomingFestivals(calendars, from, to, ctx.festivals)
        .map((f) => ({
          rule,
          key: `${f.greetOn}:${f.festivalId}`,
          date: f.greetOn,
          template: f.template,
          variables: {
            festival: {
              id: f.festivalId,
              name: nameIn(f.names, customer.locale),
              date: f.date,
              year: Number(f.date.slice(0, 4)),
            },
          },
        }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    case 'occasions':
      return businessOccasions(rule, customer, from, to);
    case 'custom-dates':
      return customDates(rule, customer, from, to);
    case 'birthday':
      if (!customer.birthday) return [];
      return yearly(
        rule,
        rule.template,
        customer.birthday,
        from,
        to,
        (date, age) => ({ birthday: { date, age } }),
        rule.daysBefore,
      );
    case 'wedding-anniversary':
      if (!customer.weddingAnniversary) return [];
      return yearly(rule, rule.template, customer.weddingAnniversary, from, to, (date, n) => ({
        anniversary: { date, years: n },
      }));
    case 'purchase-anniversary': {
      const first = state.value.firstPurchaseOn;
      if (!first) return [];
      return yearly(rule, rule.template, first, from, to, (_date, n) => ({
        purchase: { date: first, years: n ?? 1, item: state.value.firstItem ?? null },
      }));
    }
    case 'no-touch': {
      const lastContactOn = state.lastTouchAt
        ? localDateOf(new Date(state.lastTouchAt), customer.timezone)
        : null;
      const date = addDays(lastContactOn ?? ctx.since, rule.afterDays);
      if (date < from || date > to) return [];
      return [{ rule, key: date, date, template: rule.template, variables: { lastContactOn } }];
    }
    case 'order-progress':
    case 'satisfaction-survey':
    case 'referral-ask':
    case 'referral-thanks':
      return state.notices
        .filter((n) => n.ruleId === rule.id && n.dueOn <= to)
        .map((n) => ({
          rule,
          key: n.key,
          date: n.dueOn < from ? from : n.dueOn,
          template: n.template,
          variables: n.variables,
          ...(n.dueAt ? { dueAt: n.dueAt } : {}),
        }));
  }
}
