import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { SignInKeys } from '../engine/team/sessions';

export { SESSION_TTL_MS } from '../engine/team/sessions';

/** The console's session cookie; HttpOnly, so page scripts never see the token. */
export const SESSION_COOKIE = 'nurture_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The CSRF token of a console session: an HMAC of its token with a key of
 * its own (derived from the engine's signing key, so it can never pass for an
 * unsubscribe or reply token), bound to that one session.
 * @example const csrf = new CsrfTokens(signingKey); const token = csrf.of(sessionToken);
 */
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(signingKey: string) {
    this.key = createHmac('sha256', signingKey).update('nurture console csrf v2').digest();
  }

  of(sessionToken: string): string {
    return createHmac('sha256', this.key).update(`csrf:${sessionToken}`).digest('base64url');
  }

  /** Whether `given` is the CSRF token of session `sessionToken`. */
  check(sessionToken: string, given: string | undefined): boolean {
    return given !== undefined && equalStrings(this.of(sessionToken), given);
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

/** What the console's sign-in and the API's authentication share. */
export interface ConsoleAuthOptions {
  keys: SignInKeys;
  csrf: CsrfTokens;
  /** The caller's network address as the platform saw it (never a header the caller wrote). */
  clientAddress: (c: Context) => string | undefined;
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
