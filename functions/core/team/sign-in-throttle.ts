/**
 * Sign-in throttling: failures are counted per account and per client
 * address, and past a few free ones each further try must wait twice as long
 * as the last (capped), so guessing a password is slow for one account and
 * from one address while nobody else is held up: there is no global limit.
 */
export interface ThrottlePolicy {
  /** Failures allowed before any wait. */
  freeFailures: number;
  /** The first wait; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A count left alone this long starts again from nothing. */
  forgetAfterMs: number;
}

/** One account, whatever address the guesses come from. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 3600_000,
};

/** One address, whatever accounts it tries: more room, since an office shares one address. */
export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 3600_000,
};

/** The failures counted against one account or address. */
export interface FailureCount {
  failures: number;
  /** ISO time of the latest failure. */
  lastFailureAt: string;
}

/**
 * The wait after `failures` failures: none within the free ones, then
 * base, 2×base, 4×base… up to the cap.
 * @example delayAfter(7, ACCOUNT_POLICY) // 2000
 */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  const over = failures - policy.freeFailures;
  if (over <= 0) return 0;
  // 2^30 ms is past any cap: stop doubling before the number grows without bound.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
}

/** Whether a count has been left alone long enough to be forgotten. */
function forgotten(count: FailureCount, now: Date, policy: ThrottlePolicy): boolean {
  return now.getTime() - Date.parse(count.lastFailureAt) >= policy.forgetAfterMs;
}

/**
 * Until when a new try must wait, or undefined when it may go ahead.
 * @example blockedUntil({ failures: 6, lastFailureAt: '2027-02-06T02:00:00.000Z' }, new Date('2027-02-06T02:00:00.500Z'), ACCOUNT_POLICY) // 2027-02-06T02:00:01.000Z
 */
export function blockedUntil(
  count: FailureCount | undefined,
  now: Date,
  policy: ThrottlePolicy,
): Date | undefined {
  if (!count || forgotten(count, now, policy)) return undefined;
  const until = Date.parse(count.lastFailureAt) + delayAfter(count.failures, policy);
  return until > now.getTime() ? new Date(until) : undefined;
}

/**
 * The count after one more failure at `now`.
 * @example countFailure(undefined, now, ACCOUNT_POLICY) // { failures: 1, lastFailureAt: now.toISOString() }
 */
export function countFailure(
  count: FailureCount | undefined,
  now: Date,
  policy: ThrottlePolicy,
): FailureCount {
  const failures = !count || forgotten(count, now, policy) ? 1 : count.failures + 1;
  return { failures, lastFailureAt: now.toISOString() };
}

/**
 * The key an address is counted under: an IPv4 address whole, an IPv6 one by
 * its /64 (one subscriber's whole network), anything unreadable as itself.
 * @example addressKey('2001:db8:1:2:a:b:c:d') // '2001:db8:1:2::/64'
 */
export function addressKey(address: string): string {
  const plain = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain);
  if (mapped) return mapped[1]!;
  if (!plain.includes(':')) return plain;
  const [head = '', tail] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return plain;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
