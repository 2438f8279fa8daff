import { createHash } from 'node:crypto';
import { atLocalTime, type LocalTime, localClock, localTimeOf } from '../calendars/local-time';

export interface SendWindow {
  start: LocalTime;
  end: LocalTime;
}

function minutesOf(time: LocalTime): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** A stable number in [0, n) for `seed`: the same customer and occasion always get the same slot. */
export function slotOf(seed: string, n: number): number {
  if (n <= 1) return 0;
  return createHash('sha256').update(seed).digest().readUInt32BE(0) % n;
}

/**
 * When a message due on local `date` goes out: at the preferred time plus a
 * per-customer offset within `spreadMinutes` (so a million monthly letters do
 * not leave in the same minute), always inside the daytime window, DST-correct.
 * @example sendInstant('2027-03-01', '10:00', 120, { start: '09:00', end: '20:00' }, 'Asia/Shanghai', 'c-1|monthly|2027-03-01')
 */
export function sendInstant(
  date: string,
  sendAt: LocalTime,
  spreadMinutes: number,
  window: SendWindow,
  timezone: string,
  seed: string,
): Date {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end) - 1;
  const preferred = Math.min(Math.max(minutesOf(sendAt), start), end);
  const spread = Math.max(0, Math.min(spreadMinutes, end - preferred));
  return atLocalTime(date, localTimeOf(preferred + slotOf(seed, spread + 1)), timezone);
}

/**
 * The first moment at or after `instant` that is inside the window on the
 * customer's clock: now if the window is open, else the next opening.
 */
export function nextWindowOpening(
  instant: Date,
  localDate: string,
  localMinutes: number,
  window: SendWindow,
  timezone: string,
): Date {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (localMinutes >= start && localMinutes < end) return instant;
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d + (localMinutes >= end ? 1 : 0))).toISOString().slice(0, 10);
  return atLocalTime(day, window.start, timezone);
}

/** The first instant at or after `planned`, and not before `now`, inside the window on the customer's clock. */
export function landInCustomerWindow(planned: Date, now: Date, window: SendWindow, timezone: string): Date {
  const t = planned.getTime() > now.getTime() ? planned : now;
  const clock = localClock(t, timezone);
  return nextWindowOpening(t, clock.date, clock.minutes, window, timezone);
}
