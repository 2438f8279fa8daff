import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { JobTooLargeError, ValidationError } from '../../../functions/core/errors';
import { InProcessSendQueue } from '../../../functions/ports/send-queue/in-process';
import type { EnqueueOutcome, SendJob } from '../../../functions/ports/send-queue/index';
import { encodeSendJob, parseSendJob, SQS_MAX_BODY_BYTES } from '../../../functions/ports/send-queue/job';
import { SqsSendQueue } from '../../../functions/ports/send-queue/sqs';

const QUEUE_URL = 'https://sqs.ap-east-1.amazonaws.com/123456789012/nurture-send';

const email: SendJob = {
  customerId: 'c-wang',
  messageId: '0123456789abcdef0123',
  message: {
    id: '0123456789abcdef0123',
    customerId: 'c-wang',
    channel: 'email',
    to: 'wang.fang@example.com',
    replyTo: 'reply+0123456789abcdef0123-abc@reply.lin.example',
    subject: '王芳,好久不见',
    text: '王芳您好,新品已到店。',
    rule: 'letter',
    occurrence: 'promo-7',
    template: 'hello-again',
    locale: 'zh-CN',
    at: '2027-02-06T02:00:00.000Z',
  },
  rule: 'letter',
  template: 'hello-again',
  channel: 'email',
  email: {
    messageId: '0123456789abcdef0123',
    from: 'Lin Furniture <hello@lin.example>',
    to: 'wang.fang@example.com',
    replyTo: 'reply+0123456789abcdef0123-abc@reply.lin.example',
    subject: '王芳,好久不见',
    html: '<p>王芳您好,新品已到店。</p>',
    text: '王芳您好,新品已到店。',
    headers: {
      'List-Unsubscribe': '<https://lin.example/u/token>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    context: { customerId: 'c-wang', rule: 'letter' },
  },
};

const sms: SendJob = {
  customerId: 'c-li',
  messageId: 'fedcba98765432100123',
  message: {
    id: 'fedcba98765432100123',
    customerId: 'c-li',
    channel: 'sms',
    to: '+14155550101',
    text: 'Your order has shipped and should arrive on March 3.',
    rule: 'order-progress',
    occurrence: '2027-02-27:d-1:shipped',
    template: 'order-shipped',
    locale: 'en',
    at: '2027-02-27T01:00:00.000Z',
  },
  rule: 'order-progress',
  template: 'order-shipped',
  channel: 'sms',
  sms: {
    messageId: 'fedcba98765432100123',
    to: '+14155550101',
    body: 'Your order has shipped and should arrive on March 3.',
    kind: 'transactional',
    context: { customerId: 'c-li', rule: 'order-progress' },
  },
};

describe('SqsSendQueue', () => {
  const sqs = mockClient(SQSClient);
  const queue = () => new SqsSendQueue(new SQSClient({ region: 'ap-east-1' }), { queueUrl: QUEUE_URL });

  beforeEach(() => {
    sqs.reset();
  });

  afterAll(() => {
    sqs.restore();
  });

  it('sends one SQS message per job, its body the job as JSON', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'sqs-0001' });
    expect(await queue().enqueue(email)).toEqual({ status: 'queued' });
    expect(await queue().enqueue(sms)).toEqual({ status: 'queued' });

    expect(sqs.calls()).toHaveLength(2);
    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toStrictEqual([
      { QueueUrl: QUEUE_URL, MessageBody: JSON.stringify(email) },
      { QueueUrl: QUEUE_URL, MessageBody: JSON.stringify(sms) },
    ]);
    expect(parseSendJob(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!)).toEqual(email);
  });

  it('refuses a job over 256 KiB before calling SQS, naming the message and template', async () => {
    // 90,000 CJK characters: 270,000 bytes of UTF-8, though only 90,000 JavaScript characters.
    const big: SendJob = { ...email, email: { ...email.email, html: '新'.repeat(90_000) } };
    await expect(queue().enqueue(big)).rejects.toThrow(JobTooLargeError);
    await expect(queue().enqueue(big)).rejects.toThrow(
      /^the email for message 0123456789abcdef0123 \(template hello-again\) is \d+\.\d KiB as a send job, over the send queue's 256 KiB limit/,
    );
    expect(sqs.calls()).toHaveLength(0);

    // Right at the limit still goes.
    const room =
      SQS_MAX_BODY_BYTES -
      Buffer.byteLength(JSON.stringify({ ...email, email: { ...email.email, html: '' } }));
    const exact: SendJob = { ...email, email: { ...email.email, html: 'x'.repeat(room) } };
    expect(Buffer.byteLength(encodeSendJob(exact))).toBe(SQS_MAX_BODY_BYTES);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'sqs-0002' });
    expect(await queue().enqueue(exact)).toEqual({ status: 'queued' });
  });

  it('lets an SQS error through, so the caller can release its claim', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('Access to the resource is denied.'));
    await expect(queue().enqueue(email)).rejects.toThrow('Access to the resource is denied.');
  });

  it('puts a received job back for later by changing its visibility', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    await queue().retryLater('AQEBhandle==', 60);
    await queue().retryLater('AQEBother==', 0);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toStrictEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'AQEBhandle==', VisibilityTimeout: 60 },
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'AQEBother==', VisibilityTimeout: 0 },
    ]);
  });
});

