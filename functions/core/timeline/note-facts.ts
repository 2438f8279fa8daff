import { assertNever } from '../assert-never';
import type { CapVerdict } from '../planning/caps';

/** Why the frequency caps held a message back. */
export type HeldCap = Exclude<CapVerdict, 'ok'>;

/**
 * What a note on a customer's timeline says, as facts rather than words, so
 * the console can tell it in the reader's language; `noteText` is the English
 * sentence kept beside them for logs, exports and older readers.
 */
export type NoteFacts =
  | { kind: 'moved'; until: string; cap: HeldCap; tier: string }
  | { kind: 'dropped'; cap: HeldCap; tier: string; maxDelayDays: number }
  | { kind: 'late-stage'; dealId: string; stage: string; on: string; hours: number }
  | { kind: 'late-survey'; dealId: string; dueOn: string; days: number }
  | { kind: 'late-referral'; dealId: string; name: string; on: string; days: number }
  | { kind: 'campaign-expired'; campaign: string; date: string; maxDelayDays: number }
  | { kind: 'answer-undelivered'; by: string; channel: string; reason: string }
  | { kind: 'offer-refused'; code: string; dealId: string; status: 'expired' | 'used' | 'unknown' }
  | { kind: 'sequence-ended'; sequence: string; by: string };

/** Why a notice about a deal was not sent, without the rule and deal it is about. */
export function lateReason(
  facts: Extract<NoteFacts, { kind: 'late-stage' | 'late-survey' | 'late-referral' }>,
): string {
  switch (facts.kind) {
    case 'late-stage':
      return `the ${facts.stage} stage happened on ${facts.on}, more than ${facts.hours} hours before it was reported`;
    case 'late-survey':
      return `the survey was due on ${facts.dueOn}, more than ${facts.days} days before the completion was reported`;
    case 'late-referral':
      return `${facts.name}'s first order was on ${facts.on}, more than ${facts.days} days before it was reported`;
    default:
      return assertNever(facts);
  }
}

const OFFER_REFUSALS: Record<Extract<NoteFacts, { kind: 'offer-refused' }>['status'], string> = {
  expired: 'was presented after it expired: recorded on the campaign, not counted as redeemed',
  used: 'was already redeemed by another deal: not counted again',
  unknown: "is not one of this customer's offer codes: not counted",
};

/**
 * The note in English.
 * @example noteText('chase', 'm1:2', { kind: 'moved', until: '2027-03-25', cap: 'capped-7d', tier: 'A' }) // 'chase m1:2 moved to 2027-03-25: capped-7d (tier A)'
 */
export function noteText(rule: string, occurrence: string, facts: NoteFacts): string {
  switch (facts.kind) {
    case 'moved':
      return `${rule} ${occurrence} moved to ${facts.until}: ${facts.cap} (tier ${facts.tier})`;
    case 'dropped':
      return `${rule} ${occurrence} dropped: ${facts.cap} (tier ${facts.tier}) until past its ${facts.maxDelayDays}-day limit`;
    case 'late-stage':
    case 'late-survey':
    case 'late-referral':
      return `${rule} not sent for deal ${facts.dealId}: ${lateReason(facts)}`;
    case 'campaign-expired':
      return `campaign "${facts.campaign}": not sent by its last day (${facts.date} + ${facts.maxDelayDays} days)`;
    case 'answer-undelivered':
      return `${facts.by}'s answer by ${facts.channel} was not sent: ${facts.reason}`;
    case 'offer-refused':
      return `offer code ${facts.code} on deal ${facts.dealId} ${OFFER_REFUSALS[facts.status]}`;
    case 'sequence-ended':
      return facts.by === 'request'
        ? `sequence ${facts.sequence} ended by request`
        : `sequence ${facts.sequence} ended (${facts.by})`;
    default:
      return assertNever(facts);
  }
}
