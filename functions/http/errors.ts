import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { assertNever } from '../core/assert-never';
import { type ErrorCode, NurtureError, TooManyAttemptsError } from '../core/errors';
import type { Logger } from '../engine/log';

/** The one place an error code becomes an HTTP status. */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'invalid':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'invalid-template':
    case 'invalid-rules':
    case 'unreachable':
    case 'idempotency-key-reused':
      return 422;
    case 'too-many-attempts':
      return 429;
    case 'provider-failed':
      return 502;
    // A job too large for the queue is the engine's own failure, not the caller's.
    case 'job-too-large':
    case 'internal':
      return 500;
    default:
      return assertNever(code);
  }
}

/** Errors become answers: the message and details of a known error, never an unknown one's. */
export function errorResponder(log: Logger) {
  return (error: Error, c: Context) => {
    const status = statusOf(error instanceof NurtureError ? error.code : 'internal');
    const body =
      status < 500 && error instanceof NurtureError
        ? { error: error.message, code: error.code, ...error.details }
        : status === 502
          ? { error: error.message, code: 'provider-failed' }
          : { error: 'internal error', code: 'internal' };
    if (status >= 500) log('http.error', { path: c.req.path, error: error.message, name: error.name });
    if (error instanceof TooManyAttemptsError) c.header('retry-after', String(error.retryAfterSeconds));
    return c.json(body, status);
  };
}
