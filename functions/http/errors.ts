import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../core/errors';
import { RuleError, TemplateError } from '../engine/content/content-errors';
import type { Logger } from '../engine/log';
import { ProviderError, UnreachableError } from '../engine/send/letters';

/** The only place errors become HTTP statuses. */
export function errorResponder(log: Logger) {
  return (error: Error, c: Context) => {
    const [status, body]: [ContentfulStatusCode, Record<string, unknown>] =
      error instanceof TemplateError
        ? [422, { error: error.message, errors: error.errors }]
        : error instanceof RuleError
          ? [422, { error: error.message, issues: error.issues }]
          : error instanceof ValidationError
            ? [400, { error: error.message, issues: error.issues }]
            : error instanceof UnauthorizedError
              ? [401, { error: error.message }]
              : error instanceof NotFoundError
                ? [404, { error: error.message }]
                : error instanceof ConflictError
                  ? [409, { error: error.message }]
                  : error instanceof UnreachableError
                    ? [422, { error: error.message }]
                    : error instanceof ProviderError
                      ? [502, { error: error.message }]
                      : [500, { error: 'internal error' }];
    if (status >= 500) log('http.error', { path: c.req.path, error: error.message, name: error.name });
    return c.json(body, status);
  };
}
