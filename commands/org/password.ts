import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing (scrypt) and the complexity rule. Only the hash reaches the event log.
 *
 * Public API
 *   await hashPassword('Demo@2026')           // 'scrypt$16384$8$1$<salt b64>$<key b64>'
 *   await verifyPassword('Demo@2026', hash)   // true / false (constant-time compare; false on a malformed hash)
 *   passwordProblems('abc')                   // Chinese messages, [] when the password is acceptable
 */
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keylen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, R, P, KEYLEN);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (typeof hash !== 'string') return false;
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (expected.length < 16) return false;
  const actual = await scryptAsync(password, salt, n, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

/** 密码复杂度: at least 8 characters and 3 of: upper case, lower case, digit, symbol. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('密码至少 8 位');
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  return problems;
}
