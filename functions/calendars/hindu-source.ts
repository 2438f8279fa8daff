import type { HinduConventionId } from '../core/calendars/calendar-data';
import { type Ephemeris, localDate, type Place, shiftDate } from './ephemeris';

/**
 * Build-time only: Diwali by the two conventions the catalog's countries keep.
 * Both count the sidereal zodiac with the Lahiri ayanamsa (India's Rashtriya Panchang).
 * - `diwali-north` (India): Lakshmi Puja on the Amavasya (the tithi in which the
 *   Moon's elongation runs from 348° to 360°) ending the lunar month in which the
 *   Sun enters sidereal Libra (amanta Ashvin), on the New Delhi day whose Pradosh
 *   (the 144 minutes after sunset) the Amavasya covers; when it covers the Pradosh of
 *   two days, the later one if it lasts there a ghati (24 minutes) or more (Dharmasindhu,
 *   as Drik Panchang applies it). 2024-11-01, 2025-10-20, 2027-10-29, 2028-10-17.
 * - `deepavali-tamil` (Singapore, Malaysia, as their Hindu calendars fix it): Naraka
 *   Chaturdashi, the day at whose sunrise in Chennai (IST) the dark fortnight's
 *   Chaturdashi (elongation 336°–348°) prevails while the Sun stands in sidereal Libra
 *   (the Tamil month Aippasi); a Chaturdashi that spans no sunrise is kept on the day
 *   it begins. 2024-10-31, 2025-10-20, 2028-11-15, 2030-10-25.
 */

export const hinduPlaces: Readonly<Record<HinduConventionId, Place>> = {
  'diwali-north': { name: 'New Delhi', latitude: 28.6139, longitude: 77.209, utcOffsetHours: 5.5 },
  'deepavali-tamil': { name: 'Chennai', latitude: 13.0827, longitude: 80.2707, utcOffsetHours: 5.5 },
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Julian centuries of 36525 days from J2000.0 (terrestrial and universal time differ by a minute: immaterial here). */
const centuries = (ms: number) => (ms - Date.UTC(2000, 0, 1, 12)) / (36525 * DAY_MS);

/** The Lahiri ayanamsa in degrees (23°51′11″ at J2000, precessing 50.29″ a year). */
export function lahiriAyanamsa(ms: number): number {
  const t = centuries(ms);
  return 23.853 + 1.396971 * t + 0.000308 * t * t;
}

/** When the Sun enters sidereal Libra (Tula sankranti) in `year`, around 17 October. */
export function tulaSankranti(ephemeris: Ephemeris, year: number): number {
  let t = Date.UTC(year, 9, 17);
  for (let i = 0; i < 3; i++) t = ephemeris.sunLongitudeAfter(180 + lahiriAyanamsa(t), Date.UTC(year, 8, 25));
  return t;
}

const overlap = (a0: number, a1: number, b0: number, b1: number) =>
  Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

function diwaliNorth(ephemeris: Ephemeris, year: number): string {
  const place = hinduPlaces['diwali-north'];
  const newMoon = ephemeris.moonPhaseAfter(0, tulaSankranti(ephemeris, year));
  const begins = ephemeris.moonPhaseAfter(348, newMoon - 3 * DAY_MS);
  const first = localDate(begins, place.utcOffsetHours);
  const covered = [0, 1, 2].map((k) => {
    const date = shiftDate(first, k);
    const sunset = ephemeris.sunEvent('set', date, place);
    return { date, minutes: overlap(sunset, sunset + 144 * MINUTE_MS, begins, newMoon) / MINUTE_MS };
  });
  const days = covered.filter((d) => d.minutes > 0);
  if (days.length >= 2) return days[1]!.minutes >= 24 ? days[1]!.date : days[0]!.date;
  return days[0]?.date ?? first;
}

function deepavaliTamil(ephemeris: Ephemeris, year: number): string {
  const place = hinduPlaces['deepavali-tamil'];
  const sankranti = tulaSankranti(ephemeris, year);
  for (const from of [sankranti - 3 * DAY_MS, sankranti + 26 * DAY_MS]) {
    const newMoon = ephemeris.moonPhaseAfter(0, from);
    const begins = ephemeris.moonPhaseAfter(336, newMoon - 4 * DAY_MS);
    const ends = ephemeris.moonPhaseAfter(348, begins);
    const first = localDate(begins, place.utcOffsetHours);
    const atSunrise = [0, 1, 2]
      .map((k) => shiftDate(first, k))
      .filter((date) => {
        const sunrise = ephemeris.sunEvent('rise', date, place);
        return sunrise >= begins && sunrise < ends;
      });
    const date = atSunrise[0] ?? first;
    if (ephemeris.sunEvent('rise', date, place) >= sankranti) return date;
  }
  throw new Error(`deepavali-tamil: no Chaturdashi in Aippasi ${year}`);
}

/**
 * Diwali per year from `fromYear` to `toYear` by `convention`.
 * @example diwaliDates(astronomyEngine, 'diwali-north', 2028, 2028) // [['2028-10-17']]
 */
export function diwaliDates(
  ephemeris: Ephemeris,
  convention: HinduConventionId,
  fromYear: number,
  toYear: number,
): string[][] {
  const out: string[][] = [];
  for (let year = fromYear; year <= toYear; year++) {
    out.push([
      convention === 'diwali-north' ? diwaliNorth(ephemeris, year) : deepavaliTamil(ephemeris, year),
    ]);
  }
  return out;
}
