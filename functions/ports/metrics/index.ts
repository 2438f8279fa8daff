/** The CloudWatch namespace and `service` dimension of every metric; infra/observability.ts alarms on them. */
export const METRICS_NAMESPACE = 'Nurture';
export const METRICS_SERVICE = 'nurture';

/**
 * What the engine counts, and by which dimension:
 * - `MessagesSent`, `MessagesFailed`: by `channel` (email, sms), from the one send path;
 * - `Replies`: by `kind` (reply, complaint, unsubscribe, out-of-office…), once per recorded reply;
 * - `DeliveryEvents`: by `event` (bounce, complaint, delivery, open…), once per provider event;
 * - `Fires`: alarms rung; `SweepRearms`: lost alarms the sweep set again (anything above 0 is worth a look);
 * - `RepliesHeld`: by `reason`, inbound messages kept but not acted on (a rise is forged or misrouted mail);
 * - `OwnerAnswers`: by `channel`, owners' answers relayed to their customers;
 * - `OwnerAlertsDigested`: replies gathered into an owner's digest instead of an alert of their own;
 * - `WebhookDeliveries`: by `outcome` (delivered, retry, dead, gone), one per attempt to an integrator's endpoint;
 * - `WebhookEmitFailures`: events that could not be handed to the webhook queue (each is logged).
 */
export const metricNames = [
  'MessagesSent',
  'MessagesFailed',
  'Replies',
  'DeliveryEvents',
  'Fires',
  'SweepRearms',
  'RepliesHeld',
  'OwnerAnswers',
  'OwnerAlertsDigested',
  'WebhookDeliveries',
  'WebhookEmitFailures',
] as const;
export type MetricName = (typeof metricNames)[number];

export type MetricDimensions = Readonly<Record<string, string>>;

/**
 * Counters the engine keeps per invocation and hands to CloudWatch (on AWS as
 * embedded metric format log lines) once, at the end of the invocation.
 * @example deps.metrics.count('MessagesSent', { channel: 'email' }); // …then, in the handler: metrics.flush()
 */
export interface Metrics {
  /** Adds `value` (default 1) to the count of `name` under `dimensions`. */
  count(name: MetricName, dimensions?: MetricDimensions, value?: number): void;
  /** Publishes what was counted since the last flush, and starts afresh. */
  flush(): void;
}

/** `{ channel: 'email' }` and `{ channel: 'email' }` in any key order are the same series. */
export function seriesKey(name: string, dimensions: MetricDimensions): string {
  const pairs = Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b));
  return `${name}${pairs.map(([k, v]) => `|${k}=${v}`).join('')}`;
}

/**
 * Runs one invocation's `work` and flushes its metrics once, whether the work
 * succeeded or threw (a failing invocation's counts matter most).
 * @example return flushAfter(deps.metrics, () => fireCustomer(deps, customerId));
 */
export async function flushAfter<T>(metrics: Metrics, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    metrics.flush();
  }
}
