/**
 * Value tiers (seed 000: the 80/20 rule). Until the value curve of the whole
 * book is computed, a customer's tier follows fixed lifetime-value cut-offs;
 * a referred lead starts at B, since referrals are the warmest leads.
 */
export type Tier = 'A' | 'B' | 'C';

export interface TierCutoffs {
  a: number;
  b: number;
}

export const defaultTierCutoffs: TierCutoffs = { a: 10_000, b: 1_000 };

/** @example tierFor(12_000, false) // 'A' */
export function tierFor(lifetimeValue: number, referred: boolean, cutoffs = defaultTierCutoffs): Tier {
  if (lifetimeValue >= cutoffs.a) return 'A';
  if (lifetimeValue >= cutoffs.b || referred) return 'B';
  return 'C';
}
