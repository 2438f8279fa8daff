import { createHash } from 'node:crypto';

/**
 * The id of the message a rule sends to a customer for one occurrence. It is a
 * pure function of its inputs, so a retried or duplicated fire computes the
 * same id and the store's conditional write lets only one through.
 * @example messageIdFor('c-42', 'chase', 'm1:1') // 'a3f0…' (20 hex characters)
 */
export function messageIdFor(customerId: string, rule: string, occurrence: string): string {
  return createHash('sha256')
    .update(`${customerId}\u0000${rule}\u0000${occurrence}`)
    .digest('hex')
    .slice(0, 20);
}

/** A stable id for content that may arrive twice (an inbound email or SMS). */
export function contentIdFor(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
}
