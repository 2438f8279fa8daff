import {
  type CompactCalendarData,
  encodeLunisolar,
  encodeSeries,
  hebrewDays,
  hinduConventionIds,
  islamicConventionIds,
  islamicDays,
  type LunarMonth,
  lunisolarCalendarIds,
  solarTermIds,
} from '../core/calendars/calendar-data';
import { type Announcement, announcedDates } from './announced-dates';
import type { Ephemeris } from './ephemeris';
import { easterDates, hebrewDates, hebrewSource } from './hebrew-source';
import { diwaliDates } from './hindu-source';
import { islamicDates } from './islamic-source';
import { lunisolarMonths, solarTermDates } from './lunisolar-source';

/**
 * Build-time only (`npm run festivals`): every calendar the festivals and
 * occasions are dated by, computed from an ephemeris, over `years`.
 */

/** The years the committed table covers: at least 25 years ahead of any build before 2035. */
export const calendarYears = { first: 2024, last: 2060 } as const;

export interface BuiltCalendarData {
  data: CompactCalendarData;
  /** Where an announcement replaced a computed date, or agreed with it. */
  announcements: { announcement: Announcement; computed: string[] }[];
}

/** Groups a calendar's months into lunar years, from lunar year `first` to `last` (each from its month 1). */
function lunarYears(months: readonly LunarMonth[], first: number, last: number): LunarMonth[][] {
  const out: LunarMonth[][] = [];
  for (let year = first; year <= last; year++) {
    const start = months.findIndex((m) => m.month === 1 && !m.leap && m.start.startsWith(`${year}-`));
    const end = months.findIndex((m, i) => i > start && m.month === 1 && !m.leap);
    if (start < 0 || end < 0) throw new Error(`lunar year ${year} is not complete in the computed months`);
    out.push(months.slice(start, end));
  }
  return out;
}

/**
 * Computes the whole table; `announced: false` leaves the authorities' dates out, so
 * the computation itself can be compared with another ephemeris.
 * @example const { data } = buildCalendarData(astronomyEngine);
 */
export function buildCalendarData(
  ephemeris: Ephemeris,
  years: { first: number; last: number } = calendarYears,
  options: { announced?: boolean } = {},
): BuiltCalendarData {
  const { first, last } = years;
  const announcements: BuiltCalendarData['announcements'] = [];
  const withAnnouncements = (convention: string, day: string, computed: string[][]): string[][] => {
    if (options.announced === false) return computed;
    return computed.map((dates, i) => {
      const year = first + i;
      const announced = announcedDates.filter(
        (a) => a.convention === convention && a.day === day && a.date.startsWith(`${year}-`),
      );
      if (announced.length === 0) return dates;
      for (const announcement of announced) announcements.push({ announcement, computed: dates });
      // An announced date replaces the computed one nearest to it (within a few days).
      const near = (d: string) =>
        announced.find((a) => Math.abs(Date.parse(a.date) - Date.parse(d)) < 5 * 86_400_000);
      return dates.map((d) => near(d)?.date ?? d);
    });
  };
  const lunisolar = Object.fromEntries(
    lunisolarCalendarIds.map((id) => [
      id,
      encodeLunisolar(lunarYears(lunisolarMonths(ephemeris, id, first - 1, last + 1), first - 1, last)),
    ]),
  );
  const solarTerms = Object.fromEntries(
    lunisolarCalendarIds.map((id) => [
      id,
      Object.fromEntries(
        solarTermIds.map((term) => [term, encodeSeries(solarTermDates(ephemeris, id, term, first, last))]),
      ),
    ]),
  );
  const islamic = Object.fromEntries(
    islamicConventionIds.map((convention) => [
      convention,
      Object.fromEntries(
        islamicDays.map((key) => {
          const [month, day] = key.split('-').map(Number) as [number, number];
          const computed = islamicDates(ephemeris, convention, month, day, first, last);
          return [key, encodeSeries(withAnnouncements(convention, key, computed))];
        }),
      ),
    ]),
  );
  const hindu = Object.fromEntries(
    hinduConventionIds.map((convention) => [
      convention,
      encodeSeries(withAnnouncements(convention, 'diwali', diwaliDates(ephemeris, convention, first, last))),
    ]),
  );
  const hebrew = Object.fromEntries(
    hebrewDays.map((key) => {
      const [month, day] = key.split('-').map(Number) as [number, number];
      return [key, encodeSeries(hebrewDates(month, day, first, last))];
    }),
  );
  return {
    data: {
      source: `${ephemeris.name}, ${hebrewSource}`,
      years: [first, last],
      lunisolar,
      solarTerms,
      islamic,
      hindu,
      hebrew,
      easter: encodeSeries(easterDates(first, last)),
    } as CompactCalendarData,
    announcements,
  };
}
