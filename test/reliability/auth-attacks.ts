import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { TestApp } from '../api/harness';
import type { Row } from './lib';

const SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef'; // test/api/harness.ts's JWT_SECRET

interface Attack {
  name: string;
  /** Sends the attack with the given request id; returns the status. */
  send: (requestId: string) => Promise<number>;
  /** Where a refusal is recorded: the 安全日志 (an event) or, for a token that is not ours at all, the server log only. */
  recorded: 'security-log' | 'server-log';
}

async function securityEventsOf(t: TestApp, requestId: string): Promise<string[]> {
  const day = t.clock.now.toISOString().slice(0, 10);
  return (await t.platform.store.readStream(`security-log-${day}`))
    .filter((e) => e.metadata.correlationId === requestId)
    .map((e) => e.type);
}

/**
 * Auth attacks: no token, `alg: none`, a wrong key, an expired token, refresh-token reuse, a revoked
 * session, another unit's ids (IDOR), role escalation. Every one must be refused; those made with a
 * genuine token or refresh token must be in the 安全日志 (a forged token is only logged by the server:
 * recording anonymous junk as events would let anyone fill the log).
 */
export async function authAttacks(t: TestApp): Promise<Row[]> {
  const staff = await t.login('staff'); // 区财政局
  const other = await t.login('taoran'); // 区人社局
  const sid = (jwt.decode(staff.accessToken) as { sid: string }).sid;
  const now = Math.floor(t.clock.now.getTime() / 1000);
  const get = (url: string, token: string | null, requestId: string) => {
    const r = request(t.app).get(url).set('X-Request-Id', requestId);
    return (token ? r.set('Authorization', `Bearer ${token}`) : r).then((x) => x.status);
  };
  const post = (url: string, body: object, token: string | null, requestId: string) => {
    const r = request(t.app).post(url).set('X-Request-Id', requestId);
    return (token ? r.set('Authorization', `Bearer ${token}`) : r).send(body).then((x) => x.status);
  };
  // a process of another unit, for IDOR
  const started = await request(t.app)
    .post('/api/attendance/leave')
    .set('Authorization', `Bearer ${other.accessToken}`)
    .send({ leaveType: '事假', startDate: '2026-12-07', startHalf: 'am', endDate: '2026-12-07', endHalf: 'pm', reason: 'IDOR' });
  const foreignProcess = started.body.processId as string;
  // a session to revoke, and a refresh token to reuse (after the 30 s grace period)
  const victim = await t.login('staff');
  const rotated = await request(t.app).post('/api/auth/refresh').send({ refreshToken: victim.refreshToken });
  if (rotated.status !== 200) throw new Error(`refresh: ${rotated.status}`);
  const revoked = await t.login('staff');
  await request(t.app).post('/api/auth/logout').set('Authorization', `Bearer ${revoked.accessToken}`);

  const attacks: Attack[] = [
    { name: 'no token', recorded: 'server-log', send: (id) => get('/api/me', null, id) },
    {
      name: 'alg: none',
      recorded: 'server-log',
      send: (id) =>
        get('/api/me', jwt.sign({ sub: 'sysadmin', sid, roles: ['sysadmin'] }, '', { algorithm: 'none', issuer: 'gov-oa' }), id),
    },
    {
      name: 'wrong key',
      recorded: 'server-log',
      send: (id) =>
        get(
          '/api/me',
          jwt.sign({ sid, roles: ['sysadmin'] }, 'another-secret-0123456789abcdef0123456789', { subject: 'sysadmin', issuer: 'gov-oa' }),
          id,
        ),
    },
    {
      name: 'expired token',
      recorded: 'server-log',
      send: (id) => get('/api/me', jwt.sign({ sid, roles: ['staff'], exp: now - 60 }, SECRET, { subject: 'staff', issuer: 'gov-oa' }), id),
    },
    {
      name: 'refresh-token reuse',
      recorded: 'security-log',
      send: async (id) => {
        t.clock.advance(31_000); // past the grace period for a lost answer
        return post('/api/auth/refresh', { refreshToken: victim.refreshToken }, null, id);
      },
    },
    { name: 'revoked session', recorded: 'security-log', send: (id) => get('/api/me', revoked.accessToken, id) },
    {
      name: "IDOR: another unit's process",
      recorded: 'security-log',
      send: (id) => get(`/api/processes/${foreignProcess}`, staff.accessToken, id),
    },
    {
      name: "IDOR: another unit's personnel file",
      recorded: 'security-log',
      send: (id) => get('/api/users/tao-ran/profile', staff.accessToken, id),
    },
    {
      name: 'role escalation: grant oneself a role',
      recorded: 'security-log',
      send: (id) => post('/api/users/staff/roles', { roleId: 'sysadmin', scope: 'all' }, staff.accessToken, id),
    },
    {
      name: 'role escalation: roles claimed in a genuine token',
      recorded: 'security-log',
      send: (id) =>
        post(
          '/api/org/units',
          { name: '越权单位', parentId: 'qzf' },
          jwt.sign({ sid, roles: ['sysadmin'], unit: 'qzf' }, SECRET, { subject: 'staff', issuer: 'gov-oa', expiresIn: 600 }),
          id,
        ),
    },
  ];
  const rows: Row[] = [];
  let n = 0;
  for (const a of attacks) {
    const requestId = `auth-attack-${++n}`;
    const status = await a.send(requestId);
    const events = await securityEventsOf(t, requestId);
    const denied = status === 401 || status === 403 || status === 404;
    const recorded = a.recorded === 'security-log' ? events.length > 0 : true;
    rows.push({
      area: 'auth',
      check: a.name,
      figure: `${status}; ${a.recorded === 'security-log' ? (events.length ? events.join('+') : 'NOT recorded') : 'server log (warn)'}`,
      target: 'denied, recorded',
      ok: denied && recorded,
    });
  }
  return rows;
}
