import type { ChannelPolicy } from '../cadence/cadence-rules';
import type { Chase } from '../cadence/chase';
import type { LocalTime } from '../calendars/local-time';
import { campaignIdOf } from '../campaigns/campaign-rule';
import type { Channel } from '../customers/customer';
import { liveAlertLog, type OwnerAlertLog } from '../replies/owner-alerts';
import { compactRuns, type SequenceRun } from '../sequences/sequence-run';

/** A campaign message waiting on one customer's state until their own fire sends it. */
export interface CampaignSend {
  campaignId: string;
  key: string;
  template: string;
  channels: ChannelPolicy;
  /** The local date it is due on. */
  dueOn: string;
  /** The local wall time; without it the send is due at `dueAt`. */
  sendAt?: LocalTime;
  dueAt?: string;
  spreadMinutes: number;
  maxDelayDays: number;
  chase: boolean;
}

/** An old-customer offer a campaign gave the customer: one code, single use, until `expiresOn`. */
export interface Offer {
  campaignId: string;
  code: string;
  /** The last local date the code is good for. */
  expiresOn: string;
  redeemedAt?: string;
  /** The deal that redeemed it: the same deal presenting it again is a repeat, not a second use. */
  dealId?: string;
}

/**
 * A message an event has made due (an order notice, a survey, a referral
 * thank-you): it waits on the customer's state until it is sent.
 */
export interface Notice {
  ruleId: string;
  /** Identifies the message for good, with the rule: `<YYYY-MM-DD>:<what>`. */
  key: string;
  template: string;
  /** The local date it is due on. */
  dueOn: string;
  /** Due at this instant (within the window) rather than at the rule's time of day. */
  dueAt?: string;
  /** The deal it is about, so a cancellation withdraws exactly its notices. */
  dealId?: string;
  variables: Record<string, unknown>;
}

/** What the customer's deals add up to. */
export interface CustomerValue {
  lifetime: number;
  deals: number;
  firstPurchaseOn?: string;
  firstItem?: string;
  /** The local date of the latest purchase, for segments ("bought since March"). */
  lastPurchaseOn?: string;
  /** The names of the items bought, most recent last (at most 50), for segments. */
  items?: string[];
  /** Per deal, the value counted and the stages seen: a redelivered stage changes nothing. */
  log: Record<string, { value: number; stages: string[] }>;
}

/** A deal as a sequence's `purchase` date reads it: the day it was first reported, its years of use. */
export interface Purchase {
  dealId: string;
  /** The customer's local date of the purchase. */
  on: string;
  /** The longest years of use among the deal's items. */
  years?: number;
  item?: string;
}

/**
 * What the engine remembers about a customer between fires. It lives on the
 * profile item and is written with a version check, so a reply and a fire that
 * race each other never overwrite one another's decisions.
 */
export interface EngineState {
  version: number;
  chases: Chase[];
  /** Channels the customer may no longer be messaged on, and why. */
  suppressed: Partial<Record<Channel, { reason: string; at: string }>>;
  /** The latest message per channel: an inbound SMS answers the latest SMS. */
  lastSent: Partial<Record<Channel, { messageId: string; at: string }>>;
  lastReplyAt?: string;
  /** An open complaint, flagged on the file until the owner resolves it. */
  complaint?: { at: string; text: string };
  /** The last time anything was sent to or received from the customer. */
  lastTouchAt?: string;
  /** Per rule, the key of the last occurrence dealt with (keys sort by date). */
  done: Record<string, string>;
  /** Occurrences moved by the frequency caps: `<ruleId>|<key>` → the local date they now fall on. */
  deferred: Record<string, { until: string; from: string; reason: string }>;
  /** When marketing messages went out in the last 30 days, for the caps. */
  marketingSent: string[];
  notices: Notice[];
  value: CustomerValue;
  /** Campaign messages waiting for their local send time. */
  campaignSends: CampaignSend[];
  /** Offer codes campaigns gave the customer, and whether a deal redeemed them. */
  offers: Offer[];
  /** The owner's alerts of the last hour about this customer, and the replies waiting for a digest. */
  ownerAlerts?: OwnerAlertLog;
  /** The customer's runs through the sequences marketers define (the active ones and each one's last). */
  sequences: SequenceRun[];
  /** Tags sequence steps gave the customer, beside the file's own (a tag step's remove takes one back). */
  sequenceTags: string[];
  /** The deals bought (the latest 50), for sequences started by a purchase date. */
  purchases?: Purchase[];
  /** Per saved segment a sequence starts on or exits by, whether the customer was in it when last seen. */
  segments?: Record<string, boolean>;
}

export const emptyState: EngineState = {
  version: 0,
  chases: [],
  suppressed: {},
  lastSent: {},
  done: {},
  deferred: {},
  marketingSent: [],
  notices: [],
  value: { lifetime: 0, deals: 0, log: {} },
  campaignSends: [],
  offers: [],
  sequences: [],
  sequenceTags: [],
};

/** A state as stored, completed with the fields older records lack. */
export function withStateDefaults(stored: Partial<EngineState> | undefined): EngineState {
  return { ...emptyState, ...stored };
}

/** How a deferral is keyed in `deferred`: the rule and its occurrence. */
export function deferralKey(rule: string, occurrence: string): string {
  return `${rule}|${occurrence}`;
}

/** Ended chases kept for the record; older ones are on the timeline already. */
const KEPT_ENDED_CHASES = 10;
const CAP_HORIZON_MS = 31 * 86_400_000;
const DEFERRAL_HORIZON_MS = 90 * 86_400_000;
/** A campaign's done marker and an offer past its expiry are kept this long, for a late retry or deal. */
const CAMPAIGN_HORIZON_MS = 120 * 86_400_000;

/** Drops what no decision needs any more, so the profile item stays small. */
export function compactState(state: EngineState, now: Date): EngineState {
  const active = state.chases.filter((c) => c.status === 'active');
  const ended = state.chases.filter((c) => c.status !== 'active').slice(-KEPT_ENDED_CHASES);
  const horizon = now.getTime() - CAP_HORIZON_MS;
  // A deferral whose date passed long ago was settled or dropped by the fire that came after.
  const stale = new Date(now.getTime() - DEFERRAL_HORIZON_MS).toISOString().slice(0, 10);
  const past = new Date(now.getTime() - CAMPAIGN_HORIZON_MS).toISOString().slice(0, 10);
  const { ownerAlerts: _log, ...rest } = state;
  const compacted: EngineState = {
    ...rest,
    chases: [...ended, ...active],
    marketingSent: state.marketingSent.filter((at) => Date.parse(at) >= horizon),
    deferred: Object.fromEntries(Object.entries(state.deferred).filter(([, d]) => d.until >= stale)),
    // Campaign keys start with their date: an old campaign's marker has nothing left to guard.
    done: Object.fromEntries(
      Object.entries(state.done).filter(([rule, key]) => campaignIdOf(rule) === undefined || key >= past),
    ),
    offers: state.offers.filter((offer) => offer.expiresOn >= past),
    sequences: compactRuns(state.sequences),
  };
  const ownerAlerts = liveAlertLog(state.ownerAlerts, now);
  return ownerAlerts ? { ...compacted, ownerAlerts } : compacted;
}
