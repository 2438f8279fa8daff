import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { UnauthorizedError } from '../core/errors';
import {
  type ConsoleAuthOptions,
  CSRF_HEADER,
  isSameOrigin,
  originOf,
  SESSION_COOKIE,
} from './console-session';

/** API keys and the console password are held only as SHA-256 hashes; a leaked config or memory dump reveals neither. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * A check of a key (an API key or the console password) against its digests, compared in
 * constant time; the digests are decoded once, when the app is built, not on every request.
 * @example const isApiKey = keyMatcher(apiKeyHashes); if (!isApiKey(given)) throw new UnauthorizedError('invalid API key');
 */
export function keyMatcher(keyHashes: readonly string[]): (key: string) => boolean {
  const expected = keyHashes.map((hash) => Buffer.from(hash, 'hex'));
  return (key) => {
    const given = Buffer.from(hashApiKey(key), 'hex');
    return expected.some((hash) => hash.length === given.length && timingSafeEqual(hash, given));
  };
}

/** `Authorization: Bearer <key>` against the configured key hashes. */
export function bearerAuth(keyHashes: readonly string[]): MiddlewareHandler {
  const keyMatches = keyMatcher(keyHashes);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedError('missing Authorization: Bearer <api key>');
    if (!keyMatches(match[1]!)) throw new UnauthorizedError('invalid API key');
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * An API key, or else the console's session cookie. A request that rides on the
 * cookie and changes something must come from the console's own origin and
 * carry the session's CSRF token in `X-CSRF-Token`.
 */
export function apiKeyOrSessionAuth(options: ConsoleAuthOptions): MiddlewareHandler {
  const bearer = bearerAuth(options.apiKeyHashes);
  return async (c, next) => {
    if (c.req.header('authorization') !== undefined) return bearer(c, next);
    const token = getCookie(c, SESSION_COOKIE);
    if (token === undefined) {
      throw new UnauthorizedError('missing Authorization: Bearer <api key> (or a console session)');
    }
    if (!options.sessions.verify(token, options.clock.now())) {
      throw new UnauthorizedError('console session expired or invalid: sign in again');
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      if (!isSameOrigin(originOf(c))) return c.json({ error: 'cross-site request refused' }, 403);
      if (!options.sessions.checkCsrf(token, c.req.header(CSRF_HEADER))) {
        return c.json({ error: 'missing or wrong X-CSRF-Token for this console session' }, 403);
      }
    }
    await next();
  };
}
