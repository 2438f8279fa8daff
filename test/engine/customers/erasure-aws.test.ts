import { DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCustomer, upsertCustomer } from '../../../functions/engine/customers/customers';
import { eraseCustomer } from '../../../functions/engine/customers/erasure';
import type { EngineDeps } from '../../../functions/engine/deps';
import { receiveRawEmail } from '../../../functions/engine/replies/inbound-mime';
import { awsEngineDeps, awsTestEnvironment, INBOUND_MAIL_BUCKET } from '../../support/aws-env';
import { createTable, type DynamoServer, startDynalite } from '../../support/dynamo-servers';

const RAW = [
  'From: Wang Fang <wang.fang@example.com>',
  'To: reply@reply.nurture.local',
  'Subject: Re: hello',
  'Message-ID: <reply-1@example.com>',
  'Date: Sat, 6 Feb 2027 10:00:00 +0800',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Thanks, it arrived.',
  '',
].join('\r\n');

describe('erasure, wired for AWS: the raw mail goes from the inbound mail bucket', () => {
  const s3 = mockClient(S3Client);
  const sqs = mockClient(SQSClient);
  const scheduler = mockClient(SchedulerClient);
  let dynamo: DynamoServer;
  let deps: EngineDeps;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-erasure');
    Object.assign(
      process.env,
      awsTestEnvironment({ table: 'nurture-erasure', dynamoEndpoint: dynamo.endpoint }),
    );
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    s3.on(DeleteObjectsCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
    deps = await awsEngineDeps();
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    for (const mock of [s3, sqs, scheduler]) mock.restore();
    await dynamo.stop();
  });

  it('deletes exactly the stored emails the customer’s replies came in', async () => {
    await upsertCustomer(
      deps,
      parseCustomer('c-wang', { name: 'Wang Fang', email: 'wang.fang@example.com' }),
    );
    // What the inbound-email handler passes on: the object key SES stored the email under.
    const outcome = await receiveRawEmail(deps, RAW, { rawMailKey: 'inbound/0a1b2c3d4e5f' });
    expect(outcome).toMatchObject({ status: 'recorded', customerId: 'c-wang' });
    const erased = await eraseCustomer(deps, 'c-wang', { id: 'key:0123456789ab', name: 'API key' });
    expect(erased.removed.rawMail).toBe(1);
    expect(s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: INBOUND_MAIL_BUCKET, Delete: { Objects: [{ Key: 'inbound/0a1b2c3d4e5f' }], Quiet: true } },
    ]);
    expect(await deps.store.customers.getFile('c-wang')).toEqual({ deals: [], timeline: [], referrals: [] });
  });
});
