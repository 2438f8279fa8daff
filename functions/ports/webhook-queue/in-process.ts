import type { Clock } from '../clock/index';
import type { WebhookJob, WebhookJobOutcome, WebhookQueue } from './index';
import { encodeWebhookJob, parseWebhookJob } from './job';

type Deliver = (job: WebhookJob) => Promise<WebhookJobOutcome>;

/**
 * WebhookQueue for the local engine: jobs wait in memory and are delivered in
 * the background by the same function the `webhooks` Lambda runs, so whoever
 * emits never waits for a receiver; a retry waits on the engine's clock (a
 * simulated clock's advance rings it, see `nextDueAt`). Pending retries live
 * in memory: a restart forgets them (their deliveries stay in the log).
 */
export class InProcessWebhookQueue implements WebhookQueue {
  private readonly waiting: { job: WebhookJob; dueAt: number }[] = [];
  private draining: Promise<void> = Promise.resolve();
  private deliver: Deliver | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** What delivers a job: set once the engine around the queue is built. */
  handleWith(deliver: Deliver): void {
    this.deliver = deliver;
  }

  async enqueue(jobs: readonly WebhookJob[]): Promise<void> {
    const now = this.clock.now().getTime();
    // Through the JSON SQS would carry, so what runs here is what the queue would hold.
    for (const job of jobs) this.waiting.push({ job: parseWebhookJob(encodeWebhookJob(job)), dueAt: now });
    this.kick();
  }

  /** Delivers, in the background, every job due by the clock's now. */
  kick(): void {
    this.draining = this.draining.then(() => this.runDue()).catch(this.onError);
  }

  /** Resolves once nothing due is waiting or being delivered. */
  async settled(): Promise<void> {
    for (let before = this.draining; ; before = this.draining) {
      await before;
      if (before === this.draining) return;
    }
  }

  /** When the earliest waiting job is due: a simulated clock's advance stops there to deliver it. */
  nextDueAt(): Date | undefined {
    const earliest = Math.min(...this.waiting.map((w) => w.dueAt));
    return Number.isFinite(earliest) ? new Date(earliest) : undefined;
  }

  /** Retries on the system clock: due jobs are looked for every `intervalMs`. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.settled();
  }

  private async runDue(): Promise<void> {
    if (!this.deliver) throw new Error('the webhook queue has no deliverer; call handleWith() first');
    for (;;) {
      const now = this.clock.now().getTime();
      const index = this.waiting.findIndex((w) => w.dueAt <= now);
      if (index < 0) return;
      const { job } = this.waiting.splice(index, 1)[0]!;
      const outcome = await this.deliver(job).catch((error: unknown): WebhookJobOutcome => {
        // The store failed, not the receiver: the job is tried again a little later.
        this.onError(error);
        return { done: false, retryAfterSeconds: 30 };
      });
      if (!outcome.done) {
        this.waiting.push({ job, dueAt: this.clock.now().getTime() + outcome.retryAfterSeconds * 1000 });
      }
    }
  }
}
