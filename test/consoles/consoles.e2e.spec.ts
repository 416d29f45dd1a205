import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSealPublicKey } from '../../commands/integrity/keystore';
import { checkSignedReport } from '../../reports/audit/signed-report';
import { bearer, binaryBody, startTestApp, type TestApp } from '../api/harness';

/**
 * Issue 19 on the real app (SQLite, demo district): each console's routes refuse the other two of the
 * 三员 (and ordinary staff); the auditor replays a 发文 with its approval process (timeline, state at T by
 * each context's own fold, diff, "what did X see"), verifies with SSE progress and checks the SM2-signed
 * report offline; the 安全管理员 sets the policy, resets a password (the API then refuses everything but
 * the password change), sees a lockout, unlocks and revokes a session; the 系统管理员 rebuilds a projection.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]!);
let keyN = 0;
const key = () => `consoles-e2e-${++keyN}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['sysadmin', 'secadmin', 'auditor', 'staff', 'qintao']) tokens[u] = (await t.login(u)).accessToken;
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('三员分立: every console refuses the other roles', () => {
  const consoles: Record<string, { owner: string; routes: [string, string][] }> = {
    audit: {
      owner: 'auditor',
      routes: [
        ['get', '/api/audit/subjects?q=预算'],
        ['get', '/api/audit/events'],
        ['get', '/api/audit/security-events'],
        ['get', '/api/audit/users/staff/seen?at=2026-01-01T00:00:00Z'],
        ['get', '/api/audit/verify'],
      ],
    },
    security: {
      owner: 'secadmin',
      routes: [
        ['get', '/api/security/policy'],
        ['get', '/api/security/accounts'],
        ['get', '/api/security/sessions'],
        ['get', '/api/security/roles'],
        ['post', '/api/users/staff/unlock'],
      ],
    },
    system: {
      owner: 'sysadmin',
      routes: [
        ['get', '/api/system/projections'],
        ['get', '/api/system/projections/audit_subjects/parked'],
        ['get', '/api/system/holidays'],
        ['get', '/api/workflow/designs'],
        ['post', '/api/system/projections/audit_subjects/rebuild'],
      ],
    },
  };
  for (const [name, c] of Object.entries(consoles)) {
    it(`${name}: only the ${c.owner} gets in; the others get 403 and the denial is recorded`, async () => {
      for (const who of ['sysadmin', 'secadmin', 'auditor', 'staff'].filter((u) => u !== c.owner)) {
        for (const [method, path] of c.routes) {
          const r = await (request(t.app) as unknown as Record<string, (p: string) => request.Test>)[method]!(path).set(as(who)).send({});
          expect(r.status, `${who} ${method} ${path}`).toBe(403);
        }
      }
      for (const [, path] of c.routes.filter(([m]) => m === 'get')) {
        const r = await request(t.app).get(path).set(as(c.owner));
        expect(r.status, `${c.owner} ${path}: ${JSON.stringify(r.body)}`).toBe(200);
      }
    });
  }
  it('the denials are security events the auditor can filter', async () => {
    const r = await request(t.app).get('/api/audit/security-events?category=denial&actor=secadmin').set(as('auditor'));
    expect(r.status).toBe(200);
    expect(r.body.total).toBeGreaterThanOrEqual(5);
    expect(r.body.items[0]).toMatchObject({ type: 'AccessDenied', actorId: 'secadmin' });
  });
});

describe('安全审计: replay a 发文 and its approval, verify, signed report', () => {
  let docId = '';
  let streamId = '';
  let draftedAt = '';
  let submittedAt = '';
  it('a 发文 is drafted, submitted and approved once (部门核稿)', async () => {
    const d = await request(t.app)
      .post('/api/documents/outgoing')
      .set(as('staff'))
      .set('Idempotency-Key', key())
      .send({
        kind: '通知',
        title: '关于审计回放测试的通知',
        classification: '内部',
        urgency: '平件',
        numberCode: '区财预',
        mainRecipients: ['区属各预算单位'],
        body: '正文',
      });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    docId = d.body.id;
    streamId = `outgoing-document-${docId}`;
    await sleep(20);
    draftedAt = new Date(t.clock.now.getTime()).toISOString();
    await sleep(20);
    const s = await request(t.app).post(`/api/documents/outgoing/${docId}/submit`).set(as('staff')).set('Idempotency-Key', key()).send({});
    expect(s.status).toBe(201);
    await sleep(20);
    submittedAt = new Date().toISOString();
    await sleep(20);
    const a = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/approve`)
      .set(as('qintao'))
      .set('Idempotency-Key', key())
      .send({ opinion: '同意' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
  });

  it('finds the document by title and replays its streams as one timeline', async () => {
    const s = await request(t.app).get('/api/audit/subjects').query({ q: '审计回放测试' }).set(as('auditor'));
    expect(s.status).toBe(200);
    expect(s.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ streamId, kind: 'outgoing-document', kindLabel: '发文', label: '关于审计回放测试的通知' }),
        expect.objectContaining({ kind: 'process', parentStream: streamId }),
      ]),
    );
    const tl = await request(t.app).get(`/api/audit/subjects/${streamId}/timeline`).query({ pageSize: 100 }).set(as('auditor'));
    expect(tl.status).toBe(200);
    const ids = tl.body.streams.map((x: { streamId: string }) => x.streamId);
    expect(ids[0]).toBe(streamId);
    expect(ids.some((x: string) => x.startsWith('process-'))).toBe(true);
    const types = tl.body.moments.map((m: { type: string }) => m.type);
    expect(types).toEqual(expect.arrayContaining(['OutgoingDocumentDrafted', 'ProcessStarted', 'TaskApproved']));
    const positions = tl.body.moments.map((m: { position: number }) => m.position);
    expect(positions).toEqual([...positions].sort((a: number, b: number) => a - b));
    expect(tl.body.items[0]).toMatchObject({ actorId: 'staff', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("shows each stream as it stood (the context's own fold) and the diff between two moments", async () => {
    const before = await request(t.app).get(`/api/audit/subjects/${streamId}/state`).query({ at: draftedAt }).set(as('auditor'));
    expect(before.status).toBe(200);
    const doc0 = before.body.streams.find((x: { streamId: string }) => x.streamId === streamId);
    expect(doc0).toMatchObject({ generic: false, state: { status: 'draft', stage: '拟稿', title: '关于审计回放测试的通知' } });
    const proc0 = before.body.streams.find((x: { streamId: string }) => x.streamId.startsWith('process-'));
    expect(proc0.state).toBeNull();

    const now = new Date().toISOString();
    const after = await request(t.app).get(`/api/audit/subjects/${streamId}/state`).query({ at: now }).set(as('auditor'));
    const proc = after.body.streams.find((x: { streamId: string }) => x.streamId.startsWith('process-'));
    expect(proc.generic).toBe(false);
    expect(proc.state.status).toBe('running');
    expect(proc.state.doneNodes).toContain('部门核稿');
    expect(proc.state.currentNodes.length).toBeGreaterThan(0);
    expect(proc.state.currentNodes).not.toContain('部门核稿');

    const diff = await request(t.app).get(`/api/audit/subjects/${streamId}/diff`).query({ from: draftedAt, to: now }).set(as('auditor'));
    expect(diff.status).toBe(200);
    const docChanges = diff.body.streams.find((x: { streamId: string }) => x.streamId === streamId).changes;
    expect(docChanges).toEqual(expect.arrayContaining([{ field: 'status', change: 'changed', before: 'draft', after: 'in_review' }]));
    const bad = await request(t.app).get(`/api/audit/subjects/${streamId}/diff`).query({ from: now, to: draftedAt }).set(as('auditor'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('what did 秦涛 see: the 部门核稿 task in 待办 after 送审, in 已办 now (replayed)', async () => {
    const then = await request(t.app).get('/api/audit/users/qin-tao/seen').query({ at: submittedAt }).set(as('auditor'));
    expect(then.status).toBe(200);
    expect(then.body.todo.map((x: { title: string; nodeName: string }) => `${x.title}/${x.nodeName}`)).toContain(
      '关于审计回放测试的通知/部门核稿',
    );
    const now = await request(t.app).get('/api/audit/users/qin-tao/seen').query({ at: new Date().toISOString() }).set(as('auditor'));
    expect(now.body.todo.map((x: { title: string }) => x.title)).not.toContain('关于审计回放测试的通知');
    expect(now.body.done.map((x: { title: string; outcome: string }) => `${x.title}/${x.outcome}`)).toContain(
      '关于审计回放测试的通知/approved',
    );
  });

  it('searches events by actor and type and exports them to Excel; every auditor read is itself recorded', async () => {
    const r = await request(t.app).get('/api/audit/events').query({ actor: 'qin-tao', type: 'TaskApproved' }).set(as('auditor'));
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every((e: { type: string }) => e.type === 'TaskApproved')).toBe(true);
    const x = await request(t.app)
      .get('/api/audit/events')
      .query({ actor: 'qin-tao', format: 'xlsx' })
      .set(as('auditor'))
      .buffer(true)
      .parse(binaryBody);
    expect(x.status).toBe(200);
    expect((x.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const reads = await request(t.app).get('/api/audit/security-events').query({ category: 'audit', actor: 'auditor' }).set(as('auditor'));
    expect(reads.body.total).toBeGreaterThan(5);
  });

  it('verifies with SSE progress and downloads a report whose SM2 signature checks offline', async () => {
    const sse = await request(t.app)
      .get('/api/audit/verify/progress')
      .query({ access_token: tokens.auditor })
      .buffer(true)
      .parse(binaryBody);
    expect(sse.status).toBe(200);
    const text = (sse.body as Buffer).toString('utf8');
    expect(text).toMatch(/event: progress\ndata: \{"checked":\d+,"head":\d+\}/);
    const done = /event: done\ndata: (.*)\n/.exec(text);
    expect(JSON.parse(done![1]!)).toMatchObject({ ok: true, problemCount: 0 });

    const pdf = await request(t.app).get('/api/audit/verify/report.pdf').set(as('auditor')).buffer(true).parse(binaryBody);
    expect(pdf.status).toBe(200);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pub = readSealPublicKey(t.dataDir)!;
    const check = checkSignedReport(bytes, pub);
    expect(check).toMatchObject({ ok: true, payload: { ok: true, generatedBy: { userId: 'auditor' }, problemCount: 0 } });
    // one changed byte in the signed block breaks it
    const s = bytes.toString('latin1');
    const i = s.indexOf('OA-VERIFY-REPORT:v1:') + 30;
    const forged = Buffer.from(s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1), 'latin1');
    expect(checkSignedReport(forged, pub).ok).toBe(false);
    // and the offline command agrees
    const file = join(t.dataDir, 'report.pdf');
    writeFileSync(file, bytes);
    const run = await promisify(execFile)('npx', ['tsx', 'reports/audit/verify-cli.ts', '--report', file, '--data-dir', t.dataDir], {
      cwd: process.cwd(),
    });
    expect(run.stdout).toContain('报告签名有效');
    const forgedFile = join(t.dataDir, 'forged.pdf');
    writeFileSync(forgedFile, forged);
    await expect(
      promisify(execFile)('npx', ['tsx', 'reports/audit/verify-cli.ts', '--report', forgedFile, '--data-dir', t.dataDir]),
    ).rejects.toMatchObject({ code: 1 });
  }, 60_000);
});

describe('安全管理: policy, forced password change, lockout, sessions', () => {
  it('sets the policy (out of range → 400 with the field) and it is recorded', async () => {
    const cur = await request(t.app).get('/api/security/policy').set(as('secadmin'));
    expect(cur.body.policy).toMatchObject({ minLength: 8, maxFailedLogins: 5 });
    const bad = await request(t.app)
      .put('/api/security/policy')
      .set(as('secadmin'))
      .set('Idempotency-Key', key())
      .send({ ...cur.body.policy, lockoutMinutes: 2 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('lockoutMinutes');
    const ok = await request(t.app)
      .put('/api/security/policy')
      .set(as('secadmin'))
      .set('Idempotency-Key', key())
      .send({ ...cur.body.policy, minLength: 10, historyCount: 3, maxFailedLogins: 3 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.policy).toMatchObject({ minLength: 10, maxFailedLogins: 3 });
    const ev = await request(t.app).get('/api/audit/security-events').query({ category: 'password' }).set(as('auditor'));
    expect(ev.body.items.map((e: { type: string }) => e.type)).toContain('SecurityPolicyChanged');
  });

  it('a reset password must be changed before anything else (enforced by the API), under the policy', async () => {
    const short = await request(t.app)
      .post('/api/users/zhou-ming/password/reset')
      .set(as('secadmin'))
      .set('Idempotency-Key', key())
      .send({ newPassword: 'Reset@123' });
    expect(short.status).toBe(400); // 9 characters < minLength 10
    const reset = await request(t.app)
      .post('/api/users/zhou-ming/password/reset')
      .set(as('secadmin'))
      .set('Idempotency-Key', key())
      .send({ newPassword: 'Reset@2026x' });
    expect(reset.status, JSON.stringify(reset.body)).toBe(201);
    const login = await t.login('zhouming', 'Reset@2026x');
    expect(login.user).toMatchObject({ mustChangePassword: true });
    const blocked = await request(t.app).get('/api/inbox/counts').set(bearer(login.accessToken));
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('auth.password_change_required');
    const same = await request(t.app)
      .post('/api/me/password')
      .set(bearer(login.accessToken))
      .send({ currentPassword: 'Reset@2026x', newPassword: 'Demo@2026' }); // the old one: history rule (and < 10)
    expect(same.status).toBe(400);
    const changed = await request(t.app)
      .post('/api/me/password')
      .set(bearer(login.accessToken))
      .send({ currentPassword: 'Reset@2026x', newPassword: 'Zhou#Ming2026' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await request(t.app).get('/api/inbox/counts').set(bearer(login.accessToken))).status).toBe(200);
  });

  it("locks after the policy's number of failures; the 安全管理员 sees it and unlocks; the auditor sees the lockout", async () => {
    for (let i = 0; i < 2; i++)
      expect((await request(t.app).post('/api/auth/login').send({ username: 'wuxiaoyan', password: 'wrong' })).status).toBe(401);
    expect((await request(t.app).post('/api/auth/login').send({ username: 'wuxiaoyan', password: 'wrong' })).status).toBe(423);
    const locked = await request(t.app).get('/api/security/accounts').query({ filter: 'locked' }).set(as('secadmin'));
    expect(locked.body.items.map((a: { username: string }) => a.username)).toContain('wuxiaoyan');
    const un = await request(t.app).post('/api/users/wu-xiaoyan/unlock').set(as('secadmin')).set('Idempotency-Key', key()).send({});
    expect(un.status).toBe(201);
    await t.login('wuxiaoyan');
    const ev = await request(t.app).get('/api/audit/security-events').query({ category: 'lockout' }).set(as('auditor'));
    expect(ev.body.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['UserLockedOut', 'UserUnlocked']));
  });

  it('lists live sessions and revokes one: its token stops working', async () => {
    const s = await t.login('zhenghao');
    const list = await request(t.app).get('/api/security/sessions').query({ userId: 'zheng-hao' }).set(as('secadmin'));
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(1);
    const sid = list.body.items[0].familyId;
    const rv = await request(t.app).post(`/api/security/sessions/${sid}/revoke`).set(as('secadmin')).set('Idempotency-Key', key()).send({});
    expect(rv.status).toBe(200);
    expect((await request(t.app).get('/api/me').set(bearer(s.accessToken))).status).toBe(401);
    const ev = await request(t.app).get('/api/audit/security-events').query({ category: 'login' }).set(as('auditor'));
    expect(ev.body.items.map((e: { type: string }) => e.type)).toContain('SessionRevoked');
  });
});

describe('系统管理: holiday calendar', () => {
  it('enters next year from the State Council notice; bad dates are a 400 with the field; the auditor sees the event', async () => {
    const bad = await request(t.app)
      .put('/api/system/holidays/2031')
      .set(as('sysadmin'))
      .set('Idempotency-Key', key())
      .send({ holidays: ['2031-02-30'], extraWorkdays: [], notice: '国务院办公厅关于2031年部分节假日安排的通知' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('holidays');
    const ok = await request(t.app)
      .put('/api/system/holidays/2031')
      .set(as('sysadmin'))
      .set('Idempotency-Key', key())
      .send({
        holidays: ['2031-01-01', '2031-01-22', '2031-01-23'],
        extraWorkdays: ['2031-01-18'],
        notice: '国务院办公厅关于2031年部分节假日安排的通知',
      });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const list = await request(t.app).get('/api/system/holidays').set(as('sysadmin'));
    expect(list.body.years.find((y: { year: number }) => y.year === 2031)).toMatchObject({
      source: 'entered',
      holidays: ['2031-01-01', '2031-01-22', '2031-01-23'],
      extraWorkdays: ['2031-01-18'],
    });
    expect(list.body.years.find((y: { year: number }) => y.year === 2026)).toMatchObject({ source: 'built-in' });
    const ev = await request(t.app).get('/api/audit/events').query({ type: 'HolidayYearEntered' }).set(as('auditor'));
    expect(ev.body.items[0]).toMatchObject({ actorId: 'sysadmin', streamId: 'holiday-calendar' });
  });
});

describe('系统管理: projections', () => {
  it('shows every projection and rebuilds one while it keeps serving; parked events list', async () => {
    const st = await request(t.app).get('/api/system/projections').set(as('sysadmin'));
    expect(st.status).toBe(200);
    expect(st.body.items.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['audit_subjects', 'audit_index', 'audit_user_streams']),
    );
    const rb = await request(t.app)
      .post('/api/system/projections/audit_subjects/rebuild')
      .set(as('sysadmin'))
      .set('Idempotency-Key', key())
      .send({});
    expect(rb.status).toBe(202);
    // the old tables keep answering while it rebuilds
    const during = await request(t.app).get('/api/audit/subjects').query({ q: '审计回放测试' }).set(as('auditor'));
    expect(during.body.items.length).toBe(2);
    let state = '';
    for (let i = 0; i < 100 && state !== 'live'; i++) {
      await sleep(100);
      const s = await request(t.app).get('/api/system/projections').set(as('sysadmin'));
      state = s.body.items.find((x: { name: string }) => x.name === 'audit_subjects').state;
    }
    expect(state).toBe('live');
    const parked = await request(t.app).get('/api/system/projections/audit_subjects/parked').set(as('sysadmin'));
    expect(parked.body.items).toEqual([]);
    expect((await request(t.app).get('/api/system/projections/nope/parked').set(as('sysadmin'))).status).toBe(404);
  }, 30_000);
});
