import type { BusinessOccasion } from '../../core/cadence/cadence-rules';
import { committedCalendars } from '../../core/calendars/calendar-data';
import { type CalendarEntry, calendarYear } from '../../core/calendars/calendar-year';
import { keptFestivals } from '../../core/calendars/festivals';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { EngineDeps } from '../deps';

/** What `GET /v1/calendars/{country}` answers. */
export interface CalendarView {
  country: string;
  year: number;
  festivals: CalendarEntry[];
  /** The business's own occasions as they fall for this country's customers. */
  occasions: CalendarEntry[];
}

/** The calendars the catalog greets, and the years the dates are known for. */
export async function calendarIndex(deps: Pick<EngineDeps, 'content' | 'rules'>) {
  await deps.content.refresh();
  const { years } = committedCalendars();
  const { festivals } = deps.rules;
  return {
    years: { first: years.first, last: years.last },
    countries: Object.keys(festivals.countries).sort(),
    calendars: Object.keys(festivals.calendars).sort(),
  };
}

/** The business's occasions (from every enabled occasions rule) that `calendar`'s customers get. */
function occasionsFor(deps: Pick<EngineDeps, 'rules'>, calendar: string): BusinessOccasion[] {
  return deps.rules.cadences.flatMap((rule) =>
    rule.kind === 'occasions' && rule.enabled
      ? rule.occasions.filter((o) => !o.countries || o.countries.includes(calendar))
      : [],
  );
}

/**
 * The year's greetings of one country (or kept calendar such as `jewish`), names in `locale`.
 * @example await calendarView(deps, 'VN', 2030, 'en') // { festivals: [{ id: 'new-year', … }, { id: 'tet', date: '2030-02-02', … }], … }
 */
export async function calendarView(
  deps: Pick<EngineDeps, 'content' | 'rules'>,
  calendar: string,
  year: number,
  locale: string,
): Promise<CalendarView> {
  await deps.content.refresh();
  const code = /^[A-Za-z]{2}$/.test(calendar) ? calendar.toUpperCase() : calendar;
  const { festivals } = deps.rules;
  if (!Object.hasOwn(festivals.countries, code) && !Object.hasOwn(festivals.calendars, code)) {
    throw new NotFoundError(`no festival calendar for ${code}`);
  }
  const { years } = committedCalendars();
  if (year < years.first || year > years.last) {
    throw new ValidationError(
      `year must be from ${years.first} to ${years.last}, the years the calendars are computed for`,
      [{ path: 'year', message: `must be from ${years.first} to ${years.last}` }],
    );
  }
  return {
    country: code,
    year,
    festivals: calendarYear(code, year, keptFestivals(code, festivals), locale),
    occasions: calendarYear(code, year, occasionsFor(deps, code), locale),
  };
}
