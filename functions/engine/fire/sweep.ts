import { DEFAULT_SWEEP_POLICY, type SweepPolicy, sweepWindow } from '../../core/planning/alarm-buckets';
import type { Clock } from '../../ports/clock/index';
import type { Metrics } from '../../ports/metrics/index';
import type { Scheduler } from '../../ports/scheduler/index';
import type { AlarmIndexRepo, PendingAlarm } from '../../ports/store/index';
import type { Logger } from '../log';

/** What a sweep needs: the alarm index, the scheduler and nothing that sends. */
export interface SweepDeps {
  store: { alarms: AlarmIndexRepo };
  scheduler: Scheduler;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
}

export interface SweepOptions {
  policy?: Partial<SweepPolicy>;
  /** Items per query page (DynamoDB's own 1 MB page otherwise). */
  pageSize?: number;
}

export interface SweepReport {
  from: string;
  cutoff: string;
  /** Hours of the alarm index read: one query each, plus one per further page. */
  hours: number;
  pages: number;
  /** Alarms set again, at now; the fire decides from the stored state as ever. */
  rearmed: number;
  failed: { customerId: string; error: string }[];
}

/** A handful of re-arms at a time: the scheduler API's rate, not the sweep, is the limit. */
const REARM_CONCURRENCY = 4;

/**
 * Finds the customers whose alarm should have rung more than a grace period
 * ago, by the alarm index's hour partitions (never a scan), and re-arms each
 * at now. Idempotent and safe beside fires: re-arming an alarm that was only
 * late makes one extra fire, which re-reads the state, sends nothing twice
 * (the claim guards every send) and sets the next alarm.
 * @example const report = await sweepAlarms(deps); // { hours: 24, rearmed: 0, … }
 */
export async function sweepAlarms(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const now = deps.clock.now();
  const window = sweepWindow(now, { ...DEFAULT_SWEEP_POLICY, ...options.policy });
  const report: SweepReport = {
    from: window.from.toISOString(),
    cutoff: window.cutoff.toISOString(),
    hours: window.hours.length,
    pages: 0,
    rearmed: 0,
    failed: [],
  };
  const rearm = async ({ customerId, nextAt }: PendingAlarm) => {
    try {
      await deps.scheduler.arm(customerId, now);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failed.push({ customerId, error: message });
      deps.log('alarm.rearm-failed', { customerId, nextAt, error: message });
      return;
    }
    report.rearmed++;
    deps.metrics.count('SweepRearms');
    const lateSeconds = Math.round((now.getTime() - Date.parse(nextAt)) / 1000);
    deps.log('alarm.rearmed', { customerId, nextAt, lateSeconds });
  };
  const pageSize = options.pageSize ? { pageSize: options.pageSize } : {};
  for (const hour of window.hours) {
    for await (const page of deps.store.alarms.dueBefore(hour, window.cutoff, pageSize)) {
      report.pages++;
      for (let i = 0; i < page.length; i += REARM_CONCURRENCY) {
        await Promise.all(page.slice(i, i + REARM_CONCURRENCY).map(rearm));
      }
    }
  }
  deps.log('sweep.done', {
    from: report.from,
    cutoff: report.cutoff,
    hours: report.hours,
    pages: report.pages,
    rearmed: report.rearmed,
    failed: report.failed.length,
  });
  return report;
}
