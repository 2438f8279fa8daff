/** Why an address may no longer be messaged. */
export type SuppressionReason =
  | 'hard-bounce'
  | 'complaint'
  | 'unsubscribe'
  | 'stop'
  | 'soft-bounce-repeated'
  /** Put there by an admin, through the API or the console. */
  | 'manual';

export interface SuppressionRecord {
  /** The normalised address: an email lower-cased, a phone number in E.164. */
  address: string;
  reason: SuppressionReason;
  at: string;
  /** What put it there, e.g. `ses:bounce`, `one-click`, `sms-stop`. */
  source: string;
}

/**
 * The suppression list: addresses (not customers) that are never messaged
 * again, whoever they belong to, and the soft bounces that may put one there.
 * Addresses are normalised by the repository.
 * @example if (await store.suppressions.get('wang.fang@example.com')) return unreachable;
 */
export interface SuppressionRepo {
  get(address: string): Promise<SuppressionRecord | undefined>;
  /** Lists the address; the first reason stays. True when this call listed it. */
  add(address: string, entry: { reason: SuppressionReason; at: Date; source: string }): Promise<boolean>;
  /** Notes a soft bounce; answers how many the address had in the 30 days up to `at`, this one included. */
  recordSoftBounce(address: string, at: Date): Promise<number>;
}
