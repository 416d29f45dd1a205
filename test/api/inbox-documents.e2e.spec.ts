import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * 收文 in the unified inbox, on the real app (SQLite, demo district): a paper document registered by
 * 区政府办公室 (王芳) → 拟办 asks 孙建华 to instruct (his 待办) → 批示 (his 已办) → 承办 to 综合科 (its
 * head 周明's 待办, with the deadline) → 传阅 to 周明 (his 待阅) → 已阅 (his 已办) → 办结 (the 承办 closes).
 * The counts endpoint follows every step. (待签收 after an exchange: projections/inbox/inbox-batch.int.spec.ts.)
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]);
let keyN = 0;
const key = () => `inbox-doc-e2e-${++keyN}`;

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['wangfang', 'sunjianhua', 'zhouming']) tokens[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const counts = async (u: string) => (await request(t.app).get('/api/inbox/counts').set(as(u))).body as Record<string, number>;
const box = async (u: string, b: string) =>
  (await request(t.app).get(`/api/inbox?box=${b}&pageSize=50`).set(as(u))).body.items as Record<string, unknown>[];

describe('收文 in 待办 / 待阅 / 已办', () => {
  it('reaches the leader asked to instruct, the lead department head and the reader, and leaves when each has acted', async () => {
    const title = '关于开展汛期安全大检查的通知';
    const paper = {
      category: 'normal',
      sourceOrgan: '市应急管理局',
      docNumber: '市应急〔2026〕8号',
      title,
      classification: '内部',
      urgency: '加急',
      receivedAt: '2026-03-02T01:00:00.000Z',
    };
    const reg = await request(t.app).post('/api/documents/incoming/paper').set(as('wangfang')).set('Idempotency-Key', key()).send(paper);
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const id: string = reg.body.id;
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const sun0 = await counts('sunjianhua');
    const zhou0 = await counts('zhouming');

    const propose = await request(t.app)
      .post(`/api/documents/incoming/${id}/propose`)
      .set(as('wangfang'))
      .set('Idempotency-Key', key())
      .send({ opinion: '拟请孙主任阅示', leaderIds: ['sun-jianhua'] });
    expect(propose.status, JSON.stringify(propose.body)).toBe(201);
    expect((await counts('sunjianhua')).todo).toBe(sun0.todo + 1);
    const todo = (await box('sunjianhua', 'todo')).find((i) => i.instanceId === id);
    expect(todo).toMatchObject({ title, definitionKey: 'incoming-document', kind: '收文', nodeName: '领导批示' });

    const ins = await request(t.app)
      .post(`/api/documents/incoming/${id}/instruct`)
      .set(as('sunjianhua'))
      .set('Idempotency-Key', key())
      .send({ instruction: '请综合科抓紧落实' });
    expect(ins.status, JSON.stringify(ins.body)).toBe(201);
    expect(await counts('sunjianhua')).toMatchObject({ todo: sun0.todo, done: sun0.done + 1 });
    expect((await box('sunjianhua', 'done')).find((i) => i.instanceId === id)).toMatchObject({ action: 'instruct', title });

    const assign = await request(t.app)
      .post(`/api/documents/incoming/${id}/assign`)
      .set(as('wangfang'))
      .set('Idempotency-Key', key())
      .send({ leadDepartmentId: 'qzfb-zhk', deadline });
    expect(assign.status, JSON.stringify(assign.body)).toBe(201);
    expect((await counts('zhouming')).todo).toBe(zhou0.todo + 1);
    expect((await box('zhouming', 'todo')).find((i) => i.instanceId === id)).toMatchObject({ nodeName: '承办（主办）', deadline });

    const circ = await request(t.app)
      .post(`/api/documents/incoming/${id}/circulate`)
      .set(as('wangfang'))
      .set('Idempotency-Key', key())
      .send({ readerIds: ['zhou-ming'] });
    expect(circ.status, JSON.stringify(circ.body)).toBe(201);
    expect((await counts('zhouming')).toread).toBe(zhou0.toread + 1);
    expect((await box('zhouming', 'toread')).find((i) => i.instanceId === id)).toMatchObject({ nodeName: '传阅', title });

    expect(
      (await request(t.app).post(`/api/documents/incoming/${id}/read`).set(as('zhouming')).set('Idempotency-Key', key()).send()).status,
    ).toBe(201);
    expect(await counts('zhouming')).toMatchObject({ toread: zhou0.toread, done: zhou0.done + 1 });

    const done = await request(t.app)
      .post(`/api/documents/incoming/${id}/complete`)
      .set(as('wangfang'))
      .set('Idempotency-Key', key())
      .send({ summary: '已落实' });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect((await counts('zhouming')).todo).toBe(zhou0.todo);
    expect((await box('zhouming', 'todo')).some((i) => i.instanceId === id)).toBe(false);
  });
});
