import type { Context } from 'hono';
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
