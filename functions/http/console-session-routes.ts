import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { actorOf, type Principal, ROLES, roleOf } from '../core/team/roles';
import { passwordSchema } from '../core/team/users';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from '../engine/deps';
import { resolveSession, signIn, signOut } from '../engine/team/sessions';
import { setPasswordWithLink } from '../engine/team/users';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';
import { type ConsoleAuthOptions, isSameOrigin, originOf, SESSION_COOKIE } from './console-session';

const secret = z.lazy(() => z.string().min(1).max(1024));

export const signInSchema = z.lazy(() =>
  z.union([
    z.strictObject({ email: z.string().trim().min(3).max(254), password: secret }),
    z.strictObject({ password: secret }),
    z.strictObject({ apiKey: secret }),
  ]),
);

export const passwordRequestSchema = z.lazy(() =>
  z.strictObject({
    token: z.string().min(1).max(200),
    password: passwordSchema,
  }),
);

const member = z.lazy(() =>
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    locale: z.string(),
  }),
);
const sessionAnswer = z.lazy(() =>
  z.object({
    csrfToken: z.string(),
    expiresAt: z.iso.datetime(),
    role: z.enum(ROLES),
    name: z.string(),
    user: member.optional(),
  }),
);
const sessionState = z.lazy(() => sessionAnswer.unwrap().partial().extend({ signedIn: z.boolean() }));

const COOKIE = { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' } as const;

export const consoleSessionOperations = (): ApiOperation[] => [
  {
    method: 'post',
    path: '/console/api/session',
    tag: 'Console',
    summary: 'Sign in to the console',
    description:
      'As a person (`email` and `password`), with the shared console password, or with an API key. Sets the ' +
      'HttpOnly `nurture_session` cookie (the session is held server-side); unsafe requests made with it must ' +
      'carry the returned token in `X-CSRF-Token`. Failures are counted per account and per client address: ' +
      'past a few, each further try must wait twice as long (429 with `Retry-After`).',
    auth: 'none',
    body: signInSchema,
    responses: {
      200: { description: 'Signed in', schema: sessionAnswer },
      400: { description: 'Neither an email and password, a password nor an apiKey given' },
      401: { description: 'Wrong email or password, password or key' },
      403: { description: 'A cross-site request' },
      429: {
        description:
          'Too many failures for this account or from this address: `{ error, retryAfterSeconds }`',
      },
    },
  },
  {
    method: 'get',
    path: '/console/api/session',
    tag: 'Console',
    summary: 'Whether this browser is signed in: its CSRF token, role and user',
    auth: 'none',
    responses: { 200: { description: 'The session', schema: sessionState } },
  },
  {
    method: 'delete',
    path: '/console/api/session',
    tag: 'Console',
    summary: 'Sign out: the session ends at once (its cookie opens nothing after) and the cookie is cleared',
    auth: 'none',
    responses: { 200: { description: 'Signed out', schema: sessionState } },
  },
  {
    method: 'post',
    path: '/console/api/password',
    tag: 'Console',
    summary: 'Choose a password with the token of a setup or reset link, and spend the link',
    description:
      'Every session the user had ends. The link works once, within its week (setup) or day (reset).',
    auth: 'none',
    body: passwordRequestSchema,
    responses: {
      200: { description: '`{ user }`: the password is set; sign in with it' },
      400: { description: 'A password under 10 characters, or a link used or expired' },
      403: { description: 'A cross-site request' },
    },
  },
];

/** What the console learns of who signed in (never a key or hash). */
function describe(principal: Principal) {
  return {
    role: roleOf(principal),
    name: actorOf(principal).name,
    ...(principal.kind === 'user' ? { user: principal.user } : {}),
  };
}

/** `/console/api`: sign in, look, sign out; choose a password with a link. */
export function consoleSessionRoutes(deps: EngineDeps, options: ConsoleAuthOptions): Hono {
  const app = new Hono();
  const crossSite = (c: Context) => c.json({ error: 'cross-site request refused' }, 403);

  app.post('/session', async (c) => {
    if (!isSameOrigin(originOf(c))) return crossSite(c);
    const credentials = parseOrThrow(signInSchema, await jsonBody(c), 'sign-in request');
    const address = options.clientAddress(c);
    const session = await signIn(deps, credentials, options.keys, address ? { address } : {});
    setCookie(c, SESSION_COOKIE, session.token, { ...COOKIE, expires: session.expiresAt });
    c.header('cache-control', 'no-store');
    return c.json({
      csrfToken: options.csrf.of(session.token),
      expiresAt: session.expiresAt.toISOString(),
      ...describe(session.principal),
    });
  });

  app.get('/session', async (c) => {
    c.header('cache-control', 'no-store');
    const token = getCookie(c, SESSION_COOKIE);
    const resolved = await resolveSession(deps, token, options.keys);
    if (!resolved || !token) return c.json({ signedIn: false });
    return c.json({
      signedIn: true,
      csrfToken: options.csrf.of(token),
      expiresAt: resolved.session.expiresAt,
      ...describe(resolved.principal),
    });
  });

  app.delete('/session', async (c) => {
    if (!isSameOrigin(originOf(c))) return crossSite(c);
    await signOut(deps, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, COOKIE);
    return c.json({ signedIn: false });
  });

  app.post('/password', async (c) => {
    if (!isSameOrigin(originOf(c))) return crossSite(c);
    const { token, password } = parseOrThrow(passwordRequestSchema, await jsonBody(c), 'password request');
    c.header('cache-control', 'no-store');
    return c.json({ user: await setPasswordWithLink(deps, token, password) });
  });

  return app;
}
