import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from '../functions/core/webhooks/retry';
import { SQS_MAX_BODY_BYTES } from '../functions/ports/send-queue/job';
import { RECEIVER_TIMEOUT_MS } from '../functions/ports/webhook-receiver/fetch';
import { createDeadLetterQueue } from './dead-letters';
import type { NurtureFunction } from './nurture-function';

/** Jobs per invocation of `webhooks`, attempted side by side. */
export const WEBHOOK_BATCH_SIZE = 10;

/** A batch's attempts run together: the receivers' timeout, the store's writes, and room to spare. */
export const WEBHOOK_TIMEOUT = Duration.seconds(Math.ceil(RECEIVER_TIMEOUT_MS / 1000) * 4);

/**
 * Receives a job may have before SQS sets it aside: the attempts the retry
 * schedule gives it, and a few more for invocations that failed outright
 * (the function itself, not a receiver). Attempts are counted on the delivery.
 */
export const WEBHOOK_MAX_RECEIVES = MAX_ATTEMPTS + 4;

/**
 * The webhook queue between the engine and integrators' endpoints: every
 * function that emits events puts jobs on it (one per event and endpoint),
 * and `webhooks` drains it, holding each retry back with the message's
 * visibility (at most 10 hours, inside SQS's 12). A job that keeps crashing
 * its consumer ends in the dead-letter queue; a delivery that runs out of
 * attempts ends in the endpoint's own dead letters, in the table, for a replay.
 *
 * @example const webhookQueue = new WebhookQueue(this, 'WebhookQueue'); webhookQueue.drainWith(webhooksFn);
 */
export class WebhookQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetters');
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      maxMessageSizeBytes: SQS_MAX_BODY_BYTES,
      // Six times the function's timeout, as Lambda advises for an SQS source.
      visibilityTimeout: Duration.seconds(WEBHOOK_TIMEOUT.toSeconds() * 6),
      // Longer than the whole retry schedule (about 28 hours), with a margin.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: WEBHOOK_MAX_RECEIVES },
    });
    if (Math.max(...RETRY_DELAYS_SECONDS) > 12 * 3600) {
      throw new Error('a webhook retry waits longer than SQS can hide a message (12 hours)');
    }
  }

  /** What an emitting function may do with the queue: put jobs on it (SendMessageBatch included). */
  enqueueStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'EnqueueWebhooks',
      actions: ['sqs:SendMessage'],
      resources: [this.queue.queueArn],
    });
  }

  /** Makes `fn` the queue's consumer: batches of 10, per-item failures, at most 5 instances at once. */
  drainWith(fn: NurtureFunction): void {
    fn.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: WEBHOOK_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency: 5,
      }),
    );
  }
}
