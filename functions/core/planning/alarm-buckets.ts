import { ValidationError } from '../errors';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * How far back a sweep looks and how late an alarm must be before the sweep
 * calls it lost. The grace covers a fire that is merely running late (the
 * scheduler's own retries, an index not yet caught up with the fire's write).
 */
export interface SweepPolicy {
  lookbackMs: number;
  graceMs: number;
}

/** A day of lookback at a 15-minute sweep means every lost alarm is seen by ~96 sweeps before it ages out. */
export const DEFAULT_SWEEP_POLICY: SweepPolicy = { lookbackMs: 24 * HOUR_MS, graceMs: 15 * MINUTE_MS };

/** A month of hours: 744 queries, the most one sweep may be asked to make. */
export const MAX_SWEEP_LOOKBACK_MS = 31 * 24 * HOUR_MS;

export interface SweepWindow {
  /** The oldest alarm time looked at (the first hour is read whole). */
  from: Date;
  /** Alarms set to ring before this are overdue: now minus the grace. */
  cutoff: Date;
  /** Every UTC hour from `from` to `cutoff`, oldest first, as the alarm index names them. */
  hours: string[];
}

/**
 * The UTC hour an alarm time is filed under in the alarm index.
 * @example alarmHourOf(new Date('2027-02-06T09:41:07Z')) // '2027-02-06T09'
 */
export function alarmHourOf(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/**
 * Which hours of the alarm index a sweep at `now` reads: every hour from
 * `now - lookback` up to `now - grace`. Stateless on purpose: each sweep
 * re-reads the whole lookback, so an alarm a failed sweep missed, or one
 * whose re-arm was lost too, is found again by the next.
 * @example
 * sweepWindow(new Date('2027-02-06T09:20:00Z'), { lookbackMs: 2 * 3_600_000, graceMs: 15 * 60_000 })
 * // { from: 07:20, cutoff: 09:05, hours: ['2027-02-06T07', '2027-02-06T08', '2027-02-06T09'] }
 */
export function sweepWindow(now: Date, policy: SweepPolicy = DEFAULT_SWEEP_POLICY): SweepWindow {
  const issues: { path: string; message: string }[] = [];
  if (!Number.isFinite(policy.graceMs) || policy.graceMs < 0) {
    issues.push({ path: 'grace', message: 'must be zero or more' });
  }
  if (!Number.isFinite(policy.lookbackMs) || policy.lookbackMs <= policy.graceMs) {
    issues.push({ path: 'lookback', message: 'must be longer than the grace period' });
  } else if (policy.lookbackMs > MAX_SWEEP_LOOKBACK_MS) {
    issues.push({ path: 'lookback', message: 'must be at most 31 days' });
  }
  if (issues.length > 0) {
    throw new ValidationError(
      `invalid sweep: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const from = new Date(now.getTime() - policy.lookbackMs);
  const cutoff = new Date(now.getTime() - policy.graceMs);
  const hours: string[] = [];
  for (let hour = Math.floor(from.getTime() / HOUR_MS); hour * HOUR_MS < cutoff.getTime(); hour++) {
    hours.push(alarmHourOf(new Date(hour * HOUR_MS)));
  }
  return { from, cutoff, hours };
}
