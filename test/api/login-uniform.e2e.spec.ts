import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness';

/** A failed login says the same for an unknown user and a wrong password: it never tells whether an account exists. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('login refusals', () => {
  it('unknown user and wrong password get the same status, title and detail', async () => {
    const unknown = await request(t.app).post('/api/auth/login').send({ username: 'nosuchuser', password: 'Wrong@2026' });
    const wrong = await request(t.app).post('/api/auth/login').send({ username: 'staff', password: 'Wrong@2026' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const shape = (b: Record<string, unknown>) => ({ title: b.title, detail: b.detail, code: b.code });
    expect(shape(wrong.body)).toEqual(shape(unknown.body));
    expect(String(wrong.body.detail)).toBe('用户名或密码错误');
  });
});
