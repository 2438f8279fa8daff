import * as z from 'zod';
import { channelPolicySchema } from '../cadence/cadence-rules';
import { addDays } from '../calendars/calendar-dates';
import { atLocalTime, type LocalTime, localTimePattern } from '../calendars/local-time';
import { toE164 } from '../customers/phone';
import { ValidationError } from '../errors';
import type { SendWindow } from '../planning/send-window';
import { onFirstUse, storableNumber } from '../validation';
import type { CampaignSendPlan, CampaignSpec } from './campaign';
import type { SegmentFilter } from './segment';
import { segmentIdSchema } from './segment-id';

const templateName = z.lazy(() =>
  z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a template name such as campaign-offer'),
);
const name = z.lazy(() => z.string().trim().min(1).max(200));
const localDateTime = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;
const time = z.lazy(() => z.string().regex(localTimePattern, 'must be HH:mm'));
/** A saved segment's id, or a filter written out in place (checked against segmentFilterSchema). */
const segmentRef = z.lazy(() =>
  z.union([segmentIdSchema, z.record(z.string(), z.unknown())], {
    error: 'must be a saved segment id or a segment filter object',
  }),
);

/** Values a campaign hands its template as `campaign.details.<name>` (an event's date and place…). */
const detailsSchema = z.lazy(() =>
  z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'detail names are letters, digits and _'),
      z.union([z.string().max(500), storableNumber()]),
    )
    .refine((details) => Object.keys(details).length <= 20, 'at most 20 details'),
);

const offerSchema = z.lazy(() =>
  z
    .strictObject({
      /** What every code starts with, e.g. SPRING in SPRING-7K3M9QX2TD. */
      prefix: z
        .string()
        .regex(/^[A-Z0-9]{1,8}$/, 'must be 1-8 capital letters or digits')
        .default('OFFER'),
      /** The code is good for this many days from the (first) send date… */
      validDays: z.number().int().min(1).max(365).optional(),
      /** …or until this local date. */
      expiresOn: z.iso.date().optional(),
    })
    .refine((o) => (o.validDays === undefined) !== (o.expiresOn === undefined), {
      message: 'give exactly one of validDays or expiresOn',
    }),
);

/** Fields several schemas share: built with the first of them, once. */
const common = onFirstUse(() => ({
  name,
  details: detailsSchema.optional(),
  /** Sends due on the same local day spread over this many minutes after the send time. */
  spreadMinutes: z.number().int().min(0).max(240).default(60),
  /** Validate, count the audience and preview, writing nothing. */
  dryRun: z.boolean().default(false),
}));

const messageCampaignSchema = z.lazy(() =>
  z.strictObject({
    kind: z.literal('message'),
    ...common(),
    segment: segmentRef,
    template: templateName,
    channels: channelPolicySchema,
    /** "now", or a local wall time applied in each recipient's own zone. */
    sendAt: z
      .string()
      .refine(
        (v) => v === 'now' || localDateTime.test(v),
        'must be "now" or a local date and time such as 2027-03-17T10:00',
      ),
    chase: z.boolean().default(false),
    offer: offerSchema.optional(),
    /** How many days the caps may move a message before it is dropped. */
    maxDelayDays: z.number().int().min(0).max(14).default(2),
  }),
);

const visitCampaignSchema = z.lazy(() =>
  z.strictObject({
    kind: z.literal('visit'),
    ...common(),
    /** Narrows the audience further (tags, tier…); city, country and owner come from `visit`. */
    segment: segmentRef.optional(),
    channels: channelPolicySchema.default('sms'),
    /** The local time both messages go out at. */
    sendAt: time.default('10:00'),
    visit: z.strictObject({
      /** The salesperson travelling, by email or name: only their customers are told. */
      owner: z.string().trim().min(1).max(200).optional(),
      city: z.string().trim().min(1).max(100),
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as CN')
        .transform((c) => c.toUpperCase())
        .optional(),
      arrival: z.iso.date(),
      departure: z.iso.date(),
      hotel: z.string().trim().min(1).max(200),
      phone: z.string().trim().min(3).max(40),
      /** The first message goes this many days before arrival; the second on arrival day. */
      daysBefore: z.number().int().min(1).max(30).default(3),
    }),
    templates: z
      .strictObject({ before: templateName.optional(), arrival: templateName.optional() })
      .default({}),
  }),
);

/**
 * `POST /v1/campaigns`: a message to a segment (`kind` "message", the default)
 * or the ready-made visit announcement (`kind` "visit").
 */
export const campaignRequestSchema = z.lazy(() =>
  z.preprocess(
    (value) =>
      value && typeof value === 'object' && !Array.isArray(value) && !('kind' in value)
        ? { ...value, kind: 'message' }
        : value,
    z.discriminatedUnion('kind', [messageCampaignSchema, visitCampaignSchema], {
      error: 'kind: must be "message" or "visit"',
    }),
  ),
);

