import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type WebhookEventType,
  webhookEventSchemas,
  webhookEventTypes,
} from '../../functions/core/webhooks/events';
import { sesEvent } from '../engine/delivery-events/ses-fixtures';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import {
  type Received,
  startReceiver,
  type TestReceiver,
  verifyWithLibrary,
} from '../support/webhook-receiver';

type Endpoint = { id: string; url: string; events: string[]; secret: string; disabled: unknown };
type Payload = { type: string; timestamp: string; data: Record<string, unknown> };
type Documented = {
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: JsonSchema }> } } }>;
};
type JsonSchema = { properties: Record<string, JsonSchema>; required?: string[] };

const wang = { ...WANG, phone: '+8613800138000', owner: LI_LEI };

describe('outbound webhooks, to a receiver on this machine', () => {
  let engine: TestEngine;
  let receiver: TestReceiver;

  beforeEach(async () => {
    engine = await startTestEngine();
    receiver = await startReceiver(engine.clock);
  });
  afterEach(async () => {
    await engine.dispose();
    await receiver.stop();
  });

  const register = async (path: string, events: readonly string[] = webhookEventTypes) => {
    const { status, body } = await engine.json<Endpoint>('POST', '/v1/webhook-endpoints', {
      url: receiver.url(path),
      events,
    });
    expect(status).toBe(201);
    return body;
  };
  const letter = async (customerId: string, chase = false) => {
    const { status, body } = await engine.json<{ message: { id: string; replyTo: string } }>(
      'POST',
      `/v1/customers/${customerId}/messages`,
      { template: 'hello-again', channel: 'email', chase },
    );
    expect(status).toBe(201);
    return body.message;
  };
  const settle = () => engine.webhookQueue.settled();
  const on = (path: string) => receiver.requests.filter((r) => r.path === path);
  const payloadOf = (request: Received) => JSON.parse(request.body) as Payload;

  it('sends each event type, once per event, signed so the Standard Webhooks library verifies it, with the documented payload', async () => {
    const endpoint = await register('/crm');
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(endpoint.events).toEqual(webhookEventTypes);
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await engine.callOk('PUT', '/v1/customers/c-li', {
      ...wang,
      name: '李娜',
      email: 'li.na@example.com',
      phone: '+8613900139000',
    });
    await engine.callOk('PUT', '/v1/customers/c-zhou', {
      ...wang,
      name: '周杰',
      email: 'zhou.jie@example.com',
      phone: '+8613700137000',
    });

    // A letter, its delivery and a reply; a complaint about it; STOP by SMS.
    const hello = await letter('c-wang');
    await engine.callOk('POST', '/_local/events/ses', sesEvent('delivery', { messageId: hello.id }));
    await engine.callOk('POST', '/_local/inbound/email', {
      from: wang.email,
      to: hello.replyTo,
      subject: 'Re: 你好',
      text: '收到了,谢谢!下周我来店里看看。',
    });
    await engine.callOk('POST', '/_local/events/ses', sesEvent('complaint', { messageId: hello.id }));
    // SNS delivers at least once: the same notification again emits nothing new.
    await engine.callOk('POST', '/_local/events/ses', sesEvent('complaint', { messageId: hello.id }));
    await engine.callOk('POST', '/_local/inbound/sms', { from: wang.phone, body: 'STOP' });
    // A hard bounce of another customer's letter.
    const bounced = await letter('c-zhou');
    await engine.callOk(
      'POST',
      '/_local/events/ses',
      sesEvent('bounce-permanent', { messageId: bounced.id, to: 'zhou.jie@example.com' }),
    );
    // A chase nobody answers ends in a call task for the owner, marked done.
    await letter('c-li', true);
    await engine.advance('P11D');
    const file = await engine.callOk<{ timeline: { type: string; id: string }[] }>(
      'GET',
      '/v1/customers/c-li',
    );
    const task = file.timeline.find((e) => e.type === 'task')!;
    await engine.callOk('POST', `/v1/customers/c-li/tasks/${task.id}/done`);
    // A campaign to everyone still reachable, sent now: done within the hour.
    await engine.callOk('POST', '/v1/campaigns', {
      name: 'Spring new arrivals',
      segment: { everyone: true },
      template: 'campaign-new-arrivals',
      channels: 'email',
      sendAt: 'now',
      details: { highlight: 'walnut dining chairs' },
    });
    await engine.advance('PT3H');
    await settle();

    const requests = on('/crm');
    const payloads = requests.map((request) => {
      // Verified by the reference library, under the endpoint's secret, at the time it arrived.
      expect(verifyWithLibrary(endpoint.secret, request)).toEqual(JSON.parse(request.body));
      return { id: request.headers['webhook-id'] as string, ...payloadOf(request) };
    });
    // Every type, and each event once: the receiver said 200 to every one.
    expect(new Set(payloads.map((p) => p.type))).toEqual(new Set(webhookEventTypes));
    expect(new Set(payloads.map((p) => p.id)).size).toBe(payloads.length);
    // The data of each is what the OpenAPI document publishes for its type, no more, no less.
    const doc = (await (await engine.app.request('/openapi.json')).json()) as Documented;
    for (const payload of payloads) {
      const schema = doc.webhooks[payload.type]!.post.requestBody.content['application/json']!.schema;
      const data = schema.properties.data!;
      expect(
        Object.keys(payload.data).filter((k) => !(k in data.properties)),
        payload.type,
      ).toEqual([]);
      expect(
        (data.required ?? []).filter((k) => !(k in payload.data)),
        payload.type,
      ).toEqual([]);
      expect(webhookEventSchemas()[payload.type as WebhookEventType].safeParse(payload.data).success).toBe(
        true,
      );
    }
    const only = (type: string) => payloads.filter((p) => p.type === type).map((p) => p.data);
    expect(only('message.sent')).toEqual(
      expect.arrayContaining([
        {
          customerId: 'c-wang',
          messageId: hello.id,
          channel: 'email',
          template: 'hello-again',
          rule: 'letter',
          at: '2027-02-06T02:00:00.000Z',
        },
      ]),
    );
    expect(only('message.delivered')).toEqual([
      expect.objectContaining({
        customerId: 'c-wang',
        messageId: hello.id,
        channel: 'email',
        template: 'hello-again',
      }),
    ]);
    expect(only('reply.received')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          customerId: 'c-wang',
          messageId: hello.id,
          channel: 'email',
          kind: 'reply',
          excerpt: '收到了,谢谢!下周我来店里看看。',
        }),
        expect.objectContaining({
          customerId: 'c-wang',
          channel: 'sms',
          kind: 'unsubscribe',
          excerpt: 'STOP',
        }),
      ]),
    );
    expect(only('message.complained')).toEqual([
      expect.objectContaining({ customerId: 'c-wang', messageId: hello.id }),
    ]);
    expect(only('message.bounced')).toEqual([
      expect.objectContaining({
        customerId: 'c-zhou',
        messageId: bounced.id,
        bounce: 'hard',
        detail: expect.stringMatching(/Permanent/),
      }),
    ]);
    expect(only('customer.unsubscribed')).toEqual([
      expect.objectContaining({ customerId: 'c-wang', channel: 'sms', source: 'inbound-sms' }),
    ]);
    expect(only('customer.suppressed').map((d) => [d.customerId, d.channel, d.address, d.reason])).toEqual(
      expect.arrayContaining([
        ['c-wang', 'email', 'wang.fang@example.com', 'complaint'],
        ['c-wang', 'sms', '+8613800138000', 'stop'],
        ['c-zhou', 'email', 'zhou.jie@example.com', 'hard-bounce'],
      ]),
    );
    expect(only('task.created')).toEqual([
      expect.objectContaining({ customerId: 'c-li', taskId: task.id, task: 'call' }),
    ]);
    expect(only('task.done')).toEqual([
      expect.objectContaining({ customerId: 'c-li', taskId: task.id, task: 'call' }),
    ]);
    expect(only('campaign.completed')).toEqual([
      expect.objectContaining({
        name: 'Spring new arrivals',
        progress: expect.objectContaining({ sent: 1 }),
      }),
    ]);
    // The delivery log has every one delivered at its first attempt.
    const log = await engine.callOk<{ deliveries: { status: string; attempts: number }[] }>(
      'GET',
      `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=100`,
    );
    expect(log.deliveries).toHaveLength(payloads.length);
    expect(log.deliveries.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('sends an endpoint only the types it asked for', async () => {
    await register('/tasks-only', ['task.created']);
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await letter('c-wang');
    await settle();
    expect(on('/tasks-only')).toEqual([]);
  });

  it('tries a receiver that answered 500 again, five seconds later, with the same webhook-id', async () => {
    const endpoint = await register('/flaky', ['message.sent']);
    receiver.answer('/flaky', [500, 200]);
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await letter('c-wang');
    await settle();
    expect(on('/flaky')).toHaveLength(1);
    await engine.advance('PT4S');
    expect(on('/flaky')).toHaveLength(1);
    await engine.advance('PT1S');
    const [first, second] = on('/flaky');
    expect(on('/flaky')).toHaveLength(2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(second!.at.getTime() - first!.at.getTime()).toBe(5000);
    // Each attempt is signed at its own time, and verifies.
    expect(Number(second!.headers['webhook-timestamp']) - Number(first!.headers['webhook-timestamp'])).toBe(
      5,
    );
    for (const request of [first!, second!]) verifyWithLibrary(endpoint.secret, request);
    const log = await engine.callOk<{ deliveries: Record<string, unknown>[] }>(
      'GET',
      `/v1/webhook-endpoints/${endpoint.id}/deliveries`,
    );
    expect(log.deliveries).toEqual([
      expect.objectContaining({
        webhookId: first!.headers['webhook-id'],
        type: 'message.sent',
        status: 'delivered',
        attempts: 2,
        responseStatus: 200,
      }),
    ]);
  });

  it('disables an endpoint that answers 410, keeps the event as a dead letter, and replays it once enabled', async () => {
    const endpoint = await register('/gone', ['message.sent']);
    receiver.answer('/gone', [410]);
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await letter('c-wang');
    await settle();
    const [refused] = on('/gone');
    const listed = await engine.callOk<{ endpoints: Endpoint[] }>('GET', '/v1/webhook-endpoints');
    expect(listed.endpoints[0]!.disabled).toEqual({
      at: '2027-02-06T02:00:00.000Z',
      reason: 'HTTP 410 (Gone)',
    });
    // Nothing more goes to it: not a retry, not the next event. That one was emitted before the
    // engine's cached endpoint list knew (it is read once a minute), so it is kept, unsent.
    const sms = await engine.callOk<{ message: { id: string } }>('POST', '/v1/customers/c-wang/messages', {
      template: 'hello-again',
      channel: 'sms',
    });
    await engine.advance('P2D');
    expect(on('/gone')).toHaveLength(1);
    const dead = await engine.callOk<{
      deliveries: { webhookId: string; error: string; responseStatus?: number }[];
    }>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=dead`);
    const refusedId = refused!.headers['webhook-id'] as string;
    expect(dead.deliveries).toHaveLength(2);
    expect(dead.deliveries.find((d) => d.webhookId === refusedId)).toMatchObject({
      error: 'HTTP 410 (Gone)',
      responseStatus: 410,
    });
    expect(dead.deliveries.find((d) => d.webhookId !== refusedId)).toMatchObject({
      error: 'endpoint disabled: HTTP 410 (Gone)',
    });
    expect((await engine.call('POST', `/v1/webhook-endpoints/${endpoint.id}/replay`)).status).toBe(409);
    await engine.callOk('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
    const replay = await engine.callOk<{ replayed: string[]; more: boolean }>(
      'POST',
      `/v1/webhook-endpoints/${endpoint.id}/replay`,
    );
    expect(new Set(replay.replayed)).toEqual(new Set(dead.deliveries.map((d) => d.webhookId)));
    await settle();
    const delivered = on('/gone').slice(1);
    expect(new Set(delivered.map((r) => r.headers['webhook-id']))).toEqual(new Set(replay.replayed));
    expect(delivered.map((r) => (JSON.parse(r.body) as Payload).data.messageId)).toContain(sms.message.id);
    // A second replay finds no dead letter left.
    const again = await engine.callOk<{ replayed: string[] }>(
      'POST',
      `/v1/webhook-endpoints/${endpoint.id}/replay`,
    );
    expect(again.replayed).toEqual([]);
  });

  it('keeps trying for a day and more on the schedule, then files a dead letter', async () => {
    const endpoint = await register('/down', ['message.sent']);
    receiver.answer('/down', Array(20).fill(503));
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await letter('c-wang');
    await engine.advance('P2D');
    const times = on('/down').map((r) => (r.at.getTime() - on('/down')[0]!.at.getTime()) / 1000);
    expect(times).toEqual([0, 5, 305, 2105, 9305, 27_305, 63_305, 99_305]);
    const dead = await engine.callOk<{ deliveries: { attempts: number; error: string }[] }>(
      'GET',
      `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=dead`,
    );
    expect(dead.deliveries).toEqual([
      expect.objectContaining({ attempts: 8, error: 'HTTP 503; gave up after 8 attempts' }),
    ]);
  });

  it('signs with both secrets for a day after a rotation, then with the new one', async () => {
    const endpoint = await register('/rotating', ['message.sent']);
    const rotated = await engine.callOk<Endpoint & { previousSecretUntil: string }>(
      'PATCH',
      `/v1/webhook-endpoints/${endpoint.id}`,
      { rotateSecret: true },
    );
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.previousSecretUntil).toBe('2027-02-07T02:00:00.000Z');
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await letter('c-wang');
    await settle();
    const [during] = on('/rotating');
    expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    verifyWithLibrary(endpoint.secret, during!);
    verifyWithLibrary(rotated.secret, during!);
    await engine.advance('P1D');
    await engine.callOk('POST', '/v1/customers/c-wang/messages', {
      template: 'hello-again',
      channel: 'email',
    });
    await settle();
    const after = on('/rotating').at(-1)!;
    verifyWithLibrary(rotated.secret, after);
    expect(() => verifyWithLibrary(endpoint.secret, after)).toThrow(/No matching signature/);
  });

  it('answers the letter without waiting for a slow receiver', async () => {
    await register('/slow', ['message.sent']);
    receiver.answer('/slow', [{ status: 200, delayMs: 1500 }]);
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    const started = performance.now();
    await letter('c-wang');
    expect(performance.now() - started).toBeLessThan(1000);
    await settle();
    expect(on('/slow')).toHaveLength(1);
  });

  it('refuses what is not a receiver, names the field, and changes nothing', async () => {
    for (const [body, field] of [
      [{ url: 'http://crm.example.com/hook', events: ['task.done'] }, 'url'],
      [{ url: 'https://169.254.169.254/latest', events: ['task.done'] }, 'url'],
      [{ url: receiver.url('/x'), events: ['message.opened'] }, 'events.0'],
      [{ url: receiver.url('/x'), events: [] }, 'events'],
      [{ url: receiver.url('/x'), events: ['task.done'], colour: 'red' }, 'colour'],
    ] as const) {
      const { status, body: answer } = await engine.json<{ issues: { path: string }[] }>(
        'POST',
        '/v1/webhook-endpoints',
        body,
      );
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answer.issues[0]!.path).toBe(field);
    }
    expect((await engine.callOk<{ endpoints: unknown[] }>('GET', '/v1/webhook-endpoints')).endpoints).toEqual(
      [],
    );
    expect((await engine.call('GET', '/v1/webhook-endpoints/ep_0000000000000000')).status).toBe(404);
    expect((await engine.call('GET', '/v1/webhook-endpoints/nope')).status).toBe(400);
    const endpoint = await register('/x', ['task.done']);
    expect((await engine.call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {})).status).toBe(400);
    expect(await engine.callOk('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).toEqual({ deleted: true });
    expect(await engine.callOk('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).toEqual({ deleted: false });
  });
});
