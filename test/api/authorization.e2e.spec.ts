import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { bearer, startTestApp, type TestApp } from './harness';

let t: TestApp;
let staff: string;
let director: string;
let sysadmin: string;
let secadmin: string;
beforeAll(async () => {
  t = await startTestApp();
  staff = (await t.login('staff')).accessToken;
  director = (await t.login('director')).accessToken;
  sysadmin = (await t.login('sysadmin')).accessToken;
  secadmin = (await t.login('secadmin')).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const securityLog = async () => t.platform.store.readStream(`security-log-${t.clock.now.toISOString().slice(0, 10)}`);

describe('authorisation: permission + data scope in one middleware, every denial recorded', () => {
  it('a staff member calling an admin command gets 403 and an AccessDenied event is recorded', async () => {
    const before = (await securityLog()).length;
    const r = await request(t.app).post('/api/org/units').set(bearer(staff)).send({ name: '测试单位', parentId: 'qzf' });
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    const log = await securityLog();
    expect(log.length).toBe(before + 1);
    const denied = log[log.length - 1];
    expect(denied.type).toBe('AccessDenied');
    expect(denied.data).toMatchObject({ status: 403, userId: 'staff', permission: 'org.admin', method: 'POST', path: '/api/org/units' });
    expect(denied.metadata.actorId).toBe('staff');
    // and nothing was created
    expect(await t.platform.store.readAll({ types: ['UnitCreated'], limit: 100 })).toHaveLength(5);
  });

  it("a unit head reads personnel data in their own unit but gets 403 for another unit's", async () => {
    const own = await request(t.app).get('/api/users/staff/profile').set(bearer(director));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: 'staff', unitId: 'czj', roles: [{ roleId: 'staff', scope: 'department' }] });
    const other = await request(t.app).get('/api/users/cao-jun/profile').set(bearer(director));
    expect(other.status).toBe(403);
    expect(other.body.detail).toContain('数据范围');
    const last = (await securityLog()).at(-1)!;
    expect(last.data).toMatchObject({
      status: 403,
      userId: 'director',
      permission: 'hr.read',
      resource: 'user-cao-jun',
      reason: 'out_of_scope:unit',
    });
    // a staff member has no hr.read at all, even for their own unit
    expect((await request(t.app).get('/api/users/director/profile').set(bearer(staff))).status).toBe(403);
  });

  it('a section chief (department_tree) reaches their department but not a sibling one', async () => {
    const chief = (await t.login('qintao')).accessToken; // 预算科科长
    expect((await request(t.app).get('/api/users/staff/profile').set(bearer(chief))).status).toBe(200);
    expect((await request(t.app).get('/api/users/lv-peng/profile').set(bearer(chief))).status).toBe(403); // 国库科
  });

  it('an invalid body is a 400 naming the fields, and nothing is appended', async () => {
    const head = await t.platform.store.headPosition();
    const r = await request(t.app)
      .post('/api/org/departments')
      .set(bearer(sysadmin))
      .send({ unitId: 'Not An Id', name: 42, colour: 'red' });
    expect(r.status).toBe(400);
    const fields = r.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['unitId', 'name', 'colour']));
    expect(await t.platform.store.headPosition()).toBe(head);
  });

  it('a nested invalid field is named with its path', async () => {
    const r = await request(t.app)
      .post('/api/users')
      .set(bearer(sysadmin))
      .send({ username: 'newbie', name: '新人', primaryPost: { unitId: 'czj', departmentId: 'czj-ysk', title: '科员', rank: '将军' } });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain('primaryPost.rank');
  });

  it('the user directory shows and searches mobile numbers only for the user administration (通讯录 applies the visibility rule)', async () => {
    const hired = await request(t.app)
      .post('/api/users')
      .set(bearer(sysadmin))
      .send({
        username: 'mobileholder',
        name: '莫比',
        phone: '13912345678',
        password: 'Initial#2026pw',
        primaryPost: { unitId: 'czj', departmentId: 'czj-ysk', title: '科员', rank: '科员' },
      });
    expect(hired.status, JSON.stringify(hired.body)).toBe(201);
    const asStaff = await request(t.app).get('/api/users?q=13912345678').set(bearer(staff));
    expect(asStaff.status).toBe(200);
    expect(asStaff.body.items).toEqual([]);
    const one = await request(t.app).get(`/api/users/${hired.body.id}`).set(bearer(staff));
    expect(one.body).toMatchObject({ name: '莫比', phone: null });
    const asAdmin = await request(t.app).get('/api/users?q=13912345678').set(bearer(sysadmin));
    expect(asAdmin.body.items.map((u: { username: string; phone: string }) => [u.username, u.phone])).toEqual([
      ['mobileholder', '13912345678'],
    ]);
  });

  it('replaying a POST with the same Idempotency-Key returns the same response and appends one event', async () => {
    const send = () =>
      request(t.app)
        .post('/api/org/departments')
        .set(bearer(sysadmin))
        .set('Idempotency-Key', 'create-dept-audit-2026')
        .send({ unitId: 'czj', name: '内审科', parentId: 'czj-ld' });
    const a = await send();
    const b = await send();
    expect(a.status).toBe(201);
    expect(b.status).toBe(a.status);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
    const created = (await t.platform.store.readAll({ types: ['DepartmentCreated'], limit: 1000 })).filter(
      (e) => (e.data as { name: string }).name === '内审科',
    );
    expect(created).toHaveLength(1);
    expect(created[0].metadata.commandId).toBeTruthy();
    // the read side already shows it (read-your-writes)
    const tree = await request(t.app).get('/api/org/tree').set(bearer(staff));
    const czj = tree.body.units[0].children.find((u: { id: string }) => u.id === 'czj');
    expect(JSON.stringify(czj)).toContain('内审科');
  });

  it('keys belong to the user: another session of the same user replays, another user does not', async () => {
    const other = (await t.login('sysadmin')).accessToken;
    const r = await request(t.app)
      .post('/api/org/departments')
      .set(bearer(other))
      .set('Idempotency-Key', 'create-dept-audit-2026')
      .send({ unitId: 'czj', name: '内审科', parentId: 'czj-ld' });
    expect(r.headers['idempotent-replayed']).toBe('true');
    const u = await request(t.app).post('/api/users/finance/unlock').set(bearer(secadmin)).set('Idempotency-Key', 'create-dept-audit-2026');
    expect(u.status).toBe(201);
    expect(u.headers['idempotent-replayed']).toBeUndefined();
  });

  it('三员分立: granting the auditor role to the system admin is refused (422)', async () => {
    const r = await request(t.app).post('/api/users/sysadmin/roles').set(bearer(secadmin)).send({ roleId: 'auditor', scope: 'all' });
    expect(r.status).toBe(422);
    expect(r.body.detail).toContain('三员分立');
    // and the system admin may not grant roles at all
    const s = await request(t.app).post('/api/users/staff/roles').set(bearer(sysadmin)).send({ roleId: 'leader', scope: 'unit' });
    expect(s.status).toBe(403);
  });

  it('a role granted by the security admin takes effect on the next request', async () => {
    expect((await request(t.app).get('/api/users/staff/profile').set(bearer(staff))).status).toBe(403);
    const g = await request(t.app).post('/api/users/staff/roles').set(bearer(secadmin)).send({ roleId: 'hr_admin', scope: 'unit' });
    expect(g.status).toBe(201);
    expect((await request(t.app).get('/api/users/director/profile').set(bearer(staff))).status).toBe(200);
  });

  it('a deactivated user is refused at once (401 recorded), and unknown routes are 404 problems', async () => {
    const victim = (await t.login('gexiao')).accessToken;
    const d = await request(t.app).post('/api/users/ge-xiao/deactivate').set(bearer(sysadmin)).send({ reason: '调离' });
    expect(d.status).toBe(201);
    const r = await request(t.app).get('/api/me').set(bearer(victim));
    expect(r.status).toBe(401);
    expect((await securityLog()).at(-1)!.data).toMatchObject({ status: 401, userId: 'ge-xiao' });
    const nf = await request(t.app).get('/api/nope').set(bearer(staff));
    expect(nf.status).toBe(404);
    expect(nf.headers['content-type']).toMatch(/problem\+json/);
  });

  it('the user directory pages and searches by name, phone and email', async () => {
    const all = await request(t.app).get('/api/users?pageSize=10').set(bearer(staff));
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(10);
    expect(all.body.total).toBeGreaterThanOrEqual(40);
    const byName = await request(t.app)
      .get(`/api/users?q=${encodeURIComponent('许文博')}`)
      .set(bearer(staff));
    expect(byName.body.items.map((u: { id: string }) => u.id)).toEqual(['staff']);
    const byMail = await request(t.app).get('/api/users?q=director@district').set(bearer(staff));
    expect(byMail.body.items.map((u: { id: string }) => u.id)).toEqual(['director']);
    const tooBig = await request(t.app).get('/api/users?pageSize=1000').set(bearer(staff));
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0].field).toBe('pageSize');
  });
});
