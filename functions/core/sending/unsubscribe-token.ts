import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../customers/customer';

function tag(payload: string, key: string): string {
  return createHmac('sha256', `unsubscribe:${key}`).update(payload).digest('base64url').slice(0, 22);
}

/**
 * A signed, unguessable token naming the customer and channel an unsubscribe
 * link stops; it needs no lookup and cannot be forged for another customer.
 * @example unsubscribeToken('c-42', 'email', key) // 'YzQyfGVtYWls.k3…'
 */
export function unsubscribeToken(customerId: string, channel: Channel, key: string): string {
  const payload = Buffer.from(`${customerId}|${channel}`).toString('base64url');
  return `${payload}.${tag(payload, key)}`;
}

export function readUnsubscribeToken(
  token: string,
  key: string,
): { customerId: string; channel: Channel } | undefined {
  const [payload, given] = token.split('.');
  if (!payload || !given) return undefined;
  const expected = Buffer.from(tag(payload, key));
  // Compare byte lengths: a non-ASCII tag of the right character count is still the wrong size.
  const givenBytes = Buffer.from(given);
  if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected)) return undefined;
  const [customerId, channel] = Buffer.from(payload, 'base64url').toString('utf8').split('|');
  if (!customerId || (channel !== 'email' && channel !== 'sms')) return undefined;
  return { customerId, channel };
}
