import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * Issue 13 on the workflow API (real app, SQLite, demo district):
 *  1. a request returned to the applicant (or withdrawn) can be corrected and resubmitted, or cancelled;
 *  4. 外出授权 refuses an unknown or inactive delegate with 400 and the field; its dates are whole days
 *     in Asia/Shanghai;
 *  5. 起草 lists only flows started there (not 发文审批), POST /processes refuses 发文审批, and the
 *     三员 hold no business role;
 *  7. after a 退回 the diagram says which nodes were handled before it;
 * 10. 办结 in the 办文日志 names who ended the process; a new user finds the usual 常用意见.
 */
let t: TestApp;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
  for (const u of ['staff', 'qintao', 'director', 'sysadmin', 'secadmin', 'auditor', 'zhuli']) tok[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const get = (who: string, url: string) => request(t.app).get(url).set(bearer(tok[who]));
const post = (who: string, url: string, body: object = {}) => request(t.app).post(url).set(bearer(tok[who])).send(body);

type Row = Record<string, unknown>;
async function todo(who: string, processId: string): Promise<Row> {
  const r = await get(who, '/api/inbox?box=todo&pageSize=100');
  expect(r.status).toBe(200);
  const row = (r.body.items as Row[]).find((i) => i.processId === processId);
  expect(row, `${who} has a 待办 on ${processId}`).toBeDefined();
  return row!;
}
async function detail(who: string, id: string): Promise<Row & { nodes: Row[]; log: Row[]; task: Row | null }> {
  const r = await get(who, `/api/processes/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
async function start(subject: string, amount: number): Promise<string> {
  const r = await post('staff', '/api/processes', { definitionKey: 'simple-approval', form: { subject, amount } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.processId as string;
}

describe('1 + 7 + 10: a returned request is corrected and resubmitted; the diagram and the log tell the loop', () => {
  it('退回 to the applicant: 重新提交 / 作废 with the whole form editable; nodes handled before read redo / returned', async () => {
    const id = await start('采购打印纸', 128050);
    expect((await post('qintao', `/api/tasks/${(await todo('qintao', id)).taskId}/approve`, { opinion: '同意' })).status).toBe(201);
    const back = await post('director', `/api/tasks/${(await todo('director', id)).taskId}/return`, {
      toNodeId: 'drafter',
      opinion: '请补充用途',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(201);

    const p = await detail('staff', id);
    expect(p.status).toBe('returned');
    expect(p.allowedActions).toEqual(expect.arrayContaining(['resubmit', 'cancel']));
    expect(p.task?.editableFields).toEqual(['subject', 'detail', 'amount']);
    const state = Object.fromEntries(p.nodes.map((n) => [n.id, n.state]));
    // 秦涛's approval stands (the resubmission resumes at 沈振华, who returned it): not 未开始
    expect(state).toMatchObject({ start: 'current', 'dept-leader': 'done', 'unit-leader': 'returned', end: 'pending' });
    expect(p.nodes.find((n) => n.id === 'unit-leader')?.note).toContain('沈振华');

    const re = await post('staff', `/api/processes/${id}/resubmit`, { form: { subject: '采购打印纸（用于年终材料）', amount: 99900 } });
    expect(re.status, JSON.stringify(re.body)).toBe(201);
    const after = await detail('staff', id);
    expect(after.status).toBe('running');
    expect(after.form).toMatchObject({ subject: '采购打印纸（用于年终材料）', amount: 99900 });
    expect(Object.fromEntries(after.nodes.map((n) => [n.id, n.state]))).toMatchObject({
      start: 'done',
      'dept-leader': 'done',
      'unit-leader': 'current',
    });

    // 沈振华 sends it back to 秦涛 this time: 秦涛 handles it again, 沈振华's node reads returned
    const again = await post('director', `/api/tasks/${(await todo('director', id)).taskId}/return`, {
      toNodeId: 'dept-leader',
      opinion: '请科长复核',
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(Object.fromEntries((await detail('staff', id)).nodes.map((n) => [n.id, n.state]))).toMatchObject({
      start: 'done',
      'dept-leader': 'current',
      'unit-leader': 'returned',
    });
    await post('qintao', `/api/tasks/${(await todo('qintao', id)).taskId}/approve`, { opinion: '同意' });
    await post('director', `/api/tasks/${(await todo('director', id)).taskId}/approve`, { opinion: '同意' });
    const done = await detail('staff', id);
    expect(done.status).toBe('completed');
    const end = done.log.find((l) => l.action === 'complete');
    expect(end?.actorName).toBe('沈振华');
  });

  it('撤回 of the submission: the applicant may 作废', async () => {
    const id = await start('会议室租用', 50000);
    expect((await post('staff', `/api/processes/${id}/withdraw`)).status).toBe(201);
    const p = await detail('staff', id);
    expect(p.allowedActions).toEqual(expect.arrayContaining(['resubmit', 'cancel']));
    expect((await post('staff', `/api/processes/${id}/cancel`, { reason: '不再需要' })).status).toBe(201);
    expect((await detail('staff', id)).status).toBe('cancelled');
  });
});

describe('4: 外出授权', () => {
  it('refuses an unknown delegate (a login name typed for an id) and an inactive one with 400 and the field', async () => {
    for (const delegateId of ['qintao', 'no-such-user']) {
      const r = await post('staff', '/api/delegations', { delegateId, from: '2026-12-20', to: '2026-12-31' });
      expect(r.status, delegateId).toBe(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'delegateId' })]);
    }
    const off = await post('sysadmin', '/api/users/he-jing/deactivate', { reason: '调离' });
    expect(off.status, JSON.stringify(off.body)).toBeLessThan(300);
    const r = await post('staff', '/api/delegations', { delegateId: 'he-jing', from: '2026-12-20', to: '2026-12-31' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].field).toBe('delegateId');
    expect((await get('staff', '/api/delegations')).body.total).toBe(0);
  });

  it('dates are whole days in Asia/Shanghai: to 2026-12-31 runs through the end of that day in Beijing', async () => {
    const r = await post('staff', '/api/delegations', { delegateId: 'qin-tao', from: '2026-12-20', to: '2026-12-31' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const list = (await get('staff', '/api/delegations')).body.items as Row[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      from: '2026-12-19T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
      fromDay: '2026-12-20',
      toDay: '2026-12-31',
      status: 'planned',
    });
    expect((await request(t.app).delete(`/api/delegations/${list[0].id}`).set(bearer(tok.staff))).status).toBe(200);
    expect(((await get('staff', '/api/delegations')).body.items as Row[])[0].status).toBe('revoked');
  });
});

describe('5: 起草 and the 三员', () => {
  it('发文审批 is not offered for 起草 and cannot be started from there', async () => {
    const defs = (await get('staff', '/api/process-definitions')).body.items as Row[];
    expect(defs.map((d) => d.key)).toContain('simple-approval');
    // a module's own processes (发文审批, 请休假 …) start from the module with its record, never from 起草
    for (const own of ['outgoing-document', 'leave', 'expense-claim', 'supervision-item'])
      expect(defs.map((d) => d.key)).not.toContain(own);
    expect(defs.every((d) => d.startable === true)).toBe(true);
    expect((await get('staff', '/api/process-definitions/outgoing-document')).body.startable).toBe(false);
    const r = await post('staff', '/api/processes', {
      definitionKey: 'outgoing-document',
      form: { docKind: '通知', countersignCount: 0, classification: '普通', urgency: '普通' },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors?.[0]?.field ?? r.body.field).toBe('definitionKey');
  });

  it('sysadmin, secadmin and auditor hold only their security role: no 待办, no 起草', async () => {
    for (const [who, role] of [
      ['sysadmin', 'sysadmin'],
      ['secadmin', 'secadmin'],
      ['auditor', 'auditor'],
    ]) {
      const me = await get(who, '/api/me');
      const roles = (me.body.roles as (string | { roleId: string })[]).map((x) => (typeof x === 'string' ? x : x.roleId));
      expect(roles, who).toEqual([role]);
      expect((await get(who, '/api/process-definitions')).status, who).toBe(403);
    }
  });
});

describe('10: 常用意见 for a new user', () => {
  it('a new user finds 同意 / 已阅 / 请…阅处, and reading them stores nothing', async () => {
    const head = await t.platform.store.headPosition();
    const r = await get('zhuli', '/api/opinions');
    expect(r.status).toBe(200);
    const texts = (r.body.items as Row[]).map((o) => o.text);
    expect(texts).toEqual(['同意', '已阅', '请办公室阅处']);
    expect(await t.platform.store.headPosition()).toBe(head);
    // once they add their own, theirs are the list
    expect((await post('zhuli', '/api/opinions', { text: '拟同意，请领导审批' })).status).toBe(201);
    expect(((await get('zhuli', '/api/opinions')).body.items as Row[]).map((o) => o.text)).toEqual(['拟同意，请领导审批']);
  });
});

describe('6: the person picker finds people by pinyin initials', () => {
  it('GET /api/users?q=zgq finds 赵国强; each entry carries its initials', async () => {
    const r = await get('staff', '/api/users?q=zgq');
    expect(r.status).toBe(200);
    expect((r.body.items as Row[]).map((u) => u.name)).toEqual(['赵国强']);
    expect((r.body.items as Row[])[0].initials).toBe('zgq');
    const byName = await get('staff', `/api/users?q=${encodeURIComponent('秦')}`);
    expect((byName.body.items as Row[]).map((u) => u.id)).toContain('qin-tao');
  });
});
