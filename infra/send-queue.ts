import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SQS_MAX_BODY_BYTES } from '../functions/ports/send-queue/job';
import { createDeadLetterQueue } from './dead-letters';
import type { NurtureFunction } from './nurture-function';

/** How fast the `send` function drains the queue, in the account's terms. */
export interface SendRateProps {
  /**
   * Messages per second the account may send: SES's maximum send rate (14 for
   * a new production account; 1 in the sandbox), or the SMS rate if lower.
   * @default 14
   */
  readonly sendRatePerSecond?: number;
  /** How many `send` instances drain at once (the event source's maximum concurrency, 2 to 1000). @default 2 */
  readonly sendConcurrency?: number;
  /** Jobs per invocation, delivered one after another. @default 10 */
  readonly sendBatchSize?: number;
  /**
   * Concurrency reserved for `send`, so the rest of the account cannot starve
   * it (`sendConcurrency` is the useful figure); 0 reserves none. Opt-in: a
   * new account's quota of 10 concurrent executions allows no reservation
   * (Lambda keeps 100 unreserved), so the default deploys everywhere.
   * @default 0
   */
  readonly sendReservedConcurrency?: number;
  /** Tries per job before it goes to the dead-letter queue. @default 8 */
  readonly sendMaxReceives?: number;
}

/** What SES gives a new production account: 14 emails per second (and 50,000 a day). */
export const SEND_DEFAULTS = {
  sendRatePerSecond: 14,
  sendConcurrency: 2,
  sendBatchSize: 10,
  sendMaxReceives: 8,
} as const;

/** The `send` function's timeout: a batch of 10 paced sends takes a few seconds. */
export const SEND_TIMEOUT = Duration.seconds(30);

/** A job waiting longer than this means the queue is not keeping up (or `send` is failing). */
export const SEND_BACKLOG_ALARM_SECONDS = 3600;

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/**
 * The send queue between the engine and the providers: fire, api and inbound
 * hand claimed messages to it; the `send` function drains it at the
 * account's rate (N instances, each pacing its calls N / rate seconds apart),
 * puts throttled jobs back with a growing visibility, and after the last try
 * SQS moves a job to the dead-letter queue, from which a redrive sends it.
 *
 * @example const sendQueue = new SendQueue(this, 'SendQueue', props); sendQueue.drainWith(sendFn);
 */
export class SendQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly ratePerSecond: number;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly reservedConcurrency: number | undefined;
  readonly maxReceives: number;

  constructor(scope: Construct, id: string, props: SendRateProps = {}) {
    super(scope, id);
    this.ratePerSecond = props.sendRatePerSecond ?? SEND_DEFAULTS.sendRatePerSecond;
    if (!(this.ratePerSecond > 0 && this.ratePerSecond <= 10_000)) {
      throw new Error(`sendRatePerSecond must be above 0 and at most 10000, got ${this.ratePerSecond}`);
    }
    this.concurrency = wholeNumber(
      'sendConcurrency',
      props.sendConcurrency ?? SEND_DEFAULTS.sendConcurrency,
      2,
      1000,
    );
    this.batchSize = wholeNumber('sendBatchSize', props.sendBatchSize ?? SEND_DEFAULTS.sendBatchSize, 1, 100);
    const reserved = wholeNumber('sendReservedConcurrency', props.sendReservedConcurrency ?? 0, 0, 1000);
    this.reservedConcurrency = reserved === 0 ? undefined : reserved;
    this.maxReceives = wholeNumber(
      'sendMaxReceives',
      props.sendMaxReceives ?? SEND_DEFAULTS.sendMaxReceives,
      1,
      1000,
    );

    const batchMs = this.batchSize * this.intervalMs();
    if (batchMs > SEND_TIMEOUT.toMilliseconds() * (2 / 3)) {
      throw new Error(
        `a batch of ${this.batchSize} paced ${this.intervalMs()} ms apart takes ${batchMs} ms, too close to ` +
          `send's ${SEND_TIMEOUT.toSeconds()} s timeout: lower sendBatchSize or sendConcurrency`,
      );
    }

    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetters');
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // What the enqueueing adapter refuses above, so the two limits cannot drift apart.
      maxMessageSizeBytes: SQS_MAX_BODY_BYTES,
      // Lambda's advice for an SQS source: six times the function timeout, so a
      // batch still being retried by the poller is not handed out again.
      visibilityTimeout: Duration.seconds(SEND_TIMEOUT.toSeconds() * 6),
      // A greeting days late is worse than none; a job that old is in the dead-letter queue anyway.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceives },
    });
  }

  /** Each instance's spacing between provider calls, so all of them together keep to the rate. */
  intervalMs(): number {
    return Math.ceil((1000 * this.concurrency) / this.ratePerSecond);
  }

  /** What `send` needs to know: its tries per job and the spacing between its calls. */
  sendEnvironment(): Record<string, string> {
    return {
      NURTURE_SEND_MAX_RECEIVES: String(this.maxReceives),
      NURTURE_SEND_INTERVAL_MS: String(this.intervalMs()),
    };
  }

  /** The only thing the engine's other functions may do with the queue: put a job on it. */
  enqueueStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'EnqueueSends',
      actions: ['sqs:SendMessage'],
      resources: [this.queue.queueArn],
    });
  }

  /** Makes `fn` the queue's consumer: batches, a short batching window, per-item failures, bounded concurrency. */
  drainWith(fn: NurtureFunction): void {
    fn.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: this.batchSize,
        // A second to fill a batch: fewer invocations, and nothing here is urgent to the second.
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency: this.concurrency,
      }),
    );
  }
}
