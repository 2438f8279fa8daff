/**
 * What erasing a customer needs of the table beyond each kind's own removal:
 * their partition gone, a referred customer's link to them cut, and a note of
 * the erasure that names them by a keyed hash only.
 * @example await store.erasures.forgetCustomer('c-42');
 */
export interface ErasureRepo {
  /**
   * Deletes every item filed under the customer: timeline, deals, referrals
   * given, and the profile last (with its index entries), so a crash part-way
   * leaves the profile to find the rest by again. Answers how many went.
   */
  forgetCustomer(customerId: string): Promise<number>;
  /**
   * Renames the erased customer in the occurrence keys of the referrer's
   * messages about them (the referral thank-you is keyed by whom it thanks for):
   * `<date>:<customerId>` becomes `<date>:<replacement>`. Answers how many.
   */
  renameInReferrerMessages(referrerId: string, customerId: string, replacement: string): Promise<number>;
  /** Drops `referrerId` from the referred customer's profile, if it still names them. */
  clearReferrer(referredId: string, referrerId: string): Promise<void>;
  /** Notes that the customer with this id hash is erased; the first time stays, and is answered. */
  markErased(idHash: string, at: Date): Promise<string>;
  /** When the customer with this id hash was erased, if they were. */
  erasedAt(idHash: string): Promise<string | undefined>;
}
