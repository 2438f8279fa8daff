import type { ValueHistogram } from '../../core/customers/tier';
import type { CustomerRecord } from './customers';

/**
 * Counters that move on every change to the live templates and rules
 * (`content`) and to the webhook endpoints (`hooks`): a container holding a
 * list read at a version compares the number instead of reading the list again.
 * Written by the content and webhook repositories after each change lands.
 */
export interface LiveVersions {
  content: number;
  hooks: number;
}

/** What a fire reads before it plans, as asked: the customer, and the shared items whose copies are stale. */
export interface FireOpening {
  /** Absent: no such customer. */
  record?: CustomerRecord;
  live?: LiveVersions;
  histogram?: ValueHistogram;
}

/**
 * A fire's first read in one request: the customer's profile with the live
 * versions and the value histogram as asked (the engine asks only when its
 * copies are due a look, and reads the profile alone otherwise), so checking
 * them costs a fire no request of its own.
 * @example const opening = await store.fireReads.read('c-42', { live: true, histogram: false });
 */
export interface FireReadRepo {
  read(customerId: string, wants: { live: boolean; histogram: boolean }): Promise<FireOpening>;
  /** The same for up to a hundred customers at once (a send list's): the records found, in no set order. */
  readMany(
    customerIds: readonly string[],
    wants: { live: boolean; histogram: boolean },
  ): Promise<Omit<FireOpening, 'record'> & { records: CustomerRecord[] }>;
}
