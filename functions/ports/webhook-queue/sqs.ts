import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { hideFor } from '../send-queue/sqs';
import type { WebhookJob, WebhookQueue } from './index';
import { encodeWebhookJob } from './job';

/** SQS takes at most ten messages a batch. */
const SQS_BATCH = 10;

/**
 * WebhookQueue on SQS: one message per job (an event for one endpoint), ten to
 * a request; the `webhooks` Lambda drains the queue and holds retries back
 * with the message's visibility.
 */
export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly options: { queueUrl: string },
  ) {}

  async enqueue(jobs: readonly WebhookJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += SQS_BATCH) {
      const batch = jobs.slice(i, i + SQS_BATCH);
      const { Failed = [] } = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: batch.map((job, n) => ({ Id: String(n), MessageBody: encodeWebhookJob(job) })),
        }),
      );
      if (Failed.length > 0) {
        const first = Failed[0]!;
        throw new Error(
          `SQS refused ${Failed.length} webhook job(s): ${first.Code} ${first.Message ?? ''}`.trim(),
        );
      }
    }
  }

  /** Holds a received job back for `delaySeconds` before its next attempt. */
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void> {
    return hideFor(this.sqs, this.options.queueUrl, receiptHandle, delaySeconds);
  }
}
