import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  deliveryHeaders,
  endpointInputSchema,
  endpointSecret,
  endpointUrlProblem,
  signingSecrets,
  subscribes,
} from '../../../functions/core/webhooks/endpoint';
import { webhookEventId } from '../../../functions/core/webhooks/events';

const onAws = { allowLoopbackHttp: false };
const local = { allowLoopbackHttp: true };

describe('endpointUrlProblem', () => {
  it('takes https to a public host anywhere, and http://127.0.0.1 only on the local engine', () => {
    expect(endpointUrlProblem('https://crm.example.com/hooks/nurture?x=1', onAws)).toBeUndefined();
    expect(endpointUrlProblem('http://127.0.0.1:4000/hook', local)).toBeUndefined();
    expect(endpointUrlProblem('http://127.0.0.1:4000/hook', onAws)).toBe('must be an https URL');
    expect(endpointUrlProblem('http://crm.example.com/hook', local)).toMatch(
      /https URL, or http:\/\/127\.0\.0\.1/,
    );
    expect(endpointUrlProblem('http://localhost:4000/hook', local)).toMatch(/https/);
  });

  it('refuses hosts no public receiver has, credentials, fragments and what is not a URL', () => {
    for (const url of [
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.8/hook',
      'https://192.168.1.2/hook',
      'https://172.20.0.1/hook',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://localhost/hook',
      'https://metadata.google.internal/hook',
    ]) {
      expect(endpointUrlProblem(url, onAws), url).toMatch(/public host/);
    }
    expect(endpointUrlProblem('https://user:pw@crm.example.com/', onAws)).toMatch(/user name/);
    expect(endpointUrlProblem('https://crm.example.com/#x', onAws)).toMatch(/fragment/);
    expect(endpointUrlProblem('crm.example.com/hook', onAws)).toMatch(/absolute URL/);
    expect(endpointUrlProblem('ftp://crm.example.com/', onAws)).toBe('must be an https URL');
  });
});

describe('endpointInputSchema', () => {
  it('takes known event types, each once, at least one', () => {
    expect(
      endpointInputSchema.safeParse({ url: 'https://a.example', events: ['message.sent'] }).success,
    ).toBe(true);
    expect(endpointInputSchema.safeParse({ url: 'https://a.example', events: [] }).success).toBe(false);
    expect(
      endpointInputSchema.safeParse({ url: 'https://a.example', events: ['message.opened'] }).success,
    ).toBe(false);
    expect(
      endpointInputSchema.safeParse({ url: 'https://a.example', events: ['task.done', 'task.done'] }).success,
    ).toBe(false);
    expect(endpointInputSchema.safeParse({ url: 'x'.repeat(2049), events: ['task.done'] }).success).toBe(
      false,
    );
  });
});

describe('endpoint secrets and signatures', () => {
  const now = new Date('2027-02-06T02:00:00Z');
  const current = endpointSecret(Buffer.alloc(24, 7));
  const old = endpointSecret(Buffer.alloc(32, 9));

  it('are whsec_ and the base64 of 24 to 64 random bytes', () => {
    expect(current).toBe(`whsec_${Buffer.alloc(24, 7).toString('base64')}`);
    expect(() => endpointSecret(Buffer.alloc(16))).toThrow(/24 to 64/);
  });

  it('sign with both secrets during a rotation, and with the new one alone after it', () => {
    const rotating = { secret: current, previousSecret: { secret: old, until: '2027-02-07T02:00:00Z' } };
    expect(signingSecrets(rotating, now)).toEqual([current, old]);
    expect(signingSecrets(rotating, new Date('2027-02-07T02:00:00Z'))).toEqual([current]);
    expect(signingSecrets({ secret: current }, now)).toEqual([current]);
  });

  it('verify with the Standard Webhooks reference library under either secret of a rotation', () => {
    const body = '{"type":"message.sent","timestamp":"2027-02-06T02:00:00.000Z","data":{"customerId":"c-1"}}';
    const headers = deliveryHeaders([current, old], 'evt_1', now, body);
    expect(headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    // The library checks the timestamp against its own clock: verify at the delivery's time.
    const at = (wh: Webhook) => {
      const realNow = Date.now;
      Date.now = () => now.getTime();
      try {
        return wh.verify(body, headers);
      } finally {
        Date.now = realNow;
      }
    };
    expect(at(new Webhook(current))).toEqual(JSON.parse(body));
    expect(at(new Webhook(old))).toEqual(JSON.parse(body));
    expect(() => at(new Webhook(endpointSecret(Buffer.alloc(24, 1))))).toThrow(/No matching signature/);
  });
});

describe('subscribes and event ids', () => {
  it('sends an endpoint only the types it asked for, and nothing while disabled', () => {
    const endpoint = { events: ['task.created' as const] };
    expect(subscribes(endpoint, 'task.created')).toBe(true);
    expect(subscribes(endpoint, 'task.done')).toBe(false);
    expect(
      subscribes(
        { ...endpoint, disabled: { at: '2027-01-01T00:00:00Z', reason: 'HTTP 410' } },
        'task.created',
      ),
    ).toBe(false);
  });

  it('gives one event one id, whatever emits it how often', () => {
    const id = webhookEventId('message.sent', 'm-1');
    expect(id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(webhookEventId('message.sent', 'm-1')).toBe(id);
    expect(webhookEventId('message.delivered', 'm-1')).not.toBe(id);
    expect(webhookEventId('message.sent', 'm-', '1')).not.toBe(webhookEventId('message.sent', 'm-1'));
  });
});
