import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * 管理员干预 over HTTP: 改派 (POST /api/tasks/:id/reassign) and 终止 (POST /api/processes/:id/terminate),
 * for holders of `workflow.admin` (办公室管理员) whose data scope reaches the process — here 华振, office
 * admin of 区人社局 (scope: unit), on a leave request of 陶然 (区人社局).
 *
 *   refused: the approver 魏坚 (no workflow.admin), the drafter, the system admin, and 杨帆 — office admin
 *            of another unit (区财政局: out of scope) — all 403, and nothing changes;
 *   bad input: 400 naming the field (reason missing / blank, toUserId malformed / unknown, extra field);
 *   改派: 魏坚's 待办 goes to 戚明 (the inbox of each, the 办文日志 with the reason); a repeat or a race → 409;
 *   终止: every open task leaves the inboxes, 我的流程 says terminated; a second 终止 → 409.
 */
const USERS = { drafter: 'taoran', dept: 'weijian', admin: 'huazhen', other: 'yangfan', sysadmin: 'sysadmin', newcomer: 'qiming' } as const;
type Who = keyof typeof USERS;
let t: TestApp;
const token: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
  for (const w of Object.keys(USERS) as Who[]) token[w] = (await t.login(USERS[w])).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const get = (who: Who, url: string) => request(t.app).get(url).set(bearer(token[who]!));
const post = (who: Who, url: string, body: object = {}) => request(t.app).post(url).set(bearer(token[who]!)).send(body);
const fields = (r: request.Response) => (r.body.errors ?? []).map((e: { field: string }) => e.field);

async function todo(who: Who): Promise<{ taskId: string; processId: string; nodeName: string }[]> {
  const r = await get(who, '/api/inbox?box=todo');
  expect(r.status).toBe(200);
  return r.body.items;
}
async function counts(who: Who) {
  return (await get(who, '/api/inbox/counts')).body as { todo: number; toread: number; done: number; mine: number };
}

