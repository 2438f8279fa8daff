import type { Customer } from '../../core/customers/customer';
import type { EngineState } from '../../core/planning/state';
import type { DealRecord } from './deals';
import type { TimelineEntry } from './timeline';

export interface CustomerRecord {
  customer: Customer;
  state: EngineState;
  createdAt: string;
  updatedAt: string;
  /** When the customer's alarm is set to ring, if anything is pending. */
  nextAt?: string;
  /** Whether the customer has a complete entry (profile and state facts) in the directory segments read (gsi4). */
  inDirectory?: boolean;
}

/** Everything filed under one customer, read in one query. */
export interface CustomerFile {
  record?: CustomerRecord;
  deals: DealRecord[];
  timeline: TimelineEntry[];
  /** The customers this customer referred, oldest first. */
  referrals: ReferralGiven[];
}

/**
 * Customer profiles with the engine's state beside them.
 * @example const record = await store.customers.get('c-42');
 */
export interface CustomerRepo {
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /**
   * Creates or replaces the profile, keeping the engine state. A customer with no
   * alarm yet is put in the alarm index as due now (`unplanned`), for the engine to plan.
   */
  upsert(
    customer: Customer,
    now: Date,
  ): Promise<{ created: boolean; unplanned: boolean; record: CustomerRecord; previous?: Customer }>;
  /**
   * Writes `state` only if the stored state is still at `state.version - 1`;
   * throws ConflictError when another writer got there first. With
   * `customer`, the customer's directory entry is refreshed from it and the
   * state too; without, the entry is left as it is (and costs no index write).
   */
  saveState(
    customerId: string,
    state: EngineState,
    nextAt: Date | undefined,
    customer?: Customer,
  ): Promise<void>;
  findByContact(contact: { email: string } | { phone: string }): Promise<string[]>;
  getFile(customerId: string): Promise<CustomerFile>;
  /** Several profiles by id (unknown ids are left out), in batches; `consistent` as `get` reads. */
  getMany(customerIds: readonly string[], options?: { consistent?: boolean }): Promise<CustomerRecord[]>;
  /**
   * What filing a batch needs to know of each id, read for the whole batch at
   * once: the profile on file, and whether deals arrived before the customer.
   */
  readForFiling(customerIds: readonly string[]): Promise<Map<string, FilingRead>>;
  /**
   * Files profile, engine state, contact and directory entries and the alarm
   * in one write, if the item is still as read (`expect`); false when it is not
   * (another writer came first) and nothing was written.
   */
  fileProfile(entry: FilingEntry, now: Date): Promise<boolean>;
  /**
   * Files customers read as new (`expect: 'new'`) in batches, with no
   * condition: each is read again just before, and those on file by then are
   * not written but answered, for `fileProfile` to file them.
   */
  fileNewProfiles(entries: readonly FilingEntry[], now: Date): Promise<Set<string>>;
  /** Remembers that deals wait for a customer not filed yet, so filing them applies those deals. */
  noteDealsWaiting(customerId: string): Promise<void>;
  clearDealsWaiting(customerId: string): Promise<void>;
  /**
   * Files `referred` on the referrer's own partition, so the referrer's file
   * lists whom they referred without a scan; filing it again rewrites it.
   */
  linkReferral(referrerId: string, referred: ReferralGiven): Promise<void>;
  /** Takes a referral off a referrer's file (the customer now names another referrer, or none). */
  unlinkReferral(referrerId: string, referredId: string): Promise<void>;
}

export interface FilingRead {
  record?: CustomerRecord;
  dealsWaiting: boolean;
}

export interface FilingEntry {
  customer: Customer;
  /** The state to store: its version one past the one read (or 1 for a new customer). */
  state: EngineState;
  nextAt: Date | undefined;
  /** `new`: only if no profile exists; else only if the stored state is still at `version`. */
  expect: 'new' | { version: number };
}

/** A customer someone referred, as the referrer's file lists them. */
export interface ReferralGiven {
  customerId: string;
  name: string;
  /** When the referred customer was filed. */
  at: string;
}
