import { ValidationError } from '../../core/errors';
import { parseWebhookJob } from '../../ports/webhook-queue/job';
import type { SendQueueRecord } from '../send/drain-send-queue';
import { deliverWebhookJob, type WebhookDeliveryDeps } from './deliver';

/** Hides a received job for `delaySeconds` before its next attempt (SQS ChangeMessageVisibility). */
export type RetryLater = (receiptHandle: string, delaySeconds: number) => Promise<void>;

/** What became of one record: acknowledged, or kept for a later receive after `delaySeconds`. */
type Verdict = { keep: false } | { keep: true; delaySeconds: number; reason: string };

/** A store failure is tried again after this long (the receiver was not the problem). */
const STORE_RETRY_SECONDS = 30;

async function attempt(deps: WebhookDeliveryDeps, record: SendQueueRecord): Promise<Verdict> {
  let job: ReturnType<typeof parseWebhookJob>;
  try {
    job = parseWebhookJob(record.body);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // Not a job: no try can help; visible at once, SQS moves it to the dead-letter queue after its receives.
    return { keep: true, delaySeconds: 0, reason: error.message };
  }
  try {
    const outcome = await deliverWebhookJob(deps, job);
    return outcome.done
      ? { keep: false }
      : { keep: true, delaySeconds: outcome.retryAfterSeconds, reason: 'retry' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { keep: true, delaySeconds: STORE_RETRY_SECONDS, reason };
  }
}

/**
 * The webhook queue's consumer: attempts a batch of jobs side by side (each
 * receiver has its own timeout) and answers which to keep (SQS's
 * ReportBatchItemFailures). A job to retry is hidden until its next attempt
 * is due, so the retry schedule rides on the message's visibility.
 * @example return drainWebhookQueue(deps, event.Records, (handle, s) => queue.retryLater(handle, s));
 */
export async function drainWebhookQueue(
  deps: WebhookDeliveryDeps,
  records: readonly SendQueueRecord[],
  retryLater: RetryLater,
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const verdicts = await Promise.all(records.map((record) => attempt(deps, record)));
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const [i, verdict] of verdicts.entries()) {
    if (!verdict.keep) continue;
    const record = records[i]!;
    batchItemFailures.push({ itemIdentifier: record.messageId });
    if (verdict.reason !== 'retry')
      deps.log('webhook.job-kept', { sqsMessageId: record.messageId, reason: verdict.reason });
    try {
      await retryLater(record.receiptHandle, verdict.delaySeconds);
    } catch (error) {
      // The job still comes back, after the queue's own visibility timeout.
      deps.log('webhook.visibility-failed', {
        sqsMessageId: record.messageId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { batchItemFailures };
}
