import type { SendQueueRecord } from '../engine/send/drain-send-queue';
import { drainWebhookQueue } from '../engine/webhooks/drain-webhook-queue';
import { flushAfter } from '../ports/metrics/index';
import { createAwsWebhookDelivery } from '../wiring/aws-webhooks';
import { parseWebhookDeliveryConfig } from '../wiring/config';

const { deps, queue } = createAwsWebhookDelivery(parseWebhookDeliveryConfig(process.env));

/**
 * The webhook queue's consumer (SQS event source with ReportBatchItemFailures):
 * one signed POST per job to the integrator's endpoint; a job to retry comes
 * back when its next attempt is due, a job out of attempts is a dead letter.
 */
export async function handler(event: { Records: SendQueueRecord[] }) {
  return flushAfter(deps.metrics, () =>
    drainWebhookQueue(deps, event.Records, (handle, seconds) => queue.retryLater(handle, seconds)),
  );
}
