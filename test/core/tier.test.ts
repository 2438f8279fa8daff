import { describe, expect, it } from 'vitest';
import { defaultTierCutoffs, tierFor } from '../../functions/core/tier';

describe('tierFor', () => {
  it('uses the default cut-offs 10 000 and 1 000', () => {
    expect(defaultTierCutoffs).toEqual({ a: 10_000, b: 1_000 });
  });

  it.each([
    [12_000, 'A'],
    [10_000, 'A'],
    [9_999.99, 'B'],
    [1_000, 'B'],
    [999.99, 'C'],
    [0, 'C'],
  ] as const)('a customer worth %d is %s', (value, tier) => {
    expect(tierFor(value, false)).toBe(tier);
  });

  it('starts a referred lead at B, but never lowers an A', () => {
    expect(tierFor(0, true)).toBe('B');
    expect(tierFor(500, true)).toBe('B');
    expect(tierFor(5_000, true)).toBe('B');
    expect(tierFor(20_000, true)).toBe('A');
  });

  it('honours custom cut-offs', () => {
    const cutoffs = { a: 500, b: 100 };
    expect(tierFor(500, false, cutoffs)).toBe('A');
    expect(tierFor(499, false, cutoffs)).toBe('B');
    expect(tierFor(99, false, cutoffs)).toBe('C');
    expect(tierFor(99, true, cutoffs)).toBe('B');
  });
});
