import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../../functions/core/sending/unsubscribe-token';
import { countTemplateEvent } from '../../../functions/engine/delivery-events/template-counts';
import { sendMessage } from '../../../functions/engine/send/send-message';
import { suppressAddress } from '../../../functions/engine/send/suppression';
import { LOCAL_DEFAULTS } from '../../../functions/wiring/config';
import { LI_LEI, WANG } from '../../support/customers';
import { startTestEngine, type TestEngine } from '../../support/local-engine';
import { sesEvent } from './ses-fixtures';

const wang = {
  ...WANG,
  phone: '+86 138 0013 8000',
  owner: LI_LEI,
};

interface Outcome {
  status: string;
  reason?: string;
  event?: string;
  suppressed?: number;
  counted?: string;
}

describe('delivery events and the suppression list, on the local engine', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
  });
  afterEach(async () => {
    await engine.dispose();
  });

  async function file(customerId: string, body: Record<string, unknown> = wang) {
    expect((await engine.call('PUT', `/v1/customers/${customerId}`, body)).status).toBe(201);
  }

  function letter(customerId: string, channel: 'email' | 'sms' = 'email', chase = false) {
    return engine.json<{ message: { id: string; to: string }; error?: string }>(
      'POST',
      `/v1/customers/${customerId}/messages`,
      { template: 'hello-again', channel, chase },
    );
  }

  async function sent(customerId: string, channel: 'email' | 'sms' = 'email') {
    const { status, body } = await letter(customerId, channel);
    expect(status).toBe(201);
    return body.message;
  }

  async function event(name: string, options: Parameters<typeof sesEvent>[1]) {
    const { status, body } = await engine.json<Outcome>(
      'POST',
      '/_local/events/ses',
      sesEvent(name, options),
    );
    expect(status).toBe(200);
    return body;
  }

  /** From now on, each DynamoDB request the engine makes, as `<command> <partition>`. */
  function countRequests(): string[] {
    const requests: string[] = [];
    engine.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as {
          Key?: { pk?: unknown };
          Item?: { pk?: unknown };
          ExpressionAttributeValues?: Record<string, unknown>;
        };
        const values = input.ExpressionAttributeValues;
        const pk = String(input.Key?.pk ?? input.Item?.pk ?? values?.[':ref'] ?? values?.[':pk']);
        // The local outbox stands in for SES and SNS: not the engine's own.
        if (pk !== 'OUTBOX') requests.push(`${String(context.commandName).replace(/Command$/, '')} ${pk}`);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    return requests;
  }

  async function templateRow(template = 'hello-again') {
    const { body } = await engine.json<{ templates: Record<string, unknown>[] }>(
      'GET',
      '/v1/stats/templates',
    );
    return body.templates.find((t) => t.template === template);
  }

  it('a hard bounce lists the address: the next letter to it is refused (422), for any customer holding it', async () => {
    await file('c-wang');
    const message = await sent('c-wang');
    expect(await event('bounce-permanent', { messageId: message.id })).toMatchObject({
      status: 'recorded',
      event: 'bounce',
      suppressed: 1,
      counted: 'bounced',
    });
    expect(await engine.deps.store.suppressions.get('wang.fang@example.com')).toMatchObject({
      reason: 'hard-bounce',
      source: 'ses:bounce',
    });

    const refused = await letter('c-wang');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/by email: suppressed/);
    // The same address under another customer, spelt differently, is refused too.
    await file('c-wang-2', { ...wang, email: 'Wang.Fang@Example.com' });
    expect((await letter('c-wang-2')).status).toBe(422);
    // The address is suppressed, not the customer: SMS still reaches her.
    expect((await letter('c-wang', 'sms')).status).toBe(201);

    const view = await engine.json<{ timeline: Record<string, unknown>[] }>('GET', '/v1/customers/c-wang');
    expect(view.body.timeline.find((e) => e.type === 'message' && e.id === message.id)).toMatchObject({
      delivery: {
        status: 'bounced',
        at: '2027-02-06T02:00:02.236Z',
        detail:
          'Permanent (General): smtp; 550 5.1.1 The email account that you tried to reach does not exist.',
      },
    });
    expect(view.body.timeline.filter((e) => e.type === 'event')).toEqual([
      expect.objectContaining({ messageId: message.id, event: 'bounce', at: '2027-02-06T02:00:02.236Z' }),
    ]);
  });

  it('a bounced address stops the chase at its next step instead of writing to it', async () => {
    await file('c-wang');
    const { body } = await letter('c-wang', 'email', true);
    await event('bounce-permanent', { messageId: body.message.id });
    await engine.advance('P3D');
    expect((await engine.sent('c-wang')).filter((m) => m.rule === 'chase')).toEqual([]);
    const view = await engine.json<{ chases: { status: string; endedBy?: string }[] }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(view.body.chases).toEqual([
      expect.objectContaining({ status: 'stopped', endedBy: 'suppressed-address' }),
    ]);
  });

  it('a complaint lists the address', async () => {
    await file('c-wang');
    const message = await sent('c-wang');
    expect(await event('complaint', { messageId: message.id })).toMatchObject({
      status: 'recorded',
      suppressed: 1,
      counted: 'complained',
    });
    expect(await engine.deps.store.suppressions.get(wang.email)).toMatchObject({
      reason: 'complaint',
      source: 'ses:complaint',
    });
    expect((await letter('c-wang')).status).toBe(422);
  });

  it('three soft bounces within 30 days list the address; two do not', async () => {
    await file('c-wang');
    const bounce = async (timestamp: string, feedbackId: string) =>
      event('bounce-transient', { messageId: (await sent('c-wang')).id, timestamp, feedbackId });

    expect(await bounce('2027-02-06T03:00:00.000Z', 'fb-1')).toMatchObject({ suppressed: 0 });
    expect(await bounce('2027-02-20T03:00:00.000Z', 'fb-2')).toMatchObject({ suppressed: 0 });
    expect(await engine.deps.store.suppressions.get(wang.email)).toBeUndefined();
    // An undetermined bounce counts as soft: the third.
    const third = await event('bounce-undetermined', {
      messageId: (await sent('c-wang')).id,
      timestamp: '2027-03-01T03:00:00.000Z',
      feedbackId: 'fb-3',
    });
    expect(third).toMatchObject({ status: 'recorded', suppressed: 1, counted: 'bounced' });
    expect(await engine.deps.store.suppressions.get(wang.email)).toMatchObject({
      reason: 'soft-bounce-repeated',
    });
    expect((await letter('c-wang')).status).toBe(422);
  });

  it('soft bounces further apart than 30 days never add up to three', async () => {
    await file('c-wang');
    for (const [timestamp, feedbackId] of [
      ['2027-01-01T00:00:00.000Z', 'fb-a'],
      ['2027-01-25T00:00:00.000Z', 'fb-b'],
      ['2027-02-27T00:00:00.000Z', 'fb-c'],
    ]) {
      await event('bounce-transient', { messageId: (await sent('c-wang')).id, timestamp, feedbackId });
    }
    expect(await engine.deps.store.suppressions.get(wang.email)).toBeUndefined();
  });

  it('an SNS notification delivered twice is recorded and counted once', async () => {
    await file('c-wang');
    const message = await sent('c-wang');
    expect(await event('delivery', { messageId: message.id })).toMatchObject({
      status: 'recorded',
      counted: 'delivered',
    });
    expect(await event('delivery', { messageId: message.id })).toMatchObject({ status: 'duplicate' });
    expect(await event('open', { messageId: message.id })).toMatchObject({
      status: 'recorded',
      counted: 'opened',
    });
    expect(await event('open', { messageId: message.id })).toMatchObject({ status: 'duplicate' });
    expect(await event('click', { messageId: message.id })).toMatchObject({
      status: 'recorded',
      counted: 'clicked',
    });
    expect(await event('click', { messageId: message.id })).toMatchObject({ status: 'duplicate' });
    // A soft bounce redelivered three times is one soft bounce, not three.
    for (let i = 0; i < 3; i++) await event('bounce-transient', { messageId: message.id });
    expect(await engine.deps.store.suppressions.get(wang.email)).toBeUndefined();
    expect(await templateRow()).toMatchObject({ sent: 1, delivered: 1, opened: 1, clicked: 1, bounced: 1 });

    // The common events live on the message entry; only the rare one has an entry of its own.
    const view = await engine.json<{ timeline: Record<string, unknown>[] }>('GET', '/v1/customers/c-wang');
    expect(view.body.timeline.filter((e) => e.type === 'event').map((e) => e.event)).toEqual(['bounce']);
    expect(view.body.timeline.find((e) => e.type === 'message')).toMatchObject({
      delivery: { status: 'soft-bounced', at: '2027-02-07T09:14:27.018Z' },
      openedAt: '2027-02-06T03:12:45.102Z',
      clickedAt: '2027-02-06T03:13:09.877Z',
    });
  });

  it('shows the delivery on the message; one reported after a later fate is counted but does not undo it', async () => {
    await file('c-wang');
    const delayed = await sent('c-wang');
    expect(await event('delivery-delay', { messageId: delayed.id })).toMatchObject({ status: 'recorded' });
    // Delayed, then delivered: the delivery ranks above the delay and is counted.
    expect(await event('delivery', { messageId: delayed.id })).toMatchObject({ counted: 'delivered' });
    const bounced = await sent('c-wang');
    await event('bounce-transient', { messageId: bounced.id });
    // Out of order (SNS keeps none): delivered, so counted, once, but the soft bounce stands.
    expect(await event('delivery', { messageId: bounced.id })).toMatchObject({ counted: 'delivered' });
    expect(await event('delivery', { messageId: bounced.id })).toMatchObject({ status: 'duplicate' });

    const messages = (
      await engine.json<{ timeline: Record<string, unknown>[] }>('GET', '/v1/customers/c-wang')
    ).body.timeline.filter((e) => e.type === 'message');
    expect(messages.find((m) => m.id === delayed.id)).toMatchObject({
      delivery: {
        status: 'delivered',
        at: '2027-02-06T02:00:01.873Z',
        detail: '250 2.0.0 OK  1801620001 d9443c01a7336-1f2e3a4b5c6d7si123456',
      },
      deliveredAt: '2027-02-06T02:00:01.873Z',
    });
    expect(messages.find((m) => m.id === bounced.id)).toMatchObject({
      delivery: { status: 'soft-bounced' },
      deliveredAt: '2027-02-06T02:00:01.873Z',
    });
    expect(await templateRow()).toMatchObject({ sent: 2, delivered: 2, bounced: 1 });
  });

  it('marks the message of an event with its customer tag without reading it first, and files no entry of its own', async () => {
    await file('c-wang');
    const message = await sent('c-wang');
    const requests = countRequests();
    expect(await event('delivery', { messageId: message.id, customerId: 'c-wang' })).toMatchObject({
      status: 'recorded',
      counted: 'delivered',
    });
    expect(requests.splice(0)).toEqual([
      'UpdateItem C#c-wang', // marked delivered, unless it already was: the idempotency guard, answering with the message
      'UpdateItem STATS', // the template's delivered counter
    ]);
    // Redelivered: the conditional update changes nothing; the read tells a repeat from a
    // message we do not know, and nothing is counted or written again.
    expect(await event('delivery', { messageId: message.id, customerId: 'c-wang' })).toMatchObject({
      status: 'duplicate',
    });
    expect(requests.splice(0)).toEqual(['UpdateItem C#c-wang', 'GetItem C#c-wang']);
    // A second open is a repeat the same way.
    expect(await event('open', { messageId: message.id, customerId: 'c-wang' })).toMatchObject({
      status: 'recorded',
      counted: 'opened',
    });
    expect(await event('open', { messageId: message.id, customerId: 'c-wang' })).toMatchObject({
      status: 'duplicate',
    });
    expect(requests.splice(0)).toEqual([
      'UpdateItem C#c-wang',
      'UpdateItem STATS',
      'UpdateItem C#c-wang',
      'GetItem C#c-wang',
    ]);
    // Without the tag (an email sent before it was set), the index finds the message first.
    expect(await event('click', { messageId: message.id })).toMatchObject({ counted: 'clicked' });
    expect(requests.splice(0)).toEqual([
      `Query MSG#${message.id}`,
      'GetItem C#c-wang',
      'UpdateItem C#c-wang',
      'UpdateItem STATS',
    ]);
    // A Send event adds nothing to what the send recorded: no request at all.
    expect(await event('send', { messageId: message.id, customerId: 'c-wang' })).toMatchObject({
      status: 'ignored',
      reason: 'nothing-to-record',
    });
    expect(requests).toEqual([]);
    expect(await templateRow()).toMatchObject({ sent: 1, delivered: 1, opened: 1, clicked: 1 });
  });

  it('ignores an event whose customer tag names a customer without that message', async () => {
    await file('c-wang');
    const message = await sent('c-wang');
    expect(await event('delivery', { messageId: message.id, customerId: 'c-someone-else' })).toMatchObject({
      status: 'ignored',
      reason: 'unknown-message',
    });
    expect(await templateRow()).toMatchObject({ sent: 1, delivered: 0 });
  });

  it('ignores, without error, an event for an unknown message or for an email that is not ours', async () => {
    expect(await event('bounce-permanent', { messageId: 'ffffffffffffffffffff' })).toMatchObject({
      status: 'ignored',
      reason: 'unknown-message',
    });
    const foreign = sesEvent('complaint', { messageId: 'x' }) as { mail: { tags: Record<string, unknown> } };
    delete foreign.mail.tags['nurture-message'];
    const headers = (foreign.mail as unknown as { headers: { name: string }[] }).headers;
    headers.splice(
      headers.findIndex((h) => h.name === 'X-Nurture-Message-Id'),
      1,
    );
    expect(await engine.json('POST', '/_local/events/ses', foreign)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ignored', reason: 'not-ours' }),
    });
    expect(await engine.deps.store.suppressions.get(wang.email)).toBeUndefined();
    expect((await engine.json('GET', '/v1/stats/templates')).body).toEqual({ templates: [] });
  });

  it('takes the SNS notification around the record too, and answers 400 naming the field for a bad one', async () => {
    await file('c-wang');
    const message = await sent('c-wang');
    const wrapped = {
      Type: 'Notification',
      Message: JSON.stringify(sesEvent('open', { messageId: message.id })),
    };
    expect((await engine.json('POST', '/_local/events/ses', wrapped)).body).toMatchObject({
      status: 'recorded',
      counted: 'opened',
    });
    const bad = await engine.json<{ error: string }>('POST', '/_local/events/ses', { eventType: 'Bounce' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^invalid SES event: .*mail/);
  });

  it('counts per template: sent, delivered, unique opens and clicks, replies, bounces, complaints, unsubscribes', async () => {
    const ids = ['c-1', 'c-2', 'c-3', 'c-4'];
    const messages: Record<string, string> = {};
    for (const [i, id] of ids.entries()) {
      await file(id, { ...wang, email: `customer${i}@example.com` });
      messages[id] = (await sent(id)).id;
    }
    const to = (id: string) => `customer${ids.indexOf(id)}@example.com`;
    for (const id of ['c-1', 'c-2', 'c-3']) await event('delivery', { messageId: messages[id]!, to: to(id) });
    await event('open', { messageId: messages['c-1']!, to: to('c-1') });
    // A second open of the same letter changes nothing: it is not a second opener.
    await event('open', {
      messageId: messages['c-1']!,
      to: to('c-1'),
      timestamp: '2027-02-07T01:00:00.000Z',
    });
    await event('open', { messageId: messages['c-2']!, to: to('c-2') });
    await event('click', { messageId: messages['c-1']!, to: to('c-1') });
    await event('bounce-permanent', { messageId: messages['c-4']!, to: to('c-4') });
    await event('complaint', { messageId: messages['c-3']!, to: to('c-3') });
    await countTemplateEvent(engine.deps, 'hello-again', 'replied', engine.clock.now());
    const token = unsubscribeToken('c-2', 'email', LOCAL_DEFAULTS.signingKey);
    expect((await engine.call('POST', `/u/${token}`)).status).toBe(200);

    expect(await templateRow()).toEqual({
      template: 'hello-again',
      sent: 4,
      delivered: 3,
      opened: 2,
      clicked: 1,
      replied: 1,
      bounced: 1,
      complained: 1,
      unsubscribed: 1,
      rates: {
        delivery: 0.75,
        open: 0.6667,
        click: 0.3333,
        reply: 0.25,
        bounce: 0.25,
        complaint: 0.25,
        unsubscribe: 0.25,
      },
    });
    const message = await engine.deps.store.timeline.findMessage(messages['c-1']!);
    expect(message).toMatchObject({
      openedAt: '2027-02-06T03:12:45.102Z',
      clickedAt: '2027-02-06T03:13:09.877Z',
    });
  });

  it('keeps the stats behind the API key', async () => {
    const response = await engine.call('GET', '/v1/stats/templates', undefined, {
      authorization: 'Bearer nope',
    });
    expect(response.status).toBe(401);
  });

  it('a one-click unsubscribe lists the address, counts once, and no other file reaches it', async () => {
    await file('c-wang');
    await sent('c-wang');
    const token = unsubscribeToken('c-wang', 'email', LOCAL_DEFAULTS.signingKey);
    expect((await engine.call('POST', `/u/${token}`)).status).toBe(200);
    expect((await engine.call('POST', `/u/${token}`)).status).toBe(200);
    expect(await engine.deps.store.suppressions.get(wang.email)).toMatchObject({
      reason: 'unsubscribe',
      source: 'one-click',
    });
    expect(await templateRow()).toMatchObject({ sent: 1, unsubscribed: 1 });
    await file('c-wang-2', { ...wang, email: 'WANG.FANG@example.com' });
    expect((await letter('c-wang-2')).body.error).toMatch(/by email: suppressed/);
    // The page a link scanner GETs unsubscribes nothing.
    const scanned = unsubscribeToken('c-wang-2', 'email', LOCAL_DEFAULTS.signingKey);
    expect((await engine.call('GET', `/u/${scanned}`)).status).toBe(200);
  });

  it('an unsubscribe link binds the address it was sent to: after a change of address it stops nothing new', async () => {
    await file('c-wang');
    await sent('c-wang');
    const link = (await engine.sent('c-wang')).at(-1)?.text.match(/\/u\/([A-Za-z0-9_.-]+)/)?.[1];
    expect(link).toBeDefined();
    expect(
      (await engine.call('PUT', '/v1/customers/c-wang', { ...wang, email: 'fang.wang@example.net' })).status,
    ).toBe(200);
    expect((await engine.call('POST', `/u/${link}`)).status).toBe(200);
    expect(await engine.deps.store.suppressions.get('fang.wang@example.net')).toBeUndefined();
    expect(await engine.deps.store.suppressions.get(wang.email)).toBeUndefined();
    expect((await letter('c-wang')).status).toBe(201);
    // The link in the letter to the new address does unsubscribe it; a suffixed copy of it is refused.
    const fresh = (await engine.sent('c-wang')).at(-1)?.text.match(/\/u\/([A-Za-z0-9_.-]+)/)?.[1];
    expect((await engine.call('POST', `/u/${fresh}.x`)).status).toBe(404);
    expect((await engine.call('POST', `/u/${fresh}`)).status).toBe(200);
    expect(await engine.deps.store.suppressions.get('fang.wang@example.net')).toMatchObject({
      reason: 'unsubscribe',
    });
  });

  it('the SMS path checks the list: a number listed by STOP is refused, however it is written', async () => {
    await file('c-wang');
    expect(await suppressAddress(engine.deps, '+86 138-0013-8000', 'stop', 'sms-stop')).toBe(true);
    expect(await suppressAddress(engine.deps, '+8613800138000', 'stop', 'sms-stop')).toBe(false);
    const refused = await letter('c-wang', 'sms');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/by sms: suppressed/);
    expect((await engine.sent('c-wang')).filter((m) => m.channel === 'sms')).toEqual([]);
    // Email is another address.
    expect((await letter('c-wang', 'email')).status).toBe(201);
  });

  it('checks owner alerts against the list too', async () => {
    await file('c-wang');
    await suppressAddress(engine.deps, 'LI.LEI@shop.example', 'hard-bounce', 'test');
    const record = (await engine.deps.store.customers.get('c-wang'))!;
    const outcome = await sendMessage(engine.deps, record.customer, record.state, {
      rule: 'owner-alert',
      occurrence: 'o-1',
      template: 'owner-call-task',
      channel: 'email',
      kind: 'transactional',
      toOwner: true,
      variables: { chase: { subject: null, sentOn: '2027-02-06', step: 3 }, task: { id: 't-1' } },
    });
    expect(outcome).toEqual({ status: 'unreachable', reason: 'suppressed-address' });
    expect(await engine.sent()).toEqual([]);
  });

  it('a letter costs four DynamoDB requests and a share of one counter write: profile, claim, sent, state (the list is mirrored on the state)', async () => {
    await file('c-wang');
    await file('c-li', { ...wang, email: 'li.na@example.com' });
    const sentSoFar = async () =>
      (await engine.deps.store.stats.templateCounts()).find((row) => row.template === 'hello-again')?.sent ??
      0;
    const before = await sentSoFar();
    const requests = countRequests();
    // The first send of the minute reads which webhook endpoints take `message.sent`; the rest reuse it.
    await sent('c-li');
    expect(requests.filter((r) => r.startsWith('Query HOOKS'))).toEqual(['Query HOOKS']);
    requests.length = 0;
    await sent('c-wang');
    expect(requests).toEqual([
      'GetItem C#c-wang', // the profile and engine state
      'UpdateItem C#c-wang', // the delivery's claim: the message filed, sending
      'UpdateItem C#c-wang', // marked sent
      'UpdateItem C#c-wang', // the state: lastSent
    ]);
    // The template's sent counter is summed with the window's other sends (as a send batch's
    // are on AWS): one write for both letters, made at the latest when the counts are read.
    requests.length = 0;
    expect(await sentSoFar()).toBe(before + 2);
    expect(requests.filter((r) => r.startsWith('UpdateItem'))).toEqual(['UpdateItem STATS']);
  });
});
