import type { CampaignSpec } from '../../core/campaigns/campaign';
import type { CampaignCounts, FanOutCounter, SendCounter } from '../../core/campaigns/campaign-progress';
import type { SendListMarks } from '../../core/campaigns/send-lists';

/** A campaign as stored: its spec, where its fan-out stands, and what the fan-out counted. */
export interface CampaignRecord {
  spec: CampaignSpec;
  /** The fan-out's directory position (an opaque token); absent before the first page and after the last. */
  cursor?: string;
  pages: number;
  fannedOutAt?: string;
  cancelledAt?: string;
  /** When the campaign was first seen completed (and `campaign.completed` emitted). */
  completedAt?: string;
  counts: Record<FanOutCounter, number>;
  /** Which minutes have recipients on the send lists, and how far the send job has taken them. */
  sendLists: SendListMarks;
}

/**
 * Campaigns, their fan-out progress and their counters.
 * @example await store.campaigns.savePage(id, cursor, next, { targeted: 200, queued: 200, skipped: 0 }, now);
 */
export interface CampaignRepo {
  /** False when a campaign with this id exists already. */
  create(spec: CampaignSpec): Promise<boolean>;
  get(id: string): Promise<CampaignRecord | undefined>;
  /** The newest campaigns first; `next` continues the list. */
  list(limit: number, after?: string): Promise<{ campaigns: CampaignRecord[]; next?: string }>;
  /**
   * Adds one fan-out page's counts and moves the cursor from `from` to `to`
   * (absent: the fan-out is done) in one conditional write: false when the
   * cursor is no longer at `from` because another run saved the page first,
   * or when the send job has closed the lists through one of `minutes` (the
   * minutes the page filed recipients under, added to the campaign's).
   */
  savePage(
    id: string,
    from: string | undefined,
    to: string | undefined,
    counts: Record<FanOutCounter, number>,
    at: Date,
    minutes?: readonly string[],
  ): Promise<boolean>;
  /**
   * Files one fan-out page's recipients under the minutes they are due (one
   * write per UTC hour); filing the same ids again changes nothing. The lists
   * go by themselves at `expiresAt`.
   */
  fileOnSendLists(
    id: string,
    page: number,
    lists: ReadonlyMap<string, readonly string[]>,
    expiresAt: Date,
  ): Promise<void>;
  /** The recipients filed under any of `minutes`, each once. */
  sendListRecipients(id: string, minutes: readonly string[]): Promise<string[]>;
  /**
   * Closes the lists through `through`: no page files under those minutes
   * after this. False when another run moved the mark from `from` first.
   */
  closeSendLists(id: string, from: string | undefined, through: string): Promise<boolean>;
  /**
   * Marks the lists sent through `through` (never moving back), adding
   * `cancelled` to the cancelled counter in the same write (the recipients of
   * a cancelled campaign's lists, counted once); the record as it now stands.
   */
  markSendListsSent(id: string, through: string, cancelled?: number): Promise<CampaignRecord | undefined>;
  /** Takes a customer off every send list of the campaign (an erasure); how many list items held them. */
  removeFromSendLists(id: string, customerId: string): Promise<number>;
  /** Marks the campaign completed, once: true for the call that did. */
  markCompleted(id: string, at: Date): Promise<boolean>;
  /** Marks the campaign cancelled (once); the record as it now stands. */
  cancel(id: string, at: Date): Promise<CampaignRecord>;
  /** Adds to the send counters, on one of the campaign's counter shards. */
  count(id: string, shard: number, counts: Partial<Record<SendCounter, number>>): Promise<void>;
  /** Every counter, summed over the shards, with the offer redemptions. */
  counts(id: string): Promise<CampaignCounts>;
  /**
   * Files a recipient's redemption of their code (once per recipient) or an
   * expired code presented on a deal (once per deal); false when already filed.
   */
  /**
   * Keeps a customer's redemptions of the campaign's codes counted, but no
   * longer theirs: each is filed again under `hash` of its key, without code,
   * deal or customer (an erasure). Answers how many.
   */
  anonymiseRedemptions(id: string, customerId: string, hash: (part: string) => string): Promise<number>;
  recordRedemption(
    id: string,
    entry: { customerId: string; code: string; dealId: string; at: string; status: 'redeemed' | 'expired' },
  ): Promise<boolean>;
}
