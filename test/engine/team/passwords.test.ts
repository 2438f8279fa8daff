import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../../functions/engine/team/passwords';

/** RFC 7914 §12, the scrypt test vectors: Node's scrypt is checked against them before it is trusted. */
const RFC_7914_VECTORS = [
  {
    password: '',
    salt: '',
    N: 16,
    r: 1,
    p: 1,
    key:
      '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442' +
      'fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
  },
  {
    password: 'password',
    salt: 'NaCl',
    N: 1024,
    r: 8,
    p: 16,
    key:
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162' +
      '2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
  },
  {
    password: 'pleaseletmein',
    salt: 'SodiumChloride',
    N: 16384,
    r: 8,
    p: 1,
    key:
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2' +
      'd5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
  },
];

describe('passwords: salted scrypt', () => {
  it.each(RFC_7914_VECTORS)('Node’s scrypt gives RFC 7914’s key for N=$N, r=$r, p=$p', (vector) => {
    const key = scryptSync(vector.password, vector.salt, 64, {
      N: vector.N,
      r: vector.r,
      p: vector.p,
      maxmem: 64 * 1024 * 1024,
    });
    expect(key.toString('hex')).toBe(vector.key);
  });

  it('hashes at OWASP’s strength with a fresh salt each time, and checks only the right password', async () => {
    const [one, two] = await Promise.all([
      hashPassword('correct horse battery'),
      hashPassword('correct horse battery'),
    ]);
    expect(one).toMatch(/^scrypt\$ln=15,r=8,p=3\$[\w-]{22}\$[\w-]{43}$/);
    expect(SCRYPT_PARAMS).toEqual({ ln: 15, r: 8, p: 3 });
    expect(one).not.toBe(two);
    expect(await verifyPassword('correct horse battery', one)).toBe(true);
    expect(await verifyPassword('correct horse battery', two)).toBe(true);
    expect(await verifyPassword('correct horse batterY', one)).toBe(false);
    expect(await verifyPassword('', one)).toBe(false);
  });

  it('checks a hash made with other parameters by its own, and refuses what is no hash', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('密码是一句很长的话', salt, 32, { N: 2 ** 10, r: 8, p: 1 });
    const older = `scrypt$ln=10,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('密码是一句很长的话', older)).toBe(true);
    expect(await verifyPassword('密码是一句很长的话', 'sha256$abc')).toBe(false);
    expect(await verifyPassword('anything', undefined)).toBe(false);
  });

  it('takes as long without an account as with one, so a sign-in does not tell who has one', async () => {
    const hash = await hashPassword('correct horse battery');
    const time = async (run: () => Promise<boolean>) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };
    // Interleaved rounds and their medians, so a busy machine slows both sides alike.
    const withTimes: number[] = [];
    const withoutTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      withTimes.push(await time(() => verifyPassword('a wrong guess!', hash)));
      withoutTimes.push(await time(() => verifyPassword('a wrong guess!', undefined)));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[2]!;
    const withAccount = median(withTimes);
    const without = median(withoutTimes);
    expect(without).toBeGreaterThan(withAccount * 0.5);
    expect(without).toBeLessThan(withAccount * 2);
  });
});
