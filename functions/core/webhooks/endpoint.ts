import { isIP } from 'node:net';
import * as z from 'zod';
import { signWebhook } from '../webhook-signature';
import { type WebhookEventType, webhookEventTypes } from './events';

/** A registered receiver of events, as stored. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  description?: string;
  /** `whsec_<base64>`: every delivery is signed with it. */
  secret: string;
  /** The secret a rotation replaced, still signing beside the new one until `until`. */
  previousSecret?: { secret: string; until: string };
  /** Set when the receiver answered 410 Gone (or an admin disabled it): nothing is sent until enabled. */
  disabled?: { at: string; reason: string };
  createdAt: string;
  updatedAt: string;
}

/** At most this many endpoints: each event fans out to every one subscribed. */
export const MAX_ENDPOINTS = 20;
const MAX_URL_LENGTH = 2048;
/** How long the old secret keeps signing after a rotation, as Svix does: a day to move the receiver. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

const eventsSchema = z.lazy(() =>
  z
    .array(z.enum(webhookEventTypes))
    .min(1, 'must name at least one event type')
    .max(webhookEventTypes.length)
    .refine((events) => new Set(events).size === events.length, 'must not name an event type twice'),
);

export const endpointInputSchema = z.lazy(() =>
  z.strictObject({
    url: z.string().min(1).max(MAX_URL_LENGTH),
    events: eventsSchema,
    description: z.string().max(200).optional(),
  }),
);

export const endpointPatchSchema = z.lazy(() =>
  z
    .strictObject({
      url: z.string().min(1).max(MAX_URL_LENGTH).optional(),
      events: eventsSchema.optional(),
      description: z.string().max(200).optional(),
      enabled: z
        .boolean()
        .optional()
        .describe('`true` sends again to an endpoint a 410 (or `false`) disabled'),
      rotateSecret: z
        .literal(true)
        .optional()
        .describe('A new secret; the old one keeps signing beside it for 24 hours'),
    })
    .refine((patch) => Object.keys(patch).length > 0, 'must change something'),
);

/** Which receivers a world may call: https anywhere on AWS; locally also plain http on 127.0.0.1. */
export interface EndpointUrlPolicy {
  allowLoopbackHttp: boolean;
}

/** IPv4 and IPv6 literals no public receiver has: loopback, private, link-local (the metadata service). */
function isInternalAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) {
    const [a = 0, b = 0] = bare.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(bare) === 6)
    return bare === '::1' || /^(fc|fd|fe8|fe9|fea|feb)/i.test(bare) || bare.startsWith('::ffff:');
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal');
}

/**
 * Why a receiver's URL is refused, or undefined when it may be called: an
 * https URL to a public host, without credentials; on the local engine also
 * `http://127.0.0.1[:port]/…`, so a receiver on the same machine can listen.
 * @example endpointUrlProblem('http://example.com/hook', { allowLoopbackHttp: false }) // 'must be an https URL'
 */
export function endpointUrlProblem(raw: string, policy: EndpointUrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL such as https://crm.example.com/hooks/nurture';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a #fragment';
  if (policy.allowLoopbackHttp && url.protocol === 'http:' && url.hostname === '127.0.0.1') return undefined;
  if (url.protocol !== 'https:') {
    return policy.allowLoopbackHttp
      ? 'must be an https URL, or http://127.0.0.1 on the local engine'
      : 'must be an https URL';
  }
  if (isInternalAddress(url.hostname)) return 'must name a public host, not a loopback or private address';
  return undefined;
}

/**
 * A new endpoint secret from random bytes (24 of them, as Svix issues; the
 * spec asks for 24 to 64): `whsec_` and their base64.
 * @example endpointSecret(randomBytes(24)) // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
 */
export function endpointSecret(bytes: Uint8Array): string {
  if (bytes.length < 24 || bytes.length > 64)
    throw new Error('an endpoint secret takes 24 to 64 random bytes');
  return `whsec_${Buffer.from(bytes).toString('base64')}`;
}

/** The secrets a delivery at `now` is signed with: the current one, and the previous during a rotation. */
export function signingSecrets(
  endpoint: Pick<WebhookEndpoint, 'secret' | 'previousSecret'>,
  now: Date,
): string[] {
  const previous = endpoint.previousSecret;
  return previous && Date.parse(previous.until) > now.getTime()
    ? [endpoint.secret, previous.secret]
    : [endpoint.secret];
}

/**
 * The three Standard Webhooks headers of one delivery attempt: the event's
 * id, the attempt's time, and one `v1,` signature per secret, space-separated,
 * so a receiver holding either secret of a rotation verifies it.
 * @example deliveryHeaders(['whsec_…'], 'evt_1', now, body)['webhook-signature'] // 'v1,…'
 */
export function deliveryHeaders(
  secrets: readonly string[],
  webhookId: string,
  now: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const seconds = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': secrets.map((secret) => signWebhook(secret, webhookId, seconds, body)).join(' '),
  };
}

/** Whether an endpoint takes events of `type` now. */
export function subscribes(
  endpoint: Pick<WebhookEndpoint, 'events' | 'disabled'>,
  type: WebhookEventType,
): boolean {
  return !endpoint.disabled && endpoint.events.includes(type);
}
