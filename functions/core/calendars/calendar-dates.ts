/** Pure calendar arithmetic on local dates (YYYY-MM-DD), free of time zones. */

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** @example addDays('2027-02-27', 2) // '2027-03-01' */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Whole days from `a` to `b`. @example daysBetween('2027-01-01', '2027-01-31') // 30 */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * A yearly date (MM-DD) in `year`; 29 February falls on the 28th in common years.
 * @example yearlyDate('02-29', 2027) // '2027-02-28'
 */
export function yearlyDate(monthDay: string, year: number): string {
  const md = monthDay === '02-29' && !isLeap(year) ? '02-28' : monthDay;
  return `${year}-${md}`;
}

/** The MM-DD and optional year of `MM-DD` or `YYYY-MM-DD`. */
export function splitMonthDay(value: string): { monthDay: string; year: number | null } {
  return value.length === 10
    ? { monthDay: value.slice(5), year: Number(value.slice(0, 4)) }
    : { monthDay: value, year: null };
}
