import { SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '../engine/log';
import { WebhookEmitter } from '../engine/webhooks/emitter';
import { systemClock } from '../ports/clock/index';
import type { Metrics } from '../ports/metrics/index';
import type { Store } from '../ports/store/index';
import { SqsWebhookQueue } from '../ports/webhook-queue/sqs';

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
