import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EnqueueOutcome, SendJob, SendQueue } from './index';
import { encodeSendJob } from './job';

export interface SqsSendQueueOptions {
  /** The send queue's URL, e.g. `https://sqs.us-east-1.amazonaws.com/123456789012/nurture-send`. */
  queueUrl: string;
}

/**
 * SendQueue on SQS: one message per job, its body the job as JSON; the `send`
 * Lambda drains the queue. Also what that consumer uses to put a job back for
 * later (backoff after a throttled send).
 */
export class SqsSendQueue implements SendQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly options: SqsSendQueueOptions,
  ) {}

  /** Throws JobTooLargeError for a job over SQS's body limit, before calling SQS. */
  async enqueue(job: SendJob): Promise<EnqueueOutcome> {
    const body = encodeSendJob(job);
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: body }));
    return { status: 'queued' };
  }

  /**
   * Hides a received job for `delaySeconds`: its next try waits that long
   * (0 makes it visible at once). The receipt handle is the one SQS gave
   * with this receive.
   * @example await queue.retryLater(record.receiptHandle, 60);
   */
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void> {
    return hideFor(this.sqs, this.options.queueUrl, receiptHandle, delaySeconds);
  }
}

/**
 * Hides a received message of the queue at `queueUrl` for `seconds` (0: visible
 * at once), which is how a consumer holds a retry back on SQS.
 * @example await hideFor(sqs, queueUrl, record.receiptHandle, 300);
 */
export async function hideFor(
  sqs: SQSClient,
  queueUrl: string,
  receiptHandle: string,
  seconds: number,
): Promise<void> {
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );
}
