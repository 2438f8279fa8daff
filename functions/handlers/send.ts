import { drainSendQueue, type SendQueueRecord } from '../engine/send/drain-send-queue';
import { createPacer } from '../engine/send/pacer';
import { flushAfter } from '../ports/metrics/index';
import { createAwsDelivery } from '../wiring/aws-delivery';
import { parseDeliveryConfig } from '../wiring/config';

const config = parseDeliveryConfig(process.env);
const { deps, queue } = createAwsDelivery(config);
// Per container, so back-to-back batches of one instance keep the spacing too.
const pace = createPacer(config.NURTURE_SEND_INTERVAL_MS);

/**
 * The send queue's consumer (SQS event source with ReportBatchItemFailures):
 * delivers each job through SES or SNS at the account's rate; throttled jobs
 * come back later, failures land on the timeline and, retries spent, in the DLQ.
 */
export async function handler(event: { Records: SendQueueRecord[] }) {
  return flushAfter(deps.metrics, () =>
    drainSendQueue(deps, event.Records, {
      maxReceives: config.NURTURE_SEND_MAX_RECEIVES,
      retryLater: (receiptHandle, delaySeconds) => queue.retryLater(receiptHandle, delaySeconds),
      pace,
    }),
  );
}
