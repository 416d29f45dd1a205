import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../api/config';
import { boot } from '../../api/bootstrap';
import { INITIAL_PASSWORDS_FILE } from '../../api/seed/production';
import { DEMO_PASSWORD } from '../../api/seed/demo-district';
import { browserAvailable } from '../browser/harness';
import { bearer, startTestApp, type TestApp } from '../api/harness';

describe('what counts as a production start', () => {
  it('NODE_ENV=production or a server store: no demo unless SEED_DEMO=1; a local start keeps the demo', () => {
    const c = (env: Record<string, string>) => loadConfig({ DATA_DIR: '/tmp/x', ...env }, '/');
    expect(c({})).toMatchObject({ production: false, seedDemo: true });
    expect(c({ SEED_DEMO: '0' })).toMatchObject({ production: false, seedDemo: false });
    expect(c({ NODE_ENV: 'production' })).toMatchObject({ production: true, seedDemo: false });
    expect(c({ EVENT_STORE: 'postgres://oa@db/oa' })).toMatchObject({ production: true, seedDemo: false });
    expect(c({ READ_STORE: 'postgresql://oa@db/oa' })).toMatchObject({ production: true, seedDemo: false });
    expect(c({ EVENT_STORE: 'esdb://es:2113' })).toMatchObject({ production: true, seedDemo: false });
    expect(c({ NODE_ENV: 'production', SEED_DEMO: '1' })).toMatchObject({ production: true, seedDemo: true });
  });

  it('under REQUIRE_SERVICES=1 a missing Chromium fails instead of skipping', () => {
    expect(() => browserAvailable({ REQUIRE_SERVICES: '1' }, '/nonexistent/chromium')).toThrow(/REQUIRE_SERVICES/);
    expect(browserAvailable({}, '/nonexistent/chromium')).toBe(false);
  });
});

describe('a production start on an empty store', () => {
  let t: TestApp;
  let passwords: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production' });
    const text = readFileSync(join(t.dataDir, INITIAL_PASSWORDS_FILE), 'utf8');
    passwords = Object.fromEntries([...text.matchAll(/^(\w+)\t(\S+)$/gm)].map((m) => [m[1], m[2]]));
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('creates exactly the three 三员 accounts and no demo district', async () => {
    const users = await t.platform.store.readAll({ types: ['UserHired'], limit: 1000 });
    expect(users.map((e) => (e.data as { username: string }).username).sort()).toEqual(['auditor', 'secadmin', 'sysadmin']);
    const demo = await request(t.app).post('/api/auth/login').send({ username: 'staff', password: DEMO_PASSWORD });
    expect(demo.status).toBe(401);
    const published = await request(t.app).post('/api/auth/login').send({ username: 'sysadmin', password: DEMO_PASSWORD });
    expect(published.status).toBe(401);
  });

  it('writes the one-time passwords to a file only its owner can read, strong and distinct', async () => {
    const mode = statSync(join(t.dataDir, INITIAL_PASSWORDS_FILE)).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(Object.keys(passwords).sort()).toEqual(['auditor', 'secadmin', 'sysadmin']);
    const values = Object.values(passwords);
    expect(new Set(values).size).toBe(3);
    for (const p of values) expect(p).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)(?=.*[^A-Za-z0-9]).{16}$/);
    // never in the event log in clear (only their scrypt hashes)
    const log = JSON.stringify(await t.platform.store.readAll({ limit: 100_000 }));
    for (const p of values) expect(log).not.toContain(p);
  });

  it('forces a change at first login, then the account works; each keeps its 三员 role', async () => {
    const login = await request(t.app).post('/api/auth/login').send({ username: 'secadmin', password: passwords.secadmin });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ mustChangePassword: true, roles: ['secadmin'] });
    const access = login.body.accessToken as string;
    const refused = await request(t.app).get('/api/org/tree').set(bearer(access));
    expect([refused.status, refused.body.code]).toEqual([403, 'auth.password_change_required']);
    const changed = await request(t.app)
      .post('/api/me/password')
      .set(bearer(access))
      .send({ currentPassword: passwords.secadmin, newPassword: 'Own-choice#2026' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await request(t.app).get('/api/org/tree').set(bearer(access))).status).toBe(200);
  });

  it('a second start over the same store creates nothing and leaves the file as it was', async () => {
    const before = await t.platform.store.headPosition();
    const file = readFileSync(join(t.dataDir, INITIAL_PASSWORDS_FILE), 'utf8');
    const config = loadConfig(
      {
        DATA_DIR: t.dataDir,
        EVENT_STORE: `sqlite:${join(t.dataDir, 'oa.db')}`,
        READ_STORE: `sqlite:${join(t.dataDir, 'read2.db')}`,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        JWT_SECRET: 'e2e-secret-0123456789abcdef0123456789abcdef',
        DEADLINE_CHECK_SECONDS: '0',
      },
      process.cwd(),
    );
    const again = await boot(config, { sealer: false, warehouse: false });
    try {
      expect(await again.platform.store.headPosition()).toBe(before);
    } finally {
      await again.close();
    }
    expect(readFileSync(join(t.dataDir, INITIAL_PASSWORDS_FILE), 'utf8')).toBe(file);
  });
});
