import { ValidationError } from '../../../core/errors';

/** A list's cursor: the sort key it stopped at, base64url (opaque to callers, checked when it comes back). */
export function encodeCursor(sk: string): string {
  return Buffer.from(sk, 'utf8').toString('base64url');
}

/**
 * The sort key a cursor carries, when it is one this list could have returned
 * (`valid`); else a 400 naming the cursor: `invalid <request>: cursor: not a cursor <list> returned`.
 * @example const sk = decodeCursor(after, (sk) => /^[01]#/.test(sk), { request: 'inbox request', list: 'the inbox' });
 */
export function decodeCursor(
  cursor: string,
  valid: (sk: string) => boolean,
  names: { request: string; list: string },
): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!valid(sk)) {
    const message = `not a cursor ${names.list} returned`;
    throw new ValidationError(`invalid ${names.request}: cursor: ${message}`, [{ path: 'cursor', message }]);
  }
  return sk;
}
