import Holidays, { type HolidaysTypes } from 'date-holidays';
import pkg from 'date-holidays/package.json' with { type: 'json' };
import type { FestivalCatalog, FestivalTable, FestivalYearEntry } from '../core/calendars/festivals';

/**
 * Build-time only: turns the marketers' festival catalog into the compact date
 * table the runtime reads. `date-holidays` is a devDependency and must never be
 * imported from runtime code (it bundles to ~1.4 MB).
 */

export const festivalTableSource = `date-holidays@${pkg.version}`;
export const festivalTableYears = { first: 2024, last: 2045 } as const;

type Holiday = HolidaysTypes.Holiday;

/**
 * Where one country's date of a festival comes from: a holiday the library
 * lists for the country (optionally another country's listing), or a rule the
 * library computes although the country does not list it as a holiday.
 */
export type FestivalSource =
  | { listed: (holiday: Holiday) => boolean; from?: string; why?: string }
  | { rule: string; why?: string };

export interface FestivalMatcher {
  /** The source for every country without its own entry. */
  all?: FestivalSource;
  countries?: Readonly<Record<string, FestivalSource>>;
  /** The Islamic year is 11 days shorter, so about every 33 years the festival falls twice in one year. */
  twiceSomeYears?: true;
  /** The library lists the dates one by one as governments announce them: later years stay null. */
  announcedYearly?: true;
  /** The library lists the Monday in lieu of a Sunday festival without flagging it as a substitute. */
  unflaggedDayInLieu?: true;
}

const listedAs = (rule: string): FestivalSource => ({ listed: (h) => h.rule === rule && !h.substitute });

/**
 * Fixed-date festivals come from a plain rule even where the country lists them,
 * because the listings describe days off, not the day people celebrate: AU moves
 * New Year's Day and Australia Day to Monday without flagging a substitute, HK
 * drops holidays falling on a Sunday.
 */
const fixed = (monthDay: string): FestivalSource => ({ rule: monthDay });

/** festivalId -> source per country. A curated pair with no source here fails the build. */
export const festivalMatchers: Readonly<Record<string, FestivalMatcher>> = {
  'new-year': { all: fixed('01-01') },
  christmas: { all: fixed('12-25') },
  'national-day-cn': { all: fixed('10-01') },
  'independence-day-us': { all: fixed('07-04') },
  'canada-day': { all: fixed('07-01') },
  'australia-day': { all: fixed('01-26') },
  'national-day-sg': { all: fixed('08-09') },
  merdeka: { all: fixed('08-31') },
  easter: {
    all: listedAs('easter'),
    countries: { FR: { rule: 'easter', why: 'France lists only Easter Monday' } },
  },
  'thanksgiving-us': { countries: { US: listedAs('4th thursday in November') } },
  'thanksgiving-ca': {
    countries: { CA: { rule: '2nd monday in October', why: 'listed per province, not nationally' } },
  },
  'spring-festival': {
    all: listedAs('chinese 01-0-01'),
    countries: { HK: { rule: 'chinese 01-0-01', why: 'Hong Kong lists it "not on Sunday"' } },
  },
  'lantern-festival': {
    all: { rule: 'chinese 01-0-15', why: 'not a public holiday' },
    countries: { TW: listedAs('chinese 01-0-15') },
  },
  'dragon-boat': {
    countries: {
      CN: listedAs('chinese 05-0-05'),
      TW: listedAs('chinese 05-0-05 and if Sunday then next Monday'),
      HK: { rule: 'chinese 05-0-05', why: 'Hong Kong lists it "not on Sunday"' },
    },
  },
  'mid-autumn': {
    countries: {
      CN: listedAs('chinese 08-0-15'),
      TW: listedAs('chinese 08-0-15 and if Sunday then next Monday'),
      HK: { rule: 'chinese 08-0-15', why: 'Hong Kong lists only the day after' },
    },
  },
  // The Korean calendar counts days in Korea's time zone, so Seollal can fall a
  // day after the Chinese new year (2027, 2028).
  seollal: { countries: { KR: listedAs('korean 01-0-01 P3D') } },
  chuseok: {
    countries: {
      KR: {
        rule: 'korean 08-0-15',
        why: 'the library lists the three-day break from the eve; we greet the day',
      },
    },
  },
  'hari-raya': { all: listedAs('1 Shawwal'), twiceSomeYears: true },
  // SG and MY list Deepavali only up to 2030, so later years stay null: when a library
  // upgrade adds years, the festivals test fails until `npm run festivals` picks them up.
  diwali: {
    all: { listed: (h) => h.name === 'Deepavali' && !h.substitute },
    countries: {
      IN: {
        listed: (h) => h.name === 'Deepavali' && !h.substitute,
        from: 'SG',
        why: 'the library has no Hindu calendar and lists no Diwali for India; Singapore announces the date',
      },
    },
    announcedYearly: true,
    unflaggedDayInLieu: true,
  },
};

