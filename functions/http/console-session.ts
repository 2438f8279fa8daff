import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { Clock } from '../ports/clock/index';

/** The console's session cookie; HttpOnly, so page scripts never see the token. */
export const SESSION_COOKIE = 'nurture_session';
export const CSRF_HEADER = 'x-csrf-token';
/** A console session lasts one working day. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * Stateless console sessions: the token is `v1.<expires ms>.<nonce>.<mac>`, an
 * HMAC over the rest with a key derived from the engine's signing key, so any
 * instance of the API (any Lambda container) checks it without a store. The
 * CSRF token is an HMAC of the session token, bound to it.
 * @example const sessions = new ConsoleSessions(signingKey); const { token, csrfToken } = sessions.issue(now);
 */
export class ConsoleSessions {
  private readonly key: Buffer;

  /**
   * @param consolePasswordHashes mixed into the key, so changing the console
   *   password ends every session signed in before (the tokens need no store to revoke).
   */
  constructor(signingKey: string, consolePasswordHashes: readonly string[] = []) {
    // A key of its own, so a session token can never pass for an unsubscribe or reply token.
    this.key = createHmac('sha256', signingKey)
      .update('nurture console session v1')
      .update([...consolePasswordHashes].sort().join(','))
      .digest();
  }

  /** A new session expiring `SESSION_TTL_MS` after `now`. */
  issue(now: Date): { token: string; csrfToken: string; expiresAt: Date } {
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    const body = `v1.${expiresAt.getTime()}.${randomBytes(16).toString('base64url')}`;
    const token = `${body}.${this.mac(body)}`;
    return { token, csrfToken: this.csrfFor(token), expiresAt };
  }

  /** The session's expiry when `token` is genuine and unexpired at `now`; otherwise undefined. */
  verify(token: string | undefined, now: Date): { expiresAt: Date; csrfToken: string } | undefined {
    if (!token) return undefined;
    const match = /^(v1\.(\d{1,15})\.[\w-]{22})\.([\w-]{43})$/.exec(token);
    if (!match) return undefined;
    if (!equalStrings(this.mac(match[1]!), match[3]!)) return undefined;
    const expiresAt = new Date(Number(match[2]));
    if (expiresAt.getTime() <= now.getTime()) return undefined;
    return { expiresAt, csrfToken: this.csrfFor(token) };
  }

  /** Whether `given` is the CSRF token of session `token`. */
  checkCsrf(token: string, given: string | undefined): boolean {
    return given !== undefined && equalStrings(this.csrfFor(token), given);
  }

  private csrfFor(token: string): string {
    return this.mac(`csrf:${token}`);
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}

/** Constant-time string equality (lengths may leak, contents do not). */
export function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Whether an unsafe request comes from the console's own pages: browsers send
 * `Sec-Fetch-Site` and `Origin`; a cross-site value for either is refused, so a
 * form on another site cannot ride on the cookie (SameSite=Strict aside).
 */
export function isSameOrigin(headers: {
  origin?: string | undefined;
  secFetchSite?: string | undefined;
  host?: string | undefined;
  forwardedHost?: string | undefined;
}): boolean {
  if (headers.secFetchSite === 'cross-site' || headers.secFetchSite === 'same-site') return false;
  if (headers.origin === undefined) return true;
  let originHost: string;
  try {
    originHost = new URL(headers.origin).host;
  } catch {
    return false;
  }
  return [headers.host, headers.forwardedHost].some((host) => host !== undefined && host === originHost);
}

export interface ConsoleAuthOptions {
  sessions: ConsoleSessions;
  clock: Clock;
  apiKeyHashes: readonly string[];
  /** SHA-256 hex digests of the console password; empty when only API keys sign in. */
  consolePasswordHashes: readonly string[];
}

/** A request's origin facts, as `isSameOrigin` reads them. */
export function originOf(c: Context) {
  return {
    origin: c.req.header('origin'),
    secFetchSite: c.req.header('sec-fetch-site'),
    host: c.req.header('host') ?? new URL(c.req.url).host,
    forwardedHost: c.req.header('x-forwarded-host'),
  };
}
