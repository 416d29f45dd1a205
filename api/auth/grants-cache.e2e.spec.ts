import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { bearer, startTestApp, type TestApp } from '../../test/api/harness';

// Authentication keeps each user's grants between requests (api/auth/access.ts): every change to a
// user's roles, a deactivation and a revoked session still hold from the very next request.

let t: TestApp;
let secadmin: string;
let sysadmin: string;
beforeAll(async () => {
  t = await startTestApp();
  secadmin = (await t.login('secadmin')).accessToken;
  sysadmin = (await t.login('sysadmin')).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const profile = (token: string) => request(t.app).get('/api/users/director/profile').set(bearer(token));
const permissions = async (token: string) =>
  ((await request(t.app).get('/api/me').set(bearer(token))).body.permissions as { permission: string }[]).map((g) => g.permission);

describe('grants kept between requests', () => {
  it('a role granted, then revoked, holds from the next request each time (same token, grants already kept)', async () => {
    const staff = (await t.login('staff')).accessToken;
    for (let i = 0; i < 3; i++) expect((await profile(staff)).status).toBe(403);
    expect(await permissions(staff)).not.toContain('hr.read');

    const g = await request(t.app).post('/api/users/staff/roles').set(bearer(secadmin)).send({ roleId: 'hr_admin', scope: 'unit' });
    expect(g.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await profile(staff)).status).toBe(200);

    const r = await request(t.app).post('/api/users/staff/roles/hr_admin/revoke').set(bearer(secadmin)).send({});
    expect(r.status).toBe(201);
    expect((await profile(staff)).status).toBe(403);
    expect(await permissions(staff)).not.toContain('hr.read');
  });

  it('a revoked session and a deactivated user are refused on the next request', async () => {
    const a = (await t.login('gexiao')).accessToken;
    const b = (await t.login('gexiao')).accessToken;
    expect((await request(t.app).get('/api/inbox/counts').set(bearer(a))).status).toBe(200);
    expect((await request(t.app).get('/api/inbox/counts').set(bearer(b))).status).toBe(200);

    expect((await request(t.app).post('/api/auth/logout').set(bearer(a)).send({})).status).toBe(204);
    expect((await request(t.app).get('/api/inbox/counts').set(bearer(a))).status).toBe(401);
    expect((await request(t.app).get('/api/inbox/counts').set(bearer(b))).status).toBe(200);

    const d = await request(t.app).post('/api/users/ge-xiao/deactivate').set(bearer(sysadmin)).send({ reason: '调离' });
    expect(d.status).toBe(201);
    expect((await request(t.app).get('/api/inbox/counts').set(bearer(b))).status).toBe(401);
  });
});
