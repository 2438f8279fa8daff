import * as z from 'zod';
import data from '../../calendars/calendar-data.json' with { type: 'json' };

/**
 * The astronomical calendars the festivals are dated by, generated at build
 * time (`npm run festivals`) and committed in a compact form, so the runtime
 * carries neither an ephemeris nor a calendar library: lunisolar months, solar
 * terms, Islamic month days per national convention, Diwali per convention,
 * Hebrew dates and Easter, each per Gregorian year from `years[0]` to `years[1]`.
 */

export const lunisolarCalendarIds = ['china', 'korea', 'vietnam'] as const;
export type LunisolarCalendarId = (typeof lunisolarCalendarIds)[number];

export const islamicConventionIds = [
  'umm-al-qura',
  'mabims-singapore',
  'mabims-malaysia',
  'mabims-indonesia',
] as const;
export type IslamicConventionId = (typeof islamicConventionIds)[number];

export const hinduConventionIds = ['diwali-north', 'deepavali-tamil'] as const;
export type HinduConventionId = (typeof hinduConventionIds)[number];

export const solarTermIds = ['qingming', 'dongzhi'] as const;

/** The Islamic days the table carries (MM-DD): Ramadan begins, Eid al-Fitr, Eid al-Adha, the new year. */
export const islamicDays = ['09-01', '10-01', '12-10', '01-01'] as const;
/** The Hebrew days the table carries (hebcal's months, MM-DD): Passover, Rosh Hashanah, Hanukkah. */
export const hebrewDays = ['01-15', '07-01', '09-25'] as const;
export type SolarTermId = (typeof solarTermIds)[number];

/** One month of a lunisolar calendar: its first civil day, number, whether it is the leap month, and length. */
export interface LunarMonth {
  start: string;
  month: number;
  leap: boolean;
  days: number;
}

const series = z.lazy(() => z.string().regex(/^(?:\d{4}(?:\+\d{4})*)?(?:,(?:\d{4}(?:\+\d{4})*)?)*$/));
const monthDayKey = z.lazy(() => z.string().regex(/^\d{2}-\d{2}$/));

/**
 * The committed file. A series is one entry per year, comma-separated, each
 * `MMDD` (or `MMDD+MMDD` in the rare year a date falls twice, or empty);
 * a lunisolar year is `MMDD` of its first day, the leap month's number in hex
 * (0 for none) and four hex digits whose bits, from the lowest, say which of
 * its months (the leap one in its place) have 30 days.
 */
export const calendarDataSchema = z.lazy(() =>
  z.strictObject({
    source: z.string(),
    years: z.tuple([z.int(), z.int()]),
    lunisolar: z.record(z.enum(lunisolarCalendarIds), z.string().regex(/^(?:\d{4}[0-9a-c][0-9a-f]{4},?)+$/)),
    solarTerms: z.record(z.enum(lunisolarCalendarIds), z.record(z.enum(solarTermIds), series)),
    islamic: z.record(z.enum(islamicConventionIds), z.record(monthDayKey, series)),
    hindu: z.record(z.enum(hinduConventionIds), series),
    hebrew: z.record(monthDayKey, series),
    easter: series,
  }),
);
export type CompactCalendarData = z.output<typeof calendarDataSchema>;

/** Dates per Gregorian year (index 0 is `years[0]`), each a list of YYYY-MM-DD. */
export type YearSeries = readonly (readonly string[])[];

/** @example encodeSeries([['2024-04-10'], ['2025-03-30']]) // '0410,0330' */
export function encodeSeries(years: YearSeries): string {
  return years.map((dates) => dates.map((d) => d.slice(5).replace('-', '')).join('+')).join(',');
}

/** @example decodeSeries('0410,0330', 2024) // [['2024-04-10'], ['2025-03-30']] */
export function decodeSeries(encoded: string, firstYear: number): string[][] {
  return encoded
    .split(',')
    .map((year, i) =>
      year === '' ? [] : year.split('+').map((md) => `${firstYear + i}-${md.slice(0, 2)}-${md.slice(2)}`),
    );
}

