import * as z from 'zod';
import { describeIssues } from '../validation';
import { type CalendarData, committedCalendars } from './calendar-data';
import { conventionsOf, type DateRule, dateRuleSchema, datesOf } from './date-rules';

/**
 * Festival greetings (seed: "closely watch the festivals the customer
 * celebrates"). The marketers' catalog (`templates/festivals.json`) says how each
 * festival falls (a date rule), which festivals each country greets, and with
 * which template; the astronomical dates come from the generated calendars
 * (`calendar-data.ts`), by the country's convention.
 */

const festivalIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const festivalId = z.lazy(() =>
  z.string().regex(festivalIdPattern, 'must be a kebab-case festival id such as spring-festival'),
);

/** Names by locale, English required. */
export const namesSchema = z.lazy(() =>
  z
    .record(
      z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/, 'must be a locale such as en or zh-CN'),
      z.string().min(1),
    )
    .refine((names) => names.en !== undefined, { message: 'needs an English (en) name', path: ['en'] }),
);

const festivalSchema = z.lazy(() =>
  z.strictObject({
    names: namesSchema,
    template: z.string().regex(/^[a-z0-9-]+$/, 'must be a template name of a-z, 0-9 and -'),
    // Greeting more than a month ahead is a campaign, not a festival greeting.
    daysBefore: z.int().min(0).max(30),
    date: dateRuleSchema,
    /** A day of remembrance (Qingming): its templates must not wish a happy day. */
    mourning: z.boolean().optional(),
  }),
);

/** A country's festival: its id, or the id with the country's own date or names. */
const countryEntrySchema = z.lazy(() =>
  z.union([
    festivalId,
    z.strictObject({ id: festivalId, date: dateRuleSchema.optional(), names: namesSchema.optional() }),
  ]),
);

/**
 * The marketers' festival catalog: every festival once, the festivals each
 * country greets (ISO 3166-1 alpha-2 keys), and calendars a customer may keep
 * beyond their country's (`jewish`, `chinese`…), each entry in `festivals`.
 * @example festivalCatalogSchema.parse(JSON.parse(readFileSync('templates/festivals.json', 'utf8')))
 */
export const festivalCatalogSchema = z.lazy(() =>
  z
    .strictObject({
      festivals: z.record(festivalId, festivalSchema),
      countries: z.record(
        z.string().regex(/^[A-Z]{2}$/, 'must be an upper-case ISO 3166-1 alpha-2 code such as CN'),
        z.array(countryEntrySchema).min(1),
      ),
      calendars: z
        .record(
          z.string().regex(/^[a-z]{3,20}$/, 'must be a lower-case calendar name such as jewish'),
          z.array(countryEntrySchema).min(1),
        )
        .default({}),
    })
    .superRefine((catalog, ctx) => {
      for (const where of ['countries', 'calendars'] as const) {
        for (const [key, entries] of Object.entries(catalog[where])) {
          const ids = entries.map((e) => (typeof e === 'string' ? e : e.id));
          ids.forEach((id, index) => {
            const message = !Object.hasOwn(catalog.festivals, id)
              ? `unknown festival ${id} (not in festivals)`
              : ids.indexOf(id) !== index
                ? `${id} is listed twice`
                : undefined;
            if (message) ctx.addIssue({ code: 'custom', path: [where, key, index], message });
          });
        }
      }
    }),
);

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

// Words that wish someone a happy or merry day, in the catalog's template languages.
const CHEERFUL = /\b(happy|merry|joyful|celebrat\w*)\b|快乐|快樂|欢乐|欢度|喜庆|恭喜|吉祥|欢迎/i;

/**
 * The first word of `text` that wishes a happy day, if any: a day of mourning's template must have none.
 * @example cheerfulWordIn('清明节快乐!') // '快乐'
 */
export function cheerfulWordIn(text: string): string | undefined {
  return CHEERFUL.exec(text)?.[0];
}

/** The templates of the catalog's days of mourning (Qingming). */
export function mourningTemplates(catalog: FestivalCatalog): Set<string> {
  return new Set(
    Object.values(catalog.festivals)
      .filter((f) => f.mourning)
      .map((f) => f.template),
  );
}

/** One festival as a country keeps it: its rule and names with the country's own applied. */
export interface KeptFestival {
  id: string;
  names: Readonly<Record<string, string>>;
  template: string;
  daysBefore: number;
  date: DateRule;
  mourning: boolean;
}

/**
 * The festivals a country (`CN`) or kept calendar (`jewish`) greets, in catalog order.
 * @example keptFestivals('GB', catalog).find((f) => f.id === 'mothers-day')?.date // { kind: 'easter', offset: -21 }
 */
