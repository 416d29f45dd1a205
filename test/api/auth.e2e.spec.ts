import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { bearer, startTestApp, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const login = (username: string, password: string) => request(t.app).post('/api/auth/login').send({ username, password });

describe('login', () => {
  it('returns an access token, a refresh token and the user for the right password', async () => {
    const r = await login('staff', 'Demo@2026');
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id: 'staff', name: '许文博', unitId: 'czj', departmentId: 'czj-ysk', rank: '科员' });
    const claims = jwt.decode(r.body.accessToken) as jwt.JwtPayload;
    expect(claims.sub).toBe('staff');
    expect(claims.unit).toBe('czj');
    expect(claims.roles).toEqual(['staff']);
    expect(claims.exp! - claims.iat!).toBe(15 * 60);
    expect(r.body.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a wrong password and an unknown user alike, as problem+json', async () => {
    const wrong = await login('director', 'Wrong@2026');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body.detail).toContain('用户名或密码错误');
    const unknown = await login('nobody', 'Wrong@2026');
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toContain('用户名或密码错误');
  });

  it('locks the account after 5 failures (423, Chinese message) and records the events', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login('kongbin', 'Wrong@2026')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await login('kongbin', 'Demo@2026');
    expect(locked.status).toBe(423);
    expect(locked.body.detail).toMatch(/账户已锁定，请1[45]分钟后再试/);
    const types = (await t.platform.store.readStream('user-kong-bin')).map((e) => e.type);
    expect(types.filter((x) => x === 'UserLoginFailed')).toHaveLength(5);
    expect(types).toContain('UserLockedOut');
    expect(types).not.toContain('UserLoggedIn');
  });

  it('rejects a body without password as 400 naming the field', async () => {
    const r = await request(t.app).post('/api/auth/login').send({ username: 'staff' });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain('password');
  });

  it('answers malformed JSON with 400, never 500', async () => {
    const r = await request(t.app).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('access tokens', () => {
  it('serves /api/me with posts, roles and effective permissions', async () => {
    const { accessToken } = await t.login('director');
    const r = await request(t.app).get('/api/me').set(bearer(accessToken));
    expect(r.status).toBe(200);
    expect(r.body.user.id).toBe('director');
    expect(r.body.posts[0]).toMatchObject({ unitId: 'czj', departmentId: 'czj-ld', title: '局长', rank: '正处', primary: true });
    expect(r.body.roles.map((x: { roleId: string }) => x.roleId).sort()).toEqual(['leader', 'staff']);
    expect(r.body.permissions).toContainEqual({ permission: 'hr.read', scope: 'unit' });
  });

  it('refuses missing, expired, alg:none and wrongly signed tokens with 401', async () => {
    const secret = 'e2e-secret-0123456789abcdef0123456789abcdef';
    const missing = await request(t.app).get('/api/me');
    expect(missing.status).toBe(401);
    const expired = jwt.sign({ roles: ['staff'], unit: 'czj', sid: 'x' }, secret, {
      algorithm: 'HS256',
      subject: 'staff',
      issuer: 'gov-oa',
      expiresIn: -10,
    });
    const r1 = await request(t.app).get('/api/me').set(bearer(expired));
    expect(r1.status).toBe(401);
    expect(r1.body.detail).toContain('过期');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'sysadmin', roles: ['sysadmin'], unit: 'qzfb', sid: 'x', iss: 'gov-oa', iat: now, exp: now + 600 })}.`;
    expect((await request(t.app).get('/api/me').set(bearer(none))).status).toBe(401);
    const otherKey = jwt.sign({ roles: ['sysadmin'], unit: 'qzfb', sid: 'x' }, 'another-secret-0123456789abcdef0123456789', {
      algorithm: 'HS256',
      subject: 'sysadmin',
      issuer: 'gov-oa',
      expiresIn: 600,
    });
    expect((await request(t.app).get('/api/me').set(bearer(otherKey))).status).toBe(401);
    const hs512 = jwt.sign({ roles: ['sysadmin'], unit: 'qzfb', sid: 'x' }, secret, {
      algorithm: 'HS512',
      subject: 'sysadmin',
      issuer: 'gov-oa',
      expiresIn: 600,
    });
    expect((await request(t.app).get('/api/me').set(bearer(hs512))).status).toBe(401);
  });
});

describe('refresh tokens and sessions', () => {
  it('rotates: the old refresh token stops working, and its reuse after the grace period revokes the whole family', async () => {
    const first = await t.login('finance');
    const r1 = await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(first.refreshToken);
    expect((await request(t.app).get('/api/me').set(bearer(r1.body.accessToken))).status).toBe(200);

    t.clock.advance(31_000);
    const reuse = await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    // the family is gone: the newest refresh token and the access token of the session are refused too
    expect((await request(t.app).post('/api/auth/refresh').send({ refreshToken: r1.body.refreshToken })).status).toBe(401);
    expect((await request(t.app).get('/api/me').set(bearer(r1.body.accessToken))).status).toBe(401);
    const day = t.clock.now.toISOString().slice(0, 10);
    const log = await t.platform.store.readStream(`security-log-${day}`);
    expect(log.some((e) => e.type === 'RefreshTokenReused')).toBe(true);
  });

  it('a rotated token presented again within 30 s (the answer was lost) renews once more; the token it replaced stops working', async () => {
    const first = await t.login('auditor');
    const lostAnswer = await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(lostAnswer.status).toBe(200);
    t.clock.advance(5_000);
    const again = await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(again.status).toBe(200);
    expect(again.body.refreshToken).not.toBe(lostAnswer.body.refreshToken);
    expect((await request(t.app).get('/api/me').set(bearer(again.body.accessToken))).status).toBe(200);
    const day = t.clock.now.toISOString().slice(0, 10);
    const log = await t.platform.store.readStream(`security-log-${day}`);
    const sid = (jwt.decode(again.body.accessToken) as jwt.JwtPayload).sid as string;
    expect(log.filter((e) => e.type === 'RefreshTokenReplayed').map((e) => e.data)).toContainEqual({ userId: 'auditor', sessionId: sid });

    // Only the newest token is usable: the one in the lost answer was superseded, and once the grace
    // period is over presenting it is a reuse that ends the session.
    t.clock.advance(31_000);
    expect((await request(t.app).post('/api/auth/refresh').send({ refreshToken: lostAnswer.body.refreshToken })).status).toBe(401);
    expect((await request(t.app).post('/api/auth/refresh').send({ refreshToken: again.body.refreshToken })).status).toBe(401);
    expect((await request(t.app).get('/api/me').set(bearer(again.body.accessToken))).status).toBe(401);
  });

  it('two tabs renewing with the same token at the same moment both get a session, and the family stays alive', async () => {
    const first = await t.login('director');
    const [a, b] = await Promise.all([
      request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }),
      request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const newest = [a.body.refreshToken, b.body.refreshToken].sort().at(-1) as string; // UUIDv7 ids: the later issue sorts last
    t.clock.advance(60_000);
    const next = await request(t.app).post('/api/auth/refresh').send({ refreshToken: newest });
    expect(next.status).toBe(200);
    expect((await request(t.app).get('/api/me').set(bearer(next.body.accessToken))).status).toBe(200);
  });

  it('logout revokes the session: its access and refresh tokens are refused', async () => {
    const s = await t.login('hejing');
    const out = await request(t.app).post('/api/auth/logout').set(bearer(s.accessToken));
    expect(out.status).toBe(204);
    expect((await request(t.app).get('/api/me').set(bearer(s.accessToken))).status).toBe(401);
    expect((await request(t.app).post('/api/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
  });

  it('checks password complexity on change, then the new password works and the old does not', async () => {
    const s = await t.login('lvpeng');
    const weak = await request(t.app)
      .post('/api/me/password')
      .set(bearer(s.accessToken))
      .send({ currentPassword: 'Demo@2026', newPassword: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.every((e: { field: string }) => e.field === 'newPassword')).toBe(true);
    const wrongCurrent = await request(t.app)
      .post('/api/me/password')
      .set(bearer(s.accessToken))
      .send({ currentPassword: 'nope', newPassword: 'Str0ng#Pass' });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.errors[0].field).toBe('currentPassword');
    const ok = await request(t.app)
      .post('/api/me/password')
      .set(bearer(s.accessToken))
      .send({ currentPassword: 'Demo@2026', newPassword: 'Str0ng#Pass' });
    expect(ok.status).toBe(200);
    expect((await login('lvpeng', 'Demo@2026')).status).toBe(401);
    expect((await login('lvpeng', 'Str0ng#Pass')).status).toBe(200);
    const types = (await t.platform.store.readStream('user-lv-peng')).map((e) => e.type);
    expect(types.filter((x) => x === 'UserPasswordChanged')).toHaveLength(2); // seed + change
  });

  // moves the clock: keep last
  it('refuses a refresh after 30 minutes idle, and lets a locked account in after 15 minutes', async () => {
    const s = await t.login('youjia');
    for (let i = 0; i < 5; i++) await login('zoukai', 'Wrong@2026');
    expect((await login('zoukai', 'Demo@2026')).status).toBe(423);
    t.clock.advance(31 * 60_000);
    const idle = await request(t.app).post('/api/auth/refresh').send({ refreshToken: s.refreshToken });
    expect(idle.status).toBe(401);
    expect(idle.body.detail).toContain('超时');
    expect((await login('zoukai', 'Demo@2026')).status).toBe(200);
  });
});
