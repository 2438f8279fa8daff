import { describe, expect, it } from 'vitest';
import {
  cutoffsFromHistogram,
  defaultTierCutoffs,
  tierFor,
  type ValueHistogram,
  valueBucket,
} from '../../../functions/core/customers/tier';

/** The book's histogram as the store keeps it: one customer at a time. */
function histogramOf(values: number[]): ValueHistogram {
  const histogram: ValueHistogram = {};
  for (const value of values) {
    const bucket = String(valueBucket(value));
    const entry = histogram[bucket] ?? { count: 0, sum: 0 };
    histogram[bucket] = { count: entry.count + 1, sum: entry.sum + value };
  }
  return histogram;
}

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

  it('starts a referred lead at A, the warmest there is', () => {
    expect(tierFor(0, true)).toBe('A');
    expect(tierFor(500, true)).toBe('A');
    expect(tierFor(20_000, true)).toBe('A');
  });

  it('honours custom cut-offs', () => {
    const cutoffs = { a: 500, b: 100 };
    expect(tierFor(500, false, cutoffs)).toBe('A');
    expect(tierFor(499, false, cutoffs)).toBe('B');
    expect(tierFor(99, false, cutoffs)).toBe('C');
    expect(tierFor(99, true, cutoffs)).toBe('A');
  });
});

describe('valueBucket', () => {
  it('is a quarter power of two wide', () => {
    expect([0, 1, 100, 1000, 5000, 40_000].map(valueBucket)).toEqual([0, 4, 26, 39, 49, 61]);
    expect(valueBucket(-5)).toBe(0);
  });
});

describe('cutoffsFromHistogram (80/20)', () => {
  it('makes A the two customers who hold 80% of the value, B the next 15%, C the rest', () => {
    // 2 × 40 000 = 80%, 3 × 5 000 = 15%, 50 × 100 = 5%.
    const values = [40_000, 40_000, 5_000, 5_000, 5_000, ...Array.from({ length: 50 }, () => 100)];
    const histogram = histogramOf(values);
    expect(histogram).toEqual({
      '61': { count: 2, sum: 80_000 },
      '49': { count: 3, sum: 15_000 },
      '26': { count: 50, sum: 5_000 },
    });
    const cutoffs = cutoffsFromHistogram(histogram);
    // The floors of buckets 61 and 49: ⌈2^15.25 − 1⌉ and ⌈2^12.25 − 1⌉.
    expect(cutoffs).toEqual({ a: 38_967, b: 4_870 });
    const tiers = values.map((v) => tierFor(v, false, cutoffs));
    expect(tiers.filter((t) => t === 'A')).toHaveLength(2);
    expect(tiers.filter((t) => t === 'B')).toHaveLength(3);
    expect(tiers.filter((t) => t === 'C')).toHaveLength(50);
    expect(tierFor(100, true, cutoffs)).toBe('A');
  });

  it('the JSDoc example: A covers 80% in the top bucket', () => {
    expect(cutoffsFromHistogram({ '40': { count: 2, sum: 8000 }, '20': { count: 50, sum: 2000 } })).toEqual({
      a: 1023,
      b: 31,
    });
  });

  it('falls back to the default cut-offs for an empty book or one worth nothing', () => {
    expect(cutoffsFromHistogram({})).toEqual(defaultTierCutoffs);
    expect(cutoffsFromHistogram({ '0': { count: 30, sum: 0 } })).toEqual(defaultTierCutoffs);
  });

  it('keeps b at or below a, and both at least 1', () => {
    const one = cutoffsFromHistogram(histogramOf([1000]));
    expect(one).toEqual({ a: 861, b: 861 });
    const { a, b } = cutoffsFromHistogram(histogramOf([0.5, 0.5, 0.2]));
    expect(a).toBeGreaterThanOrEqual(1);
    expect(b).toBeGreaterThanOrEqual(1);
    expect(b).toBeLessThanOrEqual(a);
  });
});
