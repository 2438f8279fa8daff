import { ConflictError } from '../core/errors';
import { DEFAULT_SWEEP_POLICY, MAX_SWEEP_LOOKBACK_MS } from '../core/planning/alarm-buckets';
import { type SweepDeps, type SweepOptions, type SweepReport, sweepAlarms } from '../engine/fire/sweep';
import type { SimulatedClock } from '../ports/clock/index';
import type { LocalScheduler } from '../ports/scheduler/local';

/** How often, in clock time, the local engine sweeps on its tick: as the stack schedules it on AWS. */
export const LOCAL_SWEEP_EVERY_MS = 15 * 60_000;

/**
 * The recovery sweep in the local engine: on its tick once every 15 minutes
 * of clock time (and once at start, which catches alarms lost while the
 * engine was down), and on request through `POST /_local/sweep`.
 */
export class LocalSweeper {
  private lastAt: number | undefined;
  private running: Promise<SweepReport> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: SweepDeps,
    /** Why the sweep cannot run here, e.g. a data directory from before the alarm index. */
    private readonly unavailable?: string,
  ) {}

  /** Sweeps now; a sweep already running is joined rather than doubled. */
  sweep(options: SweepOptions = {}): Promise<SweepReport> {
    if (this.unavailable) return Promise.reject(new ConflictError(this.unavailable));
    this.running ??= sweepAlarms(this.deps, options).finally(() => {
      this.running = undefined;
    });
    this.lastAt = this.deps.clock.now().getTime();
    return this.running;
  }

  /**
   * Moves a simulated clock to `target` as time would pass on AWS: alarms ring
   * in order, and the sweep runs every 15 minutes of clock time on the way,
   * reading only the hours since its last run (the start sweep read the rest).
   * An engine that does not tick (tests driving the clock) only rings alarms.
   */
  async advance(scheduler: LocalScheduler, clock: SimulatedClock, target: Date): Promise<void> {
    if (this.unavailable || !this.timer) return scheduler.advanceTo(clock, target);
    for (;;) {
      const last = this.lastAt ?? clock.now().getTime();
      const at = new Date(last + LOCAL_SWEEP_EVERY_MS);
      if (at > target) break;
      await scheduler.advanceTo(clock, at);
      const sinceLast = clock.now().getTime() - last;
      const lookbackMs = Math.min(MAX_SWEEP_LOOKBACK_MS, sinceLast + DEFAULT_SWEEP_POLICY.graceMs + 60_000);
      await this.sweep({ policy: { lookbackMs } });
    }
    await scheduler.advanceTo(clock, target);
  }

  start(tickMs: number): void {
    if (this.unavailable) return;
    this.timer = setInterval(() => {
      const now = this.deps.clock.now().getTime();
      if (this.lastAt !== undefined && now - this.lastAt < LOCAL_SWEEP_EVERY_MS) return;
      this.sweep().catch((error: unknown) => {
        this.deps.log('sweep.failed', { error: error instanceof Error ? error.message : String(error) });
      });
    }, tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }
}
