import { DateTime } from 'luxon';

/** A wall-clock time of day, `HH:mm`. */
export type LocalTime = string;

/**
 * The calendar date (YYYY-MM-DD) that `instant` falls on in `timezone`.
 * @example localDateOf(new Date('2027-02-06T20:00:00Z'), 'Asia/Shanghai') // '2027-02-07'
 */
export function localDateOf(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate() ?? instant.toISOString().slice(0, 10);
}

/**
 * The instant at which the wall clock in `timezone` reads `time` on `date`,
 * `days` later. DST-safe: a wall time skipped by a spring-forward gap is
 * moved forward by the gap's length (02:30 becomes 03:30), as clocks do.
 * @example atLocalTime('2027-03-14', '09:00', 'America/New_York') // 2027-03-14T13:00:00Z
 */
export function atLocalTime(date: string, time: LocalTime, timezone: string, days = 0): Date {
  const [hour, minute] = time.split(':').map(Number);
  const local = DateTime.fromISO(date, { zone: timezone })
    .plus({ days })
    .set({ hour, minute, second: 0, millisecond: 0 });
  return local.toJSDate();
}

/** `HH:mm` validation shared by rule schemas. */
export const localTimePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