const DAY_MS = 86_400_000;
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Encodes lunar years (each its months in order, from month 1) starting with lunar year `firstYear`. */
export function encodeLunisolar(years: readonly (readonly LunarMonth[])[]): string {
  return years
    .map((months) => {
      const first = months[0]!;
      const leap = months.find((m) => m.leap)?.month ?? 0;
      const bits = months.reduce((acc, m, i) => acc | ((m.days === 30 ? 1 : 0) << i), 0);
      return `${first.start.slice(5).replace('-', '')}${leap.toString(16)}${bits.toString(16).padStart(4, '0')}`;
    })
    .join(',');
}

/** The months of each lunar year, from lunar year `firstYear` on. */
export function decodeLunisolar(encoded: string, firstYear: number): LunarMonth[][] {
  return encoded.split(',').map((entry, i) => {
    const leap = Number.parseInt(entry.slice(4, 5), 16);
    const bits = Number.parseInt(entry.slice(5), 16);
    const months: LunarMonth[] = [];
    let start = `${firstYear + i}-${entry.slice(0, 2)}-${entry.slice(2, 4)}`;
    for (let k = 0, month = 1; k < (leap ? 13 : 12); k++) {
      const isLeap = leap !== 0 && k === leap;
      if (k > 0 && !isLeap) month++;
      const days = (bits >> k) & 1 ? 30 : 29;
      months.push({ start, month: isLeap ? leap : month, leap: isLeap, days });
      start = plusDays(start, days);
    }
    return months;
  });
}

/** The committed calendars, decoded once. */
export interface CalendarData {
  source: string;
  years: { first: number; last: number };
  /** Lunar years from `years.first - 1` (whose last months fall in January of the first year). */
  lunarYears: Readonly<Record<LunisolarCalendarId, LunarMonth[][]>>;
  solarTerms: Readonly<Record<LunisolarCalendarId, Readonly<Record<SolarTermId, string[][]>>>>;
  islamic: Readonly<Record<IslamicConventionId, Readonly<Record<string, string[][]>>>>;
  hindu: Readonly<Record<HinduConventionId, string[][]>>;
  hebrew: Readonly<Record<string, string[][]>>;
  easter: string[][];
}

function mapValues<K extends string, V, W>(record: Partial<Record<K, V>>, f: (v: V) => W): Record<K, W> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v as V)])) as Record<K, W>;
}

/** Decodes (and validates) the committed file. */
export function decodeCalendarData(raw: unknown): CalendarData {
  const compact = calendarDataSchema.parse(raw);
  const [first, last] = compact.years;
  const yearly = (s: string) => decodeSeries(s, first);
  return {
    source: compact.source,
    years: { first, last },
    lunarYears: mapValues(compact.lunisolar, (s) => decodeLunisolar(s, first - 1)),
    solarTerms: mapValues(compact.solarTerms, (terms) => mapValues(terms, yearly)),
    islamic: mapValues(compact.islamic, (days) => mapValues(days, yearly)),
    hindu: mapValues(compact.hindu, yearly),
    hebrew: mapValues(compact.hebrew, yearly),
    easter: yearly(compact.easter),
  };
}

let committed: CalendarData | undefined;

/** The calendars as committed, decoded on first use. */
export function committedCalendars(): CalendarData {
  committed ??= decodeCalendarData(data);
  return committed;
}

/**
 * The Gregorian date of a lunar date in the lunar year that begins in Gregorian `lunarYear`,
 * or undefined outside the table or when the month has no such day (a 29-day month's 30th)
 * or no such leap month.
 * @example lunarToGregorian('china', 2033, 8, 15) // '2033-09-08'
 */
export function lunarToGregorian(
  calendar: LunisolarCalendarId,
  lunarYear: number,
  month: number,
  day: number,
  leap = false,
  source: CalendarData = committedCalendars(),
): string | undefined {
  const months = source.lunarYears[calendar]?.[lunarYear - (source.years.first - 1)];
  const found = months?.find((m) => m.month === month && m.leap === leap);
  if (!found || day < 1 || day > found.days) return undefined;
  return plusDays(found.start, day - 1);
}
