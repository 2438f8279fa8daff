import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FireReport } from '../../functions/engine/fire/fire';
import { type LocalSes, startLocalSes } from '../../functions/local/ses-server';
import type { SendJob } from '../../functions/ports/send-queue/index';
import {
  awsTestEnvironment,
  httpApiEvent,
  SEND_QUEUE_URL,
  sqsRecord,
  TEST_API_KEY,
} from '../support/aws-env';
import { createTable, type DynamoServer, startDynalite } from '../support/dynamo-servers';

type ApiHandler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

const httpEvent = (method: string, path: string, body?: unknown) =>
  httpApiEvent(method, path, TEST_API_KEY, body);

type SendHandler = (event: { Records: ReturnType<typeof sqsRecord>[] }) => Promise<{
  batchItemFailures: { itemIdentifier: string }[];
}>;

describe('the Lambda handlers, wired for AWS', () => {
  const scheduler = mockClient(SchedulerClient);
  const sqs = mockClient(SQSClient);
  let dynamo: DynamoServer;
  let ses: LocalSes;
  let api: ApiHandler;
  let fire: typeof import('../../functions/handlers/fire').handler;
  let send: SendHandler;

  /** The jobs handed to the send queue so far, as SQS holds them. */
  const queued = () => sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);

  beforeAll(async () => {
    // The handlers run on the system clock: hold its date still (timers run as usual) so which
    // cadence comes first does not depend on the day the suite runs.
    vi.useFakeTimers({ now: new Date('2027-02-10T02:00:00Z'), toFake: ['Date'] });
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-lambda');
    ses = await startLocalSes(0);
    Object.assign(
      process.env,
      awsTestEnvironment({
        table: 'nurture-lambda',
        dynamoEndpoint: dynamo.endpoint,
        sesEndpoint: ses.endpoint,
      }),
    );
    sqs.on(SendMessageCommand).resolves({ MessageId: 'sqs-0001' });
    api = (await import('../../functions/handlers/api')).handler as unknown as ApiHandler;
    fire = (await import('../../functions/handlers/fire')).handler;
    send = (await import('../../functions/handlers/send')).handler as SendHandler;
  });

  afterAll(async () => {
    vi.useRealTimers();
    scheduler.restore();
    sqs.restore();
    await dynamo.stop();
    await ses.stop();
  });

  it('serves the API from an HTTP API event: files a customer, queues a chased letter, arms the alarm', async () => {
    const put = await api(
      httpEvent('PUT', '/v1/customers/c-aws', {
        name: 'Wang Fang',
        email: 'wang@example.com',
        timezone: 'Asia/Shanghai',
      }),
      {},
    );
    expect(put.statusCode).toBe(201);

    const letter = await api(
      httpEvent('POST', '/v1/customers/c-aws/messages', {
        template: 'hello-again',
        channel: 'email',
        chase: true,
      }),
      {},
    );
    expect(letter.statusCode).toBe(201);
    const { message } = JSON.parse(letter.body) as {
      message: { id: string; status: string; sentAt?: string; replyTo: string };
    };
    // On AWS the api only claims and hands over: the send function delivers.
    expect(message).toMatchObject({ status: 'queued' });
    expect(message.sentAt).toBeUndefined();
    expect(message.replyTo).toMatch(/@reply\.nurture\.local$/);

    // One SQS message, its body the whole job: rendered, addressed, with its headers.
    const [input] = queued();
    expect(queued()).toHaveLength(1);
    expect(input).toEqual({ QueueUrl: SEND_QUEUE_URL, MessageBody: expect.any(String) });
    const job = JSON.parse(input!.MessageBody!) as SendJob;
    expect(job).toMatchObject({
      customerId: 'c-aws',
      messageId: message.id,
      rule: 'letter',
      template: 'hello-again',
      channel: 'email',
      email: {
        messageId: message.id,
        from: 'Nurture <hello@nurture.local>',
        to: 'wang@example.com',
        replyTo: message.replyTo,
        subject: expect.any(String),
        html: expect.stringContaining('Wang Fang'),
        text: expect.stringContaining('Wang Fang'),
        headers: {
          'List-Unsubscribe': expect.stringMatching(/^<https:\/\/api\.example\.com\/u\/.+>$/),
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
        context: { customerId: 'c-aws', rule: 'letter' },
      },
    });

    // Filing the customer armed the first cadence (the monthly letter); the chase moved the alarm earlier.
    const created = scheduler.commandCalls(CreateScheduleCommand);
    expect(created).toHaveLength(2);
    const schedule = created[1]!.args[0].input;
    expect(schedule).toMatchObject({
      Name: 'c-c-aws',
      GroupName: 'nurture',
      ActionAfterCompletion: 'DELETE',
      ScheduleExpressionTimezone: 'UTC',
      Target: {
        Arn: 'arn:aws:lambda:us-east-1:123456789012:function:nurture-fire',
        RoleArn: 'arn:aws:iam::123456789012:role/nurture-scheduler',
        Input: '{"customerId":"c-aws"}',
      },
    });
    // Day 3 of the chase (which starts when the letter is handed over), 09:00 in Shanghai.
    const shanghaiDate = new Date(Date.now() + 8 * 3600_000);
    const expected = new Date(
      Date.UTC(shanghaiDate.getUTCFullYear(), shanghaiDate.getUTCMonth(), shanghaiDate.getUTCDate() + 3, 1),
    );
    expect(schedule.ScheduleExpression).toBe(`at(${expected.toISOString().slice(0, 19)})`);

    // The send function takes the job off the queue: SES gets the email.
    const drained = await send({ Records: [sqsRecord(input!.MessageBody!, { messageId: 'sqs-0001' })] });
    expect(drained).toEqual({ batchItemFailures: [] });
    const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as {
      emails: { destination: { to: string[] }; replyTo: string[] }[];
    };
    expect(store.emails).toHaveLength(1);
    expect(store.emails.at(-1)).toMatchObject({
      destination: { to: ['wang@example.com'] },
      replyTo: [message.replyTo],
    });
    const file = JSON.parse((await api(httpEvent('GET', '/v1/customers/c-aws'), {})).body) as {
      timeline: { id: string; status?: string }[];
    };
    expect(file.timeline.find((entry) => entry.id === message.id)).toMatchObject({ status: 'sent' });
  });

  it('rejects a request without the API key', async () => {
    const event = httpEvent('GET', '/v1/customers/c-aws');
    event.headers.authorization = 'Bearer wrong';
    expect((await api(event, {})).statusCode).toBe(401);
  });

  it('fires a customer with nothing due: nothing is sent and the alarm is re-armed for the chase', async () => {
    const report = await fire({ customerId: 'c-aws' });
    expect(report).toMatchObject({ customerId: 'c-aws', actions: [] });
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(3);
  });

  it('fires a due chase step by handing it to the send queue, not to SES', async () => {
    const before = queued().length;
    // Three days on, past 09:00 in Shanghai: the "did you receive it?" follow-up is due.
    vi.setSystemTime(new Date(Date.now() + 3 * 86_400_000 + 3 * 3600_000));
    const report = (await fire({ customerId: 'c-aws' })) as FireReport;
    expect(report.actions).toEqual([expect.objectContaining({ rule: 'chase', outcome: 'queued' })]);
    expect(queued()).toHaveLength(before + 1);
    const job = JSON.parse(queued().at(-1)!.MessageBody!) as SendJob;
    expect(job).toMatchObject({ customerId: 'c-aws', rule: 'chase', channel: 'email' });
    const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as {
      emails: unknown[];
    };
    expect(store.emails).toHaveLength(1);

    // Not on the timeline until the send function claims it; then there, sent.
    const entryOf = async (id: string) =>
      (
        JSON.parse((await api(httpEvent('GET', '/v1/customers/c-aws'), {})).body) as {
          timeline: { id: string; status?: string; attempts?: number }[];
        }
      ).timeline.find((entry) => entry.id === id);
    expect(await entryOf(job.messageId)).toBeUndefined();
    const drained = await send({
      Records: [sqsRecord(queued().at(-1)!.MessageBody!, { messageId: 'sqs-chase' })],
    });
    expect(drained).toEqual({ batchItemFailures: [] });
    expect(await entryOf(job.messageId)).toMatchObject({ status: 'sent', attempts: 1, rule: 'chase' });
  });

  it('files the failure when the send queue refuses a message, and a retry hands it over again', async () => {
    const put = await api(
      httpEvent('PUT', '/v1/customers/c-sqs-down', { name: 'Li Lei', email: 'li@example.com' }),
      {},
    );
    expect(put.statusCode).toBe(201);
    const letterEvent = () => {
      const event = httpEvent('POST', '/v1/customers/c-sqs-down/messages', {
        template: 'hello-again',
        channel: 'email',
      });
      return { ...event, headers: { ...event.headers, 'idempotency-key': 'promo-7' } };
    };
    sqs.on(SendMessageCommand).rejects(new Error('Service unavailable'));
    const refused = await api(letterEvent(), {});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'sqs-0002' });
    expect(refused.statusCode).toBe(502);
    expect(JSON.parse(refused.body)).toEqual({
      error: 'the email letter could not be sent: not handed to the send queue: Service unavailable',
      code: 'provider-failed',
    });
    const timeline = async () =>
      (
        JSON.parse((await api(httpEvent('GET', '/v1/customers/c-sqs-down'), {})).body) as {
          timeline: { type: string; id: string; status?: string; error?: string }[];
        }
      ).timeline;
    expect(await timeline()).toEqual([
      expect.objectContaining({
        type: 'message',
        status: 'failed',
        error: 'not handed to the send queue: Service unavailable',
      }),
    ]);

    // The caller retries with the same key: handed over this time; its delivery claims the failed message.
    const before = queued().length;
    const retried = await api(letterEvent(), {});
    expect(retried.statusCode).toBe(201);
    const { message } = JSON.parse(retried.body) as { message: { id: string; status: string } };
    expect(message.status).toBe('queued');
    expect(queued()).toHaveLength(before + 1);
    const body = queued().at(-1)!.MessageBody!;
    expect(JSON.parse(body)).toMatchObject({ messageId: message.id });
    expect(await send({ Records: [sqsRecord(body, { messageId: 'sqs-after-refusal' })] })).toEqual({
      batchItemFailures: [],
    });
    const [entry] = await timeline();
    expect(await timeline()).toEqual([
      expect.objectContaining({ id: message.id, status: 'sent', attempts: 2 }),
    ]);
    expect(entry).not.toHaveProperty('error');
  });

  it('fires again 15 minutes later when the send queue refused the due message, and hands it over then', async () => {
    await api(httpEvent('PUT', '/v1/customers/c-retry', { name: 'Ann', email: 'ann@example.com' }), {});
    const letter = await api(
      httpEvent('POST', '/v1/customers/c-retry/messages', {
        template: 'hello-again',
        channel: 'email',
        chase: true,
      }),
      {},
    );
    expect(letter.statusCode).toBe(201);
    // Day 3 of the chase, in the customer's (default UTC) morning.
    vi.setSystemTime(new Date(Date.now() + 3 * 86_400_000 + 12 * 3600_000));
    sqs.on(SendMessageCommand).rejects(new Error('Service unavailable'));
    const failed = (await fire({ customerId: 'c-retry' })) as FireReport;
    sqs.on(SendMessageCommand).resolves({ MessageId: 'sqs-0003' });
    expect(failed.actions).toEqual([expect.objectContaining({ rule: 'chase', outcome: 'failed' })]);
    const retryAt = new Date(Date.now() + 15 * 60_000).toISOString().slice(0, 19);
    expect(scheduler.commandCalls(CreateScheduleCommand).at(-1)!.args[0].input).toMatchObject({
      Name: 'c-c-retry',
      ScheduleExpression: `at(${retryAt})`,
    });

    vi.setSystemTime(new Date(Date.now() + 15 * 60_000));
    const before = queued().length;
    const retried = (await fire({ customerId: 'c-retry' })) as FireReport;
    expect(retried.actions).toEqual([expect.objectContaining({ rule: 'chase', outcome: 'queued' })]);
    expect(queued()).toHaveLength(before + 1);
  });

  it('answers a retried letter as a duplicate, hands it over again only while it is not filed, and sends it once', async () => {
    await api(httpEvent('PUT', '/v1/customers/c-lost', { name: 'Bo', email: 'bo@example.com' }), {});
    const letterEvent = () => {
      const event = httpEvent('POST', '/v1/customers/c-lost/messages', {
        template: 'hello-again',
        channel: 'email',
      });
      return { ...event, headers: { ...event.headers, 'idempotency-key': 'promo-9' } };
    };
    const first = await api(letterEvent(), {});
    expect(first.statusCode).toBe(201);
    const firstJob = queued().at(-1)!.MessageBody!;

    // Five minutes on, the job still waits in the queue: the retry is a duplicate, handed over again,
    // as the first job may have been lost; either job's delivery claims the message, once.
    vi.setSystemTime(new Date(Date.now() + 5 * 60_000));
    const count = queued().length;
    const second = await api(letterEvent(), {});
    expect(second.statusCode).toBe(200);
    expect(JSON.parse(second.body)).toMatchObject({ duplicate: true, message: { status: 'queued' } });
    expect(queued()).toHaveLength(count + 1);
    const secondJob = queued().at(-1)!.MessageBody!;

    const emails = async () =>
      (
        (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as {
          emails: { destination: { to: string[] } }[];
        }
      ).emails.filter((e) => e.destination.to.includes('bo@example.com')).length;
    expect(
      await send({
        Records: [
          sqsRecord(secondJob, { messageId: 'sqs-second' }),
          sqsRecord(firstJob, { messageId: 'sqs-first' }),
        ],
      }),
    ).toEqual({ batchItemFailures: [] });
    expect(await emails()).toBe(1);

    // Once filed, a retry is answered from the timeline and hands nothing over.
    const third = await api(letterEvent(), {});
    expect(third.statusCode).toBe(200);
    expect(JSON.parse(third.body)).toMatchObject({
      duplicate: true,
      message: { status: 'sent', attempts: 1 },
    });
    expect(queued()).toHaveLength(count + 1);
    expect(await emails()).toBe(1);
  });

  it('fires for a customer that no longer exists by removing their alarm', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    await expect(fire({ customerId: 'c-gone' })).resolves.toMatchObject({
      customerId: 'c-gone',
      actions: [],
    });
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({
      Name: 'c-c-gone',
      GroupName: 'nurture',
    });
    await expect(fire({ customerId: 'not a valid id!' })).rejects.toThrow();
  });

  it('routes a campaign’s job alarm to its fan-out, on a schedule apart from the customers’', async () => {
    // Earlier tests moved the (fake) date on: back to the day this one is written for.
    vi.setSystemTime(new Date('2027-02-10T02:00:00Z'));
    const created = await api(
      httpEvent('POST', '/v1/campaigns', {
        name: 'February letter',
        segment: { everyone: true },
        template: 'campaign-new-arrivals',
        channels: 'email',
        sendAt: '2027-02-11T10:00',
      }),
      {},
    );
    expect(created.statusCode).toBe(201);
    const { campaign } = JSON.parse(created.body) as { campaign: { id: string } };
    const jobSchedule = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((call) => call.args[0].input)
      .find((input) => input.Name === `j-campaign-${campaign.id}`);
    expect(jobSchedule?.Target?.Input).toBe(JSON.stringify({ job: { kind: 'campaign', id: campaign.id } }));

    const report = await fire(
      { job: { kind: 'campaign', id: campaign.id } },
      { getRemainingTimeInMillis: () => 50_000 },
    );
    // Everyone this file has filed so far (the earlier tests' customers too), each queued once.
    const filed = (await api(httpEvent('POST', '/v1/segments/count', { filter: { everyone: true } }), {}))
      .body;
    const { matched: count } = JSON.parse(filed) as { matched: number };
    expect(count).toBeGreaterThanOrEqual(1);
    expect(report).toMatchObject({
      campaignId: campaign.id,
      status: 'fanned-out',
      counts: { targeted: count, queued: count },
    });
    // The recipients wait on the campaign's send lists: its send job is due at the first one's
    // minute, the campaign's 10:00 in Shanghai (02:00-03:00 UTC).
    const sendJob = { kind: 'campaign-send', id: campaign.id } as const;
    const sendAlarm = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.Name === `j-campaign-send-${campaign.id}`)
      .at(-1);
    expect(sendAlarm?.Target?.Input).toBe(JSON.stringify({ job: sendJob }));
    expect(sendAlarm?.ScheduleExpression).toMatch(/^at\(2027-02-11T0[23]:/);
    // While it ran, the job's alarm stood five minutes ahead; fanned out, it waits to look for the
    // campaign's completion from when its send date can first begin anywhere (UTC+14).
    const jobAlarms = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.Name === `j-campaign-${campaign.id}`);
    expect(jobAlarms.map((alarm) => alarm.ScheduleExpression).slice(-2)).toEqual([
      'at(2027-02-10T02:05:00)',
      'at(2027-02-10T10:00:00)',
    ]);
    await expect(fire({ job: { kind: 'flyer', id: campaign.id } })).rejects.toThrow();

    // The send job, when its alarm rings, sends that minute's recipients.
    const minute = /^at\((.*)\)$/.exec(sendAlarm?.ScheduleExpression ?? '')?.[1];
    vi.setSystemTime(new Date(`${minute}Z`));
    await expect(fire({ job: sendJob }, { getRemainingTimeInMillis: () => 50_000 })).resolves.toMatchObject({
      campaignId: campaign.id,
      status: 'sent',
      minutes: 1,
    });
  });
});
