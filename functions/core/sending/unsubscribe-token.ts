import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../customers/customer';

function tag(payload: string, key: string): string {
  return createHmac('sha256', `unsubscribe:${key}`).update(payload).digest('base64url').slice(0, 22);
}

/** A keyed digest of the address a link was sent to: the link binds it without showing it. */
function addressTag(address: string, key: string): string {
  return createHmac('sha256', `unsubscribe-address:${key}`)
    .update(address.trim().toLowerCase())
    .digest('base64url')
    .slice(0, 12);
}

const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/;

/**
 * A signed, unguessable token naming the customer and channel an unsubscribe
 * link stops, and the address it was sent to; it needs no lookup and cannot be
 * forged for another customer or address.
 * @example unsubscribeToken('c-42', 'email', key, 'wang@example.com') // 'YzQyfGVtYWlsfH…'
 */
export function unsubscribeToken(
  customerId: string,
  channel: Channel,
  key: string,
  address?: string,
): string {
  const bound = address === undefined ? '' : `|${addressTag(address, key)}`;
  const payload = Buffer.from(`${customerId}|${channel}${bound}`).toString('base64url');
  return `${payload}.${tag(payload, key)}`;
}

export interface UnsubscribeTarget {
  customerId: string;
  channel: Channel;
  /** The digest of the address the link was sent to (absent in links from before addresses were bound). */
  addressTag?: string;
}

/** The token exactly as issued, or undefined: no suffix, no other alphabet, no tampered part. */
export function readUnsubscribeToken(token: string, key: string): UnsubscribeTarget | undefined {
  if (!TOKEN.test(token)) return undefined;
  const [payload, given] = token.split('.') as [string, string];
  const expected = Buffer.from(tag(payload, key));
  const givenBytes = Buffer.from(given);
  if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected)) return undefined;
  const [customerId, channel, bound, ...rest] = Buffer.from(payload, 'base64url').toString('utf8').split('|');
  if (!customerId || (channel !== 'email' && channel !== 'sms') || rest.length > 0) return undefined;
  return { customerId, channel, ...(bound !== undefined ? { addressTag: bound } : {}) };
}

/** Whether a link still speaks for `address`: the one it was sent to (or an unbound older link). */
export function linkBinds(target: UnsubscribeTarget, address: string | undefined, key: string): boolean {
  if (target.addressTag === undefined) return true;
  return address !== undefined && addressTag(address, key) === target.addressTag;
}
