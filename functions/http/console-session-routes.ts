import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { parseOrThrow } from '../core/validation';
import type { ApiOperation } from './api-operation';
import { keyMatcher } from './auth';
import { jsonBody } from './body';
import { type ConsoleAuthOptions, isSameOrigin, originOf, SESSION_COOKIE } from './console-session';

export const signInSchema = z.union([
  z.strictObject({ password: z.string().min(1).max(1024) }),
  z.strictObject({ apiKey: z.string().min(1).max(1024) }),
]);

const sessionAnswer = z.object({ csrfToken: z.string(), expiresAt: z.iso.datetime() });
const sessionState = z.object({
  signedIn: z.boolean(),
  csrfToken: z.string().optional(),
  expiresAt: z.iso.datetime().optional(),
});

export const consoleSessionOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/console/api/session',
    tag: 'Console',
    summary: 'Sign in to the console',
    description:
      'With the console password or an API key. Sets the HttpOnly `nurture_session` cookie; unsafe ' +
      'requests made with it must carry the returned token in `X-CSRF-Token`.',
    auth: 'none',
    body: signInSchema,
    responses: {
      200: { description: 'Signed in', schema: sessionAnswer },
      400: { description: 'Neither password nor apiKey given' },
      401: { description: 'Wrong password or key' },
      403: { description: 'A cross-site request' },
    },
  },
  {
    method: 'get',
    path: '/console/api/session',
    tag: 'Console',
    summary: 'Whether this browser is signed in, and its CSRF token',
    auth: 'none',
    responses: { 200: { description: 'The session', schema: sessionState } },
  },
  {
    method: 'delete',
    path: '/console/api/session',
    tag: 'Console',
    summary: 'Sign out (clears the cookie)',
    auth: 'none',
    responses: { 200: { description: 'Signed out', schema: sessionState } },
  },
];

/** `/console/api/session`: sign in, look, sign out. */
export function consoleSessionRoutes(options: ConsoleAuthOptions): Hono {
  const app = new Hono();
  const crossSite = (c: Context) => c.json({ error: 'cross-site request refused' }, 403);
  const isPassword = keyMatcher(options.consolePasswordHashes);
  const isApiKey = keyMatcher(options.apiKeyHashes);

  app.post('/', async (c) => {
    if (!isSameOrigin(originOf(c))) return crossSite(c);
    const request = parseOrThrow(signInSchema, await jsonBody(c), 'sign-in request');
    const ok = 'password' in request ? isPassword(request.password) : isApiKey(request.apiKey);
    if (!ok) {
      const what = 'password' in request ? 'console password' : 'API key';
      const hint =
        'password' in request && options.consolePasswordHashes.length === 0
          ? ' (no console password is configured: sign in with an API key)'
          : '';
      return c.json({ error: `wrong ${what}${hint}` }, 401);
    }
    const session = options.sessions.issue(options.clock.now());
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
      expires: session.expiresAt,
    });
    c.header('cache-control', 'no-store');
    return c.json({ csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() });
  });

  app.get('/', (c) => {
    c.header('cache-control', 'no-store');
    const session = options.sessions.verify(getCookie(c, SESSION_COOKIE), options.clock.now());
    if (!session) return c.json({ signedIn: false });
    return c.json({
      signedIn: true,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    });
  });

  app.delete('/', (c) => {
    if (!isSameOrigin(originOf(c))) return crossSite(c);
    // Stateless tokens cannot be revoked server-side; the cookie goes and the token expires on its own.
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
    return c.json({ signedIn: false });
  });

  return app;
}
