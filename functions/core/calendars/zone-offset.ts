import { tzOffset } from '@date-fns/tz';

const HOUR_MS = 3_600_000;
/** Hours kept per process: eleven years of one zone, or a week of each of the runtime's 600. */
const MAX_CACHED_HOURS = 100_000;

const hoursByZone = new Map<string, Map<number, number>>();
let cachedHours = 0;

/**
 * The UTC offset in minutes of `timezone` at `ms` (480 for Asia/Shanghai), from the
 * runtime's time zone data. Asking the runtime costs microseconds and the planner asks
 * thousands of times per customer, so each hour's offset is kept once it is known to
 * hold for the whole hour; an hour with a transition inside it is asked at the instant.
 * NaN for a zone the runtime does not know.
 * @example zoneOffset('America/New_York', Date.parse('2027-07-01T12:00:00Z')) // -240
 */
export function zoneOffset(timezone: string, ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let hours = hoursByZone.get(timezone);
  const known = hours?.get(hour);
  if (known !== undefined) return known;
  const start = tzOffset(timezone, new Date(hour * HOUR_MS));
  const end = tzOffset(timezone, new Date(hour * HOUR_MS + HOUR_MS - 1));
  // Offsets change at most once an hour anywhere; one that differs at the hour's two ends
  // changes inside it (and NaN, a zone the runtime does not know, equals nothing).
  if (start !== end) return tzOffset(timezone, new Date(ms));
  if (cachedHours >= MAX_CACHED_HOURS) {
    hoursByZone.clear();
    cachedHours = 0;
    hours = undefined;
  }
  if (!hours) {
    hours = new Map();
    hoursByZone.set(timezone, hours);
  }
  hours.set(hour, start);
  cachedHours++;
  return start;
}

/** The wall clock of `timezone` at `ms`, as the UTC fields of the returned date. */
export function wallDate(timezone: string, ms: number): Date {
  return new Date(ms + zoneOffset(timezone, ms) * 60_000);
}

/**
 * The instant the wall clock of `timezone` reads `wallMs` (a wall time written as if it
 * were UTC). A wall time that occurs twice (autumn fall-back) is its first occurrence;
 * one skipped by a spring-forward gap is moved forward by the gap's length (02:30 becomes
 * 03:30), as clocks do: read with the offset from before the gap.
 */
export function instantOfWall(timezone: string, wallMs: number): number {
  // A day either side holds the offsets before and after any change near this wall time.
  const before = zoneOffset(timezone, wallMs - 24 * HOUR_MS);
  const after = zoneOffset(timezone, wallMs + 24 * HOUR_MS);
  const readers = [before, after]
    .map((offset) => wallMs - offset * 60_000)
    .filter((instant) => instant + zoneOffset(timezone, instant) * 60_000 === wallMs);
  return readers.length > 0 ? Math.min(...readers) : wallMs - before * 60_000;
}
