import * as z from 'zod';
import { assertNever } from '../assert-never';
import {
  type CalendarData,
  committedCalendars,
  type HinduConventionId,
  hebrewDays,
  type IslamicConventionId,
  islamicDays,
  type LunisolarCalendarId,
  lunarToGregorian,
  solarTermIds,
} from './calendar-data';

/**
 * How a festival or an occasion falls in a year, as the catalog and marketers
 * write it. The astronomical kinds (lunar, solar-term, islamic, diwali) follow the
 * country's convention (`conventionsOf`): the same `{ kind: 'lunar', month: 1, day: 1 }`
 * is 2030-02-03 in China and 2030-02-02 in Vietnam.
 */

const keyOf = (r: { month: number; day: number }) =>
  `${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const month = z.lazy(() => z.int().min(1).max(12));
const monthDay = z.lazy(() =>
  z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD such as 06-18'),
);
const isoDate = z.lazy(() =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD such as 2027-06-18')
    .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a calendar date'),
);

export const dateRuleSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    /** Every year on this month and day (29 February: the 28th in common years). */
    z.strictObject({ kind: z.literal('yearly'), date: monthDay }),
    /** Once, on this date. */
    z.strictObject({ kind: z.literal('once'), date: isoDate }),
    /** The nth (or, -1, the last) weekday of a month; `unlessEaster`: a week later when that is Easter + so many days. */
    z.strictObject({
      kind: z.literal('weekday'),
      month,
      weekday: z.enum(weekdays),
      nth: z.union([z.literal(-1), z.int().min(1).max(5)]),
      unlessEaster: z.int().min(-70).max(70).optional(),
    }),
    /** Western Easter Sunday plus `offset` days (Mothering Sunday -21, Ascension +39). */
    z.strictObject({ kind: z.literal('easter'), offset: z.int().min(-70).max(70) }),
    /** A day of the lunisolar calendar (month 1 day 1: the new year), in the country's calendar. */
    z.strictObject({
      kind: z.literal('lunar'),
      month,
      day: z.int().min(1).max(30),
      leap: z.boolean().optional(),
    }),
    /** A solar term on the country's lunisolar meridian. */
    z.strictObject({ kind: z.literal('solar-term'), term: z.enum(solarTermIds) }),
    /** A day of the Islamic calendar (10-1: Eid al-Fitr; 12-10: Eid al-Adha), by the country's convention. */
    z
      .strictObject({ kind: z.literal('islamic'), month, day: z.int().min(1).max(30) })
      .refine((r) => (islamicDays as readonly string[]).includes(keyOf(r)), {
        message: `the calendar carries the Islamic days ${islamicDays.join(', ')} (MM-DD)`,
      }),
    /** Diwali by the country's convention. */
    z.strictObject({ kind: z.literal('diwali') }),
    /** A day of the Hebrew calendar (hebcal's month numbers: Nisan 1, Tishrei 7, Kislev 9). */
    z
      .strictObject({ kind: z.literal('hebrew'), month: z.int().min(1).max(13), day: z.int().min(1).max(30) })
      .refine((r) => (hebrewDays as readonly string[]).includes(keyOf(r)), {
        message: `the calendar carries the Hebrew days ${hebrewDays.join(', ')} (MM-DD)`,
      }),
  ]),
);
export type DateRule = z.output<typeof dateRuleSchema>;

/** The calendar conventions a country (or a kept calendar such as `jewish`) dates by. */
export interface Conventions {
  lunisolar: LunisolarCalendarId;
  islamic: IslamicConventionId;
  hindu: HinduConventionId;
}

/**
 * The conventions of a country or kept calendar: Korea and Vietnam count the
 * lunisolar calendar on their own meridians; Singapore, Malaysia and Indonesia
 * begin Islamic months by the MABIMS criteria, everyone else by Umm al-Qura;
 * Singapore and Malaysia keep Deepavali by the Tamil calendar.
 * @example conventionsOf('VN').lunisolar // 'vietnam'
 */
export function conventionsOf(calendar: string): Conventions {
  const code = calendar.toUpperCase();
  return {
    lunisolar: code === 'KR' ? 'korea' : code === 'VN' ? 'vietnam' : 'china',
    islamic:
      code === 'SG'
        ? 'mabims-singapore'
        : code === 'MY'
          ? 'mabims-malaysia'
          : code === 'ID'
            ? 'mabims-indonesia'
            : 'umm-al-qura',
    hindu: code === 'SG' || code === 'MY' ? 'deepavali-tamil' : 'diwali-north',
  };
}

const DAY_MS = 86_400_000;
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function nthWeekday(year: number, m: number, weekday: number, nth: number): string {
  if (nth === -1) {
    const last = new Date(Date.UTC(year, m, 0));
    return plusDays(last.toISOString().slice(0, 10), -((last.getUTCDay() - weekday + 7) % 7));
  }
  const first = new Date(Date.UTC(year, m - 1, 1));
  const date = plusDays(
    first.toISOString().slice(0, 10),
    ((weekday - first.getUTCDay() + 7) % 7) + 7 * (nth - 1),
  );
  return date.slice(5, 7) === String(m).padStart(2, '0') ? date : '';
}

/** The entry of a per-year series, or nothing outside the table. */
function inTable(
  years: readonly (readonly string[])[] | undefined,
  year: number,
  data: CalendarData,
): string[] {
  return [...(years?.[year - data.years.first] ?? [])];
}

/**
 * Every date (YYYY-MM-DD, ascending; usually one, none outside the table, two in
 * the year an Islamic day falls twice) of `rule` in Gregorian `year` for a calendar.
 * @example datesOf({ kind: 'lunar', month: 8, day: 15 }, 2033, conventionsOf('CN')) // ['2033-09-08']
 */
export function datesOf(
  rule: DateRule,
  year: number,
  conventions: Conventions,
  data: CalendarData = committedCalendars(),
): string[] {
  switch (rule.kind) {
    case 'yearly': {
      const md = rule.date === '02-29' && !isLeapYear(year) ? '02-28' : rule.date;
      return [`${year}-${md}`];
    }
    case 'once':
      return rule.date.startsWith(`${year}-`) ? [rule.date] : [];
    case 'weekday': {
      const date = nthWeekday(year, rule.month, weekdays.indexOf(rule.weekday), rule.nth);
      if (!date) return [];
      const easter = rule.unlessEaster === undefined ? [] : inTable(data.easter, year, data);
      if (easter[0] && plusDays(easter[0], rule.unlessEaster!) === date) return [plusDays(date, 7)];
      return [date];
    }
    case 'easter':
      return inTable(data.easter, year, data).map((d) => plusDays(d, rule.offset));
    case 'lunar':
      // A lunar year's last months fall in January or February of the next Gregorian year.
      return [year - 1, year]
        .map((lunarYear) =>
          lunarToGregorian(conventions.lunisolar, lunarYear, rule.month, rule.day, rule.leap ?? false, data),
        )
        .filter((d): d is string => d?.startsWith(`${year}-`) ?? false);
    case 'solar-term':
      return inTable(data.solarTerms[conventions.lunisolar]?.[rule.term], year, data);
    case 'islamic':
      return inTable(data.islamic[conventions.islamic]?.[keyOf(rule)], year, data);
    case 'diwali':
      return inTable(data.hindu[conventions.hindu], year, data);
    case 'hebrew':
      return inTable(data.hebrew[keyOf(rule)], year, data);
    default:
      return assertNever(rule);
  }
}
