import { createHmac } from 'node:crypto';
import { normaliseAddress } from './address';

/**
 * What is kept of an erased customer's address on the suppression list, and of
 * an erased customer's id in the audit: a keyed hash (HMAC-SHA256 under a key
 * derived from the engine's signing key, so no table of common addresses can
 * reverse it), the same for every spelling of the address.
 * @example erasedHash('signing-key', 'Wang.Fang@Example.com') === erasedHash('signing-key', 'wang.fang@example.com')
 */
export function erasedHash(
  signingKey: string,
  value: string,
  kind: 'address' | 'customer' = 'address',
): string {
  const key = createHmac('sha256', signingKey).update('nurture erasure salt v1').digest();
  const subject = kind === 'address' ? normaliseAddress(value) : `customer:${value}`;
  return createHmac('sha256', key).update(subject).digest('hex').slice(0, 40);
}
