import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * The 发文审批 → 发文 reactor on the real app: a 签发 approved from the unified inbox (batch approve)
 * or refused there reaches the document by itself — nobody opens the document — and no GET of a
 * document route appends anything.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]);

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['staff', 'qintao', 'yangfan', 'director']) tokens[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const draft = (title: string) => ({
  kind: '通知',
  title,
  classification: '内部',
  urgency: '平件',
  numberCode: '区财预',
  mainRecipients: ['区属各预算单位'],
  body: '各预算单位：\n请按时报送。',
});

/** Drafts, submits and takes the document through 部门核稿 and 办公室核稿 on the document's own routes. */
async function atSigning(title: string): Promise<{ docId: string; signTaskId: string }> {
  const d = await request(t.app).post('/api/documents/outgoing').set(as('staff')).send(draft(title));
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const docId = d.body.id as string;
  expect((await request(t.app).post(`/api/documents/outgoing/${docId}/submit`).set(as('staff')).send({})).status).toBe(201);
  for (const u of ['qintao', 'yangfan']) {
    const r = await request(t.app).post(`/api/documents/outgoing/${docId}/approve`).set(as(u)).send({ opinion: '同意' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const todo = await request(t.app).get('/api/inbox?box=todo&pageSize=100').set(as('director'));
  const task = todo.body.items.find((i: { title: string }) => i.title.includes(title));
  expect(task, "the 签发 task in the director's 待办").toBeTruthy();
  return { docId, signTaskId: task.taskId };
}

async function stageInSearch(title: string): Promise<string | undefined> {
  const r = await request(t.app).get('/api/documents/search').query({ q: title }).set(as('staff'));
  return r.body.items?.[0]?.stage;
}

async function within(ms: number, f: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await f()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`not within ${ms} ms`);
}

describe('发文审批 → 发文 as a reactor', () => {
  it('a 签发 approved through POST /api/tasks/batch-approve shows 已签发 in 综合查询 within 2 s, the document never opened', async () => {
    const title = '关于反应器签发测试的通知';
    const { docId, signTaskId } = await atSigning(title);
    const r = await request(t.app)
      .post('/api/tasks/batch-approve')
      .set(as('director'))
      .send({ taskIds: [signTaskId], opinion: '同意' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.succeeded).toBe(1);
    await within(2000, async () => (await stageInSearch(title)) === '已签发');
    // recorded by the platform, caused by the process's end, with the key derived from it
    const events = await t.platform.store.readStream(`outgoing-document-${docId}`);
    const signed = events.find((e) => e.type === 'OutgoingDocumentSigned')!;
    expect(signed.data).toMatchObject({ signerId: 'director', signerName: '沈振华', opinion: '同意' });
    expect(signed.metadata.actorId).toBe('system');
    const process = await t.platform.store.readStream(`process-${(signed.data as { processId: string }).processId}`);
    const completed = process.find((e) => e.type === 'ProcessCompleted')!;
    expect(signed.metadata.causationId).toBe(completed.id);
    expect(signed.metadata.commandId).toBeTruthy();
    expect(events.filter((e) => e.type === 'OutgoingDocumentSigned')).toHaveLength(1);
    // the reactor's outbox is empty and nothing parked, as /api/health shows
    const health = await request(t.app).get('/api/health');
    // (other modules' reactors are listed too: this one, and none of them with work pending or parked)
    const reactors = health.body.reactions.reactors as { name: string; pending: number; parked: number }[];
    expect(reactors.find((x) => x.name === 'documents.outgoing-approval')).toEqual({
      name: 'documents.outgoing-approval',
      pending: 0,
      parked: 0,
      hasError: false,
    });
    expect(reactors.every((x) => x.pending === 0 && x.parked === 0)).toBe(true);
  });

  it('a 不同意 at 签发 through POST /api/tasks/:id/reject reaches the document the same way', async () => {
    const title = '关于反应器不同意测试的通知';
    const { docId, signTaskId } = await atSigning(title);
    const r = await request(t.app).post(`/api/tasks/${signTaskId}/reject`).set(as('director')).send({ opinion: '暂缓印发' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await within(2000, async () => (await stageInSearch(title)) !== '审核中');
    const ended = (await t.platform.store.readStream(`outgoing-document-${docId}`)).filter(
      (e) => e.type === 'OutgoingDocumentApprovalEnded',
    );
    expect(ended).toHaveLength(1);
    expect(ended[0]!.data).toMatchObject({ outcome: 'rejected' });
    expect(await stageInSearch(title)).not.toBe('审核中');
  });

  it('no GET of any document route appends an event', async () => {
    const title = '关于只读请求测试的通知';
    const { docId } = await atSigning(title);
    await t.platform.projections.waitFor(await t.platform.store.headPosition(), { timeoutMs: 5000 });
    const gets = t.routes.filter((r) => r.method === 'get' && r.path.startsWith('/documents'));
    expect(gets.length).toBeGreaterThan(5);
    const before = await t.platform.store.headPosition();
    for (const g of gets) {
      const path = g.path.replace(/:(\w+)/g, (_m, name: string) => (name === 'id' || name === 'documentId' ? docId : 'x'));
      for (const user of ['staff', 'director']) await request(t.app).get(`/api${path}`).set(as(user));
    }
    // only the security log may grow (a GET refused by data scope is a recorded denial); nothing else
    const appended = await t.platform.store.readAll({ fromPosition: before + 1, limit: 1000 });
    expect(appended.filter((e) => !e.streamId.startsWith('security-log-')).map((e) => `${e.streamId} ${e.type}`)).toEqual([]);
  });
});
