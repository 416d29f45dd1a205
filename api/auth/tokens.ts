import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
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

export class TokenService {
  constructor(
    private readonly secret: Buffer,
    readonly accessTtlSeconds = 15 * 60,
    private readonly issuer = 'gov-oa',
  ) {
    if (secret.length < 32) throw new Error('JWT secret must be at least 32 bytes');
  }

  signAccess(claims: AccessClaims): string {
    return jwt.sign({ roles: claims.roles, unit: claims.unit, sid: claims.sid }, this.secret, {
      algorithm: 'HS256',
      subject: claims.sub,
      expiresIn: this.accessTtlSeconds,
      issuer: this.issuer,
    });
  }

  /** Throws on anything but a valid, unexpired HS256 token signed with our secret. */
  verifyAccess(token: string): AccessClaims {
    const p = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: this.issuer }) as jwt.JwtPayload;
    if (typeof p.sub !== 'string' || typeof p.sid !== 'string') throw new Error('malformed token');
    return {
      sub: p.sub,
      roles: Array.isArray(p.roles) ? p.roles.map(String) : [],
      unit: (p.unit as string) ?? null,
      sid: p.sid,
      exp: p.exp,
    };
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
