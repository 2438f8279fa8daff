import type { SuppressionReason } from '../../core/customers/suppression-reasons';

export type { SuppressionReason };

export interface SuppressionRecord {
  /** The normalised address: an email lower-cased, a phone number in E.164. */
  address: string;
  /** `erased`: the address of a customer erased while it was not listed otherwise. */
  reason: SuppressionReason | 'erased';
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
  /**
   * The address's suppression, if listed; with `erasedHash`, also what an
   * erasure left of it (its keyed hash), read in the same request.
   */
  get(address: string, erasedHash?: string): Promise<SuppressionRecord | undefined>;
  /** The suppressions among `addresses` (each with its erasure hash, as `get`), in batches; unlisted ones left out. */
  getMany(addresses: readonly { address: string; erasedHash?: string }[]): Promise<SuppressionRecord[]>;
  /** Lists the address; the first reason stays. True when this call listed it. */
  add(address: string, entry: { reason: SuppressionReason; at: Date; source: string }): Promise<boolean>;
  /** Notes a soft bounce; answers how many the address had in the 30 days up to `at`, this one included. */
  recordSoftBounce(address: string, at: Date): Promise<number>;
  /**
   * The listed addresses in address order, from `q` (the start of a normalised
   * address) when given, `reason` filtering a page after it is read (so a page
   * may come short; `next` goes on).
   */
  list(options: {
    q?: string;
    reason?: SuppressionReason;
    limit: number;
    after?: string;
  }): Promise<{ suppressions: SuppressionRecord[]; next?: string }>;
  /** Takes the address off the list (soft bounces too); the record it had, if any. */
  remove(address: string): Promise<SuppressionRecord | undefined>;
  /** Keeps an erased customer's address as its keyed hash only, with the reason it was listed for (first stays). */
  addErased(
    hash: string,
    entry: { reason: SuppressionReason | 'erased'; at: Date; source: string },
  ): Promise<void>;
  /** Drops the hashed entry of an address (an admin took the address off the list). True when there was one. */
  removeErased(hash: string): Promise<boolean>;
}
