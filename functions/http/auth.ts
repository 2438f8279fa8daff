import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { UnauthorizedError } from '../core/errors';
import { digestOf, keyIdOf, keyMatcher } from '../core/team/key-digests';
import type { EngineDeps } from '../engine/deps';
import { resolveSession } from '../engine/team/sessions';
import {
  type ConsoleAuthOptions,
  CSRF_HEADER,
  isSameOrigin,
  originOf,
  SESSION_COOKIE,
} from './console-session';

/** The SHA-256 digest API keys and the console password are held as (core/team/key-digests.ts). */
export const hashApiKey = digestOf;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * An API key (`Authorization: Bearer <key>`, a machine admin), or else the
 * console's session cookie, held server-side: a request with one that is
 * signed out, expired, or whose user changed is a 401. A request that rides
 * on the cookie and changes something must come from the console's own origin
 * and carry the session's CSRF token in `X-CSRF-Token`. Sets `principal`.
 */
export function authenticate(
  deps: Pick<EngineDeps, 'clock' | 'store'>,
  options: ConsoleAuthOptions,
): MiddlewareHandler {
  const apiKey = keyMatcher(options.keys.apiKeyHashes);
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new UnauthorizedError('missing Authorization: Bearer <api key>');
      const hash = apiKey(match[1]!);
      if (!hash) throw new UnauthorizedError('invalid API key');
      c.set('principal', { kind: 'api-key', keyId: keyIdOf(hash) });
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token === undefined) {
      throw new UnauthorizedError('missing Authorization: Bearer <api key> (or a console session)');
    }
    const resolved = await resolveSession(deps, token, options.keys);
    if (!resolved) throw new UnauthorizedError('console session expired or invalid: sign in again');
    if (!SAFE_METHODS.has(c.req.method)) {
      if (!isSameOrigin(originOf(c))) return c.json({ error: 'cross-site request refused' }, 403);
      if (!options.csrf.check(token, c.req.header(CSRF_HEADER))) {
        return c.json({ error: 'missing or wrong X-CSRF-Token for this console session' }, 403);
      }
    }
    c.set('principal', resolved.principal);
    await next();
  };
}
