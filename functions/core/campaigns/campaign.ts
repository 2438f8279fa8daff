import type { ChannelPolicy } from '../cadence/cadence-rules';
import { addDays } from '../calendars/calendar-dates';
import { type LocalTime, localDateOf } from '../calendars/local-time';
import { dateText } from '../content/date-words';
import type { Customer } from '../customers/customer';
import type { CampaignSend, EngineState, Offer } from '../planning/state';
import { campaignRule } from './campaign-rule';
import { offerCodeFor } from './offers';
import type { SegmentFilter } from './segment';

/** One message each recipient gets: on a local date and wall time, or, without them, now. */
export interface CampaignSendPlan {
  /** With the campaign's rule, names the message for good: `<YYYY-MM-DD>:<what>`. */
  key: string;
  template: string;
  on?: string;
  at?: LocalTime;
}

export interface VisitDetails {
  city: string;
  country?: string;
  owner?: string;
  arrivalOn: string;
  departureOn: string;
  hotel: string;
  phone: string;
  daysBefore: number;
}

/** A campaign as stored: the request resolved, its segment frozen at creation. */
export interface CampaignSpec {
  id: string;
  name: string;
  kind: 'message' | 'visit';
  filter: SegmentFilter;
  segmentId?: string;
  channels: ChannelPolicy;
  sends: CampaignSendPlan[];
  chase: boolean;
  maxDelayDays: number;
  spreadMinutes: number;
  offer?: { prefix: string; expiresOn: string };
  details: Record<string, string | number>;
  visit?: VisitDetails;
  createdAt: string;
  /** A digest of the request it was created from, when created under an `Idempotency-Key`. */
  requestDigest?: string;
}

/** The sends one recipient gets, resolved on their calendar (a "now" send is due today, now). */
export function campaignSendsFor(spec: CampaignSpec, timezone: string, now: Date): CampaignSend[] {
  return spec.sends.map((send) => ({
    campaignId: spec.id,
    key: send.key,
    template: send.template,
    channels: spec.channels,
    dueOn: send.on ?? localDateOf(now, timezone),
    ...(send.at ? { sendAt: send.at } : { dueAt: now.toISOString() }),
    spreadMinutes: spec.spreadMinutes,
    maxDelayDays: spec.maxDelayDays,
    chase: spec.chase,
  }));
}

/**
 * The customer's state with the campaign's sends waiting on it, and their
 * offer code beside them. Idempotent: a send already waiting, or already
 * dealt with (the rule's done marker has passed its key), is not added again,
 * so a repeated page changes nothing.
 */
export function queueCampaign(
  state: EngineState,
  spec: CampaignSpec,
  customer: Customer,
  now: Date,
  signingKey: string,
): { state: EngineState; added: number } {
  const done = state.done[campaignRule(spec.id)] ?? '';
  const fresh = campaignSendsFor(spec, customer.timezone, now).filter(
    (send) =>
      send.key > done && !state.campaignSends.some((w) => w.campaignId === spec.id && w.key === send.key),
  );
  if (fresh.length === 0) return { state, added: 0 };
  const offers: Offer[] =
    spec.offer && !state.offers.some((o) => o.campaignId === spec.id)
      ? [
          ...state.offers,
          {
            campaignId: spec.id,
            code: offerCodeFor(signingKey, spec.id, customer.customerId, spec.offer.prefix),
            expiresOn: spec.offer.expiresOn,
          },
        ]
      : state.offers;
  return {
    state: { ...state, campaignSends: [...state.campaignSends, ...fresh], offers },
    added: fresh.length,
  };
}

/**
 * The template variables of a campaign message (`campaign`, and `offer` and
 * `visit` only when the campaign has them: a template that needs one the
 * campaign lacks fails its check when the campaign is created).
 */
export function campaignVariables(
  spec: CampaignSpec,
  state: EngineState,
  locale: string,
): Record<string, unknown> {
  const offer = state.offers.find((o) => o.campaignId === spec.id);
  const { visit } = spec;
  return {
    campaign: { id: spec.id, name: spec.name, details: spec.details },
    ...(offer
      ? {
          offer: {
            code: offer.code,
            expiresOn: offer.expiresOn,
            expiresText: dateText(offer.expiresOn, locale),
          },
        }
      : {}),
    ...(visit
      ? {
          visit: {
            city: visit.city,
            arrivalOn: visit.arrivalOn,
            departureOn: visit.departureOn,
            arrivalText: dateText(visit.arrivalOn, locale),
            departureText: dateText(visit.departureOn, locale),
            hotel: visit.hotel,
            phone: visit.phone,
            daysBefore: visit.daysBefore,
          },
        }
      : {}),
  };
}

/** The last local date any of the campaign's messages may still go out on. */
/** How often a fanned-out campaign is looked at for completion while its sends are due. */
export const COMPLETION_CHECK_MS = 3600_000;

/**
 * When to look next whether a fanned-out campaign is done: hourly, but not
 * before its first send date can begin anywhere (UTC+14) nor after the day
 * past its last send date, when it is done by definition.
 * @example nextCompletionCheck(spec, now) // an hour from now while its sends go out
 */
export function nextCompletionCheck(spec: CampaignSpec, now: Date): Date {
  const dates = spec.sends.map((s) => s.on ?? spec.createdAt.slice(0, 10)).sort();
  const firstPossible = Date.parse(`${dates[0]}T00:00:00Z`) - 14 * 3600_000;
  const doneBy = Date.parse(`${addDays(lastSendDate(spec), 1)}T00:00:00Z`);
  return new Date(Math.min(Math.max(now.getTime() + COMPLETION_CHECK_MS, firstPossible), doneBy));
}

export function lastSendDate(spec: CampaignSpec): string {
  const dates = spec.sends.map((s) => s.on ?? spec.createdAt.slice(0, 10));
  // A "now" send lands in the next window at the latest: a day later on the far side of the date line.
  return addDays([...dates].sort().at(-1)!, spec.maxDelayDays + 1);
}
