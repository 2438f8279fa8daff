import * as z from 'zod';
import table from '../../calendars/festival-dates.json' with { type: 'json' };
import { describeIssues } from '../validation';

/**
 * Festival greetings (seed: "closely watch the festivals the customer
 * celebrates"). The dates come from a table generated at build time from the
 * `date-holidays` library (`npm run festivals`), because the library itself is
 * too big for a Lambda bundle; the marketers' catalog (`templates/festivals.json`)
 * says which festivals each country greets and with which template.
 */

/**
 * One year's dates: one date, none, or (Islamic calendar, ~every 33 years) two.
 * @example '2027-02-06' // or null, or ['2033-01-02', '2033-12-23']
 */
export type FestivalYearEntry = string | readonly string[] | null;

/**
 * The generated table: per country and festival, one entry per year from `years[0]` to `years[1]`.
 * @example { source: 'date-holidays@3.37.0', years: [2024, 2045], dates: { CN: { 'spring-festival': ['2024-02-10', …] } } }
 */
export interface FestivalTable {
  source: string;
  years: readonly number[];
  dates: Readonly<Record<string, Readonly<Record<string, readonly FestivalYearEntry[]>>>>;
}

/**
 * The table as committed: per festival one string, a year per comma, each year
 * `MMDD` (or `MMDD+MMDD`, or empty for none), so it costs the bundle a third
 * of the plain form.
 * @example { source: 'date-holidays@3.37.0', years: [2024, 2045], dates: { CN: { 'spring-festival': '0210,0129,…' } } }
 */
export interface CompactFestivalTable {
  source: string;
  years: readonly number[];
  dates: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The compact form of a table, for committing. */
export function encodeFestivalTable(full: FestivalTable): CompactFestivalTable {
  const dates: Record<string, Record<string, string>> = {};
  for (const [country, festivals] of Object.entries(full.dates)) {
    dates[country] = {};
    for (const [festival, entries] of Object.entries(festivals)) {
      dates[country]![festival] = entries
        .map((entry) =>
          entry === null
            ? ''
            : (typeof entry === 'string' ? [entry] : entry).map((d) => d.slice(5).replace('-', '')).join('+'),
        )
        .join(',');
    }
  }
  return { source: full.source, years: full.years, dates };
}

/** The plain form of a compact table: a YYYY-MM-DD string (or list, or null) per year. */
export function decodeFestivalTable(compact: CompactFestivalTable): FestivalTable {
  const [first = 0] = compact.years;
  const dates: Record<string, Record<string, FestivalYearEntry[]>> = {};
  for (const [country, festivals] of Object.entries(compact.dates)) {
    dates[country] = {};
    for (const [festival, encoded] of Object.entries(festivals)) {
      dates[country]![festival] = encoded.split(',').map((year, i) => {
        if (year === '') return null;
        const days = year.split('+').map((md) => `${first + i}-${md.slice(0, 2)}-${md.slice(2)}`);
        return days.length === 1 ? days[0]! : days;
      });
    }
  }
  return { source: compact.source, years: compact.years, dates };
}

const festivalTable: FestivalTable = decodeFestivalTable(table);

const festivalIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const festivalId = z
  .string()
  .regex(festivalIdPattern, 'must be a kebab-case festival id such as spring-festival');

const festivalSchema = z.strictObject({
  names: z
    .record(
      z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/, 'must be a locale such as en or zh-CN'),
      z.string().min(1),
    )
    .refine((names) => names.en !== undefined, { message: 'needs an English (en) name', path: ['en'] }),
  template: z.string().regex(/^[a-z0-9-]+$/, 'must be a template name of a-z, 0-9 and -'),
  // Greeting more than a month ahead is a campaign, not a festival greeting.
  daysBefore: z.int().min(0).max(30),
});

/**
 * The marketers' festival catalog: every festival once, and the festivals each
 * country greets (ISO 3166-1 alpha-2 keys), each of which must be in `festivals`.
 * @example festivalCatalogSchema.parse(JSON.parse(readFileSync('templates/festivals.json', 'utf8')))
 */
export const festivalCatalogSchema = z
  .strictObject({
    festivals: z.record(festivalId, festivalSchema),
    countries: z.record(
      z.string().regex(/^[A-Z]{2}$/, 'must be an upper-case ISO 3166-1 alpha-2 code such as CN'),
      z.array(festivalId).min(1),
    ),
  })
  .superRefine((catalog, ctx) => {
    for (const [country, ids] of Object.entries(catalog.countries)) {
      ids.forEach((id, index) => {
        if (!Object.hasOwn(catalog.festivals, id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['countries', country, index],
            message: `unknown festival ${id} (not in festivals)`,
          });
        } else if (ids.indexOf(id) !== index) {
          ctx.addIssue({
            code: 'custom',
            path: ['countries', country, index],
            message: `${id} is listed twice`,
          });
        }
      });
    }
  });

