import jwt from 'jsonwebtoken';
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Access tokens: HS256 JWTs, 15 minutes. Verification pins the algorithm, so `alg: none` and RS/ES tricks fail. */
export interface AccessClaims {
  sub: string;
  roles: string[];
  unit: string | null;
  /** The refresh-token family (session) the token was issued for; logout revokes it. */
  sid: string;
  /** Expiry (seconds since the epoch), filled in by verifyAccess. */
  exp?: number;
}

/** A refused token; `name` is 'TokenExpiredError' for an expired one (as jsonwebtoken names it), else 'JsonWebTokenError'. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly expired = false,
  ) {
    super(message);
    this.name = expired ? 'TokenExpiredError' : 'JsonWebTokenError';
  }
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const VERIFIED_MAX = 10_000;

function decodePart(part: string): Record<string, unknown> {
  if (!B64URL.test(part)) throw new TokenError('jwt malformed');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('jwt malformed');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TokenError('jwt malformed');
  return v as Record<string, unknown>;
}

export class TokenService {
  /** The secret as a KeyObject, made once (jsonwebtoken made one per verify: ~0.2 ms a request). */
  private readonly key: KeyObject;
  /**
   * Tokens already verified (the whole token text is the key, so only a byte-identical token hits),
   * with their claims; expiry is checked again on every use. A client sends the same token for up to
   * 15 minutes; bounded, emptied when full.
   */
  private readonly verified = new Map<string, Readonly<AccessClaims>>();

  constructor(
    private readonly secret: Buffer,
    readonly accessTtlSeconds = 15 * 60,
    private readonly issuer = 'gov-oa',
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    if (secret.length < 32) throw new Error('JWT secret must be at least 32 bytes');
    this.key = createSecretKey(secret);
  }

  signAccess(claims: AccessClaims): string {
    return jwt.sign({ roles: claims.roles, unit: claims.unit, sid: claims.sid }, this.secret, {
      algorithm: 'HS256',
      subject: claims.sub,
      expiresIn: this.accessTtlSeconds,
      issuer: this.issuer,
    });
  }

  /**
   * Throws on anything but a valid, unexpired HS256 token signed with our secret. Checked here with
   * node:crypto (the rules jsonwebtoken applied with `algorithms: ['HS256'], issuer`): three base64url
   * parts; the header's alg is HS256 (so `none` and RS/ES tricks fail); the signature equals
   * HMAC-SHA256(secret, header.payload) compared in constant time on its base64url text; exp is a number
   * and in the future, nbf (when present) not in the future; iss is ours.
   */
  verifyAccess(token: string): AccessClaims {
    const known = this.verified.get(token);
    if (known) {
      if (this.nowSeconds() < (known.exp as number)) return known;
      this.verified.delete(token);
      throw new TokenError('jwt expired', true);
    }
    const claims = this.verifyFully(token);
    if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private verifyFully(token: string): Readonly<AccessClaims> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new TokenError('jwt malformed');
    const [h, body, sig] = parts;
    const header = decodePart(h);
    if (header.alg !== 'HS256') throw new TokenError('invalid algorithm');
    const expected = Buffer.from(createHmac('sha256', this.key).update(`${h}.${body}`).digest('base64url'), 'latin1');
    const given = Buffer.from(sig, 'latin1');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenError('invalid signature');
    const p = decodePart(body);
    const now = this.nowSeconds();
    if (p.nbf !== undefined && (typeof p.nbf !== 'number' || p.nbf > now)) throw new TokenError('jwt not active');
    if (typeof p.exp !== 'number') throw new TokenError('invalid exp value');
    if (now >= p.exp) throw new TokenError('jwt expired', true);
    if (p.iss !== this.issuer) throw new TokenError('jwt issuer invalid');
    if (typeof p.sub !== 'string' || typeof p.sid !== 'string') throw new TokenError('malformed token');
    return Object.freeze({
      sub: p.sub,
      roles: Object.freeze(Array.isArray(p.roles) ? p.roles.map(String) : []) as string[],
      unit: typeof p.unit === 'string' ? p.unit : null,
      sid: p.sid,
      exp: p.exp,
    });
  }
}

/** JWT_SECRET from the environment, else a per-install secret file (created with mode 0600). */
export function loadOrCreateSecret(envSecret: string | undefined, file: string): Buffer {
  if (envSecret) {
    const b = Buffer.from(envSecret, 'utf8');
    if (b.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
    return b;
  }
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dirname(file), { recursive: true });
  const s = randomBytes(48);
  writeFileSync(file, s.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return s;
}
