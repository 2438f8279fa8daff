/**
 * Value tiers (seed 000: the 80/20 rule; lifetime value = repeat purchases +
 * referrals). A is the customers who together make up the top 80% of the
 * book's value, B the next 15%, C the rest; a referred lead starts at A, since
 * referred leads are the warmest there are.
 */
export type Tier = 'A' | 'B' | 'C';

export interface TierCutoffs {
  /** Lifetime value from which a customer is A. */
  a: number;
  /** Lifetime value from which a customer is B. */
  b: number;
}

/** Before the book has any value to divide, fixed cut-offs apply. */
export const defaultTierCutoffs: TierCutoffs = { a: 10_000, b: 1_000 };

/** @example tierFor(12_000, false) // 'A' */
export function tierFor(lifetimeValue: number, referred: boolean, cutoffs = defaultTierCutoffs): Tier {
  if (lifetimeValue >= cutoffs.a || referred) return 'A';
  if (lifetimeValue >= cutoffs.b) return 'B';
  return 'C';
}

/**
 * The book's value as a histogram: customers and their summed value per
 * bucket, buckets a quarter-power of two wide. Kept up to date one deal at a
 * time, it yields the 80/20 cut-offs without reading every customer.
 */
export type ValueHistogram = Record<string, { count: number; sum: number }>;

/** @example valueBucket(0) // 0; valueBucket(1000) // 39 */
export function valueBucket(value: number): number {
  return Math.floor(Math.log2(Math.max(0, value) + 1) * 4);
}

/** The smallest whole value in a bucket: a bucket at or above a cut-off is wholly in its tier. */
export function bucketFloor(bucket: number): number {
  return Math.ceil(2 ** (bucket / 4) - 1);
}

/**
 * The tier cut-offs from the histogram: walk from the most valuable bucket
 * down until 80% (A) and 95% (B) of the total value is covered.
 * @example cutoffsFromHistogram({ '40': { count: 2, sum: 8000 }, '20': { count: 50, sum: 2000 } })
 */
export function cutoffsFromHistogram(histogram: ValueHistogram, shares = { a: 0.8, b: 0.95 }): TierCutoffs {
  const buckets = Object.entries(histogram)
    .map(([bucket, { sum }]) => ({ bucket: Number(bucket), sum }))
    .filter((b) => b.sum > 0)
    .sort((x, y) => y.bucket - x.bucket);
  const total = buckets.reduce((acc, b) => acc + b.sum, 0);
  if (total <= 0) return defaultTierCutoffs;
  let covered = 0;
  let a: number | undefined;
  let b: number | undefined;
  for (const { bucket, sum } of buckets) {
    covered += sum;
    if (a === undefined && covered >= total * shares.a) a = bucketFloor(bucket);
    if (b === undefined && covered >= total * shares.b) b = bucketFloor(bucket);
  }
  const aCut = Math.max(1, a ?? 1);
  return { a: aCut, b: Math.min(aCut, Math.max(1, b ?? 1)) };
}
