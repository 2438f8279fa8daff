import type { FieldCheck } from '../../core/errors';

/** One failed API call: the status and the engine's `{ error, code?, issues?, errors? }` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: ErrorBody,
  ) {
    super(message);
  }

  /** The engine has no such route: an older engine, or a part not deployed yet. */
  get unavailable(): boolean {
    return this.status === 404 && /^no route for /.test(this.body.error ?? '');
  }
}

export interface ErrorBody {
  error?: string;
  /** The engine's error code (functions/core/errors.ts), for a message in the reader's language. */
  code?: string;
  retryAfterSeconds?: number;
  issues?: { path: string; message: string }[];
  /** For issues whose check the engine knows: which check, to be worded in the reader's language. */
  checks?: ({ path: string } & FieldCheck)[];
  errors?: { line: number; column: number; message: string }[];
}

let csrfToken: string | undefined;
const signedOutListeners = new Set<() => void>();

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when a call answers 401: the session ended. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/**
 * A JSON call to the engine with the session cookie; unsafe methods carry the
 * session's CSRF token. Throws ApiError on any non-2xx answer.
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { error: text.slice(0, 200) };
  }
  if (!response.ok) {
    const error = json as ErrorBody;
    if (response.status === 401 && !path.startsWith('/console/api/session')) {
      for (const listener of signedOutListeners) listener();
    }
    throw new ApiError(response.status, error.error ?? `${response.status} ${response.statusText}`, error);
  }
  return json as T;
}

/** Query string from the defined values. */
export function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
