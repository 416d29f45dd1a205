import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { bearer, startTestApp, type TestApp } from '../api/harness';

/**
 * The gaps of issue 20 found by reading the code, each proven on the real app (SQLite, demo district):
 * every 403 recorded (domain rules and the reports route too), forced password change, `__proto__` /
 * `constructor` keys refused, 撤回 of another's process not probing ids, wrong current passwords
 * counting toward the lockout, SSE streams ending with their session, no raw error text in the
 * public health answer.
 */
let t: TestApp;
const tok: Record<string, string> = {};
const day = () => t.clock.now.toISOString().slice(0, 10);
const securityLog = async () => t.platform.store.readStream(`security-log-${day()}`);
const post = (who: string, url: string, body: object | string = {}) =>
  request(t.app)
    .post(url)
    .set(bearer(tok[who]))
    .set('content-type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));

let processId = '';
beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
  for (const u of ['taoran', 'weijian', 'zhuli', 'director', 'sysadmin', 'secadmin', 'staff']) tok[u] = (await t.login(u)).accessToken;
  const r = await post('taoran', '/api/attendance/leave', {
    leaveType: '年休假',
    startDate: '2026-12-07',
    startHalf: 'am',
    endDate: '2026-12-11',
    endHalf: 'pm',
    reason: '探亲',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  processId = r.body.processId;
});
afterAll(async () => {
  await t?.stop();
});

describe('every 403 is an AccessDenied event, recorded in one place', () => {
  it('a domain-rule 403 (task.not_yours) is in the security log, once', async () => {
    const todo = await request(t.app).get('/api/inbox?box=todo').set(bearer(tok.weijian));
    const taskId = todo.body.items.find((i: { processId: string }) => i.processId === processId).taskId as string;
    const before = (await securityLog()).length;
    const r = await post('zhuli', `/api/tasks/${taskId}/approve`, { opinion: '同意' });
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.code).toBe('task.not_yours');
    const added = (await securityLog()).slice(before);
    expect(added.map((e) => e.type)).toEqual(['AccessDenied']);
    expect(added[0].data).toMatchObject({ status: 403, reason: 'task.not_yours', userId: 'zhu-li', method: 'POST' });
    expect((added[0].data as { path: string }).path).toBe(`/api/tasks/${taskId}/approve`);
  });

  it("the reports route's own 403 (another unit's figures) is recorded", async () => {
    const before = (await securityLog()).length;
    const r = await request(t.app).get('/api/reports/headcount').query({ unit: 'rsj' }).set(bearer(tok.director));
    expect(r.status).toBe(403);
    const added = (await securityLog()).slice(before);
    expect(added.map((e) => [e.type, (e.data as { userId: string }).userId, (e.data as { path: string }).path])).toEqual([
      ['AccessDenied', 'director', '/api/reports/headcount'],
    ]);
  });

  it('a permission 403 is still recorded once, with its permission (not twice)', async () => {
    const before = (await securityLog()).length;
    expect((await post('staff', '/api/org/units', { name: '测试单位', parentId: 'qzf' })).status).toBe(403);
    const added = (await securityLog()).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0].data).toMatchObject({ permission: 'org.admin', reason: 'missing_permission' });
  });
});

