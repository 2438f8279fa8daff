import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ValidationError } from '../core/errors';

/** Parses JSON text, or throws a 400 that says the body is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('request body must be valid JSON', [
      { path: '(body)', message: 'not valid JSON' },
    ]);
  }
}

/** The request body as JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  return parseJson(await c.req.text());
}

const KB = 1024;

/** The largest body each route reads; past it the answer is a 413 and nothing more is read. */
export const BODY_LIMITS = {
  /** A customer, a deal webhook, a letter, a campaign, a rule: a few KB in practice. */
  default: 256 * KB,
  /** Up to 500 customers at once. */
  batch: 5 * KB * KB,
  /** A template source (or a draft to preview). */
  template: 100 * KB,
  /** A raw email given to the local harness, attachments included. */
  inboundEmail: 10 * KB * KB,
} as const;

/** The limit for a request path. */
export function bodyLimitOf(path: string): number {
  if (path === '/v1/customers/batch') return BODY_LIMITS.batch;
  if (path.startsWith('/v1/templates/')) return BODY_LIMITS.template;
  if (path === '/_local/inbound/email') return BODY_LIMITS.inboundEmail;
  return BODY_LIMITS.default;
}

const sizeText = (bytes: number) => (bytes >= KB * KB ? `${bytes / KB / KB} MB` : `${bytes / KB} KB`);

/**
 * Bounds every request body by its route's limit, before any handler reads it:
 * a declared length over the limit is refused at once, a streamed body as soon
 * as it passes the limit.
 */
export const bodyLimits: MiddlewareHandler = (c, next) => {
  const limit = bodyLimitOf(c.req.path);
  return bodyLimit({
    maxSize: limit,
    onError: (ctx) =>
      ctx.json(
        {
          error: `request body is over the ${sizeText(limit)} limit for ${ctx.req.path}`,
          limitBytes: limit,
        },
        413,
      ),
  })(c, next);
};
