import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Clock, SimulatedClock } from '../clock/index';
import { type AlarmEntry, AlarmHeap } from './alarm-heap';
import type { JobRef, Scheduler } from './index';
import { GatheredWrites } from './local-writes';

const PARTITION = 'ALARMS';
/** A failed fire rings again after this long instead of spinning. */
const RETRY_MS = 5 * 60_000;

type AlarmHandler = (customerId: string) => Promise<void>;
type JobHandler = (job: JobRef) => Promise<void>;

// Customer ids never contain `#`, so a job's key can never be a customer's.
const JOB_PREFIX = 'JOB#';
const jobKey = (job: JobRef) => `${JOB_PREFIX}${job.kind}#${job.id}`;

function jobOf(key: string): JobRef | undefined {
  if (!key.startsWith(JOB_PREFIX)) return undefined;
  const rest = key.slice(JOB_PREFIX.length);
  const split = rest.indexOf('#');
  return { kind: rest.slice(0, split) as JobRef['kind'], id: rest.slice(split + 1) };
}

/**
 * The in-process alarm loop of the local engine. Alarms are kept in memory for
 * speed and in the store for durability, so a restart picks up every pending one.
 */
export class LocalScheduler implements Scheduler {
  private readonly alarms = new Map<string, number>();
  private readonly heap = new AlarmHeap();
  private handler: AlarmHandler | undefined;
  private jobHandler: JobHandler | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly writes: GatheredWrites;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly log: (event: string, fields: Record<string, unknown>) => void = () => {},
  ) {
    this.writes = new GatheredWrites(db, tableName);
  }

  /** Reads the persisted alarms; call once before `start`. */
  async load(): Promise<number> {
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PARTITION },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) this.remember(item.sk as string, Date.parse(item.at as string));
    }
    return this.alarms.size;
  }

  async arm(customerId: string, at: Date): Promise<void> {
    if (this.alarms.get(customerId) === at.getTime()) return;
    this.remember(customerId, at.getTime());
    await this.writes.write(customerId, {
      PutRequest: { Item: { pk: PARTITION, sk: customerId, at: at.toISOString() } },
    });
  }

  async disarm(customerId: string): Promise<void> {
    this.alarms.delete(customerId);
    await this.writes.write(customerId, { DeleteRequest: { Key: { pk: PARTITION, sk: customerId } } });
  }

  armJob(job: JobRef, at: Date): Promise<void> {
    return this.arm(jobKey(job), at);
  }

  disarmJob(job: JobRef): Promise<void> {
    return this.disarm(jobKey(job));
  }

  /** When the customer's alarm will ring, if one is set. */
  pendingAt(customerId: string): Date | undefined {
    const at = this.alarms.get(customerId);
    return at === undefined ? undefined : new Date(at);
  }

  /** When the job's alarm will ring, if one is set. */
  pendingJobAt(job: JobRef): Date | undefined {
    return this.pendingAt(jobKey(job));
  }

  /** Every alarm set, earliest first: a customer's by `customerId`, a job's by `job`. */
  pending(): ({ customerId: string; at: string } | { job: JobRef; at: string })[] {
    return [...this.alarms]
      .sort((a, b) => a[1] - b[1])
      .map(([key, at]) => {
        const job = jobOf(key);
        const when = new Date(at).toISOString();
        return job ? { job, at: when } : { customerId: key, at: when };
      });
  }

  /** Hands job alarms to `handler` (customer alarms go to `start`'s). */
  handleJobs(handler: JobHandler): void {
    this.jobHandler = handler;
  }

  /**
   * Hands alarms to `handler`. With `intervalMs` it also rings whatever is due
   * at the clock's time on a timer; without, only `runDue`/`advanceTo` ring.
   */
  start(handler: AlarmHandler, intervalMs?: number): void {
    this.handler = handler;
    if (intervalMs === undefined) return;
    this.timer = setInterval(() => {
      void this.runDue(this.clock.now());
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Moves a simulated clock to `target`, ringing every alarm due on the way in
   * time order with the clock set to each alarm's time; resolves when done.
   */
  advanceTo(clock: SimulatedClock, target: Date): Promise<void> {
    return this.exclusive(async () => {
      for (let next = this.earliestDue(target); next; next = this.earliestDue(target)) {
        if (next.at > clock.now().getTime()) clock.set(new Date(next.at));
        await this.ring(next.customerId);
      }
      clock.set(target);
    });
  }

  /** Rings every alarm due at `now`. */
  runDue(now: Date): Promise<void> {
    return this.exclusive(async () => {
      for (let next = this.earliestDue(now); next; next = this.earliestDue(now))
        await this.ring(next.customerId);
    });
  }

  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.running.then(work);
    this.running = run.catch(() => {});
    return run;
  }

  private remember(customerId: string, at: number): void {
    this.alarms.set(customerId, at);
    this.heap.push({ customerId, at });
  }

  private earliestDue(upTo: Date): AlarmEntry | undefined {
    const next = this.heap.peek((entry) => this.alarms.get(entry.customerId) === entry.at);
    return next && next.at <= upTo.getTime() ? next : undefined;
  }

  private async ring(customerId: string): Promise<void> {
    const rang = this.alarms.get(customerId);
    // Forget the alarm in memory only: the fire re-arms or disarms it; if the
    // process dies first, the persisted alarm rings again after a restart.
    this.alarms.delete(customerId);
    const job = jobOf(customerId);
    try {
      if (job) {
        if (!this.jobHandler) throw new Error('local scheduler has no job handler; call handleJobs() first');
        await this.jobHandler(job);
      } else {
        if (!this.handler) throw new Error('local scheduler has no handler; call start() first');
        await this.handler(customerId);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log(
        'alarm.failed',
        job ? { job: `${job.kind}:${job.id}`, error: message } : { customerId, error: message },
      );
      if (!this.alarms.has(customerId) && rang !== undefined) {
        await this.arm(customerId, new Date(this.clock.now().getTime() + RETRY_MS));
      }
    }
  }
}