describe('input with prototype keys is refused like any unknown field', () => {
  for (const key of ['__proto__', 'constructor']) {
    it(`"${key}" at the top and deep inside a form → 400 naming the field, nothing appended`, async () => {
      const head = await t.platform.store.headPosition();
      const top = await post('taoran', '/api/processes', `{"definitionKey":"leave","form":{"days":1},"${key}":{"isAdmin":true}}`);
      expect(top.status).toBe(400);
      expect(top.body.errors.map((e: { field: string }) => e.field)).toContain(key);
      const deep = await post(
        'taoran',
        '/api/processes',
        `{"definitionKey":"leave","form":{"leaveType":"事假","days":1,"startDate":"2026-12-07","endDate":"2026-12-07","reason":"x","${key}":{"polluted":1}}}`,
      );
      expect(deep.status).toBe(400);
      expect(deep.body.errors.map((e: { field: string }) => e.field)).toContain(`form.${key}`);
      expect(await t.platform.store.headPosition()).toBe(head);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('nesting deeper than the limit is a 400, not a stack overflow', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const r = await post('taoran', '/api/processes', `{"definitionKey":"leave","form":${deep}}`);
    expect(r.status).toBe(400);
  });
});

describe('撤回 by an outsider does not reveal whether a process id exists', () => {
  it('a real id and an unknown id get the same status and code', async () => {
    const real = await post('zhuli', `/api/processes/${processId}/withdraw`);
    const unknown = await post('zhuli', `/api/processes/0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee/withdraw`);
    expect([real.status, real.body.code]).toEqual([unknown.status, unknown.body.code]);
    expect(real.status).toBe(404);
  });

  it('the same by task id: a real task of another process and an unknown task id answer alike', async () => {
    const todo = await request(t.app).get('/api/inbox?box=todo').set(bearer(tok.weijian));
    const taskId = todo.body.items.find((i: { processId: string }) => i.processId === processId).taskId as string;
    const unknownTask = taskId.replace(processId, '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee');
    const real = await post('zhuli', `/api/tasks/${taskId}/withdraw`);
    const unknown = await post('zhuli', `/api/tasks/${unknownTask}/withdraw`);
    expect([real.status, real.body.code, real.body.detail]).toEqual([unknown.status, unknown.body.code, unknown.body.detail]);
  });

  it('the drafter still gets the business answer for their own process', async () => {
    const r = await post('weijian', `/api/processes/${processId}/withdraw`);
    // 魏坚 holds the open task (a participant): he hears the rule, not "not found"
    expect(r.status).toBe(422);
  });
});

describe('forced password change', () => {
  it('after an admin reset the API refuses all but /me, /me/password and logout (403, stable code, recorded)', async () => {
    const reset = await post('secadmin', '/api/users/staff/password/reset', { newPassword: 'Reset@2026a' });
    expect(reset.status, JSON.stringify(reset.body)).toBeLessThan(300);
    const login = await request(t.app).post('/api/auth/login').send({ username: 'staff', password: 'Reset@2026a' });
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const access = login.body.accessToken as string;
    const before = (await securityLog()).length;
    const inbox = await request(t.app).get('/api/inbox?box=todo').set(bearer(access));
    expect(inbox.status).toBe(403);
    expect(inbox.body.code).toBe('auth.password_change_required');
    const added = (await securityLog()).slice(before);
    expect(added.map((e) => (e.data as { reason: string }).reason)).toEqual(['auth.password_change_required']);
    expect((await request(t.app).get('/api/me').set(bearer(access))).status).toBe(200);
    const changed = await request(t.app)
      .post('/api/me/password')
      .set(bearer(access))
      .send({ currentPassword: 'Reset@2026a', newPassword: 'Chosen@2026b' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await request(t.app).get('/api/inbox?box=todo').set(bearer(access))).status).toBe(200);
  });
});

describe('wrong current password on a password change counts toward the lockout', () => {
  it('the fifth wrong current password locks the account (423) and ends its sessions; login is refused', async () => {
    const me = await t.login('huazhen');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await request(t.app)
        .post('/api/me/password')
        .set(bearer(me.accessToken))
        .send({ currentPassword: `Wrong@${i}xyz`, newPassword: 'Another@2026c' });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 423]);
    expect((await request(t.app).get('/api/me').set(bearer(me.accessToken))).status).toBe(401);
    const login = await request(t.app).post('/api/auth/login').send({ username: 'huazhen', password: 'Demo@2026' });
    expect(login.status).toBe(423);
  });
});

describe('SSE streams end with their session', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  /** Opens the stream and resolves with everything it received once the server ends it. */
  async function open(access: string): Promise<{ ready: Promise<void>; ended: Promise<string> }> {
    const res = await fetch(`${base}/api/events/stream?access_token=${encodeURIComponent(access)}`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((r) => (markReady = r));
    const ended = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += Buffer.from(value).toString();
        if (text.includes('event: ready')) markReady();
      }
    })();
    return { ready, ended };
  }

  it('logout closes the stream with event "revoked"', async () => {
    const s = await t.login('yanqing');
    const stream = await open(s.accessToken);
    await stream.ready;
    expect((await request(t.app).post('/api/auth/logout').set(bearer(s.accessToken))).status).toBe(204);
    expect(await stream.ended).toContain('event: revoked');
  });

  it('a password change ends the streams of the other sessions', async () => {
    const a = await t.login('caojun');
    const b = await t.login('caojun');
    const stream = await open(b.accessToken);
    await stream.ready;
    const r = await request(t.app)
      .post('/api/me/password')
      .set(bearer(a.accessToken))
      .send({ currentPassword: 'Demo@2026', newPassword: 'Changed@2026d' });
    expect(r.status).toBe(200);
    expect(await stream.ended).toContain('event: revoked');
  });
});

describe('public health shows no raw error text', () => {
  it('the public answer has no lastError anywhere; the sysadmin gets the details', async () => {
    const pub = await request(t.app).get('/api/health');
    expect(pub.status).toBe(200);
    expect(JSON.stringify(pub.body)).not.toContain('lastError');
    expect(pub.body.projections.length).toBeGreaterThan(0);
    expect(pub.body.projections[0]).toHaveProperty('hasError', false);
    const admin = await request(t.app).get('/api/health').set(bearer(tok.sysadmin));
    expect(admin.body.projections[0]).toHaveProperty('lastError');
    const staff = await request(t.app).get('/api/health').set(bearer(tok.taoran));
    expect(JSON.stringify(staff.body)).not.toContain('lastError');
  });
});
