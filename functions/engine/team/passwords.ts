import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt at OWASP's recommended strength (N=2^15, r=8, p=3: 32 MiB, about a
 * quarter of a second here), written into every hash so a later change of
 * strength still checks the hashes made before it.
 */
export const SCRYPT_PARAMS = { ln: 15, r: 8, p: 3 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(
  password: string,
  salt: Buffer,
  params: { ln: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.ln,
    r: params.r,
    p: params.p,
    // 128·N·r bytes, with room to spare: Node refuses anything over its maxmem.
    maxmem: 256 * 2 ** params.ln * params.r,
  };
  return new Promise((done, fail) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? fail(error) : done(key),
    ),
  );
}

/**
 * A salted scrypt hash of a password, `scrypt$ln=15,r=8,p=3$<salt>$<key>` (base64url).
 * @example const hash = await hashPassword('correct horse battery');
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT_PARAMS);
  const { ln, r, p } = SCRYPT_PARAMS;
  return `scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const HASH = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]{16,64})\$([\w-]{32,128})$/;

/** A hash of no password anyone has: checked instead when there is no account, so both take as long. */
const NOBODY = `scrypt$ln=${SCRYPT_PARAMS.ln},r=${SCRYPT_PARAMS.r},p=${SCRYPT_PARAMS.p}$${Buffer.alloc(SALT_BYTES).toString('base64url')}$${Buffer.alloc(KEY_BYTES).toString('base64url')}`;

/**
 * Whether `password` is the one `hash` was made from (compared in constant
 * time). Without a hash (no such account) the same work is done and the answer is false.
 * @example if (!(await verifyPassword(given, user?.passwordHash))) refuse();
 */
export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  const match = HASH.exec(hash ?? NOBODY) ?? HASH.exec(NOBODY)!;
  const [, ln, r, p, salt, key] = match;
  const params = { ln: Number(ln), r: Number(r), p: Number(p) };
  if (params.ln > 20 || params.r > 16 || params.p > 16) return false;
  const expected = Buffer.from(key!, 'base64url');
  const derived = await derive(password, Buffer.from(salt!, 'base64url'), params);
  return hash !== undefined && derived.length === expected.length && timingSafeEqual(derived, expected);
}
