/**
 * Whether a provider error is worth another try, and how long to wait first.
 * Pure: the send queue's consumer decides with these, the SDKs' errors in hand.
 */

/** A provider call that failed: retry it later, or record it failed for good. */
export interface SendFailure {
  retryable: boolean;
  /** `name: message`, short enough for the timeline, e.g. `Throttling: Maximum sending rate exceeded.` */
  reason: string;
}

const REASON_LIMIT = 500;

/**
 * The account or the service is busy, paused or briefly unreachable: the same
 * message can go later. A paused account (SES review) counts too, so its jobs
 * wait in the dead-letter queue for a redrive instead of being dropped.
 */
const RETRYABLE_NAMES = new Set([
  // SES: per-second rate ("Maximum sending rate exceeded.") and daily quota.
  'Throttling',
  'ThrottlingException',
  'MaxSendingRateExceeded',
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
  // SNS
  'Throttled',
  'ThrottledException',
  'KMSThrottlingException',
  'InternalErrorException',
  // Any AWS service
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Node's socket errors: the request may never have reached the provider. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: unknown;
}

/**
 * Classifies an error thrown by the Mailer or Sms port. Throttling, 5xx and
 * network errors are retryable; a 4xx the provider gave a reason for
 * (`MessageRejected`, `InvalidParameterValue`, an opted-out number…) is not,
 * since the same request would be refused again. An error of unknown origin
 * is retried: the queue's receive limit bounds it, and its reason lands on
 * the timeline all the same.
 * @example classifySendError(sesThrottle) // { retryable: true, reason: 'Throttling: Maximum sending rate exceeded.' }
 */
export function classifySendError(error: unknown): SendFailure {
  const shape: ErrorShape = typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const message =
    typeof shape.message === 'string' ? shape.message : error === undefined ? '' : String(error);
  const status =
    typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const reason = (name === 'Error' ? message : message ? `${name}: ${message}` : name).slice(0, REASON_LIMIT);

  const retryable =
    RETRYABLE_NAMES.has(name) ||
    /maximum sending rate exceeded/i.test(message) ||
    shape.$retryable !== undefined ||
    (code !== undefined && NETWORK_CODES.has(code)) ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    // A client-side 4xx the provider explained is permanent; anything unexplained may pass.
    status === undefined;
  return { retryable, reason };
}

/** How the wait grows between tries of a retryable send. */
export interface RetryPolicy {
  /** The wait after the first failed try. */
  baseSeconds: number;
  /** The longest wait, whatever the try. */
  maxSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseSeconds: 15, maxSeconds: 900 };

/** SQS's ceiling on a message's visibility timeout: 12 hours. */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;

/**
 * Seconds to hide a job before its next try: exponential in how often it was
 * tried, capped, and spread by ±25% (`spread` in [0, 1)) so jobs throttled
 * together do not all come back in the same second.
 * @example retryDelaySeconds(3, 0.5) // 60: 15 s doubled twice, unspread
 */
export function retryDelaySeconds(
  receiveCount: number,
  spread: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const tries = Number.isFinite(receiveCount) ? Math.max(1, Math.floor(receiveCount)) : 1;
  const exponential = Math.min(policy.baseSeconds * 2 ** Math.min(tries - 1, 30), policy.maxSeconds);
  const factor = 0.75 + 0.5 * Math.min(Math.max(spread, 0), 1);
  return Math.min(Math.max(1, Math.round(exponential * factor)), SQS_MAX_VISIBILITY_SECONDS);
}

/**
 * A stable number in [0, 1) from a string (an SQS message id), so one job's
 * spread is the same on every try and tests can predict it.
 * @example spreadOf('059f36b4-87a3-44ab-83d2-661975830a7d') // 0.42…
 */
export function spreadOf(id: string): number {
  // FNV-1a over the characters, then MurmurHash3's finalizer, so ids that
  // differ only in their last characters still land far apart.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}