async function startLeave(): Promise<{ processId: string; taskId: string }> {
  const r = await post('drafter', '/api/attendance/leave', {
    leaveType: '事假',
    startDate: '2026-12-21',
    startHalf: 'am',
    endDate: '2026-12-22',
    endHalf: 'pm',
    reason: '家中有事',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const task = (await todo('dept')).find((x) => x.processId === r.body.processId)!;
  expect(task.nodeName).toBe('部门负责人审批');
  return { processId: r.body.processId, taskId: task.taskId };
}

describe('admin intervention: 改派 and 终止', () => {
  let processId = '';
  let taskId = '';
  let newTaskId = '';

  it('only a process admin whose scope reaches the process sees the admin section', async () => {
    ({ processId, taskId } = await startLeave());
    const asAdmin = await get('admin', `/api/processes/${processId}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.admin.actions).toEqual(['reassign', 'terminate']);
    expect(asAdmin.body.admin.reassignable).toEqual([
      expect.objectContaining({ taskId, assigneeId: 'wei-jian', assigneeName: '魏坚', nodeName: '部门负责人审批' }),
    ]);
    expect((await get('dept', `/api/processes/${processId}`)).body.admin).toBeNull();
    expect((await get('drafter', `/api/processes/${processId}`)).body.admin).toBeNull();
    expect((await get('other', `/api/processes/${processId}`)).status).toBe(403);
  });

  it('403 for everyone else, and nothing changes', async () => {
    for (const who of ['dept', 'drafter', 'sysadmin', 'other'] as const) {
      const r = await post(who, `/api/tasks/${taskId}/reassign`, { toUserId: 'qi-ming', reason: '工作调整' });
      expect(r.status, `${who} reassign`).toBe(403);
      const x = await post(who, `/api/processes/${processId}/terminate`, { reason: '重复提交' });
      expect(x.status, `${who} terminate`).toBe(403);
    }
    expect((await todo('dept')).map((x) => x.taskId)).toEqual([taskId]);
    expect((await get('drafter', `/api/processes/${processId}`)).body.status).toBe('running');
  });

  it('400 with the field for bad input', async () => {
    const cases: [object, string][] = [
      [{ toUserId: 'qi-ming' }, 'reason'],
      [{ toUserId: 'qi-ming', reason: '   ' }, 'reason'],
      [{ toUserId: 'qi-ming', reason: 'x'.repeat(501) }, 'reason'],
      [{ reason: '工作调整' }, 'toUserId'],
      [{ toUserId: '../etc', reason: '工作调整' }, 'toUserId'],
      [{ toUserId: 'no-such-user', reason: '工作调整' }, 'toUserId'],
      [{ toUserId: 'qi-ming', reason: '工作调整', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await post('admin', `/api/tasks/${taskId}/reassign`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fields(r), JSON.stringify(body)).toContain(field);
    }
    const same = await post('admin', `/api/tasks/${taskId}/reassign`, { toUserId: 'wei-jian', reason: '工作调整' });
    expect(same.status).toBe(400);
    expect(fields(same)).toContain('toUserId');
    for (const body of [{}, { reason: '' }, { reason: ' ' }]) {
      const r = await post('admin', `/api/processes/${processId}/terminate`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fields(r)).toContain('reason');
    }
    expect((await todo('dept')).map((x) => x.taskId)).toEqual([taskId]);
  });

  it('改派: the old assignee loses the task, the new one has it; the 办文日志 records who, why', async () => {
    expect(await counts('newcomer')).toMatchObject({ todo: 0 });
    const r = await post('admin', `/api/tasks/${taskId}/reassign`, { toUserId: 'qi-ming', reason: '魏坚同志外出学习，改由戚明办理' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.events).toEqual(['TaskReassigned', 'TaskAssigned']);
    newTaskId = r.body.newTaskIds[0];
    expect(await todo('dept')).toEqual([]);
    expect(await counts('dept')).toMatchObject({ todo: 0 });
    const mine = await todo('newcomer');
    expect(mine).toEqual([expect.objectContaining({ taskId: newTaskId, processId, nodeName: '部门负责人审批' })]);
    expect(await counts('newcomer')).toMatchObject({ todo: 1 });
    const view = await get('newcomer', `/api/processes/${processId}`);
    expect(view.body.task.allowedActions).toContain('approve');
    const log = view.body.log.find((l: { action: string }) => l.action === 'reassign');
    expect(log).toMatchObject({ actorName: '华振', actionLabel: '改派', opinion: '魏坚同志外出学习，改由戚明办理' });
    // the old task is no longer open: a repeat is a conflict, and 魏坚 cannot act on it
    const again = await post('admin', `/api/tasks/${taskId}/reassign`, { toUserId: 'qi-ming', reason: '再次改派' });
    expect(again.status).toBe(409);
    expect((await post('dept', `/api/tasks/${taskId}/approve`, { opinion: '同意' })).status).toBe(409);
  });

  it('two admins reassign the same task at once: exactly one wins, the other gets 409', async () => {
    const [a, b] = await Promise.all([
      request(t.app)
        .post(`/api/tasks/${newTaskId}/reassign`)
        .set(bearer(token.admin!))
        .set('Idempotency-Key', 'race-a')
        .send({ toUserId: 'jiang-lan', reason: '改由姜兰办理' }),
      request(t.app)
        .post(`/api/tasks/${newTaskId}/reassign`)
        .set(bearer(token.admin!))
        .set('Idempotency-Key', 'race-b')
        .send({ toUserId: 'jin-yue', reason: '改由金悦办理' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await todo('newcomer')).toEqual([]);
    const winner = a.status === 201 ? 'jiang-lan' : 'jin-yue';
    const view = await get('admin', `/api/processes/${processId}`);
    expect(view.body.openTasks.map((x: { assigneeId: string }) => x.assigneeId)).toEqual([winner]);
  });

  it('终止: every open task leaves the inboxes, 我的流程 shows it terminated; a second 终止 is 409', async () => {
    const r = await post('admin', `/api/processes/${processId}/terminate`, { reason: '申请人已撤销请假事项' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.events).toEqual(['TaskCancelled', 'ProcessTerminated']);
    const view = await get('admin', `/api/processes/${processId}`);
    expect(view.body.status).toBe('terminated');
    expect(view.body.openTasks).toEqual([]);
    expect(view.body.admin.actions).toEqual([]);
    expect(view.body.log.find((l: { action: string }) => l.action === 'terminate')).toMatchObject({
      actorName: '华振',
      opinion: '申请人已撤销请假事项',
    });
    const mine = (await get('drafter', '/api/inbox?box=mine')).body.items.find((x: { processId: string }) => x.processId === processId);
    expect(mine.status).toBe('terminated');
    for (const who of ['dept', 'newcomer'] as const) expect(await todo(who)).toEqual([]);
    const again = await post('admin', `/api/processes/${processId}/terminate`, { reason: '再次终止' });
    expect(again.status).toBe(409);
    expect((await post('admin', '/api/processes/00000000-0000-7000-8000-000000000000/terminate', { reason: '不存在' })).status).toBe(404);
    expect((await post('admin', `/api/tasks/${processId}.t99/reassign`, { toUserId: 'qi-ming', reason: '不存在' })).status).toBe(404);
  });
});
