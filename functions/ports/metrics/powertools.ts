import { MetricUnit, Metrics as PowertoolsMetricsClient } from '@aws-lambda-powertools/metrics';
import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricDimensions,
  type MetricName,
  type Metrics,
  seriesKey,
} from './index';

interface Group {
  dimensions: MetricDimensions;
  values: Map<MetricName, number>;
}

/**
 * CloudWatch metrics through Powertools for AWS Lambda: counts are summed in
 * memory during the invocation and written by `flush` as embedded metric
 * format lines, one per set of dimensions (EMF gives every metric of a line
 * the same dimensions), with the `service` dimension on all of them.
 */
export class PowertoolsMetrics implements Metrics {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly emf: PowertoolsMetricsClient) {}

  count(name: MetricName, dimensions: MetricDimensions = {}, value = 1): void {
    const key = seriesKey('', dimensions);
    let group = this.groups.get(key);
    if (!group) {
      group = { dimensions: { ...dimensions }, values: new Map() };
      this.groups.set(key, group);
    }
    group.values.set(name, (group.values.get(name) ?? 0) + value);
  }

  flush(): void {
    for (const { dimensions, values } of this.groups.values()) {
      for (const [key, value] of Object.entries(dimensions)) this.emf.addDimension(key, value);
      for (const [name, value] of values) this.emf.addMetric(name, MetricUnit.Count, value);
      this.emf.publishStoredMetrics();
    }
    this.groups.clear();
  }
}

/** The adapter as every handler uses it: namespace `Nurture`, service `nurture`. */
export function createPowertoolsMetrics(): PowertoolsMetrics {
  return new PowertoolsMetrics(
    new PowertoolsMetricsClient({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }),
  );
}
