import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../../functions/core/ids';
import { messageIdFromReplyAddress, replyAddressFor } from '../../../functions/core/replies/reply-token';

const key = 'reply-signing-key-for-tests';
const otherKey = 'another-signing-key';
const domain = 'reply.example.com';
const messageId = messageIdFor('crm-1001', 'chase', 'm1:1');

describe('replyAddressFor', () => {
  it('is reply+<id>-<16 hex HMAC tag>@domain', () => {
    const tag = createHmac('sha256', key).update(messageId).digest('hex').slice(0, 16);
    expect(replyAddressFor(messageId, domain, key)).toBe(`reply+${messageId}-${tag}@${domain}`);
  });

  it('keeps the local part within the 64-character limit', () => {
    const local = replyAddressFor(messageId, domain, key).split('@')[0]!;
    expect(local).toHaveLength(43);
    expect(local.length).toBeLessThanOrEqual(64);
    expect(local).toMatch(/^reply\+[0-9a-f]{20}-[0-9a-f]{16}$/);
  });

  it('is deterministic and differs per key and per message', () => {
    expect(replyAddressFor(messageId, domain, key)).toBe(replyAddressFor(messageId, domain, key));
    expect(replyAddressFor(messageId, domain, otherKey)).not.toBe(replyAddressFor(messageId, domain, key));
    const other = messageIdFor('crm-1001', 'chase', 'm1:2');
    expect(replyAddressFor(other, domain, key)).not.toBe(replyAddressFor(messageId, domain, key));
  });
});

describe('messageIdFromReplyAddress', () => {
  const address = replyAddressFor(messageId, domain, key);

  it('round-trips', () => {
    expect(messageIdFromReplyAddress(address, key)).toBe(messageId);
  });

  it('survives a mail system that upper-cases the local part, and a display name', () => {
    expect(messageIdFromReplyAddress(address.toUpperCase(), key)).toBe(messageId);
    expect(messageIdFromReplyAddress(`"Li Ming" <${address}>`, key)).toBe(messageId);
  });

  it('rejects the address under another key', () => {
    expect(messageIdFromReplyAddress(address, otherKey)).toBeUndefined();
  });

  it('rejects a forged tag', () => {
    expect(messageIdFromReplyAddress(`reply+${messageId}-0000000000000000@${domain}`, key)).toBeUndefined();
    const tag = address.slice(address.indexOf('-') + 1, address.indexOf('@'));
    const flipped = `${tag.slice(0, -1)}${tag.endsWith('0') ? '1' : '0'}`;
    expect(messageIdFromReplyAddress(`reply+${messageId}-${flipped}@${domain}`, key)).toBeUndefined();
  });

  it("rejects another message's id under a valid tag", () => {
    const tag = address.slice(address.indexOf('-') + 1, address.indexOf('@'));
    const other = messageIdFor('crm-1002', 'chase', 'm1:1');
    expect(messageIdFromReplyAddress(`reply+${other}-${tag}@${domain}`, key)).toBeUndefined();
  });

  it('rejects addresses that are not routing addresses', () => {
    expect(messageIdFromReplyAddress('wang.fang@example.cn', key)).toBeUndefined();
    expect(messageIdFromReplyAddress(`reply+${messageId}@${domain}`, key)).toBeUndefined();
    expect(
      messageIdFromReplyAddress(`reply+${messageId.slice(1)}-0123456789abcdef@${domain}`, key),
    ).toBeUndefined();
  });
});
