import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../api/app';
import { authRoutes } from '../../api/auth/routes';
import { bearer, startTestApp, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('OpenAPI, docs, health, headers', () => {
  it('openapi.json is generated from the route declarations: every route is listed, with its DTO schema', async () => {
    const r = await request(t.app).get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const ops = new Set<string>();
    for (const [path, methods] of Object.entries(r.body.paths as Record<string, object>)) {
      for (const m of Object.keys(methods)) ops.add(`${m} ${path}`);
    }
    expect(t.routes.length).toBeGreaterThan(20);
    for (const route of t.routes) {
      expect(ops, route.path).toContain(`${route.method} /api${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    }
    expect(ops.size).toBe(t.routes.length);
    const hire = r.body.paths['/api/users'].post;
    expect(hire['x-permission']).toBe('org.admin');
    expect(hire.parameters.map((x: { name: string }) => x.name)).toContain('Idempotency-Key');
    const schema = r.body.components.schemas.HireUserDto;
    expect(schema.required).toEqual(expect.arrayContaining(['username', 'name', 'primaryPost']));
    expect(schema.properties.primaryPost.$ref).toBe('#/components/schemas/PostDto');
    expect(r.body.components.schemas.PostDto.properties.rank.enum).toContain('正科');
    const users = r.body.paths['/api/users'].get.parameters.map((x: { name: string }) => x.name);
    expect(users).toEqual(expect.arrayContaining(['page', 'pageSize', 'q']));
    expect(r.body.paths['/api/auth/login'].post.security).toEqual([]);
  });

  it('serves a self-contained docs page', async () => {
    const r = await request(t.app).get('/api/docs');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.text).toContain('/api/audit/verify');
    expect(r.text).not.toMatch(/<script[^>]+src=|https:\/\/cdn/);
  });

  it('health is public and shows the store head and every projection', async () => {
    const r = await request(t.app).get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body.store).toMatchObject({ kind: 'sqlite', ok: true });
    expect(r.body.store.headPosition).toBe(await t.platform.store.headPosition());
    expect(r.body.projections.map((p: { name: string }) => p.name)).toContain('audit_index');
    expect(r.body.projections[0]).toHaveProperty('lagEvents');
  });

  it('sets security headers and echoes a request id', async () => {
    const r = await request(t.app).get('/api/health').set('X-Request-Id', 'abc-123');
    expect(r.headers['x-request-id']).toBe('abc-123');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    const gen = await request(t.app).get('/api/health');
    expect(gen.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses bodies over 1 MB with 413 as a problem', async () => {
    const token = (await t.login('staff')).accessToken;
    const r = await request(t.app)
      .post('/api/me/password')
      .set(bearer(token))
      .send({ currentPassword: 'x'.repeat(1_100_000), newPassword: 'y' });
    expect(r.status).toBe(413);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });

  it('rate-limits logins with 429', async () => {
    const { app } = createApp({ ...t.platform, config: { ...t.platform.config, loginRateLimit: { windowMs: 60_000, max: 3 } } }, [
      authRoutes,
    ]);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await request(app).post('/api/auth/login').send({ username: 'nobody', password: 'x' })).status);
    expect(codes).toEqual([401, 401, 401, 429]);
  });
});

describe('SSE notifications', () => {
  it("pushes the caller's own notifications only (token in the query string)", async () => {
    const token = (await t.login('staff')).accessToken;
    const server = http.createServer(t.app).listen(0);
    const port = (server.address() as AddressInfo).port;
    try {
      const received = await new Promise<string>((resolve, reject) => {
        const req = http.get(`http://127.0.0.1:${port}/api/events/stream?access_token=${token}`, (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            if (buf.includes('event: ready')) {
              const base = { title: '新待办', at: new Date().toISOString() };
              t.platform.bus.publish({ id: 'n1', userId: 'director', kind: 'task.created', ...base });
              t.platform.bus.publish({ id: 'n2', userId: 'staff', kind: 'task.created', ...base });
            }
            if (buf.includes('event: notification')) {
              req.destroy();
              resolve(buf);
            }
          });
        });
        req.on('error', reject);
      });
      expect(received).toContain('"id":"n2"');
      expect(received).not.toContain('"id":"n1"');
    } finally {
      server.close();
    }
    const noToken = await request(t.app).get('/api/events/stream');
    expect(noToken.status).toBe(401);
    // the query-string token is accepted on the SSE route only
    expect((await request(t.app).get(`/api/me?access_token=${token}`)).status).toBe(401);
  });
});
