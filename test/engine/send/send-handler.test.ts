import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryDelaySeconds, spreadOf } from '../../../functions/core/sending/send-failure';
import { ALL_CUSTOMERS } from '../../../functions/core/team/roles';
import {
  getCustomerFile,
  parseCustomer,
  upsertCustomer,
} from '../../../functions/engine/customers/customers';
import type { EngineDeps } from '../../../functions/engine/deps';
import { sendLetter } from '../../../functions/engine/send/letters';
import { sendMessage } from '../../../functions/engine/send/send-message';
import { type LocalSes, startLocalSes } from '../../../functions/local/ses-server';
import type { SendJob } from '../../../functions/ports/send-queue/index';
import type { MessageRecord } from '../../../functions/ports/store/index';
import { awsTestEnvironment, SEND_QUEUE_URL, sqsRecord } from '../../support/aws-env';
import { createTable, type DynamoServer, startDynalite } from '../../support/dynamo-servers';
import { type FaultySes, startFaultySes } from '../../support/faulty-ses';

type SendHandler = (event: { Records: ReturnType<typeof sqsRecord>[] }) => Promise<{
  batchItemFailures: { itemIdentifier: string }[];
}>;

const THROTTLED = { code: 'Throttling', message: 'Maximum sending rate exceeded.' };

