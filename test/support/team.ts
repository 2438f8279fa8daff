import type { Hono } from 'hono';
import type { UserView } from '../../functions/core/team/users';
import { API_KEY } from './local-engine';

/** The host the console's requests name; its own origin passes the same-origin check. */
export const CONSOLE_HOST = 'localhost:8787';

/** A browser-like caller of the app: the console's origin, and a session cookie once signed in. */
export interface ConsoleCaller {
  /** The session token (the cookie's value), once signed in. */
  token?: string;
  csrfToken?: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

/** Calls `app` as the console in a browser would, with the cookie and CSRF token of `session` when given. */
export function consoleCaller(
  app: Hono,
  session: { token?: string; csrfToken?: string } = {},
): ConsoleCaller {
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(
      app.request(`http://${CONSOLE_HOST}${path}`, {
        method,
        headers: {
          host: CONSOLE_HOST,
          origin: `http://${CONSOLE_HOST}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(session.token ? { cookie: `nurture_session=${session.token}` } : {}),
          ...(session.csrfToken && method !== 'GET' ? { 'x-csrf-token': session.csrfToken } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  return {
    ...session,
    call,
    async json<T>(method: string, path: string, body?: unknown) {
      const response = await call(method, path, body);
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
    },
  };
}

/** Signs in with `credentials` (email and password, the console password or an API key); throws unless 200. */
export async function signIn(app: Hono, credentials: Record<string, string>): Promise<ConsoleCaller> {
  const response = await consoleCaller(app).call('POST', '/console/api/session', credentials);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`sign-in -> ${response.status}: ${text}`);
  const token = /nurture_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const { csrfToken } = JSON.parse(text) as { csrfToken: string };
  return consoleCaller(app, { ...(token ? { token } : {}), csrfToken });
}

/** The token a setup or reset link carries in its `?token=`. */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/**
 * An admin's invitation taken up: `POST /v1/users` with the API key, then the
 * password chosen with the link's token, then a sign-in as the person.
 */
export async function joinTeam(
  app: Hono,
  person: { email: string; name: string; role: string; locale?: string },
  password: string,
): Promise<{ user: UserView; caller: ConsoleCaller }> {
  const invited = await app.request('/v1/users', {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(person),
  });
  const invitation = (await invited.json()) as { user: UserView; setupLink: string };
  if (invited.status !== 201) throw new Error(`invite -> ${invited.status}: ${JSON.stringify(invitation)}`);
  const set = await consoleCaller(app).call('POST', '/console/api/password', {
    token: tokenOf(invitation.setupLink),
    password,
  });
  if (set.status !== 200) throw new Error(`password -> ${set.status}: ${await set.text()}`);
  return { user: invitation.user, caller: await signIn(app, { email: person.email, password }) };
}

/** How a test calls the engine with the API key: `engine.call` in process, `served.api` over HTTP. */
export type KeyedCall = (method: string, path: string, body?: unknown) => Promise<Response>;

/**
 * The owners' book as a backend and its customers would make it: `people`
 * filed, a chased letter (unanswered, it ends in the owner's call task on
 * day 10) to each of `chased`, and a letter each of `replying` answers.
 */
export async function fileOwnersBook(
  call: KeyedCall,
  book: {
    people: Record<string, Record<string, unknown>>;
    chased: string[];
    replying: Record<string, string>;
  },
): Promise<void> {
  const ok = async (response: Promise<Response>) => {
    const answer = await response;
    if (!answer.ok) throw new Error(`${answer.status}: ${await answer.text()}`);
    return answer;
  };
  for (const [id, body] of Object.entries(book.people)) await ok(call('PUT', `/v1/customers/${id}`, body));
  for (const id of book.chased) {
    await ok(
      call('POST', `/v1/customers/${id}/messages`, {
        template: 'hello-again',
        channel: 'email',
        chase: true,
      }),
    );
  }
  for (const [id, text] of Object.entries(book.replying)) {
    const letter = await ok(
      call('POST', `/v1/customers/${id}/messages`, { template: 'hello-again', channel: 'email' }),
    );
    const { message } = (await letter.json()) as { message: { replyTo: string } };
    const from = book.people[id]!.email;
    await ok(call('POST', '/_local/inbound/email', { from, to: message.replyTo, text }));
  }
}
