import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * GET /api/documents/outgoing/:id and incoming/:id answer `allowedActions`: what the caller may do now,
 * asked of the deciders (api/documents/allowed-actions.ts) — the web shows exactly these buttons. Along
 * a 发文 from 拟稿 to 分发 and its 收文 to 批示, each person's list is checked, and offered actions are
 * done while an action not offered is refused by the command itself.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]);
let n = 0;
const key = () => `doc-actions-${++n}`;

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['staff', 'qintao', 'yangfan', 'director', 'wangfang', 'sunjianhua', 'zhouming'])
    tokens[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const draft = {
  kind: '通知',
  title: '关于报送2026年政府采购预算的通知',
  classification: '内部',
  numberCode: '区财预',
  mainRecipients: ['区属各预算单位'],
  body: '各预算单位：\n请于3月底前报送政府采购预算。',
};

describe('allowed actions of 公文, computed on the server from the deciders', () => {
  let id = '';
  let incomingId = '';
  const outgoing = async (user: string): Promise<string[]> => {
    const r = await request(t.app).get(`/api/documents/outgoing/${id}`).set(as(user));
    expect(r.status).toBe(200);
    return r.body.allowedActions;
  };
  const incoming = async (user: string): Promise<string[]> => {
    const r = await request(t.app).get(`/api/documents/incoming/${incomingId}`).set(as(user));
    expect(r.status).toBe(200);
    return r.body.allowedActions;
  };
  const post = (user: string, path: string, body: object = {}) =>
    request(t.app).post(`/api/documents/${path}`).set(as(user)).set('Idempotency-Key', key()).send(body);

  it('拟稿: the drafter may edit and 送审; the office and the leader nothing yet', async () => {
    const r = await request(t.app).post('/api/documents/outgoing').set(as('staff')).set('Idempotency-Key', key()).send(draft);
    expect(r.status).toBe(201);
    id = r.body.id;
    expect(await outgoing('staff')).toEqual(['edit', 'submit']);
    expect(await outgoing('yangfan')).toEqual([]);
    // not offered → refused
    expect((await post('yangfan', `outgoing/${id}/number`)).status).toBe(422);
  });

  it('审核中: only the holder of the task may edit, approve or return; the drafter waits', async () => {
    expect((await post('staff', `outgoing/${id}/submit`)).status).toBe(201);
    // who must act was decided in the domain at 送审 and recorded: the unit leader signs, nobody countersigns
    const submitted = (await t.platform.store.readStream(`outgoing-document-${id}`)).find((e) => e.type === 'OutgoingDocumentSubmitted');
    expect(submitted?.data).toMatchObject({ signerId: 'director', countersignerIds: [] });
    expect(await outgoing('staff')).toEqual([]);
    expect(await outgoing('qintao')).toEqual(['edit', 'approve', 'return']);
    expect(await outgoing('director')).toEqual([]);
    expect((await post('director', `outgoing/${id}/approve`, { opinion: '同意' })).status).toBe(403);
    for (const user of ['qintao', 'yangfan', 'director']) {
      expect(await outgoing(user)).toEqual(expect.arrayContaining(['approve', 'return']));
      expect((await post(user, `outgoing/${id}/approve`, { opinion: '同意' })).status).toBe(201);
    }
  });

  it('签发 → 编号 → 套红 → 用印 → 分发: each offered to the office in turn, never before its step', async () => {
    const office = await outgoing('yangfan');
    expect(office).toContain('number');
    expect(office).not.toContain('render');
    expect(office).not.toContain('distribute');
    expect(await outgoing('director')).toEqual(['edit']); // the signer may still correct it (复核 not needed for his own change)
    expect((await post('yangfan', `outgoing/${id}/number`)).status).toBe(201);
    const numbered = await outgoing('yangfan');
    expect(numbered).not.toContain('number');
    expect(numbered).toContain('render');
    const doc = (await request(t.app).get(`/api/documents/outgoing/${id}`).set(as('yangfan'))).body;
    expect(numbered.includes('distribute')).toBe(!doc.sealRequired);
    expect(numbered).not.toContain('seal');
    expect((await post('yangfan', `outgoing/${id}/seal`)).status).toBe(422); // not offered → refused
    if (doc.sealRequired) {
      expect((await post('yangfan', `outgoing/${id}/render`)).status).toBe(201);
      expect(await outgoing('yangfan')).toEqual(expect.arrayContaining(['render', 'seal']));
      expect((await post('yangfan', `outgoing/${id}/seal`)).status).toBe(201);
      const sealed = await outgoing('yangfan');
      expect(sealed).toEqual(expect.arrayContaining(['verify', 'distribute']));
      expect(sealed).not.toContain('edit');
      expect(sealed).not.toContain('render');
    }
    const d = await post('yangfan', `outgoing/${id}/distribute`, { unitIds: ['qzfb'] });
    expect(d.status).toBe(201);
    incomingId = d.body.deliveries[0].incomingId;
    // the receiving unit's 收文 clerks are recorded in the delivery (its 待签收 rows come from them)
    const [received] = await t.platform.store.readStream(`incoming-document-${incomingId}`);
    expect(received!.type).toBe('IncomingDocumentReceived');
    expect((received!.data as { clerkIds: string[] }).clerkIds).toContain('wang-fang');
    expect(await outgoing('yangfan')).toContain('distribute'); // to further units
    expect(await outgoing('staff')).toEqual(['verify']); // 分发 froze it: only the seal can be verified
  });

  it('收文: 签收/退回 for the receiving office, then 登记, 拟办, 批示 for the leader, 已阅 for the reader only', async (ctx) => {
    if (!incomingId) return ctx.skip();
    expect(await incoming('wangfang')).toEqual(['signFor', 'return']);
    expect(await incoming('sunjianhua')).toEqual([]);
    expect((await post('wangfang', `incoming/${incomingId}/sign-for`)).status).toBe(201);
    expect(await incoming('wangfang')).toEqual(['register']);
    expect((await post('wangfang', `incoming/${incomingId}/register`)).status).toBe(201);
    expect(await incoming('wangfang')).toEqual(['propose', 'circulate']);
    expect(await incoming('sunjianhua')).toEqual(['instruct']);
    expect((await post('wangfang', `incoming/${incomingId}/circulate`, { readerIds: ['zhou-ming'] })).status).toBe(201);
    expect(await incoming('zhouming')).toEqual(['read']);
    expect((await post('zhouming', `incoming/${incomingId}/read`)).status).toBe(201);
    expect(await incoming('zhouming')).toEqual([]);
  });
});
