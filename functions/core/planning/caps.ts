import { addDays } from '../calendars/calendar-dates';
import { atLocalTime } from '../calendars/local-time';

export interface CapLimits {
  per7Days: number;
  per30Days: number;
}

export type CapVerdict = 'ok' | 'capped-7d' | 'capped-30d';

const DAY_MS = 86_400_000;

/**
 * Whether one more marketing message may go out at `at`, given when the last
 * ones went (rolling 7 and 30 days).
 * @example capVerdict(['2027-03-01T02:00:00Z'], new Date('2027-03-02T02:00:00Z'), { per7Days: 1, per30Days: 4 }) // 'capped-7d'
 */
export function capVerdict(sent: readonly string[], at: Date, limits: CapLimits): CapVerdict {
  const t = at.getTime();
  let week = 0;
  let month = 0;
  for (const iso of sent) {
    const age = t - Date.parse(iso);
    if (age < 0) continue;
    if (age < 7 * DAY_MS) week++;
    if (age < 30 * DAY_MS) month++;
  }
  if (week >= limits.per7Days) return 'capped-7d';
  if (month >= limits.per30Days) return 'capped-30d';
  return 'ok';
}

/**
 * The first local day after `today` on which one more message fits under the
 * caps, judged at `sendAt` on that day; undefined within 60 days means never.
 */
export function nextFreeDate(
  sent: readonly string[],
  today: string,
  sendAt: string,
  timezone: string,
  limits: CapLimits,
): string | undefined {
  for (let days = 1; days <= 60; days++) {
    const date = addDays(today, days);
    if (capVerdict(sent, atLocalTime(date, sendAt, timezone), limits) === 'ok') return date;
  }
  return undefined;
}
