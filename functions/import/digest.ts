/**
 * The first 24 hex digits of the SHA-256 of `text` (UTF-8), through Web Crypto
 * so the CLI in Node and the console in a browser derive the same ids.
 */
export async function shortDigest(text: string): Promise<string> {
  const hash = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(hash, 0, 12)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
