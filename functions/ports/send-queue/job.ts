import * as z from 'zod';
import { JobTooLargeError, ValidationError } from '../../core/errors';
import { onFirstUse, parseOrThrow } from '../../core/validation';
import type { SendJob } from './index';

/** SQS's default (and this queue's) largest message body: 256 KiB of UTF-8. */
export const SQS_MAX_BODY_BYTES = 262_144;

const text = z.lazy(() => z.string().min(1));
const context = z.lazy(() => z.strictObject({ customerId: text, rule: text }));
const draft = z.lazy(() =>
  z.strictObject({
    id: text,
    customerId: text,
    channel: z.enum(['email', 'sms']),
    to: text,
    replyTo: text.optional(),
    subject: z.string().optional(),
    text: z.string(),
    rule: text,
    occurrence: text,
    template: text,
    locale: text,
    at: z.iso.datetime({ offset: true }),
    by: text.optional(),
  }),
);
/** Fields several schemas share: built with the first of them, once. */
const common = onFirstUse(() => ({
  customerId: text,
  messageId: text,
  rule: text,
  template: text,
  message: draft,
  test: z.literal(true).optional(),
}));

const sendJobSchema = z.lazy(() =>
  z.discriminatedUnion('channel', [
    z.strictObject({
      ...common(),
      channel: z.literal('email'),
      email: z.strictObject({
        messageId: text,
        from: text,
        to: text,
        replyTo: text.optional(),
        subject: z.string(),
        html: z.string(),
        text: z.string(),
        headers: z.record(z.string(), z.string()),
        context,
      }),
    }),
    z.strictObject({
      ...common(),
      channel: z.literal('sms'),
      sms: z.strictObject({
        messageId: text,
        to: text,
        body: text,
        kind: z.enum(['transactional', 'promotional']),
        context,
      }),
    }),
  ]),
);

/**
 * The job as a queue message body (JSON), refused when it is over SQS's limit.
 * @example await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: encodeSendJob(job) }));
 */
export function encodeSendJob(job: SendJob): string {
  const body = JSON.stringify(job);
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > SQS_MAX_BODY_BYTES) {
    throw new JobTooLargeError(
      `the ${job.channel} for message ${job.messageId} (template ${job.template}) is ${(bytes / 1024).toFixed(1)} KiB ` +
        `as a send job, over the send queue's ${SQS_MAX_BODY_BYTES / 1024} KiB limit: shorten the template`,
    );
  }
  return body;
}

/**
 * A queue message body back into a job; a ValidationError names what is wrong.
 * @example const job = parseSendJob(record.body);
 */
export function parseSendJob(body: string): SendJob {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ValidationError('invalid send job: the body is not JSON', [
      { path: '(root)', message: 'not JSON' },
    ]);
  }
  const job = parseOrThrow(sendJobSchema, json, 'send job');
  // The record filed must be the message delivered: a job at odds with itself is not delivered.
  const { message } = job;
  const mismatch = (['customerId', 'rule', 'template', 'channel'] as const).find(
    (field) => message[field] !== job[field],
  );
  if (mismatch || message.id !== job.messageId) {
    const field = mismatch ?? 'id';
    throw new ValidationError(`invalid send job: message.${field}: differs from the job's`, [
      { path: `message.${field}`, message: "differs from the job's" },
    ]);
  }
  return job;
}