describe('the send Lambda, wired for AWS, draining real SQS event payloads', () => {
  const sqs = mockClient(SQSClient);
  const sns = mockClient(SNSClient);
  const scheduler = mockClient(SchedulerClient);
  let dynamo: DynamoServer;
  let ses: LocalSes;
  let faulty: FaultySes;
  let handler: SendHandler;
  let deps: EngineDeps;
  const lines: string[] = [];

  beforeAll(async () => {
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-send');
    ses = await startLocalSes(0);
    faulty = await startFaultySes(ses.endpoint);
    Object.assign(process.env, {
      ...awsTestEnvironment({
        table: 'nurture-send',
        dynamoEndpoint: dynamo.endpoint,
        sesEndpoint: faulty.endpoint,
      }),
      // One SDK attempt per call: the queue, not the client, retries here.
      AWS_MAX_ATTEMPTS: '1',
    });
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    handler = (await import('../../../functions/handlers/send')).handler as SendHandler;
    const { createAwsDeps } = await import('../../../functions/wiring/aws');
    const { parseAwsConfig } = await import('../../../functions/wiring/config');
    const { resolveEngineSecrets } = await import('../../../functions/wiring/secrets');
    // Every secret is in the environment: nothing is read from a store.
    const noSecretStore = {
      read: async (): Promise<string> => {
        throw new Error('the tests set every secret in the environment');
      },
    };
    const config = parseAwsConfig(process.env);
    deps = createAwsDeps(config, await resolveEngineSecrets(config, noSecretStore));
  });

  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'queued-1' });
    sns.reset();
    lines.length = 0;
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    sqs.restore();
    sns.restore();
    scheduler.restore();
    await faulty.stop();
    await ses.stop();
    await dynamo.stop();
  });

  /** Files a customer and sends them a letter the AWS way: rendered and handed to the (mocked) queue. */
  async function queueLetter(
    customerId: string,
    channel: 'email' | 'sms' = 'email',
  ): Promise<{ body: string; job: SendJob; messageId: string }> {
    await upsertCustomer(
      deps,
      parseCustomer(customerId, {
        name: 'Wang Fang',
        email: `${customerId}@example.com`,
        phone: '+8613800138000',
        consent: { email: true, sms: true },
        timezone: 'Asia/Shanghai',
      }),
    );
    const { message } = await sendLetter(deps, customerId, {
      template: 'hello-again',
      channel,
      chase: false,
      requestId: `request-${customerId}`,
    });
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    const body = calls[0]!.args[0].input.MessageBody!;
    sqs.resetHistory();
    return { body, job: JSON.parse(body) as SendJob, messageId: message.id };
  }

  async function emailsTo(address: string): Promise<number> {
    const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    return store.emails.filter((email) => email.destination.to.includes(address)).length;
  }

  async function messageOf(id: string): Promise<MessageRecord | undefined> {
    return deps.store.timeline.findMessage(id);
  }

  function visibilityChanges() {
    return sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input);
  }

  async function sentCount(): Promise<number> {
    return (await deps.store.stats.templateCounts()).find((t) => t.template === 'hello-again')?.sent ?? 0;
  }

  it('delivers a queued letter once through SES, and acknowledges the same job arriving again', async () => {
    const { body, job, messageId } = await queueLetter('c-once');
    // Handed over, not filed: the send function files it when it claims it.
    expect(await messageOf(messageId)).toBeUndefined();
    expect(await emailsTo('c-once@example.com')).toBe(0);
    const counted = await sentCount();

    // At-least-once: the same SQS message twice in one batch, then once more in a later one.
    const first = await handler({
      Records: [
        sqsRecord(body, { messageId: 'sqs-once' }),
        sqsRecord(body, { messageId: 'sqs-once', receiveCount: 2 }),
      ],
    });
    expect(first).toEqual({ batchItemFailures: [] });
    const later = await handler({ Records: [sqsRecord(body, { messageId: 'sqs-once', receiveCount: 3 })] });
    expect(later).toEqual({ batchItemFailures: [] });

    expect(await emailsTo('c-once@example.com')).toBe(1);
    // Filed whole, as the job carried it, with the one attempt's outcome.
    expect(await messageOf(messageId)).toEqual({
      ...job.message,
      status: 'sent',
      attempts: 1,
      sendingAt: expect.any(String),
      sentAt: expect.any(String),
      providerMessageId: expect.any(String),
    });
    expect(await sentCount()).toBe(counted + 1);
    expect(visibilityChanges()).toEqual([]);
    expect(lines.join('')).toContain('"event":"message.sent"');
    expect(lines.join('')).not.toContain('c-once@example.com');
  });

  it('counts a batch of sends once each, summed into the template counter at the batch end', async () => {
    const letters = [
      await queueLetter('c-batch-1'),
      await queueLetter('c-batch-2'),
      await queueLetter('c-batch-3'),
    ];
    const counted = await sentCount();
    const result = await handler({
      Records: [
        ...letters.map(({ body }, i) => sqsRecord(body, { messageId: `sqs-batch-${i}` })),
        // The first job again in the same batch: a duplicate, not a second count.
        sqsRecord(letters[0]!.body, { messageId: 'sqs-batch-0', receiveCount: 2 }),
      ],
    });
    expect(result).toEqual({ batchItemFailures: [] });
    for (const { messageId } of letters) expect((await messageOf(messageId))?.status).toBe('sent');
    expect(await sentCount()).toBe(counted + 3);
    expect(lines.join('')).not.toContain('stats.count-failed');
  });

  it('counts a campaign message sent on its campaign once, however often its job arrives', async () => {
    const { job } = await queueLetter('c-campaign');
    const rule = 'campaign:spring-aws';
    const body = JSON.stringify({ ...job, rule, message: { ...job.message, rule } });
    const result = await handler({
      Records: [
        sqsRecord(body, { messageId: 'sqs-campaign' }),
        sqsRecord(body, { messageId: 'sqs-campaign', receiveCount: 2 }),
      ],
    });
    expect(result).toEqual({ batchItemFailures: [] });
    await handler({ Records: [sqsRecord(body, { messageId: 'sqs-campaign', receiveCount: 3 })] });
    expect(await emailsTo('c-campaign@example.com')).toBe(1);
    expect((await deps.store.campaigns.counts('spring-aws')).sent).toBe(1);
  });

  it('counts a campaign message SES refuses for good as failed on its campaign, and sent as nothing', async () => {
    const { job, messageId } = await queueLetter('c-campaign-refused');
    const rule = 'campaign:spring-refused';
    const body = JSON.stringify({ ...job, rule, message: { ...job.message, rule } });
    faulty.failNext({
      code: 'MessageRejected',
      message: 'Email address is on the account-level suppression list.',
    });
    expect(await handler({ Records: [sqsRecord(body, { messageId: 'sqs-refused' })] })).toEqual({
      batchItemFailures: [],
    });
    expect(await messageOf(messageId)).toMatchObject({ status: 'failed' });
    expect(await deps.store.campaigns.counts('spring-refused')).toMatchObject({ failed: 1, sent: 0 });
  });

  /** A campaign's job for a freshly filed customer: the letter's job under the campaign's rule. */
  async function campaignJob(customerId: string, campaignId: string) {
    const { job, messageId } = await queueLetter(customerId);
    const rule = `campaign:${campaignId}`;
    return { body: JSON.stringify({ ...job, rule, message: { ...job.message, rule } }), messageId };
  }

  it('counts a dead-lettered campaign message that a redrive then sends as sent, and no longer failed', async () => {
    const { body, messageId } = await campaignJob('c-campaign-redrive', 'spring-redrive');
    faulty.failNext(THROTTLED);
    await handler({ Records: [sqsRecord(body, { messageId: 'sqs-dlq', receiveCount: 8 })] });
    expect(await messageOf(messageId)).toMatchObject({ status: 'failed', failureCounted: true });
    const counts = () => deps.store.campaigns.counts('spring-redrive');
    expect(await counts()).toMatchObject({ failed: 1, sent: 0 });

    const redriven = await handler({ Records: [sqsRecord(body, { messageId: 'sqs-redriven-campaign' })] });
    expect(redriven).toEqual({ batchItemFailures: [] });
    expect(await emailsTo('c-campaign-redrive@example.com')).toBe(1);
    expect(await counts()).toMatchObject({ failed: 0, sent: 1 });
    const sent = await messageOf(messageId);
    expect(sent).toMatchObject({ status: 'sent' });
    expect(sent?.failureCounted).toBeUndefined();
  });

  it('takes back a campaign message’s failure when its fire files it failed again (its job not handed over)', async () => {
    await queueLetter('c-campaign-refiled');
    const customer = (await deps.store.customers.get('c-campaign-refiled'))!;
    const request = {
      rule: 'campaign:spring-refiled',
      occurrence: '2027-03-17:send',
      template: 'hello-again',
      channel: 'email',
      kind: 'marketing',
    } as const;
    await sendMessage(deps, customer.customer, customer.state, request);
    const body = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!;
    faulty.failNext(THROTTLED);
    await handler({ Records: [sqsRecord(body, { messageId: 'sqs-refiled', receiveCount: 8 })] });
    const counts = () => deps.store.campaigns.counts('spring-refiled');
    expect(await counts()).toMatchObject({ failed: 1 });

    // The fire hands the same message over again, and the queue refuses it: filed failed, not counted.
    sqs.on(SendMessageCommand).rejects(new Error('SQS is unavailable'));
    const again = await sendMessage(deps, customer.customer, customer.state, request);
    expect(again).toMatchObject({ status: 'failed' });
    expect(await counts()).toMatchObject({ failed: 0, sent: 0 });
    expect((await messageOf(JSON.parse(body).messageId as string))?.failureCounted).toBeUndefined();
  });

  it('counts a refused campaign message once when SQS delivers its job again and SES refuses it again', async () => {
    const { body } = await campaignJob('c-campaign-refused-twice', 'spring-refused-twice');
    const refused = { code: 'MessageRejected', message: 'Email address is not verified.' };
    faulty.failNext(refused);
    await handler({ Records: [sqsRecord(body, { messageId: 'sqs-refused-1' })] });
    faulty.failNext(refused);
    await handler({ Records: [sqsRecord(body, { messageId: 'sqs-refused-1' })] });
    expect(await deps.store.campaigns.counts('spring-refused-twice')).toMatchObject({ failed: 1, sent: 0 });
  });

  it('sends once when two batches race for one job: the loser comes back later and is dropped', async () => {
    const { body, messageId } = await queueLetter('c-race');
    const inFlight = faulty.holdNext();
    const winner = handler({ Records: [sqsRecord(body, { messageId: 'sqs-race-a' })] });
    await vi.waitFor(async () => expect((await messageOf(messageId))?.status).toBe('sending'), {
      timeout: 10_000,
      interval: 10,
    });
    const loser = await handler({ Records: [sqsRecord(body, { messageId: 'sqs-race-b' })] });
    inFlight.release();
    expect(await winner).toEqual({ batchItemFailures: [] });

    // Still in flight elsewhere: kept, and hidden for a backoff instead of sent a second time.
    expect(loser).toEqual({ batchItemFailures: [{ itemIdentifier: 'sqs-race-b' }] });
    expect(visibilityChanges()).toEqual([
      {
        QueueUrl: SEND_QUEUE_URL,
        ReceiptHandle: sqsRecord(body, { messageId: 'sqs-race-b' }).receiptHandle,
        VisibilityTimeout: retryDelaySeconds(1, spreadOf('sqs-race-b')),
      },
    ]);
    const again = await handler({ Records: [sqsRecord(body, { messageId: 'sqs-race-b', receiveCount: 2 })] });
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await emailsTo('c-race@example.com')).toBe(1);
    expect(await messageOf(messageId)).toMatchObject({ status: 'sent' });
  });

  it('puts a throttled email back with a backoff and the reason on the timeline; the next try sends it', async () => {
    const { body, messageId } = await queueLetter('c-throttled');
    faulty.failNext(THROTTLED);
    const record = sqsRecord(body, { messageId: 'sqs-throttled' });
    expect(await handler({ Records: [record] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'sqs-throttled' }],
    });
    const delay = retryDelaySeconds(1, spreadOf('sqs-throttled'));
    expect(delay).toBeGreaterThanOrEqual(11);
    expect(delay).toBeLessThanOrEqual(19);
    expect(visibilityChanges()).toEqual([
      { QueueUrl: SEND_QUEUE_URL, ReceiptHandle: record.receiptHandle, VisibilityTimeout: delay },
    ]);
    expect(await messageOf(messageId)).toMatchObject({
      status: 'queued',
      error: 'Throttling: Maximum sending rate exceeded.',
    });
    expect(await emailsTo('c-throttled@example.com')).toBe(0);

    const retried = await handler({
      Records: [sqsRecord(body, { messageId: 'sqs-throttled', receiveCount: 2 })],
    });
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(await emailsTo('c-throttled@example.com')).toBe(1);
    const sent = await messageOf(messageId);
    expect(sent).toMatchObject({ status: 'sent' });
    expect(sent?.error).toBeUndefined();
  });

  it('records an email SES rejects as failed on the timeline, and does not retry it', async () => {
    const { body, messageId } = await queueLetter('c-rejected');
    faulty.failNext({
      code: 'MessageRejected',
      message:
        'Email address is not verified. The following identities failed the check in region US-EAST-1.',
    });
    expect(await handler({ Records: [sqsRecord(body, { messageId: 'sqs-rejected' })] })).toEqual({
      batchItemFailures: [],
    });
    expect(visibilityChanges()).toEqual([]);
    const file = await getCustomerFile(deps, 'c-rejected', ALL_CUSTOMERS);
    expect(file.timeline.find((entry) => entry.type === 'message' && entry.id === messageId)).toMatchObject({
      status: 'failed',
      error:
        'MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1.',
    });
    expect(await emailsTo('c-rejected@example.com')).toBe(0);
  });

  it('on the last allowed receive records the failure with its reason, lets SQS dead-letter the job, and sends it once redriven', async () => {
    const { body, messageId } = await queueLetter('c-last');
    faulty.failNext(THROTTLED);
    const last = sqsRecord(body, { messageId: 'sqs-last', receiveCount: 8 });
    expect(await handler({ Records: [last] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'sqs-last' }],
    });
    // Visible at once: SQS moves it to the dead-letter queue on its next receive.
    expect(visibilityChanges()).toEqual([
      { QueueUrl: SEND_QUEUE_URL, ReceiptHandle: last.receiptHandle, VisibilityTimeout: 0 },
    ]);
    const file = await getCustomerFile(deps, 'c-last', ALL_CUSTOMERS);
    const failed = file.timeline.find((entry) => entry.type === 'message' && entry.id === messageId);
    expect(failed).toMatchObject({ status: 'failed' });
    expect((failed as MessageRecord).error).toBe(
      'Throttling: Maximum sending rate exceeded. (gave up after 8 tries; the job is in the send ' +
        'dead-letter queue, a redrive sends it)',
    );
    expect(lines.join('')).toContain('"event":"send.dead-lettered"');

    // A redrive (StartMessageMoveTask) brings the same body back as a new message.
    const redriven = await handler({ Records: [sqsRecord(body, { messageId: 'sqs-redriven' })] });
    expect(redriven).toEqual({ batchItemFailures: [] });
    expect(await emailsTo('c-last@example.com')).toBe(1);
    expect(await messageOf(messageId)).toMatchObject({ status: 'sent' });
  });

  it('sends once when the same message is handed over twice (a repeated hand-over), whichever job comes first', async () => {
    const { body, job, messageId } = await queueLetter('c-twice');
    // A second job for the same message, rendered a minute later (a fire rerun after its state save failed).
    const second = JSON.stringify({
      ...job,
      message: { ...job.message, at: new Date(Date.now() + 60_000).toISOString() },
    });
    const counted = await sentCount();
    expect(
      await handler({
        Records: [
          sqsRecord(second, { messageId: 'sqs-twice-b' }),
          sqsRecord(body, { messageId: 'sqs-twice-a' }),
        ],
      }),
    ).toEqual({ batchItemFailures: [] });
    expect(await emailsTo('c-twice@example.com')).toBe(1);
    expect(await messageOf(messageId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await sentCount()).toBe(counted + 1);
  });

  it('never resends a message an earlier attempt left sending: waits out its lease, then records it failed', async () => {
    const fresh = await queueLetter('c-in-flight');
    // An earlier attempt claimed the message and has not come back yet.
    await deps.store.timeline.claimMessage(fresh.job.message, {
      status: 'sending',
      sendingAt: new Date().toISOString(),
    });
    expect(await handler({ Records: [sqsRecord(fresh.body, { messageId: 'sqs-in-flight' })] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'sqs-in-flight' }],
    });
    expect(await messageOf(fresh.messageId)).toMatchObject({ status: 'sending' });

    const stale = await queueLetter('c-died');
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await deps.store.timeline.claimMessage(stale.job.message, {
      status: 'sending',
      sendingAt: tenMinutesAgo,
    });
    expect(await handler({ Records: [sqsRecord(stale.body, { messageId: 'sqs-died' })] })).toEqual({
      batchItemFailures: [],
    });
    const settled = {
      status: 'failed',
      error: `an attempt began sending at ${tenMinutesAgo} and ended without an outcome; not resent, as it may have gone out`,
      outcomeUnknown: true,
    };
    expect(await messageOf(stale.messageId)).toMatchObject(settled);
    // The same job again, or its redrive: acknowledged, never sent, the record left as it is.
    expect(
      await handler({ Records: [sqsRecord(stale.body, { messageId: 'sqs-died-again', receiveCount: 2 })] }),
    ).toEqual({ batchItemFailures: [] });
    expect(await messageOf(stale.messageId)).toMatchObject({ ...settled, attempts: 1 });
    expect(await emailsTo('c-in-flight@example.com')).toBe(0);
    expect(await emailsTo('c-died@example.com')).toBe(0);
  });

  it('keeps an unreadable job for the dead-letter queue and logs why', async () => {
    const record = sqsRecord('{"messageId":"m-1"}', { messageId: 'sqs-unreadable' });
    expect(await handler({ Records: [record] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'sqs-unreadable' }],
    });
    expect(visibilityChanges()).toEqual([
      { QueueUrl: SEND_QUEUE_URL, ReceiptHandle: record.receiptHandle, VisibilityTimeout: 0 },
    ]);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        event: 'send.dead-lettered',
        sqsMessageId: 'sqs-unreadable',
        reason: expect.stringContaining('invalid send job'),
      }),
    );
  });

  it('publishes a queued SMS through SNS once, as promotional, and backs off when SNS throttles', async () => {
    const { body, job, messageId } = await queueLetter('c-sms', 'sms');
    expect(job.channel).toBe('sms');
    const smsBody = job.channel === 'sms' ? job.sms.body : '';
    expect(smsBody).toMatch(/Wang Fang/);

    sns
      .on(PublishCommand)
      .rejectsOnce(new ThrottledException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }))
      .resolves({ MessageId: 'sns-0001' });
    const record = sqsRecord(body, { messageId: 'sqs-sms' });
    expect(await handler({ Records: [record] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'sqs-sms' }],
    });
    expect(visibilityChanges()).toEqual([
      {
        QueueUrl: SEND_QUEUE_URL,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: retryDelaySeconds(1, spreadOf('sqs-sms')),
      },
    ]);
    expect(await messageOf(messageId)).toMatchObject({
      status: 'queued',
      error: 'ThrottledException: Rate exceeded',
    });

    const retried = await handler({ Records: [sqsRecord(body, { messageId: 'sqs-sms', receiveCount: 2 })] });
    expect(retried).toEqual({ batchItemFailures: [] });
    await handler({ Records: [sqsRecord(body, { messageId: 'sqs-sms', receiveCount: 3 })] });
    const expected = {
      PhoneNumber: '+8613800138000',
      Message: smsBody,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' } },
    };
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toStrictEqual([
      expected,
      expected,
    ]);
    expect(await messageOf(messageId)).toMatchObject({ status: 'sent', providerMessageId: 'sns-0001' });
    // The logs name the message, never the number.
    expect(lines.join('')).toContain('"event":"message.sent"');
    expect(lines.join('')).not.toContain('8613800138000');
  });
});
