import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  linkBinds,
  readUnsubscribeToken,
  unsubscribeToken,
} from '../../../functions/core/sending/unsubscribe-token';

const key = 'unsubscribe-signing-key';
const otherKey = 'another-signing-key';

describe('unsubscribeToken', () => {
  it('is base64url(customerId|channel).<22-char base64url HMAC tag>', () => {
    const payload = Buffer.from('crm-1001|email').toString('base64url');
    const tag = createHmac('sha256', `unsubscribe:${key}`).update(payload).digest('base64url').slice(0, 22);
    expect(unsubscribeToken('crm-1001', 'email', key)).toBe(`${payload}.${tag}`);
  });

  it('is URL-safe and short enough to be a URL path segment and an email local part', () => {
    const token = unsubscribeToken('crm-1001', 'sms', key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(token.length).toBeLessThanOrEqual(64);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('differs per channel, customer and key', () => {
    const token = unsubscribeToken('crm-1001', 'email', key);
    expect(unsubscribeToken('crm-1001', 'sms', key)).not.toBe(token);
    expect(unsubscribeToken('crm-1002', 'email', key)).not.toBe(token);
    expect(unsubscribeToken('crm-1001', 'email', otherKey)).not.toBe(token);
  });
});

describe('readUnsubscribeToken', () => {
  it('round-trips both channels, including long ids with every allowed character', () => {
    expect(readUnsubscribeToken(unsubscribeToken('crm-1001', 'email', key), key)).toEqual({
      customerId: 'crm-1001',
      channel: 'email',
    });
    expect(readUnsubscribeToken(unsubscribeToken('crm-1001', 'sms', key), key)).toEqual({
      customerId: 'crm-1001',
      channel: 'sms',
    });
    const longId = `a.b_c:d@e-${'x'.repeat(118)}`;
    expect(readUnsubscribeToken(unsubscribeToken(longId, 'email', key), key)).toEqual({
      customerId: longId,
      channel: 'email',
    });
  });

  it('rejects a token signed with another key', () => {
    expect(readUnsubscribeToken(unsubscribeToken('crm-1001', 'email', otherKey), key)).toBeUndefined();
  });

  it('rejects a forged tag', () => {
    const [payload, tag] = unsubscribeToken('crm-1001', 'email', key).split('.') as [string, string];
    const flipped = `${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`;
    expect(readUnsubscribeToken(`${payload}.${flipped}`, key)).toBeUndefined();
    expect(readUnsubscribeToken(`${payload}.${'A'.repeat(22)}`, key)).toBeUndefined();
    expect(readUnsubscribeToken(`${payload}.${tag.slice(0, 21)}`, key)).toBeUndefined();
    expect(readUnsubscribeToken(`${payload}.${tag}A`, key)).toBeUndefined();
  });

  it("rejects another customer's payload under a valid tag", () => {
    const [, tag] = unsubscribeToken('crm-1001', 'email', key).split('.');
    const forgedPayload = Buffer.from('crm-1002|email').toString('base64url');
    expect(readUnsubscribeToken(`${forgedPayload}.${tag}`, key)).toBeUndefined();
    const otherChannel = Buffer.from('crm-1001|sms').toString('base64url');
    expect(readUnsubscribeToken(`${otherChannel}.${tag}`, key)).toBeUndefined();
  });

  it('rejects malformed tokens', () => {
    expect(readUnsubscribeToken('', key)).toBeUndefined();
    expect(readUnsubscribeToken('no-dot', key)).toBeUndefined();
    expect(readUnsubscribeToken('.onlytag', key)).toBeUndefined();
    expect(readUnsubscribeToken(`${Buffer.from('x').toString('base64url')}.`, key)).toBeUndefined();
  });

  it('rejects a correctly signed payload with an unknown channel', () => {
    const payload = Buffer.from('crm-1001|fax').toString('base64url');
    const tag = createHmac('sha256', `unsubscribe:${key}`).update(payload).digest('base64url').slice(0, 22);
    expect(readUnsubscribeToken(`${payload}.${tag}`, key)).toBeUndefined();
  });

  // Regression: the tag check compares string lengths, then byte buffers. A tag of 22
  // non-ASCII characters (e.g. a mangled or hostile /u/<token> URL) makes
  // timingSafeEqual throw RangeError instead of the token being rejected.
  it('rejects (does not throw on) a tag of 22 non-ASCII characters', () => {
    const [payload] = unsubscribeToken('crm-1001', 'email', key).split('.');
    expect(readUnsubscribeToken(`${payload}.${'é'.repeat(22)}`, key)).toBeUndefined();
  });
});

describe('exact and bound tokens', () => {
  it('accepts the token exactly: no suffix, prefix or extra part', () => {
    const token = unsubscribeToken('crm-1001', 'email', key, 'wang@example.com');
    expect(readUnsubscribeToken(token, key)).toMatchObject({ customerId: 'crm-1001', channel: 'email' });
    for (const altered of [
      `${token}.x`,
      `${token}.`,
      `x${token}`,
      `${token}%20`,
      `${token}/`,
      ` ${token}`,
      `${token}\n`,
    ]) {
      expect(readUnsubscribeToken(altered, key), altered).toBeUndefined();
    }
  });

  it('binds the address it was sent to, in any case, and no other', () => {
    const target = readUnsubscribeToken(unsubscribeToken('crm-1001', 'email', key, 'Wang@Example.com'), key)!;
    expect(linkBinds(target, 'wang@example.com', key)).toBe(true);
    expect(linkBinds(target, 'wang.new@example.com', key)).toBe(false);
    expect(linkBinds(target, undefined, key)).toBe(false);
    expect(JSON.stringify(target)).not.toContain('example');
    // Links sent before addresses were bound still unsubscribe the customer's channel.
    expect(
      linkBinds(readUnsubscribeToken(unsubscribeToken('crm-1001', 'email', key), key)!, 'x@y.z', key),
    ).toBe(true);
  });

  it('stays short enough for a URL path segment with the address bound', () => {
    const token = unsubscribeToken('crm-1001', 'email', key, 'someone.with.a.long.address@example.com');
    expect(token.length).toBeLessThanOrEqual(64);
    expect(encodeURIComponent(token)).toBe(token);
  });
});