export type CampaignRequest = z.output<typeof campaignRequestSchema>;

/** The latest zone on Earth (UTC-12): a wall time past there is past everywhere. */
const LAST_ZONE = 'Etc/GMT+12';

function invalid(path: string, message: string): never {
  throw new ValidationError(`invalid campaign: ${path}: ${message}`, [{ path, message }]);
}

function checkWallTime(path: string, on: string, at: LocalTime, now: Date, window: SendWindow): void {
  if (at < window.start || at >= window.end) {
    invalid(path, `${at} is outside the daytime send window ${window.start}-${window.end}`);
  }
  if (atLocalTime(on, at, LAST_ZONE).getTime() <= now.getTime()) {
    invalid(path, `${on} ${at} has already passed in every time zone`);
  }
}

/**
 * Resolves a campaign request into what is stored: the send plan, the offer's
 * expiry, the visit's segment. Pure; refuses a send time in the past or
 * outside the window, impossible visit dates, and a bad phone number.
 * @example campaignSpecOf(request, { id: 'cmp-1', now, window, filter }).sends[0]?.key // '2027-03-17:send'
 */
export function campaignSpecOf(
  request: CampaignRequest,
  context: { id: string; now: Date; window: SendWindow; filter: SegmentFilter; segmentId?: string },
): CampaignSpec {
  const { id, now, window } = context;
  const createdAt = now.toISOString();
  const base = {
    id,
    name: request.name,
    spreadMinutes: request.spreadMinutes,
    details: request.details ?? {},
    createdAt,
    ...(context.segmentId ? { segmentId: context.segmentId } : {}),
  };
  if (request.kind === 'message') {
    const match = localDateTime.exec(request.sendAt);
    let send: CampaignSendPlan;
    if (match) {
      const [, on, at] = match as unknown as [string, string, string];
      checkWallTime('sendAt', on, at, now, window);
      send = { key: `${on}:send`, template: request.template, on, at };
    } else {
      send = { key: `${createdAt.slice(0, 10)}:send`, template: request.template };
    }
    const firstDay = send.on ?? createdAt.slice(0, 10);
    const offer = request.offer
      ? {
          prefix: request.offer.prefix,
          expiresOn: request.offer.expiresOn ?? addDays(firstDay, request.offer.validDays ?? 0),
        }
      : undefined;
    if (offer && offer.expiresOn < firstDay)
      invalid('offer.expiresOn', `${offer.expiresOn} is before the send date ${firstDay}`);
    return {
      ...base,
      kind: 'message',
      filter: context.filter,
      channels: request.channels,
      sends: [send],
      chase: request.chase,
      maxDelayDays: request.maxDelayDays,
      ...(offer ? { offer } : {}),
    };
  }
  const { visit } = request;
  const { everyone: _everyone, ...narrowing } = context.filter;
  for (const field of ['city', 'country', 'owner'] as const) {
    if (narrowing[field]) invalid(`segment.${field}`, `a visit takes its ${field} from visit.${field}`);
  }
  if (visit.departure < visit.arrival) invalid('visit.departure', 'must not be before visit.arrival');
  const phone = toE164(visit.phone, visit.country);
  if (!phone) invalid('visit.phone', 'must be a valid phone number (in +E.164 form, or set visit.country)');
  const announceOn = addDays(visit.arrival, -visit.daysBefore);
  checkWallTime('visit.daysBefore', announceOn, request.sendAt, now, window);
  return {
    ...base,
    kind: 'visit',
    filter: {
      ...narrowing,
      city: [visit.city],
      ...(visit.country ? { country: [visit.country] } : {}),
      ...(visit.owner ? { owner: [visit.owner] } : {}),
    },
    channels: request.channels,
    sends: [
      {
        key: `${announceOn}:before`,
        template: request.templates.before ?? 'visit-announcement',
        on: announceOn,
        at: request.sendAt,
      },
      {
        key: `${visit.arrival}:arrival`,
        template: request.templates.arrival ?? 'visit-arrival',
        on: visit.arrival,
        at: request.sendAt,
      },
    ],
    chase: false,
    // An announcement a day late is no announcement: the caps drop it rather than move it.
    maxDelayDays: 0,
    visit: {
      city: visit.city,
      ...(visit.country ? { country: visit.country } : {}),
      ...(visit.owner ? { owner: visit.owner } : {}),
      arrivalOn: visit.arrival,
      departureOn: visit.departure,
      hotel: visit.hotel,
      phone,
      daysBefore: visit.daysBefore,
    },
  };
}
