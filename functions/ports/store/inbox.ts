import type { ReplyRecord } from './timeline';

/** A reply as the cross-customer inbox lists it: the timeline's entry, its text cut short, with whose it is. */
export type InboxEntry = Omit<ReplyRecord, 'from'> & {
  customerName: string;
  /** The customer's owner when the reply came (lower-cased): the entry is in their inbox too. */
  ownerEmail?: string;
};

/**
 * The inbox: every customer's replies in one partition, complaints above the
 * rest and each part newest first, so the console reads it with one Query.
 * Entries expire after a while: the customer's timeline keeps the reply itself.
 * @example await store.inbox.file({ ...reply, customerName: '王芳' });
 */
export interface InboxRepo {
  /** Files the entry (and its copy in its owner's inbox); filing it again rewrites it unchanged. */
  file(entry: InboxEntry): Promise<void>;
  /**
   * `limit` entries, complaints newest first, then the other replies newest first; after the
   * `next` of an earlier page when given. A cursor this list did not return is a ValidationError.
   * With `owner` (an email), that owner's inbox alone.
   */
  recent(limit: number, after?: string, owner?: string): Promise<{ replies: InboxEntry[]; next?: string }>;
  /** Takes a reply's copies out (an erasure), by what it was filed under. */
  remove(reply: Pick<InboxEntry, 'id' | 'kind' | 'at' | 'untrusted' | 'ownerEmail'>): Promise<void>;
}
