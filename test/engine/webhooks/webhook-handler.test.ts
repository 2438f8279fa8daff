import { SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCustomer, upsertCustomer } from '../../../functions/engine/customers/customers';
import type { EngineDeps } from '../../../functions/engine/deps';
import { sendLetter } from '../../../functions/engine/send/letters';
import { createEndpoint } from '../../../functions/engine/webhooks/endpoints';
import type { WebhookJob } from '../../../functions/ports/webhook-queue/index';
import { awsEngineDeps, awsTestEnvironment, sqsRecord, WEBHOOK_QUEUE_URL } from '../../support/aws-env';
import { createTable, type DynamoServer, startDynalite } from '../../support/dynamo-servers';

type Handler = (event: { Records: ReturnType<typeof sqsRecord>[] }) => Promise<{
  batchItemFailures: { itemIdentifier: string }[];
}>;

describe('the webhooks Lambda and the emitting functions, wired for AWS', () => {
  const sqs = mockClient(SQSClient);
  const scheduler = mockClient(SchedulerClient);
  let dynamo: DynamoServer;
  let handler: Handler;
  let deps: EngineDeps;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-webhooks');
    Object.assign(process.env, {
      ...awsTestEnvironment({ table: 'nurture-webhooks', dynamoEndpoint: dynamo.endpoint }),
      AWS_MAX_ATTEMPTS: '1',
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    handler = (await import('../../../functions/handlers/webhooks')).handler as Handler;
    deps = await awsEngineDeps();
  });

  beforeEach(async () => {
    // One endpoint per test: each event then fans out to exactly one job.
    for (const endpoint of await deps.store.webhooks.listEndpoints())
      await deps.store.webhooks.deleteEndpoint(endpoint.id);
    deps.webhooks.invalidate();
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'queued-1' });
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }] });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    sqs.restore();
    scheduler.restore();
    await dynamo.stop();
  });

  /** A letter sent the AWS way emits `message.sent` only as far as the (mocked) webhook queue. */
  async function emittedJob(url: string): Promise<{ endpointId: string; job: WebhookJob; body: string }> {
    const endpoint = await createEndpoint(deps, { url, events: ['message.sent'] });
    const customerId = `c-${endpoint.id}`;
    await upsertCustomer(
      deps,
      parseCustomer(customerId, { name: 'Wang Fang', email: `${customerId}@example.com` }),
    );
    await sendLetter(deps, customerId, {
      template: 'hello-again',
      channel: 'email',
      chase: false,
      requestId: customerId,
    });
    // The api hands the letter to the send queue; the send function would emit. Emit as it does:
    await deps.webhooks.emit(
      'message.sent',
      {
        customerId,
        messageId: 'm-1',
        channel: 'email',
        template: 'hello-again',
        rule: 'letter',
        at: '2027-02-06T02:00:00.000Z',
      },
      { subject: { customerId }, key: ['m-1', endpoint.id] },
    );
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.QueueUrl).toBe(WEBHOOK_QUEUE_URL);
    expect(input.Entries).toHaveLength(1);
    expect(input.Entries![0]!.Id).toBe('0');
    const body = input.Entries![0]!.MessageBody!;
    sqs.resetHistory();
    return { endpointId: endpoint.id, job: JSON.parse(body) as WebhookJob, body };
  }

  it('refuses to register a plain-http or loopback receiver on AWS', async () => {
    await expect(
      createEndpoint(deps, { url: 'http://127.0.0.1:4000/hook', events: ['task.done'] }),
    ).rejects.toThrow(/must be an https URL/);
  });

  it('emits one batch per event to the webhook queue, and holds a failed attempt back by the schedule', async () => {
    const { endpointId, job, body } = await emittedJob('https://crm.nurture-test.invalid/hooks');
    expect(job).toMatchObject({
      endpointId,
      event: { type: 'message.sent', id: expect.stringMatching(/^evt_/) },
    });

    const first = await handler({ Records: [sqsRecord(body, { messageId: 'sqs-1' })] });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-1' }]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      {
        QueueUrl: WEBHOOK_QUEUE_URL,
        ReceiptHandle: sqsRecord(body, { messageId: 'sqs-1' }).receiptHandle,
        VisibilityTimeout: 5,
      },
    ]);
    const delivery = await deps.store.webhooks.getDelivery(job.subject, endpointId, job.event.id);
    expect(delivery).toMatchObject({
      status: 'pending',
      attempts: 1,
      error: expect.stringMatching(/ENOTFOUND/),
    });

    sqs.resetHistory();
    // The next receive is the second attempt, however SQS counts receives: held back five minutes.
    await handler({ Records: [sqsRecord(body, { messageId: 'sqs-1', receiveCount: 2 })] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input.VisibilityTimeout).toBe(300);
  });

  it('acknowledges a job for a deleted endpoint, and makes a body that is no job visible for the dead-letter queue', async () => {
    const { endpointId, body } = await emittedJob('https://crm2.nurture-test.invalid/hooks');
    await deps.store.webhooks.deleteEndpoint(endpointId);
    expect(await handler({ Records: [sqsRecord(body, { messageId: 'sqs-2' })] })).toEqual({
      batchItemFailures: [],
    });
    expect(await handler({ Records: [sqsRecord('{"not":"a job"}', { messageId: 'sqs-3' })] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'sqs-3' }],
    });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).at(-1)!.args[0].input.VisibilityTimeout).toBe(0);
  });
});
