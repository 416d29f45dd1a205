import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { bearer, startTestApp, type TestApp } from './harness';

let t: TestApp;
let auditor: string;
let sysadmin: string;
let secadmin: string;
let seededAt: string;
beforeAll(async () => {
  t = await startTestApp();
  seededAt = new Date().toISOString();
  auditor = (await t.login('auditor')).accessToken;
  sysadmin = (await t.login('sysadmin')).accessToken;
  secadmin = (await t.login('secadmin')).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const ROUTES = [
  '/api/audit/streams/user-staff',
  '/api/audit/events',
  `/api/audit/streams/unit-czj/state?at=2030-01-01T00:00:00Z`,
  '/api/audit/verify',
];

describe('audit endpoints (安全审计员 only)', () => {
  it('refuse the system admin, the security admin and staff with 403, each denial recorded', async () => {
    const staff = (await t.login('staff')).accessToken;
    for (const token of [sysadmin, secadmin, staff]) {
      for (const path of ROUTES) {
        const r = await request(t.app).get(path).set(bearer(token));
        expect(r.status, path).toBe(403);
      }
    }
    const day = t.clock.now.toISOString().slice(0, 10);
    const denied = (await t.platform.store.readStream(`security-log-${day}`)).filter(
      (e) => e.type === 'AccessDenied' && (e.data as { permission: string }).permission === 'audit.read',
    );
    expect(denied).toHaveLength(3 * ROUTES.length);
  });

  it("show a stream's full history with actors, both times and the hash chain, secrets hidden", async () => {
    const r = await request(t.app).get('/api/audit/streams/user-staff?pageSize=100').set(bearer(auditor));
    expect(r.status).toBe(200);
    const items = r.body.items;
    expect(items[0]).toMatchObject({ type: 'UserHired', revision: 0, actorId: 'system', prevHash: '0'.repeat(64) });
    for (let i = 1; i < items.length; i++) expect(items[i].prevHash).toBe(items[i - 1].hash);
    const pw = items.find((e: { type: string }) => e.type === 'UserPasswordChanged');
    expect(pw.data.passwordHash).toBe('[已隐藏]');
    expect(JSON.stringify(r.body)).not.toContain('scrypt$');
    expect(items[0].occurredAt).toBeTruthy();
    expect(items[0].recordedAt).toBeTruthy();
  });

  it('search events by actor and type, newest first, paginated', async () => {
    const r = await request(t.app).get('/api/audit/events?actor=auditor&type=UserLoggedIn&pageSize=5').set(bearer(auditor));
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(1);
    expect(r.body.items[0]).toMatchObject({ type: 'UserLoggedIn', streamId: 'user-auditor', actorId: 'auditor' });
    const page = await request(t.app).get('/api/audit/events?type=UserHired&pageSize=10&page=2').set(bearer(auditor));
    expect(page.body.total).toBe(44);
    expect(page.body.items).toHaveLength(10);
    expect(page.body.items[0].position).toBeGreaterThan(page.body.items[9].position);
    const bad = await request(t.app).get('/api/audit/events?from=yesterday').set(bearer(auditor));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('rebuild the state of a stream at a moment', async () => {
    const early = await request(t.app).get('/api/audit/streams/unit-czj/state?at=2000-01-01T00:00:00Z').set(bearer(auditor));
    expect(early.status).toBe(200);
    expect(early.body.state).toEqual({ status: 'none' });
    expect(early.body.revision).toBe(-1);
    const now = await request(t.app)
      .get(`/api/audit/streams/unit-czj/state?at=${encodeURIComponent(seededAt)}`)
      .set(bearer(auditor));
    expect(now.body.state).toMatchObject({ status: 'open', name: '区财政局', leaderUserId: 'director' });
    const bad = await request(t.app).get('/api/audit/streams/unit-czj/state?at=2026-13-45').set(bearer(auditor));
    expect(bad.status).toBe(400);
  });

  it('verify the chains and report a summary', async () => {
    const r = await request(t.app).get('/api/audit/verify').set(bearer(auditor));
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(r.body.events).toBeGreaterThan(250);
    expect(r.body.problems).toEqual([]);
  });

  it("record the auditor's own reads", async () => {
    const day = t.clock.now.toISOString().slice(0, 10);
    const reads = (await t.platform.store.readStream(`security-log-${day}`)).filter((e) => e.type === 'AuditTrailRead');
    // 1 stream + 2 searches + 2 states + 1 verify; the two refused as 400 read nothing
    expect(reads).toHaveLength(6);
    expect(reads.every((e) => e.metadata.actorId === 'auditor')).toBe(true);
    expect(reads.map((e) => (e.data as { path: string }).path)).toContain('/api/audit/verify');
  });
});
