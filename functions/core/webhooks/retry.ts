/**
 * The wait before each retry of a delivery, after the first attempt: Svix's
 * published schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), about a day
 * and four hours of trying in eight attempts. Every wait fits SQS's 12-hour
 * visibility limit, which is how the queue holds a retry on AWS.
 */
export const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

/** The attempts a delivery gets before it goes to the endpoint's dead letters. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** How one attempt ended: the receiver's HTTP status, or no answer at all. */
export type AttemptResult = { status: number } | { error: string };

export type DeliveryVerdict =
  | { kind: 'delivered' }
  /** Try again after `afterSeconds`. */
  | { kind: 'retry'; afterSeconds: number; reason: string }
  /** Out of tries: kept in the dead letters, for a replay. */
  | { kind: 'dead'; reason: string }
  /** 410 Gone: the receiver asks for no more; the endpoint is disabled and this delivery is a dead letter. */
  | { kind: 'gone'; reason: string };

function reasonOf(result: AttemptResult): string {
  return 'status' in result ? `HTTP ${result.status}` : result.error;
}

/**
 * What attempt number `attempt` (1 for the first) of a delivery comes to: a
 * 2xx ends it, a 410 disables the endpoint, anything else (another status, a
 * timeout, a refused connection, a redirect, which is not followed) is tried
 * again on the schedule until the tries are spent.
 * @example deliveryVerdict({ status: 500 }, 1) // { kind: 'retry', afterSeconds: 5, reason: 'HTTP 500' }
 */
export function deliveryVerdict(result: AttemptResult, attempt: number): DeliveryVerdict {
  if ('status' in result && result.status >= 200 && result.status < 300) return { kind: 'delivered' };
  const reason = reasonOf(result);
  if ('status' in result && result.status === 410) return { kind: 'gone', reason: `${reason} (Gone)` };
  const wait = RETRY_DELAYS_SECONDS[attempt - 1];
  if (wait === undefined) return { kind: 'dead', reason: `${reason}; gave up after ${attempt} attempts` };
  return { kind: 'retry', afterSeconds: wait, reason };
}
