const DAY_MS = 86_400_000;

/** An ISO 8601 week in UTC: its name (`2026-W47`) and the date of its Monday. */
export interface IsoWeek {
  week: string;
  start: string;
}

/**
 * The ISO week (Monday to Sunday, UTC) a moment falls in. Week 1 is the week
 * with the year's first Thursday, so the days around New Year may belong to
 * the neighbouring year's week.
 * @example isoWeekOf(new Date('2026-11-18T10:00:00Z')) // { week: '2026-W47', start: '2026-11-16' }
 */
export function isoWeekOf(at: Date): IsoWeek {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = day - weekday * DAY_MS;
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return {
    week: `${year}-W${String(week).padStart(2, '0')}`,
    start: new Date(monday).toISOString().slice(0, 10),
  };
}

/**
 * The `count` ISO weeks up to and including the one `now` falls in, oldest first.
 * @example recentWeeks(new Date('2027-01-06T00:00:00Z'), 2).map((w) => w.week) // ['2026-W53', '2027-W01']
 */
export function recentWeeks(now: Date, count: number): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  for (let back = count - 1; back >= 0; back--)
    weeks.push(isoWeekOf(new Date(now.getTime() - back * 7 * DAY_MS)));
  return weeks;
}
