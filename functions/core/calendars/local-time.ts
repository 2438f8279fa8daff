import { instantOfWall, wallDate } from './zone-offset';

/** A wall-clock time of day, `HH:mm`. */
export type LocalTime = string;

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a wall clock held in a date's UTC fields. */
const dateOfWall = (wall: Date) =>
  `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;

/** The runtime knows about 600 zones; bounded anyway, as the names come from untrusted input. */
const MAX_ZONE_VERDICTS = 2_000;
const zoneVerdicts = new Map<string, boolean>();

/**
 * Whether `zone` is an IANA time zone name the runtime knows (offsets such as
 * `+08:00` are refused: they do not follow daylight saving time).
 * @example isTimeZone('Asia/Shanghai') // true
 */
export function isTimeZone(zone: string): boolean {
  if (!/^(UTC|[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+)+)$/.test(zone)) return false;
  const known = zoneVerdicts.get(zone);
  if (known !== undefined) return known;
  let verdict = true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    verdict = false;
  }
  // Building a formatter costs ~50 µs; an import checks the same few zones thousands of times.
  if (zoneVerdicts.size < MAX_ZONE_VERDICTS) zoneVerdicts.set(zone, verdict);
  return verdict;
}

/**
 * The calendar date (YYYY-MM-DD) that `instant` falls on in `timezone`.
 * @example localDateOf(new Date('2027-02-06T20:00:00Z'), 'Asia/Shanghai') // '2027-02-07'
 */
export function localDateOf(instant: Date, timezone: string): string {
  return dateOfWall(wallDate(timezone, instant.getTime()));
}

/**
 * The instant at which the wall clock in `timezone` reads `time` on `date`,
 * `days` later. DST-safe: a wall time skipped by a spring-forward gap is
 * moved forward by the gap's length (02:30 becomes 03:30), as clocks do, and
 * one that occurs twice in the autumn means the first time round.
 * @example atLocalTime('2027-03-14', '09:00', 'America/New_York') // 2027-03-14T13:00:00Z
 */
export function atLocalTime(date: string, time: LocalTime, timezone: string, days = 0): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new Date(instantOfWall(timezone, Date.UTC(year, month - 1, day + days, hour, minute)));
}

/**
 * Minutes since local midnight as a wall time.
 * @example localTimeOf(605) // '10:05'
 */
export function localTimeOf(minutes: number): LocalTime {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * The customer's local date and wall time at `instant`, as messages and the forecast show it.
 * @example localWallTime(new Date('2027-02-06T02:05:00Z'), 'Asia/Shanghai') // '2027-02-06 10:05'
 */
export function localWallTime(instant: Date, timezone: string): string {
  const clock = localClock(instant, timezone);
  return `${clock.date} ${localTimeOf(clock.minutes)}`;
}

/** `HH:mm` validation shared by rule schemas. */
export const localTimePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The customer's wall clock at `instant`: the local date and minutes since midnight.
 * @example localClock(new Date('2027-02-06T02:00:00Z'), 'Asia/Shanghai') // { date: '2027-02-06', minutes: 600 }
 */
export function localClock(instant: Date, timezone: string): { date: string; minutes: number } {
  const wall = wallDate(timezone, instant.getTime());
  return { date: dateOfWall(wall), minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
}
