import { createHmac, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks allows five minutes of clock skew either way. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type WebhookVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing-headers' | 'bad-secret' | 'stale-timestamp' | 'bad-signature' };

function secretKey(secret: string): Buffer | undefined {
  if (!secret.startsWith('whsec_')) return undefined;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return key.length > 0 ? key : undefined;
}

/**
 * Signs a payload the Standard Webhooks way: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 * @example signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_1', 1700000000, '{}')
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = secretKey(secret);
  if (!key) throw new Error('webhook secret must be whsec_<base64>');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * Verifies a Standard Webhooks signature against the raw body at time `now`.
 * Any of the space-separated `v1,` signatures may match (secret rotation).
 */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  now: Date,
): WebhookVerdict {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing-headers' };
  const key = secretKey(secret);
  if (!key) return { ok: false, reason: 'bad-secret' };
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'stale-timestamp' };
  }
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  for (const candidate of signature.split(' ')) {
    const [version, mac] = candidate.split(',', 2);
    if (version !== 'v1' || !mac) continue;
    const given = Buffer.from(mac, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'bad-signature' };
}
