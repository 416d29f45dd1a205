import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from '../api/harness';
import { schemaChecker } from './schema-check';

/**
 * 通知公告 end to end on the real app (issue 17): 起草 → 送审 (the 通知公告审核 process on the workflow
 * engine) → 审核 in the reviewer's unified inbox → back to the drafter (待发布) → 发布 to one department
 * → only its members see it in the workbench strip → read receipts counted, the publisher's unread list →
 * 置顶 → 撤回 (recorded) → gone from the strip; a rejection goes back for edits; bad input is a 400 with the field.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]);
const YSK = ['staff', 'youjia', 'qintao']; // 区财政局预算科
const OTHERS = ['lvpeng', 'director', 'zhouming']; // 国库科, 局领导, 区政府办公室

beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'error' });
  for (const u of ['zhuli', 'yangfan', ...YSK, ...OTHERS]) tokens[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

async function stripTitles(user: string): Promise<string[]> {
  const r = await request(t.app).get('/api/announcements/strip').set(as(user));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items.map((i: { title: string }) => i.title);
}

async function reviewTask(user: string, title: string): Promise<string> {
  const todo = await request(t.app).get('/api/inbox?box=todo&pageSize=100').set(as(user));
  const task = todo.body.items.find((i: { title: string }) => i.title.includes(title));
  expect(task, `the review task in ${user}'s 待办`).toBeTruthy();
  return task.taskId;
}

async function within(ms: number, f: () => Promise<boolean>): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`not within ${ms} ms`);
}

describe('通知公告: approval → publication to one department → the strip → receipts → withdrawal', () => {
  const title = '关于预算科参加业务培训的通知（测试）';
  let id = '';

  it('drafts, refusing bad input with the field', async () => {
    const bad = await request(t.app).post('/api/announcements').set(as('zhuli')).send({ title: '  ', category: '通知', body: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('title');
    const bad2 = await request(t.app).post('/api/announcements').set(as('zhuli')).send({ title: 'x', category: '公文', body: 'x' });
    expect(bad2.status).toBe(400);
    expect(bad2.body.errors.map((e: { field: string }) => e.field)).toContain('category');
    const r = await request(t.app)
      .post('/api/announcements')
      .set(as('zhuli'))
      .send({ title, category: '通知', body: '请预算科全体同志参加。' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
    const v = await request(t.app).get(`/api/announcements/${id}`).set(as('zhuli'));
    expect(v.body.status).toBe('draft');
    expect(v.body.allowedActions).toEqual(expect.arrayContaining(['edit', 'submit']));
    expect(v.body.allowedActions).not.toContain('publish');
    // a colleague who is neither recipient nor publisher cannot open a draft (403, recorded)
    expect((await request(t.app).get(`/api/announcements/${id}`).set(as('staff'))).status).toBe(403);
  });

  it('is reviewed on the workflow engine by the unit office; approval brings it back to the drafter to release', async () => {
    const s = await request(t.app).post(`/api/announcements/${id}/submit`).set(as('zhuli')).send({});
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect((await request(t.app).get(`/api/announcements/${id}`).set(as('zhuli'))).body.status).toBe('in_review');
    // cannot publish before approval
    const early = await request(t.app)
      .post(`/api/announcements/${id}/publish`)
      .set(as('zhuli'))
      .send({ audience: { everyone: false, unitIds: [], departmentIds: ['czj-ysk'], userIds: [] } });
    expect(early.status).toBe(422);
    const taskId = await reviewTask('yangfan', title);
    const ok = await request(t.app).post(`/api/tasks/${taskId}/approve`).set(as('yangfan')).send({ opinion: '同意发布' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    await within(3000, async () => (await request(t.app).get(`/api/announcements/${id}`).set(as('zhuli'))).body.status === 'approved');
    const v = await request(t.app).get(`/api/announcements/${id}`).set(as('zhuli'));
    expect(v.body.approval).toMatchObject({ approverId: 'yang-fan', approverName: '杨帆', opinion: '同意发布' });
    expect(v.body.allowedActions).toContain('publish');
    // the drafter's 待办 “待发布”
    const todo = await request(t.app).get('/api/inbox?box=todo&pageSize=100').set(as('zhuli'));
    expect(todo.body.items.some((i: { title: string; link?: string }) => i.title.includes(title))).toBe(true);
  });

  it('publishes to 预算科 only: its members see it in the strip, nobody else does', async () => {
    const bad = await request(t.app)
      .post(`/api/announcements/${id}/publish`)
      .set(as('zhuli'))
      .send({
        audience: { everyone: false, unitIds: [], departmentIds: ['czj-ysk'], userIds: [] },
        displayFrom: '2026-01-02T00:00:00Z',
        displayTo: '2026-01-01T00:00:00Z',
      });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('displayTo');
    const r = await request(t.app)
      .post(`/api/announcements/${id}/publish`)
      .set(as('zhuli'))
      .send({ audience: { everyone: false, unitIds: [], departmentIds: ['czj-ysk'], userIds: [] } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    for (const u of YSK) expect(await stripTitles(u), u).toContain(title);
    for (const u of OTHERS) expect(await stripTitles(u), u).not.toContain(title);
    expect((await request(t.app).get(`/api/announcements/${id}`).set(as('lvpeng'))).status).toBe(403);
    // the recipients are recorded in the event (decided in the domain)
    const events = await t.platform.store.readStream(`announcement-${id}`);
    const published = events.find((e) => e.type === 'AnnouncementPublished')!;
    expect((published.data as { recipientIds: string[] }).recipientIds).toEqual(['qin-tao', 'staff', 'you-jia']);
  });

  it('counts read receipts once per recipient; the publisher sees who has not read it', async () => {
    const before = await request(t.app).get(`/api/announcements/${id}/receipts`).set(as('zhuli'));
    expect(before.body).toMatchObject({ recipientCount: 3, readCount: 0, total: 3 });
    // GET never appends: opening the notice does not count as read
    await request(t.app).get(`/api/announcements/${id}`).set(as('staff'));
    expect((await request(t.app).get(`/api/announcements/${id}/receipts`).set(as('zhuli'))).body.readCount).toBe(0);
    expect((await request(t.app).get(`/api/announcements/${id}`).set(as('staff'))).body.allowedActions).toContain('read');
    for (let i = 0; i < 2; i++)
      expect((await request(t.app).post(`/api/announcements/${id}/read`).set(as('staff')).send({})).status).toBe(201);
    expect((await request(t.app).post(`/api/announcements/${id}/read`).set(as('youjia')).send({})).status).toBe(201);
    // not a recipient: 403
    expect((await request(t.app).post(`/api/announcements/${id}/read`).set(as('lvpeng')).send({})).status).toBe(403);
    const after = await request(t.app).get(`/api/announcements/${id}/receipts`).set(as('zhuli'));
    expect(after.body).toMatchObject({ recipientCount: 3, readCount: 2 });
    const unread = await request(t.app).get(`/api/announcements/${id}/receipts?filter=unread`).set(as('zhuli'));
    expect(unread.body.items.map((x: { name: string }) => x.name)).toEqual(['秦涛']);
    // recipients cannot see the receipts
    expect((await request(t.app).get(`/api/announcements/${id}/receipts`).set(as('staff'))).status).toBe(403);
    const mine = await request(t.app).get('/api/announcements/received?unread=true').set(as('qintao'));
    expect(mine.body.items.map((x: { title: string }) => x.title)).toContain(title);
  });

  it('pins, then withdraws with a recorded reason: it leaves the strip', async () => {
    expect((await request(t.app).post(`/api/announcements/${id}/pin`).set(as('zhuli')).send({ pinned: true })).status).toBe(201);
    expect((await request(t.app).get('/api/announcements/strip').set(as('staff'))).body.items[0]).toMatchObject({ title, pinned: true });
    // a recipient may not withdraw it
    expect((await request(t.app).post(`/api/announcements/${id}/withdraw`).set(as('staff')).send({ reason: 'x' })).status).toBe(403);
    const noReason = await request(t.app).post(`/api/announcements/${id}/withdraw`).set(as('zhuli')).send({ reason: ' ' });
    expect(noReason.status).toBe(400);
    const w = await request(t.app).post(`/api/announcements/${id}/withdraw`).set(as('yangfan')).send({ reason: '培训改期' });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    for (const u of YSK) expect(await stripTitles(u)).not.toContain(title);
    const v = await request(t.app).get(`/api/announcements/${id}`).set(as('zhuli'));
    expect(v.body).toMatchObject({ status: 'withdrawn', withdrawal: { actorId: 'yang-fan', actorName: '杨帆', reason: '培训改期' } });
  });

  it('a rejected review goes back to the drafter for edits, then round 2 is approved', async () => {
    const t2 = '关于国库科月度对账的通知（测试）';
    const r = await request(t.app).post('/api/announcements').set(as('zhuli')).send({ title: t2, category: '通知', body: '请按时对账。' });
    const id2 = r.body.id;
    await request(t.app).post(`/api/announcements/${id2}/submit`).set(as('zhuli')).send({});
    const taskId = await reviewTask('yangfan', t2);
    const no = await request(t.app).post(`/api/tasks/${taskId}/reject`).set(as('yangfan')).send({ opinion: '请补充对账时间' });
    expect(no.status, JSON.stringify(no.body)).toBe(201);
    await within(3000, async () => (await request(t.app).get(`/api/announcements/${id2}`).set(as('zhuli'))).body.status === 'sent_back');
    const v = await request(t.app).get(`/api/announcements/${id2}`).set(as('zhuli'));
    expect(v.body.sentBack).toMatchObject({ outcome: 'rejected', opinion: '请补充对账时间' });
    expect(v.body.allowedActions).toEqual(expect.arrayContaining(['edit', 'submit']));
    const e = await request(t.app)
      .post(`/api/announcements/${id2}/edit`)
      .set(as('zhuli'))
      .send({ title: t2, category: '通知', body: '请于每月5日前完成对账。' });
    expect(e.status).toBe(201);
    await request(t.app).post(`/api/announcements/${id2}/submit`).set(as('zhuli')).send({});
    const task2 = await reviewTask('yangfan', t2);
    expect(task2).not.toBe(taskId);
    await request(t.app).post(`/api/tasks/${task2}/approve`).set(as('yangfan')).send({ opinion: '同意' });
    await within(3000, async () => (await request(t.app).get(`/api/announcements/${id2}`).set(as('zhuli'))).body.status === 'approved');
    expect((await request(t.app).get(`/api/announcements/${id2}`).set(as('zhuli'))).body.rounds).toBe(2);
  });

  it('a review returned to the drafter on the engine (退回) may be edited and resubmitted in the same process', async () => {
    const t3 = '关于会计科业务学习的通知（测试）';
    const id3 = (await request(t.app).post('/api/announcements').set(as('zhuli')).send({ title: t3, category: '通知', body: '请参加。' }))
      .body.id;
    const sub = await request(t.app).post(`/api/announcements/${id3}/submit`).set(as('zhuli')).send({});
    const processId = sub.body.processId;
    const taskId = await reviewTask('yangfan', t3);
    const back = await request(t.app)
      .post(`/api/tasks/${taskId}/return`)
      .set(as('yangfan'))
      .send({ toNodeId: 'draft', opinion: '请写明时间地点' });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    const v = await request(t.app).get(`/api/announcements/${id3}`).set(as('zhuli'));
    expect(v.body.status).toBe('in_review');
    expect(v.body.allowedActions).toEqual(expect.arrayContaining(['edit', 'submit']));
    expect(
      (
        await request(t.app)
          .post(`/api/announcements/${id3}/edit`)
          .set(as('zhuli'))
          .send({ title: t3, category: '通知', body: '周五下午3点，三楼会议室。' })
      ).status,
    ).toBe(201);
    const again = await request(t.app).post(`/api/announcements/${id3}/submit`).set(as('zhuli')).send({});
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.processId).toBe(processId);
    const task2 = await reviewTask('yangfan', t3);
    await request(t.app).post(`/api/tasks/${task2}/approve`).set(as('yangfan')).send({ opinion: '同意' });
    await within(3000, async () => (await request(t.app).get(`/api/announcements/${id3}`).set(as('zhuli'))).body.status === 'approved');
    expect((await request(t.app).get(`/api/announcements/${id3}`).set(as('zhuli'))).body.body).toBe('周五下午3点，三楼会议室。');
  });

  it('every answer the web reads matches its declared schema', async () => {
    const check = schemaChecker(t);
    await check(tokens.staff, '/api/announcements/strip', '/api/announcements/strip');
    await check(tokens.staff, '/api/announcements/received?unread=true', '/api/announcements/received');
    await check(tokens.zhuli, '/api/announcements/managed?q=测试', '/api/announcements/managed');
    await check(tokens.yangfan, '/api/announcements/managed?status=withdrawn', '/api/announcements/managed');
    await check(tokens.zhuli, `/api/announcements/${id}/receipts`, '/api/announcements/{id}/receipts');
  });

  it("the demo district has notices in staff's strip", async () => {
    const titles = await stripTitles('staff');
    expect(titles[0]).toBe('关于2027年元旦放假安排的通知');
    expect(titles).toContain('关于参加2027年部门预算编制业务培训的通知');
    expect(titles).not.toContain('关于调整职工食堂就餐时间的通知');
  });
});
