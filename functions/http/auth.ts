import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { UnauthorizedError } from '../core/errors';

/** API keys are held only as SHA-256 hashes; a leaked config or memory dump reveals no key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** `Authorization: Bearer <key>` against the configured key hashes. */
export function bearerAuth(keyHashes: readonly string[]): MiddlewareHandler {
  const expected = keyHashes.map((hash) => Buffer.from(hash, 'hex'));
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedError('missing Authorization: Bearer <api key>');
    const given = Buffer.from(hashApiKey(match[1]!), 'hex');
    if (!expected.some((hash) => hash.length === given.length && timingSafeEqual(hash, given))) {
      throw new UnauthorizedError('invalid API key');
    }
    await next();
  };
}
