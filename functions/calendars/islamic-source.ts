import type { IslamicConventionId } from '../core/calendars/calendar-data';
import { type Ephemeris, localDate, newMoonsBetween, type Place, shiftDate } from './ephemeris';

/**
 * Build-time only: when an Islamic month begins, by each country's convention,
 * computed from the ephemeris (officially announced dates, where published,
 * take precedence: announced-dates.ts).
 * - `umm-al-qura` (Saudi Arabia and the Gulf states that follow its announcements):
 *   the month begins the day after the evening on which, at Mecca, the conjunction
 *   came before sunset and the Moon sets after the Sun (the Umm al-Qura rule since 1423 AH).
 * - `mabims-*` (Singapore's MUIS, Malaysia's JAKIM, Indonesia's Kemenag, since 2022):
 *   the month begins the day after the evening on which, at sunset, the Moon stands
 *   at least 3° high (topocentric, centre, no refraction) and 6.4° from the Sun
 *   (geocentric), at the convention's place: Singapore; Kuala Lumpur; and Sabang,
 *   Indonesia's westernmost town, where the young Moon stands highest.
 */

export const islamicPlaces: Readonly<Record<IslamicConventionId, Place>> = {
  'umm-al-qura': { name: 'Mecca', latitude: 21.4225, longitude: 39.8262, utcOffsetHours: 3 },
  'mabims-singapore': { name: 'Singapore', latitude: 1.2897, longitude: 103.8501, utcOffsetHours: 8 },
  'mabims-malaysia': { name: 'Kuala Lumpur', latitude: 3.139, longitude: 101.6869, utcOffsetHours: 8 },
  'mabims-indonesia': { name: 'Sabang', latitude: 5.8947, longitude: 95.3192, utcOffsetHours: 7 },
};

/** Whether the new month is seen as begun on the evening of `date` (local), after the conjunction at `conjunction`. */
function monthBeginsAfter(
  ephemeris: Ephemeris,
  convention: IslamicConventionId,
  date: string,
  conjunction: number,
): boolean {
  const place = islamicPlaces[convention];
  const sunset = ephemeris.sunEvent('set', date, place);
  if (sunset <= conjunction) return false;
  if (convention === 'umm-al-qura') return ephemeris.moonsetAfter(sunset - 6 * 3_600_000, place) > sunset;
  const moon = ephemeris.moonAt(sunset, place);
  return moon.altitude >= 3 && moon.elongation >= 6.4;
}

/**
 * The first day (local date) of every Islamic month beginning from `fromYear` to
 * `toYear`, each with its conjunction, by `convention`.
 * @example islamicMonthStarts(astronomyEngine, 'umm-al-qura', 2025, 2025)[2] // '2025-03-30' (1 Shawwal 1446)
 */
export function islamicMonthStarts(
  ephemeris: Ephemeris,
  convention: IslamicConventionId,
  fromYear: number,
  toYear: number,
): string[] {
  const place = islamicPlaces[convention];
  const out: string[] = [];
  for (const conjunction of newMoonsBetween(
    ephemeris,
    Date.UTC(fromYear - 1, 11, 1),
    Date.UTC(toYear, 11, 31),
  )) {
    const day = localDate(conjunction, place.utcOffsetHours);
    // A month never waits more than two evenings after the conjunction.
    const evening = [0, 1, 2]
      .map((k) => shiftDate(day, k))
      .find((d) => monthBeginsAfter(ephemeris, convention, d, conjunction));
    if (!evening)
      throw new Error(
        `${convention}: no month began within two days of ${new Date(conjunction).toISOString()}`,
      );
    out.push(shiftDate(evening, 1));
  }
  return out;
}

/** Month starts already computed, by ephemeris, convention and last year: each day of a convention reuses them. */
const computedStarts = new Map<string, string[]>();

/**
 * The Gregorian dates of Islamic month `month` day `day` by `convention`, per
 * Gregorian year from `fromYear` to `toYear` (two in a year about every 33 years).
 * Months are named by counting from a known anchor, 1 Ramadan 1445 (March 2024),
 * which every convention here began within a day of 2024-03-11.
 * @example islamicDates(astronomyEngine, 'mabims-singapore', 10, 1, 2027, 2027) // [['2027-03-10']]
 */
export function islamicDates(
  ephemeris: Ephemeris,
  convention: IslamicConventionId,
  month: number,
  day: number,
  fromYear: number,
  toYear: number,
): string[][] {
  const key = `${ephemeris.name}|${convention}|${toYear}`;
  const starts = computedStarts.get(key) ?? islamicMonthStarts(ephemeris, convention, 2024, toYear + 1);
  computedStarts.set(key, starts);
  const ramadan1445 = starts.findIndex((s) => s >= '2024-03-10' && s <= '2024-03-13');
  if (ramadan1445 < 0) throw new Error(`${convention}: Ramadan 1445 not found`);
  const years: string[][] = [];
  for (let year = fromYear; year <= toYear; year++) years.push([]);
  starts.forEach((start, i) => {
    const monthNumber = ((((i - ramadan1445 + 8) % 12) + 12) % 12) + 1;
    if (monthNumber !== month) return;
    const date = shiftDate(start, day - 1);
    const year = Number(date.slice(0, 4));
    if (year >= fromYear && year <= toYear) years[year - fromYear]!.push(date);
  });
  return years;
}
