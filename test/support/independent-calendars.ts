import { getSolarDate } from '@dqcai/vn-lunar';
import Holidays from 'date-holidays';
import HijriConverter from 'hijri-converter';
import KoreanLunarCalendar from 'korean-lunar-calendar';
import { Lunar, Solar } from 'lunar-typescript';
import { diwaliDates } from '../../functions/calendars/hindu-source';
import { islamicDates } from '../../functions/calendars/islamic-source';
import { lunisolarMonths, solarTermDates } from '../../functions/calendars/lunisolar-source';
import type { LunarMonth } from '../../functions/core/calendars/calendar-data';
import type { Conventions, DateRule } from '../../functions/core/calendars/date-rules';
import { monthName } from '../../functions/core/content/date-words';
import { astronomiaEphemeris } from './astronomia-ephemeris';

/**
 * A second source for every date the catalog can give, independent of the
 * generator's ephemeris and, where a maintained calendar exists, of its rules too:
 * - Chinese lunar dates and solar terms (UTC+8): `lunar-typescript` (6tail, after
 *   the 寿星天文历 ephemeris and its own implementation of the calendar rules);
 * - Korean lunar dates: `korean-lunar-calendar` (KASI's published tables, to 2050),
 *   then the generator's rules on `astronomia`;
 * - Vietnamese lunar dates: `@dqcai/vn-lunar` (Hồ Ngọc Đức's tables, UTC+7);
 * - Umm al-Qura: `hijri-converter` (the Umm al-Qura tables of KACST);
 * - MABIMS months, Diwali, Korean and Vietnamese solar terms: the generator's
 *   rules on `astronomia` (Meeus, VSOP87, ELP/MPP02), and the announced dates;
 * - Gregorian, Easter and Hebrew dates: `date-holidays`' own rules and Hebrew calendar.
 */

/** The last year the suite compares (the table runs further: 2060). */
export const LAST_COMPARED = 2055;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const plus = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function byDateHolidays(rule: string, year: number): string[] {
  const calendar = new Holidays();
  if (!calendar.setHoliday(rule, { name: { en: rule }, type: 'observance' })) throw new Error(`rule ${rule}`);
  return [
    ...new Set(
      calendar
        .getHolidays(year, 'en')
        .filter((h) => h.rule === rule && !h.substitute)
        .map((h) => h.date.slice(0, 10)),
    ),
  ].sort();
}

const weekdayNames = {
  sun: 'sunday',
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
};
const ordinals = ['', '1st', '2nd', '3rd', '4th', '5th'];
const hebrewMonths: Record<number, string> = { 1: 'Nisan', 7: 'Tishrei', 9: 'Kislev' };

function chineseLunar(year: number, month: number, day: number, leap: boolean): string | undefined {
  try {
    return Lunar.fromYmd(year, leap ? -month : month, day)
      .getSolar()
      .toYmd();
  } catch {
    return undefined;
  }
}

let koreanMonthsAfterKasi: LunarMonth[] | undefined;

function koreanLunar(year: number, month: number, day: number, leap: boolean): string | undefined {
  // KASI's tables end in lunar 2050: later years by the generator's rules on astronomia.
  if (year >= 2050) {
    koreanMonthsAfterKasi ??= lunisolarMonths(astronomiaEphemeris, 'korea', 2050, 2056);
    const months = koreanMonthsAfterKasi;
    const first = months.findIndex((m) => m.month === 1 && !m.leap && m.start.startsWith(`${year}-`));
    const m = months.slice(first).find((x) => x.month === month && x.leap === leap);
    return first >= 0 && m && day <= m.days ? plus(m.start, day - 1) : undefined;
  }
  const calendar = new KoreanLunarCalendar();
  if (!calendar.setLunarDate(year, month, day, leap)) return undefined;
  const s = calendar.getSolarCalendar();
  return iso(s.year, s.month, s.day);
}

function vietnameseLunar(year: number, month: number, day: number, leap: boolean): string | undefined {
  const s = getSolarDate(day, month, year, leap);
  return s.year ? iso(s.year, s.month, s.day) : undefined;
}

const inYear = (dates: (string | undefined)[], year: number) =>
  [...new Set(dates.filter((d): d is string => d?.startsWith(`${year}-`) ?? false))].sort();

/** The dates of `rule` in `year` for a calendar of `conventions`, from the independent sources. */
export function independentDates(rule: DateRule, year: number, conventions: Conventions): string[] {
  switch (rule.kind) {
    case 'yearly':
      return byDateHolidays(rule.date, year);
    case 'once':
      return rule.date.startsWith(`${year}-`) ? [rule.date] : [];
    case 'weekday': {
      const [date] =
        rule.nth === -1
          ? byDateHolidays(
              `${weekdayNames[rule.weekday]} before ${pad((rule.month % 12) + 1)}-01`,
              rule.month === 12 ? year - 1 : year,
            )
          : byDateHolidays(
              `${ordinals[rule.nth]} ${weekdayNames[rule.weekday]} in ${monthName(rule.month, 'en')}`,
              year,
            );
      if (!date) return [];
      const [moved] =
        rule.unlessEaster === undefined ? [] : byDateHolidays(`easter ${rule.unlessEaster}`, year);
      return [moved === date ? plus(date, 7) : date];
    }
    case 'easter':
      return byDateHolidays(rule.offset === 0 ? 'easter' : `easter ${rule.offset}`, year);
    case 'lunar': {
      const convert = { china: chineseLunar, korea: koreanLunar, vietnam: vietnameseLunar }[
        conventions.lunisolar
      ];
      return inYear(
        [year - 1, year].map((y) => convert(y, rule.month, rule.day, rule.leap ?? false)),
        year,
      );
    }
    case 'solar-term':
      if (conventions.lunisolar === 'china') {
        const table = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable();
        return [table[rule.term === 'qingming' ? '清明' : 'DONG_ZHI']!.toYmd()];
      }
      return solarTermDates(astronomiaEphemeris, conventions.lunisolar, rule.term, year, year)[0]!;
    case 'islamic': {
      if (conventions.islamic !== 'umm-al-qura') {
        return islamicDates(
          astronomiaEphemeris,
          conventions.islamic,
          rule.month,
          rule.day,
          year,
          LAST_COMPARED,
        )[0]!;
      }
      const dates: string[] = [];
      for (let hijriYear = year - 580; hijriYear <= year - 577; hijriYear++) {
        const g = HijriConverter.toGregorian(hijriYear, rule.month, rule.day);
        dates.push(iso(g.gy, g.gm, g.gd));
      }
      return inYear(dates, year);
    }
    case 'diwali':
      return diwaliDates(astronomiaEphemeris, conventions.hindu, year, year)[0]!;
    case 'hebrew':
      return byDateHolidays(`${rule.day} ${hebrewMonths[rule.month]}`, year);
  }
}
