import { SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '../engine/log';
import { jsonLogger } from '../engine/log';
import type { WebhookDeliveryDeps } from '../engine/webhooks/deliver';
import { WebhookEmitter } from '../engine/webhooks/emitter';
import { systemClock } from '../ports/clock/index';
import type { Metrics } from '../ports/metrics/index';
import { createPowertoolsMetrics } from '../ports/metrics/powertools';
import { createDocumentClient } from '../ports/store/dynamodb/client';
import { DynamoWebhookRepo } from '../ports/store/dynamodb/webhooks';
import type { Store } from '../ports/store/index';
import { SqsWebhookQueue } from '../ports/webhook-queue/sqs';
import { FetchWebhookReceiver } from '../ports/webhook-receiver/fetch';
import type { WebhookDeliveryConfig } from './config';

/** The webhook queue and the emitter in front of it, for any function that emits events. */
export function awsWebhooks(
  config: { NURTURE_WEBHOOK_QUEUE_URL: string },
  parts: { store: Pick<Store, 'webhooks'>; log: Logger; metrics: Metrics },
): { webhookQueue: SqsWebhookQueue; webhooks: WebhookEmitter } {
  const webhookQueue = new SqsWebhookQueue(new SQSClient({}), { queueUrl: config.NURTURE_WEBHOOK_QUEUE_URL });
  return {
    webhookQueue,
    webhooks: new WebhookEmitter({ ...parts, queue: webhookQueue, clock: systemClock }),
  };
}

/**
 * The composition root of the `webhooks` function: the table (endpoints and
 * their log), the receivers over HTTPS, and the queue, to hold retries back.
 */
export function createAwsWebhookDelivery(config: WebhookDeliveryConfig): {
  deps: WebhookDeliveryDeps;
  queue: SqsWebhookQueue;
} {
  const clock = systemClock;
  return {
    deps: {
      // The endpoints and their log only: the rest of the store is code this function never runs.
      store: { webhooks: new DynamoWebhookRepo(createDocumentClient(), config.NURTURE_TABLE) },
      receiver: new FetchWebhookReceiver(),
      clock,
      log: jsonLogger(),
      metrics: createPowertoolsMetrics(),
      urls: { allowLoopbackHttp: false },
    },
    queue: new SqsWebhookQueue(new SQSClient({}), { queueUrl: config.NURTURE_WEBHOOK_QUEUE_URL }),
  };
}
