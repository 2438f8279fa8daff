import { campaignIdOf } from '../../core/campaigns/campaign-rule';
import { classifySendError, type SendFailure } from '../../core/sending/send-failure';
import type { Clock } from '../../ports/clock/index';
import type { Mailer } from '../../ports/mailer/index';
import type { Metrics } from '../../ports/metrics/index';
import type { EnqueueOutcome, SendJob } from '../../ports/send-queue/index';
import type { Sms } from '../../ports/sms/index';
import type { MessageRecord, Store } from '../../ports/store/index';
import { countCampaignEvent } from '../campaigns/campaign-counts';
import { countTemplateEvent } from '../delivery-events/template-counts';
import type { Logger } from '../log';
import type { WebhookEmitter } from '../webhooks/emitter';
import { claimMessage } from './claim-message';

/** What delivering a job needs: the providers, the store it records in, a clock and a log. */
export interface SendJobDeps {
  store: Pick<Store, 'stats' | 'timeline' | 'campaigns'>;
  mailer: Mailer;
  sms: Sms;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** `message.sent` goes to the integrators' endpoints from here, queued, never waited on. */
  webhooks: Pick<WebhookEmitter, 'emit'>;
}

/** Which try of a job this is: its last one records any failure for good. */
export interface SendAttempt {
  /** How often the job has been handed out, this time included. */
  receiveCount: number;
  /** How often it may be: after that, the queue moves it to its dead-letter queue. */
  maxReceives: number;
  /**
   * Whether a failure for good is the message's last word, to count on its
   * campaign: the send queue's delivery, which the fire counted queued. The
   * local engine's fire sends at once, retries a failed send itself and counts
   * it when it expires.
   */
  countsFailures: boolean;
}

/** Delivering at once, with no second try: the local engine's in-process queue. */
export const ONLY_ATTEMPT: SendAttempt = { receiveCount: 1, maxReceives: 1, countsFailures: false };

export type SendJobResult =
  /** The provider took it, or had already: acknowledge the job. */
  | { status: 'sent' | 'duplicate'; message: MessageRecord }
  /** Recorded failed on the timeline. `deadLetter`: a retryable failure on the last try. */
  | { status: 'failed'; message: MessageRecord; error: string; deadLetter: boolean }
  /** Not sent, nothing final recorded: try the job again later. */
  | { status: 'retry'; error: string };

/**
 * How long a `sending` message may belong to an attempt that is still running.
 * Longer than the `send` Lambda's timeout (30 s), so an older one is known dead.
 */
export const SENDING_LEASE_MS = 5 * 60_000;

/**
 * Delivers one job: claims its message (files the whole record `sending`, the
 * one conditional write that lets a single attempt through), calls the Mailer
 * or Sms port, and records `sent`, or `failed` with the reason, or `queued`
 * with the reason for a retryable failure with tries left (the job's next try
 * claims it again). A job whose message is already sent, or may have gone out,
 * is acknowledged as a duplicate.
 * @example const result = await sendJob(deps, job, { receiveCount: 1, maxReceives: 8, countsFailures: true });
 */
export async function sendJob(deps: SendJobDeps, job: SendJob, attempt: SendAttempt): Promise<SendJobResult> {
  const { customerId, messageId } = job;
  if (job.test) return sendTestJob(deps, job);
  const now = deps.clock.now();
  const sendingAt = now.toISOString();
  const claim = await claimMessage(deps, job.message, { status: 'sending', sendingAt });
  if (!claim.claimed) return notClaimed(deps, job, claim.existing, now, attempt);

  const about = { customerId, messageId, rule: job.rule, channel: job.channel };
  let providerMessageId: string;
  try {
    ({ providerMessageId } =
      job.channel === 'email' ? await deps.mailer.send(job.email) : await deps.sms.send(job.sms));
  } catch (error) {
    return recordFailure(deps, job, claim.message, sendingAt, attempt, classifySendError(error));
  }
  // Past the provider, a failure to record is not a failure to send: it is thrown,
  // the message stays `sending`, and no later try sends it again.
  const sentAt = deps.clock.now().toISOString();
  // Unconditional: whatever another attempt concluded meanwhile, the provider took this one.
  await deps.store.timeline.updateMessage(customerId, messageId, {
    status: 'sent',
    sentAt,
    providerMessageId,
  });
  deps.log('message.sent', about);
  deps.metrics.count('MessagesSent', { channel: job.channel });
  // Never throws: a counter that does not move must not make a sent message look failed.
  await countTemplateEvent(deps, job.template, 'sent', new Date(sentAt));
  await countCampaignEvent(deps, { rule: job.rule, customerId }, 'sent');
  // Never throws either, and only queues: no receiver is waited on here.
  await deps.webhooks.emit(
    'message.sent',
    { customerId, messageId, channel: job.channel, template: job.template, rule: job.rule, at: sentAt },
    { subject: { customerId }, key: [messageId] },
  );
  return { status: 'sent', message: { ...claim.message, status: 'sent', sentAt, providerMessageId } };
}

/**
 * The provider refused or could not be reached: `queued` with the reason for a
 * later try while tries are left and the failure may pass (the job's next
 * delivery claims it again), otherwise `failed` with the reason. Only the
 * attempt that holds the message records either.
 */
