import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  addressKey,
  blockedUntil,
  countFailure,
  delayAfter,
} from '../../../functions/core/team/sign-in-throttle';

const T0 = new Date('2027-02-06T02:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('sign-in back-off', () => {
  it('lets the free failures through, then doubles the wait from one second up to fifteen minutes', () => {
    expect([1, 5, 6, 7, 8, 10, 15, 16, 40, 10_000].map((n) => delayAfter(n, ACCOUNT_POLICY))).toEqual([
      0, 0, 1_000, 2_000, 4_000, 16_000, 512_000, 900_000, 900_000, 900_000,
    ]);
    // An address gets more room: an office signs in from one.
    expect(delayAfter(20, ADDRESS_POLICY)).toBe(0);
    expect(delayAfter(21, ADDRESS_POLICY)).toBe(1_000);
  });

  it('holds a new try until the wait after the last failure is over', () => {
    let count = countFailure(undefined, T0, ACCOUNT_POLICY);
    for (let i = 1; i < 6; i++) count = countFailure(count, T0, ACCOUNT_POLICY);
    expect(count).toEqual({ failures: 6, lastFailureAt: T0.toISOString() });
    expect(blockedUntil(count, later(999), ACCOUNT_POLICY)).toEqual(later(1_000));
    expect(blockedUntil(count, later(1_000), ACCOUNT_POLICY)).toBeUndefined();
    expect(blockedUntil(undefined, T0, ACCOUNT_POLICY)).toBeUndefined();
  });

  it('forgets a count left alone for a day, and starts again from one', () => {
    const count = { failures: 30, lastFailureAt: T0.toISOString() };
    expect(blockedUntil(count, later(60_000), ACCOUNT_POLICY)).toEqual(later(900_000));
    const day = ACCOUNT_POLICY.forgetAfterMs;
    expect(blockedUntil(count, later(day), ACCOUNT_POLICY)).toBeUndefined();
    expect(countFailure(count, later(day), ACCOUNT_POLICY).failures).toBe(1);
    expect(countFailure(count, later(day - 1), ACCOUNT_POLICY).failures).toBe(31);
  });

  it('lets a guesser who tries at every earliest moment check 18 passwords in the first hour, 110 in a day', () => {
    const guessesWithin = (hours: number) => {
      let count: ReturnType<typeof countFailure> | undefined;
      let now = T0;
      let guesses = 0;
      const end = T0.getTime() + hours * 3600_000;
      while (now.getTime() < end) {
        count = countFailure(count, now, ACCOUNT_POLICY);
        guesses++;
        now = blockedUntil(count, now, ACCOUNT_POLICY) ?? now;
      }
      return guesses;
    };
    expect(guessesWithin(1)).toBe(18);
    expect(guessesWithin(24)).toBe(110);
  });

  it('counts IPv4 addresses whole and IPv6 ones by their /64 (RFC 3849 documentation prefix)', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    // One subscriber's network, however the addresses in it are written (RFC 5952 forms).
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:0DB8:0000:0001:0000:0000:0000:0002')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8::1:0:0:0:3')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('not an address')).toBe('not an address');
  });
});
