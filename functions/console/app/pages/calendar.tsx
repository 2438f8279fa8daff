import { useState } from 'preact/hooks';
import { lang, t } from '../i18n';
import { Show, useLoad } from '../ui';
import { OccasionsEditor } from './occasions-editor';

interface CalendarIndex {
  years: { first: number; last: number };
  countries: string[];
  calendars: string[];
}

export interface CalendarEntry {
  id: string;
  name: string;
  date: string;
  greetOn: string;
  source: string;
}

interface CalendarYear {
  country: string;
  year: number;
  festivals: CalendarEntry[];
  occasions: CalendarEntry[];
}

/** A local date (YYYY-MM-DD) with its weekday, in the console's language. */
export function formatDay(date: string): string {
  return new Intl.DateTimeFormat(lang(), {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(`${date}T00:00:00Z`));
}

function EntryTable({ entries, testId }: { entries: CalendarEntry[]; testId: string }) {
  return (
    <table class="list calendar-year" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('festivalDate')}</th>
          <th>{t('festivalName')}</th>
          <th>{t('greetOn')}</th>
          <th>{t('dateSource')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={`${entry.id}:${entry.date}`} data-id={entry.id}>
            <td data-label={t('festivalDate')}>
              <time dateTime={entry.date}>{formatDay(entry.date)}</time>
            </td>
            <td data-label={t('festivalName')}>{entry.name}</td>
            <td data-label={t('greetOn')}>
              <time dateTime={entry.greetOn}>{formatDay(entry.greetOn)}</time>
            </td>
            <td data-label={t('dateSource')} class="muted">
              {entry.source}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function YearView({ index }: { index: CalendarIndex }) {
  const thisYear = new Date().getFullYear();
  const [country, setCountry] = useState(index.countries.includes('CN') ? 'CN' : (index.countries[0] ?? ''));
  const [year, setYear] = useState(Math.min(Math.max(thisYear, index.years.first), index.years.last));
  const loaded = useLoad<CalendarYear>(
    country ? `/v1/calendars/${encodeURIComponent(country)}?year=${year}&locale=${lang()}` : undefined,
  );
  const years = Array.from(
    { length: index.years.last - index.years.first + 1 },
    (_, i) => index.years.first + i,
  );
  return (
    <>
      <div class="card calendar-pick">
        <label>
          {t('calendarCountry')}
          <select name="calendar-country" value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
            {[...index.countries, ...index.calendars].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('calendarYear')}
          <select name="calendar-year" value={year} onChange={(e) => setYear(Number(e.currentTarget.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Show loaded={loaded}>
        {(data) => (
          <>
            <div class="card">
              <h3>{t('calendarFor', { country: data.country, year: data.year })}</h3>
              <EntryTable entries={data.festivals} testId="calendar-festivals" />
            </div>
            <div class="card">
              <h3>{t('ownOccasions', { year: data.year })}</h3>
              {data.occasions.length === 0 ? (
                <p class="muted">{t('noOccasions')}</p>
              ) : (
                <EntryTable entries={data.occasions} testId="calendar-occasions" />
              )}
            </div>
          </>
        )}
      </Show>
      <OccasionsEditor onChanged={loaded.reload} />
    </>
  );
}

/** The year's greetings per country, with where each date comes from, and the business's own occasions. */
export function CalendarPage() {
  const index = useLoad<CalendarIndex>('/v1/calendars');
  return (
    <section>
      <h1>{t('calendar')}</h1>
      <Show loaded={index}>{(data) => <YearView index={data} />}</Show>
    </section>
  );
}
