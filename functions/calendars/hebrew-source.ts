import { HDate } from '@hebcal/core';
import { installedVersion } from './installed-version';

/**
 * Build-time only: Hebrew calendar dates from `@hebcal/core` (the arithmetic
 * calendar of Hillel II, as every Jewish community keeps it). A festival's date is
 * its first full day; it begins at sundown the evening before, so the catalog
 * greets a day ahead.
 */
export const hebrewSource = `@hebcal/core@${installedVersion('@hebcal/core')}`;

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * The Gregorian dates of Hebrew month `month` (hebcal's numbering: Nisan 1 … Tishrei 7, Kislev 9) day `day`, per Gregorian year.
 * @example hebrewDates(7, 1, 2025, 2025) // [['2025-09-23']] (Rosh Hashanah 5786)
 */
export function hebrewDates(month: number, day: number, fromYear: number, toYear: number): string[][] {
  const out: string[][] = [];
  for (let year = fromYear; year <= toYear; year++) {
    const dates = [year + 3759, year + 3760, year + 3761]
      .map((hebrewYear) => iso(new HDate(day, month, hebrewYear).greg()))
      .filter((date) => date.startsWith(`${year}-`));
    out.push([...new Set(dates)].sort());
  }
  return out;
}

/**
 * Western (Gregorian) Easter Sunday per year, by the Gregorian computus in the
 * form Meeus gives ("Astronomical Algorithms", ch. 8, after Butcher's 1876 rule).
 * @example easterDates(2027, 2027) // [['2027-03-28']]
 */
export function easterDates(fromYear: number, toYear: number): string[][] {
  const out: string[][] = [];
  for (let year = fromYear; year <= toYear; year++) {
    const a = year % 19;
    const b = Math.floor(year / 100);
    const c = year % 100;
    const d = Math.floor(b / 4);
    const e = b % 4;
    const f = Math.floor((b + 8) / 25);
    const g = Math.floor((b - f + 1) / 3);
    const h = (19 * a + b - d - g + 15) % 30;
    const i = Math.floor(c / 4);
    const k = c % 4;
    const l = (32 + 2 * e + 2 * i - h - k) % 7;
    const m = Math.floor((a + 11 * h + 22 * l) / 451);
    const month = Math.floor((h + l - 7 * m + 114) / 31);
    const day = ((h + l - 7 * m + 114) % 31) + 1;
    out.push([`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`]);
  }
  return out;
}
