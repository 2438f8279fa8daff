import { createHash, randomBytes } from 'node:crypto';

/**
 * A fresh secret token (256 random bits, base64url) and the hash the store
 * keeps of it: a read of the table never yields a token that works.
 * @example const { token, tokenHash } = newToken();
 */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/** @example hashToken(token) // 43 base64url characters */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** What a token looks like: anything else is refused before the store is asked. */
export const TOKEN_PATTERN = /^[\w-]{43}$/;
