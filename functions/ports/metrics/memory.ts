import { type MetricDimensions, type MetricName, type Metrics, seriesKey } from './index';

export interface MetricTotal {
  name: MetricName;
  dimensions: MetricDimensions;
  value: number;
}

/** Metrics kept in memory: the local engine shows them at `/_local/metrics`, tests read them. */
export class InMemoryMetrics implements Metrics {
  private readonly series = new Map<string, MetricTotal>();
  /** How many times `flush` ran: once per handler invocation. */
  flushes = 0;

  count(name: MetricName, dimensions: MetricDimensions = {}, value = 1): void {
    const key = seriesKey(name, dimensions);
    const total = this.series.get(key) ?? { name, dimensions: { ...dimensions }, value: 0 };
    total.value += value;
    this.series.set(key, total);
  }

  flush(): void {
    this.flushes++;
  }

  /** The total of `name`, of the series with exactly `dimensions`, or summed over all its series. */
  total(name: MetricName, dimensions?: MetricDimensions): number {
    if (dimensions) return this.series.get(seriesKey(name, dimensions))?.value ?? 0;
    let sum = 0;
    for (const total of this.series.values()) if (total.name === name) sum += total.value;
    return sum;
  }

  /** Every series counted so far, in name order. */
  totals(): MetricTotal[] {
    return [...this.series.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, total]) => ({ ...total, dimensions: { ...total.dimensions } }));
  }
}
