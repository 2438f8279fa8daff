import type { LunarMonth, LunisolarCalendarId } from '../core/calendars/calendar-data';
import { type Ephemeris, localDate, newMoonsBetween } from './ephemeris';

/**
 * Build-time only: the Chinese lunisolar calendar by the rules of GB/T 33661-2017
 * ("Calculation and promulgation of the Chinese calendar"), reckoned on the civil
 * day of a meridian: Beijing time (UTC+8) for China, and for the calendars that
 * follow the same rules on their own meridian, Korea (KASI, UTC+9) and Vietnam
 * (UTC+7 since 1968). The rules:
 * 1. a month begins on the civil day of a new moon;
 * 2. the month holding the winter solstice is the 11th;
 * 3. when 13 months begin from one 11th month to the next, the first of them
 *    holding no major solar term (the Sun at a multiple of 30°) is the leap month
 *    and takes the number of the month before it.
 * Numbering from the 11th, this is the rule that puts 2033's leap month after
 * the 11th month, where the naive "first month without a major term" puts it after the 7th.
 */

/** The civil UTC offset each lunisolar calendar counts days in. */
export const lunisolarOffsets: Readonly<Record<LunisolarCalendarId, number>> = {
  china: 8,
  korea: 9,
  vietnam: 7,
};

const YEAR_MS = 365.2422 * 86_400_000;

/** Every major solar term (longitude, local date) from `fromYear` to `toYear`. */
function majorTerms(ephemeris: Ephemeris, offset: number, fromYear: number, toYear: number) {
  const out: { longitude: number; date: string }[] = [];
  // The Sun stands at 270° around 21 December; step from there, a term a month.
  let t = ephemeris.sunLongitudeAfter(270, Date.UTC(fromYear - 1, 11, 1));
  for (let k = 0; t < Date.UTC(toYear + 1, 0, 1); k++) {
    out.push({ longitude: (270 + 30 * k) % 360, date: localDate(t, offset) });
    t = ephemeris.sunLongitudeAfter((270 + 30 * (k + 1)) % 360, t + YEAR_MS / 12 - 5 * 86_400_000);
  }
  return out;
}

/**
 * Every month of the calendar whose first day lies in [fromYear-1 Dec, toYear+1 Jan], in order.
 * @example lunisolarMonths(astronomyEngine, 'china', 2033, 2033).find((m) => m.leap) // { start: '2033-12-22', month: 11, leap: true }
 */
export function lunisolarMonths(
  ephemeris: Ephemeris,
  calendar: LunisolarCalendarId,
  fromYear: number,
  toYear: number,
): LunarMonth[] {
  const offset = lunisolarOffsets[calendar];
  const starts = newMoonsBetween(ephemeris, Date.UTC(fromYear - 2, 9, 1), Date.UTC(toYear + 2, 3, 1)).map(
    (t) => localDate(t, offset),
  );
  const terms = majorTerms(ephemeris, offset, fromYear - 1, toYear + 1);
  const solstices = terms.filter((t) => t.longitude === 270).map((t) => t.date);
  const containing = (date: string) => starts.findLastIndex((start) => start <= date);
  const months: LunarMonth[] = [];
  for (let i = 0; i + 1 < solstices.length; i++) {
    const first = containing(solstices[i]!);
    const next = containing(solstices[i + 1]!);
    let leapPending = next - first === 13;
    let month = 11;
    for (let k = first; k < next; k++) {
      const start = starts[k]!;
      const end = starts[k + 1]!;
      const days = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
      const hasMajorTerm = terms.some((t) => t.date >= start && t.date < end);
      if (k > first && leapPending && !hasMajorTerm) {
        months.push({ start, month, leap: true, days });
        leapPending = false;
        continue;
      }
      if (k > first) month = (month % 12) + 1;
      months.push({ start, month, leap: false, days });
    }
  }
  const from = `${fromYear - 1}-12-01`;
  const to = `${toYear + 1}-01-31`;
  return months.filter((m) => m.start >= from && m.start <= to);
}

/** The solar terms the catalog uses, by name, with the Sun's apparent longitude that defines each. */
export const solarTermLongitudes = { qingming: 15, dongzhi: 270 } as const;
export type SolarTermName = keyof typeof solarTermLongitudes;

/**
 * The local date of a solar term in each year, on the calendar's meridian.
 * @example solarTermDates(astronomyEngine, 'china', 'qingming', 2027, 2027) // [['2027-04-05']]
 */
export function solarTermDates(
  ephemeris: Ephemeris,
  calendar: LunisolarCalendarId,
  term: SolarTermName,
  fromYear: number,
  toYear: number,
): string[][] {
  const out: string[][] = [];
  for (let year = fromYear; year <= toYear; year++) {
    const longitude = solarTermLongitudes[term];
    // Each term falls in a fixed fortnight: look from a month before it.
    const approx = Date.UTC(year, 2, 20) + (longitude * YEAR_MS) / 360 - YEAR_MS / 12;
    out.push([localDate(ephemeris.sunLongitudeAfter(longitude, approx), lunisolarOffsets[calendar])]);
  }
  return out;
}
