import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sesEvent } from '../engine/delivery-events/ses-fixtures';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const wang = {
  name: 'Wang Fang',
  email: 'wang.fang@example.com',
  phone: '+8613800138000',
  locale: 'en',
  timezone: 'Asia/Shanghai',
  country: 'CN',
};

describe('what the engine counts, on the local engine', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine({ start: '2027-03-02T02:00:00Z' });
  });
  afterEach(async () => {
    await engine.dispose();
  });

  const letter = async (channel: 'email' | 'sms') => {
    const { status, body } = await engine.json<{ message: { id: string; replyTo?: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      { template: 'hello-again', channel },
    );
    expect(status).toBe(201);
    return body.message;
  };

  it('counts every alarm rung', async () => {
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    const nextAt = (await engine.deps.store.customers.get('c-wang'))!.nextAt!;
    expect(engine.metrics.total('Fires')).toBe(0);
    await engine.call('POST', '/_local/clock', { set: nextAt });
    expect(engine.metrics.total('Fires')).toBe(1);
  });

  it('counts sends by channel, replies by kind and delivery events by type, each once', async () => {
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    const email = await letter('email');
    await letter('sms');
    expect(engine.metrics.total('MessagesSent', { channel: 'email' })).toBe(1);
    expect(engine.metrics.total('MessagesSent', { channel: 'sms' })).toBe(1);

    const reply = { from: wang.email, to: email.replyTo, subject: 'Re: hello', text: 'Thanks, got it!' };
    expect((await engine.call('POST', '/_local/inbound/email', reply)).status).toBe(200);
    expect(
      (await engine.call('POST', '/_local/inbound/sms', { from: wang.phone, body: 'STOP' })).status,
    ).toBe(200);
    expect(engine.metrics.total('Replies', { kind: 'reply' })).toBe(1);
    expect(engine.metrics.total('Replies', { kind: 'unsubscribe' })).toBe(1);
    // The reply was acknowledged at once: a send like any other.
    expect(engine.metrics.total('MessagesSent', { channel: 'email' })).toBe(2);

    const complaint = sesEvent('complaint', { messageId: email.id });
    expect((await engine.call('POST', '/_local/events/ses', complaint)).status).toBe(200);
    // SNS delivers at least once: the same notification again is recorded, and counted, once.
    expect((await engine.call('POST', '/_local/events/ses', complaint)).status).toBe(200);
    expect(
      (await engine.call('POST', '/_local/events/ses', sesEvent('delivery', { messageId: email.id }))).status,
    ).toBe(200);
    expect(engine.metrics.total('DeliveryEvents', { event: 'complaint' })).toBe(1);
    expect(engine.metrics.total('DeliveryEvents', { event: 'delivery' })).toBe(1);

    const { body } = await engine.json<{ metrics: unknown[] }>('GET', '/_local/metrics');
    expect(body.metrics).toEqual(
      expect.arrayContaining([
        { name: 'MessagesSent', dimensions: { channel: 'email' }, value: 2 },
        { name: 'Replies', dimensions: { kind: 'reply' }, value: 1 },
        { name: 'DeliveryEvents', dimensions: { event: 'complaint' }, value: 1 },
      ]),
    );
  });

  it('counts a send the provider refused as failed, by channel', async () => {
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    engine.delivery.sms.send = async () => {
      throw new Error('Throttling: rate exceeded');
    };
    const { status } = await engine.json('POST', '/v1/customers/c-wang/messages', {
      template: 'hello-again',
      channel: 'sms',
    });
    expect(status).toBe(502);
    expect(engine.metrics.total('MessagesFailed', { channel: 'sms' })).toBe(1);
    expect(engine.metrics.total('MessagesSent')).toBe(0);
  });
});
