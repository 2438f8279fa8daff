import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentIdFor, messageIdFor } from '../../functions/core/ids';

const sha20 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 20);

describe('messageIdFor', () => {
  it('is the first 20 hex characters of sha256(customer NUL rule NUL occurrence)', () => {
    expect(messageIdFor('c-42', 'chase', 'm1:1')).toBe(sha20('c-42\u0000chase\u0000m1:1'));
    expect(messageIdFor('c-42', 'chase', 'm1:1')).toMatch(/^[0-9a-f]{20}$/);
  });

  it('is deterministic: a retried fire computes the same id', () => {
    const ids = Array.from({ length: 5 }, () => messageIdFor('crm-1001', 'chase', 'abc:2'));
    expect(new Set(ids).size).toBe(1);
  });

  it('differs when any part differs', () => {
    const base = messageIdFor('c-42', 'chase', 'm1:1');
    expect(messageIdFor('c-43', 'chase', 'm1:1')).not.toBe(base);
    expect(messageIdFor('c-42', 'monthly', 'm1:1')).not.toBe(base);
    expect(messageIdFor('c-42', 'chase', 'm1:2')).not.toBe(base);
  });

  it('separates the parts, so shifting characters between them changes the id', () => {
    expect(messageIdFor('ab', 'c', 'd')).not.toBe(messageIdFor('a', 'bc', 'd'));
    expect(messageIdFor('a', 'b', 'cd')).not.toBe(messageIdFor('a', 'bc', 'd'));
  });
});

describe('contentIdFor', () => {
  it('is the first 20 hex characters of sha256 of the NUL-joined parts', () => {
    expect(contentIdFor('sms', '+8613800138000', '收到')).toBe(sha20('sms\u0000+8613800138000\u0000收到'));
  });

  it('is deterministic, part-separated and order-sensitive', () => {
    expect(contentIdFor('a', 'b')).toBe(contentIdFor('a', 'b'));
    expect(contentIdFor('a', 'b')).not.toBe(contentIdFor('b', 'a'));
    expect(contentIdFor('ab', '')).not.toBe(contentIdFor('a', 'b'));
    expect(contentIdFor()).toBe(sha20(''));
  });
});