export function keptFestivals(calendar: string, catalog: FestivalCatalog): KeptFestival[] {
  const entries = /^[A-Za-z]{2}$/.test(calendar)
    ? catalog.countries[calendar.toUpperCase()]
    : catalog.calendars[calendar];
  return (entries ?? []).flatMap((entry) => {
    const id = typeof entry === 'string' ? entry : entry.id;
    const festival = catalog.festivals[id];
    if (!festival) return [];
    const own = typeof entry === 'string' ? undefined : entry;
    return [
      {
        id,
        names: own?.names ?? festival.names,
        template: festival.template,
        daysBefore: festival.daysBefore,
        date: own?.date ?? festival.date,
        mourning: festival.mourning ?? false,
      },
    ];
  });
}

/** A festival's name in `locale`: the exact locale, its language, then English. */
export function nameIn(names: Readonly<Record<string, string>>, locale: string): string {
  const language = locale.split('-')[0]!.toLowerCase();
  const byLanguage = Object.entries(names).find(([l]) => l.split('-')[0]!.toLowerCase() === language)?.[1];
  return names[locale] ?? (language === 'zh' ? names['zh-CN'] : undefined) ?? byLanguage ?? names.en!;
}

/**
 * Every date of `festivalId` in `year` as `calendar` keeps it (usually one; none
 * when the calendar does not keep it or the year is outside the table).
 * @example festivalDates('VN', 'tet', 2030, catalog) // ['2030-02-02']
 */
export function festivalDates(
  calendar: string,
  festivalId: string,
  year: number,
  catalog: FestivalCatalog,
  data: CalendarData = committedCalendars(),
): string[] {
  const festival = keptFestivals(calendar, catalog).find((f) => f.id === festivalId);
  return festival ? datesOf(festival.date, year, conventionsOf(calendar), data) : [];
}

/**
 * The first date of `festivalId` in `year` as `calendar` keeps it, or undefined.
 * @example festivalDate('CN', 'mid-autumn', 2033, catalog) // '2033-09-08'
 */
export function festivalDate(
  calendar: string,
  festivalId: string,
  year: number,
  catalog: FestivalCatalog,
): string | undefined {
  return festivalDates(calendar, festivalId, year, catalog)[0];
}

/**
 * A festival to greet: its date in the calendar it was found in, and the day to send the greeting.
 * @example { festivalId: 'spring-festival', country: 'CN', date: '2027-02-06', greetOn: '2027-02-05', names: {…} }
 */
export interface UpcomingFestival {
  festivalId: string;
  /** The country or kept calendar the date was taken from. */
  country: string;
  date: string;
  greetOn: string;
  names: Readonly<Record<string, string>>;
  mourning: boolean;
  template: string;
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
 * for a customer who keeps the festivals of `calendars` (their country first): the
 * window applies to `greetOn` (the date minus its `daysBefore`), since that is the
 * day something must be sent. A festival kept by several calendars (christmas,
 * mothers-day…) appears once, as the first listed calendar dates it. Sorted by
 * `greetOn`. Calendars the catalog does not list contribute nothing.
 * @example
 * upcomingFestivals(['US', 'CN'], '2027-01-01', '2027-02-28', catalog).map((f) => f.festivalId)
 * // ['new-year', 'spring-festival', 'lantern-festival']
 */
export function upcomingFestivals(
  calendars: readonly string[],
  fromDate: string,
  toDate: string,
  catalog: FestivalCatalog,
  data: CalendarData = committedCalendars(),
): UpcomingFestival[] {
  const from = dayNumber(fromDate, 'fromDate');
  const to = dayNumber(toDate, 'toDate');
  // A festival early next year can be greeted inside the window.
  const years = { first: Number(fromDate.slice(0, 4)), last: Number(toDate.slice(0, 4)) + 1 };
  const seen = new Set<string>();
  const found: UpcomingFestival[] = [];
  for (const calendar of calendars.map((c) => (/^[A-Za-z]{2}$/.test(c) ? c.toUpperCase() : c))) {
    const conventions = conventionsOf(calendar);
    for (const festival of keptFestivals(calendar, catalog)) {
      for (let year = years.first; year <= years.last; year++) {
        datesOf(festival.date, year, conventions, data).forEach((date, occurrence) => {
          const key = `${festival.id}|${year}|${occurrence}`;
          if (seen.has(key)) return;
          seen.add(key);
          const greetDay = dayNumber(date, `${calendar}/${festival.id}`) - festival.daysBefore;
          if (greetDay < from || greetDay > to) return;
          found.push({
            festivalId: festival.id,
            country: calendar,
            date,
            greetOn: dateOfDay(greetDay),
            names: festival.names,
            mourning: festival.mourning,
            template: festival.template,
          });
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
