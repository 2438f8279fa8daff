/**
 * What the fan-out counts, page by page, on the campaign itself: customers
 * targeted, messages queued on their states, and messages skipped because the
 * customer could not be reached on any of the campaign's channels.
 */
export const fanOutCounters = ['targeted', 'queued', 'skipped'] as const;
export type FanOutCounter = (typeof fanOutCounters)[number];

/**
 * What each recipient's fire counts, once their message's fate is known, and
 * what became of a sent one (delivered, first opened, first clicked, unsubscribed from).
 */
export const sendCounters = [
  'sent',
  'suppressed',
  'capped',
  'failed',
  'cancelled',
  'replied',
  'delivered',
  'opened',
  'clicked',
  'unsubscribed',
] as const;
export type SendCounter = (typeof sendCounters)[number];

export type CampaignCounts = Record<FanOutCounter | SendCounter, number> & {
  /** Offer codes redeemed by a deal (each recipient's at most once). */
  redeemed: number;
  /** Codes presented on a deal after their expiry: recorded, not counted as redeemed. */
  expiredCodes: number;
};

export const zeroCounts: CampaignCounts = {
  targeted: 0,
  queued: 0,
  skipped: 0,
  sent: 0,
  suppressed: 0,
  capped: 0,
  failed: 0,
  cancelled: 0,
  replied: 0,
  delivered: 0,
  opened: 0,
  clicked: 0,
  unsubscribed: 0,
  redeemed: 0,
  expiredCodes: 0,
};

/**
 * The counter a fire outcome of a campaign message moves, if any: a message
 * deferred by the caps or retried after a provider error is still pending.
 * @example counterForOutcome('unreachable (suppressed)') // 'suppressed'
 */
export function counterForOutcome(outcome: string): SendCounter | undefined {
  // Sent, queued or a duplicate: counted by the delivery that claims the message
  // (engine/send/send-job.ts), once, whether it goes out in the fire or from the send queue.
  if (outcome.startsWith('unreachable')) return 'suppressed';
  if (outcome === 'dropped') return 'capped';
  if (outcome === 'expired') return 'failed';
  if (outcome === 'cancelled') return 'cancelled';
  return undefined;
}

export type CampaignStatus = 'fanning-out' | 'sending' | 'completed' | 'cancelled';

export interface CampaignProgress {
  /** Customers in the segment when the fan-out reached them. */
  targeted: number;
  /** Messages waiting on recipients' states, or sent from there (a visit is two per customer). */
  queued: number;
  sent: number;
  /** Not reachable on the campaign's channels: at the fan-out, or by the time of the send. */
  suppressed: number;
  /** Refused by the frequency caps past the campaign's maxDelayDays. */
  capped: number;
  /** Not sent by the last day it was due on (provider errors, an outage). */
  failed: number;
  /** Still waiting when the campaign was cancelled. */
  cancelled: number;
  /** Messages of the campaign that had a real reply. */
  replied: number;
  /** Emails the provider delivered, opened and clicked at least once, and messages unsubscribed from. */
  delivered: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  /** Queued and not yet settled. */
  pending: number;
  redeemed: number;
  expiredCodes: number;
}

/**
 * The progress a marketer sees, and the campaign's status: done once the
 * fan-out has finished and nothing is pending, or once the last send date is
 * behind it.
 * @example campaignProgress(counts, { fannedOut: true, cancelled: false, pastLastDate: false }).status
 */
export function campaignProgress(
  counts: CampaignCounts,
  flags: { fannedOut: boolean; cancelled: boolean; pastLastDate: boolean },
): { status: CampaignStatus; progress: CampaignProgress } {
  const settled = counts.sent + counts.suppressed + counts.capped + counts.failed + counts.cancelled;
  const progress: CampaignProgress = {
    targeted: counts.targeted,
    queued: counts.queued,
    sent: counts.sent,
    suppressed: counts.skipped + counts.suppressed,
    capped: counts.capped,
    failed: counts.failed,
    cancelled: counts.cancelled,
    replied: counts.replied,
    delivered: counts.delivered,
    opened: counts.opened,
    clicked: counts.clicked,
    unsubscribed: counts.unsubscribed,
    pending: Math.max(0, counts.queued - settled),
    redeemed: counts.redeemed,
    expiredCodes: counts.expiredCodes,
  };
  const status: CampaignStatus = flags.cancelled
    ? 'cancelled'
    : !flags.fannedOut
      ? 'fanning-out'
      : progress.pending > 0 && !flags.pastLastDate
        ? 'sending'
        : 'completed';
  return { status, progress };
}
