import { describe, expect, it } from 'vitest';
import { confirmedAge, isFresh, LIVE_VERSION_MAX_AGE_MS } from '../../../functions/core/caching/live-copy';

const MINUTE = 60_000;

describe('a live copy', () => {
  const copy = { at: 0, loadedAt: 0, version: 3 };

  it('is fresh for its refresh time, and stale when the clock went back', () => {
    expect(isFresh(copy, MINUTE - 1, MINUTE)).toBe(true);
    expect(isFresh(copy, MINUTE, MINUTE)).toBe(false);
    expect(isFresh({ ...copy, at: 5 * MINUTE }, 4 * MINUTE, MINUTE)).toBe(false);
  });

  it('is kept from its confirmation on while its version stands, not past the age limit', () => {
    expect(confirmedAge(copy, 3, 10 * MINUTE)).toEqual({ at: 10 * MINUTE, loadedAt: 0, version: 3 });
    expect(confirmedAge(copy, 4, 10 * MINUTE)).toBeUndefined();
    expect(confirmedAge({ at: 0, loadedAt: 0 }, 3, MINUTE)).toBeUndefined();
    expect(confirmedAge(copy, 3, LIVE_VERSION_MAX_AGE_MS - 1)).toBeDefined();
    expect(confirmedAge(copy, 3, LIVE_VERSION_MAX_AGE_MS)).toBeUndefined();
    expect(confirmedAge({ ...copy, loadedAt: 5 * MINUTE }, 3, MINUTE)).toBeUndefined();
  });
});
