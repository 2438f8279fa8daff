import * as z from 'zod';
import { JobTooLargeError } from '../../core/errors';
import { parseOrThrow } from '../../core/validation';
import { webhookEventTypes } from '../../core/webhooks/event-types';
import { SQS_MAX_BODY_BYTES } from '../send-queue/job';
import type { WebhookJob } from './index';

const text = z.lazy(() => z.string().min(1).max(200));
const webhookJobSchema = z.lazy(() =>
  z.strictObject({
    endpointId: text,
    subject: z.union([z.strictObject({ customerId: text }), z.strictObject({ campaignId: text })]),
    event: z.strictObject({
      id: text,
      type: z.enum(webhookEventTypes),
      timestamp: z.iso.datetime(),
      data: z.record(z.string(), z.unknown()),
    }),
  }),
);

/**
 * A job as a queue message body (JSON), refused over SQS's limit (an event
 * carries excerpts, never whole messages, so this is a bug's guard).
 * @example await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: encodeWebhookJob(job) }));
 */
export function encodeWebhookJob(job: WebhookJob): string {
  const body = JSON.stringify(job);
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > SQS_MAX_BODY_BYTES) {
    throw new JobTooLargeError(
      `webhook job ${job.event.id} is ${bytes} bytes, over SQS's ${SQS_MAX_BODY_BYTES}`,
    );
  }
  return body;
}

/** A queue message body back into a job; a ValidationError for one that is not a job. */
export function parseWebhookJob(body: string): WebhookJob {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return parseOrThrow(webhookJobSchema, json, 'webhook job') as WebhookJob;
}
