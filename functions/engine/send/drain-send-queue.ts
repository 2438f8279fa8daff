import { ValidationError } from '../../core/errors';
import {
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  retryDelaySeconds,
  spreadOf,
} from '../../core/sending/send-failure';
import { parseSendJob } from '../../ports/send-queue/job';
import { batchCounters } from '../stats/counter-batch';
import { type SendJobDeps, type SendJobResult, sendJob } from './send-job';

/** The fields of an SQS event record the consumer reads. */
export interface SendQueueRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: { ApproximateReceiveCount?: string };
}

export interface DrainOptions {
  /** The queue's maxReceiveCount: a job failing its last try goes to the dead-letter queue. */
  maxReceives: number;
  /** Hides a received job for `delaySeconds` before its next try (SQS ChangeMessageVisibility). */
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void>;
  /** Waits, if need be, before each delivery, to keep to the account's sending rate. */
  pace?: () => Promise<void>;
  retryPolicy?: RetryPolicy;
}

/** What became of one record: acknowledged, tried again after a wait, or on to the dead-letter queue. */
type Verdict = { kind: 'done' } | { kind: 'retry' | 'dead-letter'; reason: string };

function verdictOf(result: SendJobResult, lastTry: boolean): Verdict {
  switch (result.status) {
    case 'sent':
    case 'duplicate':
      return { kind: 'done' };
    case 'failed':
      // A permanent failure is final where it is recorded; a retryable one on
      // the last try is recorded too, and the job kept for a redrive.
      return result.deadLetter ? { kind: 'dead-letter', reason: result.error } : { kind: 'done' };
    case 'retry':
      return { kind: lastTry ? 'dead-letter' : 'retry', reason: result.error };
  }
}

async function deliverRecord(
  deps: SendJobDeps,
  record: SendQueueRecord,
  options: DrainOptions,
  receiveCount: number,
): Promise<Verdict> {
  const lastTry = receiveCount >= options.maxReceives;
  let job: ReturnType<typeof parseSendJob>;
  try {
    job = parseSendJob(record.body);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // No message to record it on: retrying cannot help, the dead-letter queue keeps it for a look.
    return { kind: 'dead-letter', reason: error.message };
  }
  await options.pace?.();
  try {
    const attempt = { receiveCount, maxReceives: options.maxReceives, countsFailures: true };
    return verdictOf(await sendJob(deps, job, attempt), lastTry);
  } catch (error) {
    // The store, not the provider, failed: the job is tried again as it stands.
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: lastTry ? 'dead-letter' : 'retry', reason };
  }
}

/**
 * The send queue's consumer: delivers a batch of jobs one after another and
 * answers which to keep (SQS's ReportBatchItemFailures). A retryable failure
 * is hidden for a growing, spread wait before its next try; one with no try
 * left is made visible at once, so SQS moves it to the dead-letter queue.
 * The batch's template counters are summed and written once, at its end.
 * @example return drainSendQueue(deps, event.Records, { maxReceives: 8, retryLater });
 */
export async function drainSendQueue(
  deps: SendJobDeps,
  records: readonly SendQueueRecord[],
  options: DrainOptions,
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const counters = batchCounters(deps.store, deps.log);
  try {
    return await drainRecords({ ...deps, store: counters.store }, records, options);
  } finally {
    await counters.flush();
  }
}

async function drainRecords(
  deps: SendJobDeps,
  records: readonly SendQueueRecord[],
  options: DrainOptions,
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    const receiveCount = Math.max(1, Number(record.attributes.ApproximateReceiveCount) || 1);
    const verdict = await deliverRecord(deps, record, options, receiveCount);
    if (verdict.kind === 'done') continue;
    batchItemFailures.push({ itemIdentifier: record.messageId });
    const delaySeconds =
      verdict.kind === 'dead-letter'
        ? 0
        : retryDelaySeconds(
            receiveCount,
            spreadOf(record.messageId),
            options.retryPolicy ?? DEFAULT_RETRY_POLICY,
          );
    deps.log(verdict.kind === 'dead-letter' ? 'send.dead-lettered' : 'send.retry-later', {
      sqsMessageId: record.messageId,
      receiveCount,
      ...(verdict.kind === 'retry' ? { delaySeconds } : {}),
      reason: verdict.reason,
    });
    try {
      await options.retryLater(record.receiptHandle, delaySeconds);
    } catch (error) {
      // The job still comes back, after the queue's own visibility timeout.
      deps.log('send.visibility-failed', {
        sqsMessageId: record.messageId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { batchItemFailures };
}