async function recordFailure(
  deps: SendJobDeps,
  job: SendJob,
  message: MessageRecord,
  sendingAt: string,
  attempt: SendAttempt,
  failure: SendFailure,
): Promise<SendJobResult> {
  const { customerId, messageId } = job;
  const about = {
    customerId,
    messageId,
    rule: job.rule,
    channel: job.channel,
    attempt: attempt.receiveCount,
  };
  const held = { expect: { status: 'sending', sendingAt } } as const;
  if (failure.retryable && attempt.receiveCount < attempt.maxReceives) {
    // Back in the queue's hands, the reason shown on the timeline until the next try.
    await deps.store.timeline.updateMessage(
      customerId,
      messageId,
      { status: 'queued', error: failure.reason },
      held,
    );
    deps.log('message.retry', { ...about, error: failure.reason });
    return { status: 'retry', error: failure.reason };
  }
  const reason =
    failure.retryable && attempt.maxReceives > 1
      ? `${failure.reason} (gave up after ${attempt.receiveCount} tries; the job is in the send ` +
        'dead-letter queue, a redrive sends it)'
      : failure.reason;
  const counted = attempt.countsFailures && campaignIdOf(job.rule) !== undefined;
  const recorded = await deps.store.timeline.updateMessage(
    customerId,
    messageId,
    { status: 'failed', error: reason, ...(counted ? { failureCounted: true } : {}) },
    held,
  );
  // Another attempt holds the message now: its outcome is the one that counts.
  if (!recorded)
    return { status: 'retry', error: `message ${messageId} changed while recording its failure` };
  deps.log('message.failed', { ...about, error: reason });
  deps.metrics.count('MessagesFailed', { channel: job.channel });
  if (counted) await countCampaignEvent(deps, job, 'failed');
  return {
    status: 'failed',
    message: { ...message, status: 'failed', error: reason },
    error: reason,
    deadLetter: failure.retryable,
  };
}

/** Another attempt got there first, or had: decide from the message as it stands. */
async function notClaimed(
  deps: SendJobDeps,
  job: SendJob,
  existing: MessageRecord | undefined,
  now: Date,
  attempt: SendAttempt,
): Promise<SendJobResult> {
  // Sent, or possibly sent by an attempt that ended without an outcome: never again.
  if (existing?.status === 'sent' || existing?.outcomeUnknown)
    return { status: 'duplicate', message: existing };
  if (existing?.status !== 'sending') {
    // Queued, failed or gone between the write and the read: simply try later.
    return { status: 'retry', error: `message ${job.messageId} changed while claiming it` };
  }
  const since = existing.sendingAt ?? existing.at;
  if (now.getTime() - Date.parse(since) < SENDING_LEASE_MS) {
    return {
      status: 'retry',
      error: `another attempt has been sending message ${existing.id} since ${since}`,
    };
  }
  // The attempt that began sending died mid-call: the provider may or may not
  // have taken the message. At most once beats a duplicate in a customer's
  // inbox, so it is recorded failed and not resent; the reason says so.
  const error =
    `an attempt began sending at ${since} and ended without an outcome; not resent, ` +
    'as it may have gone out';
  const recorded = await deps.store.timeline.updateMessage(
    existing.customerId,
    existing.id,
    { status: 'failed', error, outcomeUnknown: true },
    { expect: { status: 'sending', ...(existing.sendingAt ? { sendingAt: existing.sendingAt } : {}) } },
  );
  if (!recorded) return { status: 'retry', error: `message ${existing.id} changed while settling it` };
  deps.log('message.failed', {
    customerId: existing.customerId,
    messageId: existing.id,
    rule: existing.rule,
    channel: existing.channel,
    error,
  });
  deps.metrics.count('MessagesFailed', { channel: existing.channel });
  // Never claimed again, so never taken back.
  if (attempt.countsFailures) await countCampaignEvent(deps, existing, 'failed');
  return {
    status: 'failed',
    message: { ...existing, status: 'failed', error, outcomeUnknown: true },
    error,
    deadLetter: false,
  };
}

/**
 * Delivers a job at once and answers as the send queue's port does: the local
 * engine's in-process queue, which has no later try to offer.
 * @example new InProcessSendQueue((job) => sendNow(deps, job));
 */
export async function sendNow(deps: SendJobDeps, job: SendJob): Promise<EnqueueOutcome> {
  const result = await sendJob(deps, job, ONLY_ATTEMPT);
  switch (result.status) {
    case 'sent':
    case 'duplicate':
      return result;
    case 'failed':
      return { status: 'failed', message: result.message, error: result.error };
    case 'retry':
      // Only another attempt in flight answers `retry` on a last try: the message is in its hands.
      return { status: 'queued' };
  }
}

/** A test goes to the provider and nowhere else: no timeline, no template counter, no webhook. */
async function sendTestJob(deps: SendJobDeps, job: SendJob): Promise<SendJobResult> {
  const about = { messageId: job.messageId, template: job.template, channel: job.channel };
  try {
    const { providerMessageId } =
      job.channel === 'email' ? await deps.mailer.send(job.email) : await deps.sms.send(job.sms);
    const sentAt = deps.clock.now().toISOString();
    deps.log('message.test-sent', about);
    return {
      status: 'sent',
      message: { ...job.message, status: 'sent', attempts: 1, sentAt, providerMessageId },
    };
  } catch (error) {
    const failure = classifySendError(error);
    deps.log('message.test-failed', { ...about, error: failure.reason });
    const message: MessageRecord = { ...job.message, status: 'failed', attempts: 1, error: failure.reason };
    return { status: 'failed', message, error: failure.reason, deadLetter: false };
  }
}
