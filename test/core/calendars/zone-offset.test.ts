import { describe, expect, it } from 'vitest';
import { atLocalTime, localWallTime } from '../../../functions/core/calendars/local-time';
import { intlWall } from '../../support/intl-wall';

const ours = (ms: number, timezone: string) => localWallTime(new Date(ms), timezone);

// Half-hour and 45-minute offsets, half-hour DST (Lord Howe), DST below standard time
// (Dublin), several changes a year (Casablanca's Ramadan, Gaza), a skipped day (Apia, 2011),
// a two-hour DST (Troll), southern DST (Santiago, Sydney), no DST since 2022 (Tehran).
const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Europe/Dublin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Tehran',
  'Africa/Casablanca',
  'Asia/Gaza',
  'America/Santiago',
  'Pacific/Apia',
  'Antarctica/Troll',
  'UTC',
];

const MINUTE = 60_000;

describe('wall clocks in every kind of zone, against the runtime formatter', () => {
  it('reads the local date and time of instants from 2000 to 2040 as ICU does', () => {
    const mismatches: string[] = [];
    for (const zone of ZONES) {
      // An odd step, so the samples fall on every minute of the hour and day over the years.
      for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 37 * 60 * MINUTE + 13 * MINUTE) {
        if (ours(ms, zone) !== intlWall(ms, zone)) mismatches.push(`${zone} ${new Date(ms).toISOString()}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('reads every minute either side of each change in 2027 as ICU does', () => {
    const mismatches: string[] = [];
    for (const zone of ZONES) {
      for (let ms = Date.UTC(2027, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 20 * MINUTE) {
        const here = intlWall(ms, zone);
        const later = intlWall(ms + 20 * MINUTE, zone);
        const steady = Date.parse(`${later.replace(' ', 'T')}Z`) - Date.parse(`${here.replace(' ', 'T')}Z`);
        if (steady === 20 * MINUTE) continue;
        // The clock changed within these 20 minutes: every minute of them, and the millisecond each side.
        for (let m = ms - 1; m <= ms + 20 * MINUTE + 1; m += m === ms - 1 ? 1 : MINUTE / 2) {
          if (ours(m, zone) !== intlWall(m, zone)) mismatches.push(`${zone} ${new Date(m).toISOString()}`);
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('finds the instant of wall times on ordinary days from 2024 to 2030', () => {
    const problems: string[] = [];
    for (const zone of ZONES) {
      for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2031, 0, 1); day += 3 * 86_400_000 + 97 * MINUTE) {
        const { date, time, instant } = instantOf(day, zone);
        if (intlWall(instant, zone) !== `${date} ${time}` && !inGap(day, zone))
          problems.push(`${zone} ${date} ${time}: ${new Date(instant).toISOString()}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('finds the first of two instants in a fall-back and moves past the gap in a spring-forward (2027)', () => {
    const problems: string[] = [];
    let changes = 0;
    for (const zone of ZONES) {
      for (let ms = Date.UTC(2027, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 60 * MINUTE) {
        if (offsetOf(ms, zone) === offsetOf(ms + 60 * MINUTE, zone)) continue;
        changes++;
        // Wall times every quarter hour from three hours before the change to three after.
        const wallAtChange = ms + offsetOf(ms, zone);
        for (
          let wall = wallAtChange - 180 * MINUTE;
          wall <= wallAtChange + 180 * MINUTE;
          wall += 15 * MINUTE
        ) {
          const { date, time, instant } = instantOf(wall, zone);
          const written = `${date} ${time}`;
          const readers: number[] = [];
          for (let m = instant - 180 * MINUTE; m <= instant + 180 * MINUTE; m += MINUTE) {
            if (intlWall(m, zone) === written) readers.push(m);
          }
          // In a gap the wall time does not exist: read with the offset from before the change,
          // it lands past the gap by the gap's length (02:30 becomes 03:30).
          const wrong = readers.length > 0 ? instant !== readers[0] : instant !== wall - offsetOf(ms, zone);
          if (wrong) problems.push(`${zone} ${written}: ${new Date(instant).toISOString()}`);
        }
      }
    }
    expect(changes).toBeGreaterThan(20);
    expect(problems.slice(0, 5)).toEqual([]);
  });
});

/** The wall time written in `wallMs`'s UTC fields, and the instant `atLocalTime` gives it in `zone`. */
function instantOf(wallMs: number, zone: string) {
  const iso = new Date(wallMs).toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  return { date, time, instant: atLocalTime(date, time, zone).getTime() };
}

/** ICU's offset of `zone` at `ms`, in milliseconds, from its wall reading. */
function offsetOf(ms: number, zone: string): number {
  const floor = ms - (ms % MINUTE);
  return Date.parse(`${intlWall(floor, zone).replace(' ', 'T')}:00Z`) - floor;
}

/** Whether the wall time in `wallMs`'s UTC fields is one `zone` skips (no instant nearby reads it). */
function inGap(wallMs: number, zone: string): boolean {
  const written = new Date(wallMs).toISOString().slice(0, 16).replace('T', ' ');
  for (let m = wallMs - 15 * 60 * MINUTE; m <= wallMs + 15 * 60 * MINUTE; m += 15 * MINUTE) {
    if (intlWall(m, zone) === written) return false;
  }
  return true;
}