/**
 * The parsed catalog.
 * @example catalog.countries.CN // ['new-year', 'spring-festival', …]
 */
export type FestivalCatalog = z.output<typeof festivalCatalogSchema>;

/**
 * Parses the catalog read from `file`, throwing an Error that names the file and
 * every bad field so a marketer's mistake is found at start-up, not at greeting time.
 * @example const catalog = parseFestivalCatalog(JSON.parse(text), 'festivals.json');
 */
export function parseFestivalCatalog(raw: unknown, file: string): FestivalCatalog {
  const parsed = festivalCatalogSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const detail = describeIssues(parsed.error).map((i) =>
    i.message.startsWith('unknown field') ? i.message : `${i.path}: ${i.message}`,
  );
  throw new Error(`${file}: ${detail.join('; ')}`);
}

function datesIn(country: string, festival: string, year: number): readonly string[] {
  const [first = 0] = festivalTable.years;
  const entry = festivalTable.dates[country.toUpperCase()]?.[festival]?.[year - first];
  if (entry === undefined || entry === null) return [];
  return typeof entry === 'string' ? [entry] : entry;
}

/**
 * The date (YYYY-MM-DD) of `festivalId` in `country` in `year`, or undefined when
 * the table has none (unknown pair, year outside the table, or a date not yet
 * announced). In the rare year an Islamic festival falls twice, the first.
 * @example festivalDate('CN', 'spring-festival', 2027) // '2027-02-06'
 */
export function festivalDate(country: string, festivalId: string, year: number): string | undefined {
  return datesIn(country, festivalId, year)[0];
}

/**
 * A festival to greet: its date in `country`, and the day to send the greeting.
 * @example { festivalId: 'spring-festival', country: 'CN', date: '2027-02-06', greetOn: '2027-02-05' }
 */
export interface UpcomingFestival {
  festivalId: string;
  country: string;
  date: string;
  greetOn: string;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string, field: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const days = match
    ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS
    : Number.NaN;
  // Round-tripping rejects dates such as 2027-02-30 that Date.UTC would roll over.
  if (!Number.isInteger(days) || dateOfDay(days) !== date) {
    throw new RangeError(`${field} must be a date as YYYY-MM-DD, got ${date}`);
  }
  return days;
}

function dateOfDay(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The festivals to greet between `fromDate` and `toDate` (inclusive, YYYY-MM-DD)
 * for a customer who keeps the festivals of `countries`: the window applies to
 * `greetOn` (the festival's date minus its `daysBefore`), since that is the day
 * something must be sent. A festival shared by several countries (christmas,
 * new-year…) appears once, with the first listed country's date. Sorted by
 * `greetOn`. Countries the catalog does not list contribute nothing.
 * @example
 * upcomingFestivals(['US', 'CN'], '2027-01-01', '2027-02-28', catalog)
 * // [{ festivalId: 'new-year', country: 'US', date: '2027-01-01', greetOn: '2027-01-01' },
 * //  { festivalId: 'spring-festival', country: 'CN', date: '2027-02-06', greetOn: '2027-02-05' },
 * //  { festivalId: 'lantern-festival', country: 'CN', date: '2027-02-20', greetOn: '2027-02-20' }]
 */
export function upcomingFestivals(
  countries: readonly string[],
  fromDate: string,
  toDate: string,
  curated: FestivalCatalog,
): UpcomingFestival[] {
  const from = dayNumber(fromDate, 'fromDate');
  const to = dayNumber(toDate, 'toDate');
  // A festival early next year can be greeted inside the window.
  const years = { first: Number(fromDate.slice(0, 4)), last: Number(toDate.slice(0, 4)) + 1 };
  const seen = new Set<string>();
  const found: UpcomingFestival[] = [];
  for (const country of countries.map((c) => c.toUpperCase())) {
    for (const festivalId of curated.countries[country] ?? []) {
      const festival = curated.festivals[festivalId];
      if (!festival) continue;
      for (let year = years.first; year <= years.last; year++) {
        datesIn(country, festivalId, year).forEach((date, occurrence) => {
          const key = `${festivalId}|${year}|${occurrence}`;
          if (seen.has(key)) return;
          seen.add(key);
          const greetDay = dayNumber(date, `${country}/${festivalId}`) - festival.daysBefore;
          if (greetDay >= from && greetDay <= to) {
            found.push({ festivalId, country, date, greetOn: dateOfDay(greetDay) });
          }
        });
      }
    }
  }
  return found.sort(
    (a, b) =>
      a.greetOn.localeCompare(b.greetOn) ||
      a.date.localeCompare(b.date) ||
      a.festivalId.localeCompare(b.festivalId),
  );
}
