import { SESClient } from '@aws-sdk/client-ses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendNow } from '../../../functions/engine/send/send-job';
import { RecordingMailer } from '../../../functions/ports/mailer/recording';
import { SesMailer } from '../../../functions/ports/mailer/ses';
import { InProcessSendQueue } from '../../../functions/ports/send-queue/in-process';
import { OutboxSms } from '../../../functions/ports/sms/outbox';
import type { MessageRecord } from '../../../functions/ports/store/index';
import { WANG } from '../../support/customers';
import { type FaultySes, startFaultySes } from '../../support/faulty-ses';
import { startTestEngine, type TestEngine } from '../../support/local-engine';

const wang = {
  ...WANG,
};

describe('the in-process send queue of the local engine', () => {
  let engine: TestEngine;
  let faulty: FaultySes;
  let ses: SESClient;

  beforeEach(async () => {
    engine = await startTestEngine();
    // The engine's own SES server, behind a front that can refuse a call as SES does.
    faulty = await startFaultySes(engine.sesEndpoint);
    ses = new SESClient({
      endpoint: faulty.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const { deps, outbox, clock } = engine;
    const delivery = {
      store: deps.store,
      mailer: new RecordingMailer(new SesMailer(ses, clock), outbox, clock),
      sms: new OutboxSms(outbox, clock),
      clock,
      log: deps.log,
      metrics: engine.metrics,
      webhooks: deps.webhooks,
    };
    deps.sendQueue = new InProcessSendQueue((job) => sendNow(delivery, job));
  });

  afterEach(async () => {
    ses.destroy();
    await faulty.stop();
    await engine.dispose();
  });

  it('answers a letter with the message already sent, as before the queue', async () => {
    expect((await engine.call('PUT', '/v1/customers/c-wang', wang)).status).toBe(201);
    const { status, body } = await engine.json<{ message: MessageRecord }>(
      'POST',
      '/v1/customers/c-wang/messages',
      {
        template: 'hello-again',
        channel: 'email',
      },
    );
    expect(status).toBe(201);
    expect(body.message).toMatchObject({ status: 'sent', sentAt: '2027-02-06T02:00:00.000Z' });
    expect(await engine.sent('c-wang')).toEqual([
      expect.objectContaining({ id: body.message.id, rule: 'letter' }),
    ]);
  });

  it('refuses a letter SES throttles with 502, and files it failed for a retry', async () => {
    expect((await engine.call('PUT', '/v1/customers/c-wang', wang)).status).toBe(201);
    faulty.failNext({ code: 'Throttling', message: 'Maximum sending rate exceeded.' });
    const refused = await engine.json('POST', '/v1/customers/c-wang/messages', {
      template: 'hello-again',
      channel: 'email',
    });
    expect(refused).toEqual({
      status: 502,
      body: {
        error: 'the email letter could not be sent: Throttling: Maximum sending rate exceeded.',
        code: 'provider-failed',
      },
    });
    expect(await engine.sent('c-wang')).toEqual([]);
  });

  it('retries a fired message the provider refused 15 minutes later, and sends it once', async () => {
    expect((await engine.call('PUT', '/v1/customers/c-wang', wang)).status).toBe(201);
    const { body } = await engine.json<{ message: MessageRecord }>('POST', '/v1/customers/c-wang/messages', {
      template: 'hello-again',
      channel: 'email',
      chase: true,
    });
    expect(body.message.status).toBe('sent');

    // Day 3, 09:00 in Shanghai: the follow-up is due, and SES refuses it once.
    faulty.failNext({ code: 'Throttling', message: 'Maximum sending rate exceeded.' });
    await engine.advance('P3D');
    const chase = (await engine.sent('c-wang')).filter((m) => m.rule === 'chase');
    expect(chase.map((m) => m.sentAt)).toEqual(['2027-02-09T01:15:00.000Z']);
    const file = await engine.json<{ timeline: (MessageRecord & { type: string })[] }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(file.body.timeline.filter((e) => e.type === 'message' && e.rule === 'chase')).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 2, sentAt: '2027-02-09T01:15:00.000Z' }),
    ]);
  });
});