const listings = new Map<string, Holiday[]>();
const ruleCalendars = new Map<string, Holidays>();

function listing(country: string, year: number): Holiday[] {
  const key = `${country}|${year}`;
  let holidays = listings.get(key);
  if (!holidays) {
    holidays = new Holidays(country).getHolidays(year, 'en');
    listings.set(key, holidays);
  }
  return holidays;
}

function ruleCalendar(rule: string): Holidays {
  let calendar = ruleCalendars.get(rule);
  if (!calendar) {
    // No country: these rules (fixed dates, Easter, nth weekdays, Chinese and Korean
    // lunar dates) do not depend on one, and a country's own holidays would cost
    // seconds per rule to compute alongside.
    calendar = new Holidays();
    if (!calendar.setHoliday(rule, { name: { en: rule }, type: 'observance' })) {
      throw new Error(`date-holidays rejects the rule "${rule}"`);
    }
    ruleCalendars.set(rule, calendar);
  }
  return calendar;
}

/**
 * The source of `festivalId` for `country`, or undefined when the matcher table has none.
 * @example sourceFor('HK', 'mid-autumn') // { rule: 'chinese 08-0-15', why: … }
 */
export function sourceFor(country: string, festivalId: string): FestivalSource | undefined {
  const matcher = festivalMatchers[festivalId];
  return matcher?.countries?.[country] ?? matcher?.all;
}

/**
 * Every date (YYYY-MM-DD, ascending) date-holidays gives `festivalId` in `country` in `year`.
 * @example festivalDatesFromLibrary('KR', 'seollal', 2027) // ['2027-02-07']
 */
export function festivalDatesFromLibrary(country: string, festivalId: string, year: number): string[] {
  const source = sourceFor(country, festivalId);
  if (!source) throw new Error(`no source for ${festivalId} in ${country}: add one to festivalMatchers`);
  const holidays =
    'rule' in source
      ? ruleCalendar(source.rule)
          .getHolidays(year, 'en')
          .filter((h) => h.rule === source.rule && !h.substitute)
      : listing(source.from ?? country, year).filter(source.listed);
  // Islamic holidays carry an evening offset ("2027-03-09 00:00:00 -0600"); the civil day is the date part.
  const dates = [...new Set(holidays.map((h) => h.date.slice(0, 10)))].sort();
  if (!festivalMatchers[festivalId]?.unflaggedDayInLieu) return dates;
  return dates.filter((date) => !dates.includes(dayBefore(date)));
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export interface BuiltFestivalTable {
  table: FestivalTable;
  /** Reasons the table must not be used; the generator exits 1 on any. */
  problems: string[];
  /** Accepted gaps worth printing. */
  notes: string[];
}

/**
 * Computes the table for every (country, festival) pair the catalog curates.
 * @example const { table, problems } = buildFestivalTable(catalog);
 */
export function buildFestivalTable(
  catalog: FestivalCatalog,
  years: { first: number; last: number } = festivalTableYears,
): BuiltFestivalTable {
  const problems: string[] = [];
  const notes: string[] = [];
  const dates: Record<string, Record<string, FestivalYearEntry[]>> = {};
  for (const [country, festivalIds] of Object.entries(catalog.countries)) {
    const byFestival: Record<string, FestivalYearEntry[]> = {};
    for (const festivalId of festivalIds) {
      const pair = `${country}/${festivalId}`;
      if (!sourceFor(country, festivalId)) {
        problems.push(`${pair}: no source in festivalMatchers`);
        continue;
      }
      const matcher = festivalMatchers[festivalId];
      const entries: FestivalYearEntry[] = [];
      const missing: number[] = [];
      for (let year = years.first; year <= years.last; year++) {
        const found = festivalDatesFromLibrary(country, festivalId, year);
        if (found.some((date) => !date.startsWith(`${year}-`))) {
          problems.push(`${pair} ${year}: the library gave a date outside the year (${found.join(', ')})`);
        }
        if (found.length > 1 && !matcher?.twiceSomeYears) {
          problems.push(`${pair} ${year}: several dates matched (${found.join(', ')}); tighten the matcher`);
        }
        if (found.length === 0) missing.push(year);
        entries.push(found.length === 0 ? null : found.length === 1 ? found[0]! : found);
      }
      const lastFound = years.first + entries.findLastIndex((entry) => entry !== null);
      const trailingOnly = missing.every((year) => year > lastFound) && lastFound >= years.first;
      if (missing.length > 0 && matcher?.announcedYearly && trailingOnly) {
        notes.push(`${pair}: not announced after ${lastFound}; null for ${missing[0]}..${years.last}`);
      } else if (missing.length > 0) {
        problems.push(`${pair}: no date in ${missing.join(', ')}`);
      }
      byFestival[festivalId] = entries;
    }
    dates[country] = byFestival;
  }
  return {
    table: { source: festivalTableSource, years: [years.first, years.last], dates },
    problems,
    notes,
  };
}
