import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
} from '../../functions/core/webhook-signature';

// The example secret from the Standard Webhooks spec.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const otherSecret = `whsec_${Buffer.from('another key of 24 bytes!').toString('base64')}`;
const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const ts = 1_801_000_000;
const now = new Date(ts * 1000);
const body = '{"type":"customer.upserted","data":{"customerId":"crm-1001","name":"王芳"}}';

/** The Standard Webhooks signature, computed here without the module under test. */
function independentSignature(whsec: string, msgId: string, seconds: number, payload: string): string {
  const key = Buffer.from(whsec.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${msgId}.${seconds}.${payload}`, 'utf8').digest('base64')}`;
}

const headers = (signature: string | undefined, timestamp: string | undefined = String(ts)) => ({
  id,
  timestamp,
  signature,
});

describe('signWebhook', () => {
  it('matches an independent HMAC-SHA256 over id.timestamp.body with the base64-decoded key', () => {
    expect(signWebhook(secret, id, ts, body)).toBe(independentSignature(secret, id, ts, body));
  });

  it('matches the Standard Webhooks reference vector', () => {
    // From the standard-webhooks spec test suite.
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('has the v1,<44 base64 chars> shape', () => {
    expect(signWebhook(secret, id, ts, body)).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it('refuses a secret that is not whsec_<base64>', () => {
    expect(() => signWebhook('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id, ts, body)).toThrow(
      'webhook secret must be whsec_<base64>',
    );
    expect(() => signWebhook('whsec_', id, ts, body)).toThrow('webhook secret must be whsec_<base64>');
  });
});

describe('verifyWebhook', () => {
  it('accepts its own signature (round trip)', () => {
    expect(verifyWebhook(secret, headers(signWebhook(secret, id, ts, body)), body, now)).toEqual({
      ok: true,
    });
  });

  it('accepts a signature computed independently', () => {
    expect(verifyWebhook(secret, headers(independentSignature(secret, id, ts, body)), body, now)).toEqual({
      ok: true,
    });
  });

  it('rejects a signature made with another secret', () => {
    expect(
      verifyWebhook(secret, headers(independentSignature(otherSecret, id, ts, body)), body, now),
    ).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhook(otherSecret, headers(signWebhook(secret, id, ts, body)), body, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a tampered body, id or timestamp', () => {
    const signature = signWebhook(secret, id, ts, body);
    expect(verifyWebhook(secret, headers(signature), body.replace('王芳', '王方'), now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhook(secret, headers(signature), `${body} `, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhook(secret, { id: 'msg_other', timestamp: String(ts), signature }, body, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhook(secret, headers(signature, String(ts + 1)), body, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('accepts up to five minutes of skew either way', () => {
    expect(WEBHOOK_TOLERANCE_SECONDS).toBe(300);
    const signature = signWebhook(secret, id, ts, body);
    expect(verifyWebhook(secret, headers(signature), body, new Date((ts + 300) * 1000))).toEqual({
      ok: true,
    });
    expect(verifyWebhook(secret, headers(signature), body, new Date((ts - 300) * 1000))).toEqual({
      ok: true,
    });
  });

  it('rejects a timestamp 6 minutes old or 6 minutes in the future', () => {
    const old = ts - 360;
    expect(
      verifyWebhook(secret, headers(signWebhook(secret, id, old, body), String(old)), body, now),
    ).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    const future = ts + 360;
    expect(
      verifyWebhook(secret, headers(signWebhook(secret, id, future, body), String(future)), body, now),
    ).toEqual({ ok: false, reason: 'stale-timestamp' });
    // Just past the window.
    expect(
      verifyWebhook(secret, headers(signWebhook(secret, id, ts, body)), body, new Date((ts + 301) * 1000)),
    ).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it('rejects a non-integer timestamp', () => {
    for (const timestamp of ['1801000000.0', '-1801000000', 'soon', '1801000000 ']) {
      expect(verifyWebhook(secret, headers(signWebhook(secret, id, ts, body), timestamp), body, now)).toEqual(
        {
          ok: false,
          reason: 'stale-timestamp',
        },
      );
    }
  });

  it('rejects missing headers', () => {
    const signature = signWebhook(secret, id, ts, body);
    expect(verifyWebhook(secret, { id: undefined, timestamp: String(ts), signature }, body, now)).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
    expect(verifyWebhook(secret, { id, timestamp: undefined, signature }, body, now)).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
    expect(verifyWebhook(secret, { id, timestamp: String(ts), signature: undefined }, body, now)).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
    expect(verifyWebhook(secret, { id: '', timestamp: String(ts), signature }, body, now)).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
  });

  it('reports a bad secret', () => {
    expect(verifyWebhook('not-a-secret', headers(signWebhook(secret, id, ts, body)), body, now)).toEqual({
      ok: false,
      reason: 'bad-secret',
    });
  });

  it('accepts when one of several space-separated signatures is valid (rotation)', () => {
    const good = signWebhook(secret, id, ts, body);
    const bad = independentSignature(otherSecret, id, ts, body);
    expect(verifyWebhook(secret, headers(`${bad} ${good}`), body, now)).toEqual({ ok: true });
    expect(verifyWebhook(secret, headers(`${good} ${bad}`), body, now)).toEqual({ ok: true });
    expect(verifyWebhook(secret, headers(`v1a,${good.slice(3)} ${good}`), body, now)).toEqual({ ok: true });
  });

  it('rejects when none of several signatures is valid, or only a non-v1 one matches', () => {
    const good = signWebhook(secret, id, ts, body);
    const bad = independentSignature(otherSecret, id, ts, body);
    expect(verifyWebhook(secret, headers(`${bad} ${bad}`), body, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhook(secret, headers(`v2,${good.slice(3)}`), body, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhook(secret, headers(good.slice(3)), body, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhook(secret, headers('v1,'), body, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