describe('parseSendJob', () => {
  it('reads back what encodeSendJob wrote', () => {
    expect(parseSendJob(encodeSendJob(email))).toEqual(email);
    expect(parseSendJob(encodeSendJob(sms))).toEqual(sms);
  });

  it('names what is wrong with a body that is not a job', () => {
    expect(() => parseSendJob('not json')).toThrow(ValidationError);
    expect(() => parseSendJob('not json')).toThrow('invalid send job: the body is not JSON');
    expect(() => parseSendJob(JSON.stringify({ ...sms, sms: { ...sms.sms, kind: 'bulk' } }))).toThrow(
      /^invalid send job: sms\.kind: /,
    );
    expect(() => parseSendJob(JSON.stringify({ ...email, channel: 'fax' }))).toThrow(
      /^invalid send job: channel/,
    );
    const { to: _to, ...noTo } = email.email;
    expect(() => parseSendJob(JSON.stringify({ ...email, email: noTo }))).toThrow(/email\.to/);
    const { message: _message, ...noRecord } = email;
    expect(() => parseSendJob(JSON.stringify(noRecord))).toThrow(/^invalid send job: message: /);
  });

  it('refuses a job whose record to file is not the message it delivers', () => {
    const other = { ...email, message: { ...email.message, id: 'another-message-id' } };
    expect(() => parseSendJob(JSON.stringify(other))).toThrow(
      "invalid send job: message.id: differs from the job's",
    );
    const elsewhere = { ...sms, message: { ...sms.message, customerId: 'c-someone-else' } };
    expect(() => parseSendJob(JSON.stringify(elsewhere))).toThrow(
      "invalid send job: message.customerId: differs from the job's",
    );
  });
});

describe('InProcessSendQueue', () => {
  it('delivers the job at once, as the queue would carry it, and answers with the delivery', async () => {
    const delivered: SendJob[] = [];
    const message = {
      id: email.messageId,
      customerId: 'c-wang',
      channel: 'email',
      to: 'wang.fang@example.com',
      text: '王芳您好',
      rule: 'letter',
      occurrence: 'r-1',
      template: 'hello-again',
      locale: 'zh-CN',
      status: 'sent',
      at: '2027-02-06T02:00:00.000Z',
      attempts: 1,
    } as const;
    const queue = new InProcessSendQueue(async (job): Promise<EnqueueOutcome> => {
      delivered.push(job);
      return { status: 'sent', message };
    });
    expect(await queue.enqueue(email)).toEqual({ status: 'sent', message });
    expect(delivered).toEqual([email]);
    // A copy, not the caller's object: nothing the deliverer does reaches back.
    expect(delivered[0]).not.toBe(email);
  });

  it('refuses a job the queue could not carry, before delivering it', async () => {
    const queue = new InProcessSendQueue(async () => {
      throw new Error('should not be called');
    });
    await expect(queue.enqueue({ ...email, messageId: '' })).rejects.toThrow(/invalid send job: messageId/);
  });
});
