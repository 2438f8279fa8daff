import { createHmac, timingSafeEqual } from 'node:crypto';

const TAG_LENGTH = 16;

function tag(messageId: string, key: string): string {
  return createHmac('sha256', key).update(messageId).digest('hex').slice(0, TAG_LENGTH);
}

/**
 * The routing address a message's replies come back to. The token is the
 * message id plus an HMAC tag, lower-case hex so mail systems that fold the
 * local part's case still deliver it, and short enough for the 64-character limit.
 * @example replyAddressFor('0123456789abcdef0123', 'reply.example.com', key) // 'reply+0123…-9f…@reply.example.com'
 */
export function replyAddressFor(messageId: string, inboundDomain: string, key: string): string {
  return `reply+${messageId}-${tag(messageId, key)}@${inboundDomain}`;
}

/**
 * The message id carried by a routing address, or undefined when the address
 * is not one of ours or its tag does not verify (forged or mistyped).
 */
export function messageIdFromReplyAddress(address: string, key: string): string | undefined {
  const match = /reply\+([0-9a-f]{20})-([0-9a-f]{16})@/i.exec(address);
  if (!match) return undefined;
  const messageId = match[1]!.toLowerCase();
  const expected = Buffer.from(tag(messageId, key));
  const given = Buffer.from(match[2]!.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected) ? messageId : undefined;
}
