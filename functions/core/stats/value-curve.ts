import { bucketFloor, type Tier, type TierCutoffs, type ValueHistogram } from '../customers/tier';

export interface ValueCurve {
  customers: number;
  totalValue: number;
  /** The cumulative share of value held by the most valuable share of customers, from (0, 0) to (1, 1). */
  points: { customerShare: number; valueShare: number }[];
  /** The lowest lifetime value of tier A and of tier B. */
  cutoffs: { A: number; B: number };
  /** Customers and value per tier, by value alone (a referred lead is A whatever its value). */
  tiers: Record<Tier, { customers: number; value: number }>;
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/**
 * The 80/20 curve of the book from its value histogram: one point per
 * bucket, walking from the most valuable down, so the curve costs one read
 * whatever the size of the book. A bucket is placed in a tier by its lowest
 * value; cut-offs computed from the same histogram fall on bucket floors.
 * @example valueCurve({ '43': { count: 2, sum: 80_000 }, '32': { count: 8, sum: 20_000 } }, { a: 1810, b: 1 })
 */
export function valueCurve(histogram: ValueHistogram, cutoffs: TierCutoffs): ValueCurve {
  const buckets = Object.entries(histogram)
    .map(([bucket, { count, sum }]) => ({ bucket: Number(bucket), count, sum }))
    .filter((b) => b.count > 0)
    .sort((x, y) => y.bucket - x.bucket);
  const customers = buckets.reduce((n, b) => n + b.count, 0);
  const totalValue = buckets.reduce((n, b) => n + b.sum, 0);
  const tiers: ValueCurve['tiers'] = {
    A: { customers: 0, value: 0 },
    B: { customers: 0, value: 0 },
    C: { customers: 0, value: 0 },
  };
  const points = [{ customerShare: 0, valueShare: 0 }];
  let seen = 0;
  let held = 0;
  for (const { bucket, count, sum } of buckets) {
    seen += count;
    held += sum;
    points.push({ customerShare: share(seen, customers), valueShare: share(held, totalValue) });
    const floor = bucketFloor(bucket);
    const tier: Tier = floor >= cutoffs.a ? 'A' : floor >= cutoffs.b ? 'B' : 'C';
    tiers[tier].customers += count;
    tiers[tier].value += sum;
  }
  return { customers, totalValue, points, cutoffs: { A: cutoffs.a, B: cutoffs.b }, tiers };
}
