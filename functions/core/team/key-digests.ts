import { createHash, timingSafeEqual } from 'node:crypto';

/** API keys and the console password are held only as SHA-256 hashes; a leaked config or memory dump reveals neither. */
export function digestOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * A check of a key (an API key or the console password) against its digests, compared in
 * constant time; the digests are decoded once, when the matcher is built, not on every call.
 * The answer is the digest matched, or undefined.
 * @example const isApiKey = keyMatcher(apiKeyHashes); if (!isApiKey(given)) throw new UnauthorizedError('invalid API key');
 */
export function keyMatcher(keyHashes: readonly string[]): (key: string) => string | undefined {
  const expected = keyHashes.map((hash) => ({ hash, bytes: Buffer.from(hash, 'hex') }));
  return (key) => {
    const given = Buffer.from(digestOf(key), 'hex');
    return expected.find(({ bytes }) => bytes.length === given.length && timingSafeEqual(bytes, given))?.hash;
  };
}

/**
 * The id an API key is known by in the audit trail: a prefix of its digest,
 * enough to tell keys apart, never enough to use one.
 * @example keyIdOf(digestOf('nurture-local-key')) // 'key:…' (12 hex characters)
 */
export function keyIdOf(keyHash: string): string {
  return `key:${keyHash.slice(0, 12)}`;
}
