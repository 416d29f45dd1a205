import jwt from 'jsonwebtoken';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenService } from './tokens';

// verifyAccess checks HS256 with node:crypto: the same refusals jsonwebtoken gave, without its per-call key object.

const secret = Buffer.alloc(48, 7);
const claims = { sub: 'u-1', roles: ['staff'], unit: 'unit-1', sid: 'fam-1' };
const now = Math.floor(Date.parse('2026-01-05T08:00:00Z') / 1000);
const service = (at = now) => new TokenService(secret, 900, 'gov-oa', () => at);
/** A JWT made by hand (jsonwebtoken refuses to sign some of the bad ones). */
const signed = (payload: object, key: Buffer = secret, alg: 'HS256' | 'HS512' = 'HS256') => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${part({ alg, typ: 'JWT' })}.${part(payload)}`;
  return `${input}.${createHmac(alg === 'HS256' ? 'sha256' : 'sha512', key)
    .update(input)
    .digest('base64url')}`;
};
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).name;
  }
  return 'accepted';
};

describe('TokenService.verifyAccess', () => {
  it('accepts a token jsonwebtoken signed', () => {
    const token = jwt.sign({ sid: 'fam-1' }, secret, { algorithm: 'HS256', subject: 'u-1', issuer: 'gov-oa', expiresIn: 60 });
    expect(new TokenService(secret).verifyAccess(token).sub).toBe('u-1');
  });

  it('accepts its own token and returns the claims', () => {
    const token = new TokenService(secret).signAccess(claims);
    const c = new TokenService(secret).verifyAccess(token);
    expect({ ...c, exp: undefined }).toEqual({ ...claims, exp: undefined });
    expect(c.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses expired tokens as TokenExpiredError, the rest as invalid', () => {
    const body = { sub: 'u-1', sid: 'fam-1', iss: 'gov-oa', exp: now + 60 };
    const ok = signed(body);
    expect(service().verifyAccess(ok).sub).toBe('u-1');
    expect(refusal(() => service(now + 60).verifyAccess(ok))).toBe('TokenExpiredError');
    expect(refusal(() => service().verifyAccess(signed({ ...body, iss: 'other' })))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess(signed({ ...body, exp: undefined })))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess(signed({ ...body, nbf: now + 10 })))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess(signed({ ...body, sid: undefined })))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess(signed(body, Buffer.alloc(48, 8))))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess(signed(body, secret, 'HS512')))).toBe('JsonWebTokenError');
    const [h, p, s] = ok.split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(refusal(() => service().verifyAccess(`${none}.${p}.`))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess(`${h}.${p}.${s}A`))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess(`${h}.${p}.${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`))).toBe('JsonWebTokenError');
    const forged = Buffer.from(JSON.stringify({ ...body, sub: 'u-admin' })).toString('base64url');
    expect(refusal(() => service().verifyAccess(`${h}.${forged}.${s}`))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess(`${h}.${p}`))).toBe('JsonWebTokenError');
    expect(refusal(() => service().verifyAccess('not a token'))).toBe('JsonWebTokenError');
  });

  it('a token verified before is still refused once it has expired', () => {
    let at = now;
    const svc = new TokenService(secret, 900, 'gov-oa', () => at);
    const token = signed({ sub: 'u-1', sid: 'fam-1', iss: 'gov-oa', exp: now + 60 });
    expect(svc.verifyAccess(token).sub).toBe('u-1');
    expect(svc.verifyAccess(token).sub).toBe('u-1');
    at = now + 60;
    expect(refusal(() => svc.verifyAccess(token))).toBe('TokenExpiredError');
    expect(refusal(() => svc.verifyAccess(token))).toBe('TokenExpiredError');
  });
});
