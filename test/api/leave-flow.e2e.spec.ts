import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Notification } from '../../api/events/bus';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * 请休假 through the real app (SQLite, temp DATA_DIR, demo district, the seeded leave definition):
 *
 *   陶然 (区人社局就业促进科) asks for 5 days →
 *   部门负责人 魏坚 returns it to the drafter (退回) → 陶然 resubmits → 魏坚 approves →
 *   days > 3 → 分管领导 曹军; 曹军 delegates to 严青 while the task waits (外出授权) → 严青 approves "代 曹军" →
 *   人事会签 (parallel): 华振 (office_admin) and 严青 (hr_admin); 华振 double-clicks → one 201, one 409 →
 *   严青 approves → 传阅备案: 华振 gets a 待阅 → the process completes → 华振 marks it read.
 *
 * Every involved user's inbox and counts are checked at every step, then the 办文日志.
 */
const USERS = { drafter: 'taoran', dept: 'weijian', charge: 'caojun', hr: 'yanqing', office: 'huazhen' } as const;
type Who = keyof typeof USERS;
const IDS: Record<Who, string> = { drafter: 'tao-ran', dept: 'wei-jian', charge: 'cao-jun', hr: 'yan-qing', office: 'hua-zhen' };

let t: TestApp;
const token: Partial<Record<Who | 'outsider' | 'staff' | 'sysadmin', string>> = {};
const pushed: Notification[] = [];

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
  for (const w of Object.keys(USERS) as Who[]) token[w] = (await t.login(USERS[w])).accessToken;
  token.outsider = (await t.login('zhuli')).accessToken;
  token.staff = (await t.login('staff')).accessToken;
  token.sysadmin = (await t.login('sysadmin')).accessToken;
  for (const w of Object.keys(USERS) as Who[]) t.platform.bus.forUser(IDS[w]).subscribe((n) => pushed.push(n));
  // other modules' demo data (督办, 通知公告 …) may already sit in these inboxes: the flow is measured against it
  for (const w of Object.keys(USERS) as Who[]) {
    baseline[w] = await counts(w);
    const seen = new Set<string>();
    for (const b of ['todo', 'toread', 'done', 'mine'] as const) for (const i of (await box(w, b)).items) seen.add(itemKey(i));
    known[w] = seen;
  }
});
afterAll(async () => {
  await t?.stop();
});

const get = (who: keyof typeof token, url: string) => request(t.app).get(url).set(bearer(token[who]!));
const post = (who: keyof typeof token, url: string, body: object = {}, key?: string) => {
  const r = request(t.app).post(url).set(bearer(token[who]!));
  if (key) r.set('Idempotency-Key', key);
  return r.send(body);
};

interface Counts {
  todo: number;
  toread: number;
  done: number;
  mine: number;
}
const baseline: Partial<Record<Who, Counts>> = {};
const known: Partial<Record<Who, Set<string>>> = {};
const itemKey = (i: Record<string, unknown>) => `${i.id ?? ''}|${i.link ?? ''}|${i.title ?? ''}`;

/** The user's counters, less what was there before the flow began (other modules' demo data). */
async function counts(who: Who): Promise<Counts> {
  const r = await get(who, '/api/inbox/counts');
  expect(r.status).toBe(200);
  const b = baseline[who];
  const c = r.body as Counts;
  return b ? { todo: c.todo - b.todo, toread: c.toread - b.toread, done: c.done - b.done, mine: c.mine - b.mine } : c;
}
/** A box without the rows that were there before the flow began. */
async function box(who: Who, b: 'todo' | 'toread' | 'done' | 'mine', query = '') {
  const r = await get(who, `/api/inbox?box=${b}${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const page = r.body as { items: Record<string, unknown>[]; total: number };
  const before = known[who];
  if (!before) return page;
  const items = page.items.filter((i) => !before.has(itemKey(i)));
  return { ...page, items, total: query === '' ? page.total - (page.items.length - items.length) : page.total };
}

/** Counts and box contents of every involved user agree with `expected` (unlisted users: all zero). */
async function expectInboxes(step: string, expected: Partial<Record<Who, Partial<Counts>>>): Promise<void> {
  for (const w of Object.keys(USERS) as Who[]) {
    const want: Counts = { todo: 0, toread: 0, done: 0, mine: 0, ...expected[w] };
    const c = await counts(w);
    expect(c, `${step}: counts of ${USERS[w]}`).toEqual(want);
    for (const b of ['todo', 'toread', 'done', 'mine'] as const) {
      const list = await box(w, b);
      expect(list.total, `${step}: ${USERS[w]} ${b} total`).toBe(want[b]);
      expect(list.items.length, `${step}: ${USERS[w]} ${b} items`).toBe(want[b]);
    }
  }
}

async function todoTask(who: Who): Promise<Record<string, unknown>> {
  const l = await box(who, 'todo');
  expect(l.items.length).toBe(1);
  return l.items[0];
}

describe('leave request: three levels, a condition, a return, a delegation and a countersign', () => {
  let processId = '';

  it('lists the seeded definitions and refuses a bad form with the field', async () => {
    const defs = await get('drafter', '/api/process-definitions');
    expect(defs.status).toBe(200);
    const keys = defs.body.items.map((d: { key: string }) => d.key);
    // 请休假 is started from 考勤 (days on the working calendar, balance checked), not from the generic start
    expect(keys).toEqual(expect.arrayContaining(['simple-approval']));
    expect(keys).not.toContain('leave');
    const generic = await post('drafter', '/api/processes', {
      definitionKey: 'leave',
      form: { leaveType: '事假', days: -3, startDate: '2026-12-01', endDate: '2026-12-05' },
    });
    expect(generic.status).toBe(422);
    expect(generic.body.code).toBe('definition.module_only');
    const bad = await post('drafter', '/api/attendance/leave', {
      leaveType: '事假',
      days: 'five',
      startDate: '2026-12-01',
      startHalf: 'am',
      endDate: '2026-11-05',
      endHalf: 'pm',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).join(',')).toMatch(/days/); // typed days are refused: they are computed
    const order = await post('drafter', '/api/attendance/leave', {
      leaveType: '事假',
      startDate: '2026-12-01',
      startHalf: 'am',
      endDate: '2026-11-05',
      endHalf: 'pm',
    });
    expect(order.status).toBe(400);
    expect(order.body.errors.map((e: { field: string }) => e.field)).toEqual(['endDate']);
    await expectInboxes('after a refused start', {});
  });

  it('starts: the department leader gets a 待办, the drafter a 我的流程 entry, and a live notification is pushed', async () => {
    const r = await post(
      'drafter',
      '/api/attendance/leave',
      { leaveType: '年休假', startDate: '2026-12-07', startHalf: 'am', endDate: '2026-12-11', endHalf: 'pm', reason: '探亲' },
      'start-leave-1',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.days).toBe(5);
    processId = r.body.processId;
    expect(processId).toBeTruthy();
    await expectInboxes('started', { drafter: { mine: 1 }, dept: { todo: 1 } });
    const task = await todoTask('dept');
    expect(task).toMatchObject({
      processId,
      nodeName: '部门负责人审批',
      kindName: '请休假',
      initiatorName: '陶然',
      overdue: false,
      onBehalfOfName: '',
    });
    expect(typeof task.deadline).toBe('string');
    const mine = await box('drafter', 'mine');
    expect(mine.items[0]).toMatchObject({ processId, status: 'running', nodeName: '部门负责人审批' });
    expect(pushed.some((n) => n.userId === IDS.dept && n.kind === 'task.created')).toBe(true);
    // a retry with the same Idempotency-Key is answered from the first result: no second instance
    const again = await post(
      'drafter',
      '/api/attendance/leave',
      { leaveType: '年休假', startDate: '2026-12-07', startHalf: 'am', endDate: '2026-12-11', endHalf: 'pm', reason: '探亲' },
      'start-leave-1',
    );
    expect(again.status).toBe(201);
    expect(again.body.processId).toBe(processId);
    expect((await counts('drafter')).mine).toBe(1);
  });

  it('the department leader sees allowedActions; an outsider may not read the process', async () => {
    const d = await get('dept', `/api/processes/${processId}`);
    expect(d.status).toBe(200);
    expect(d.body.task.allowedActions).toEqual(expect.arrayContaining(['approve', 'reject', 'return', 'forward', 'add-signer']));
    expect(d.body.task.returnTargets).toEqual([{ id: 'drafter', name: '拟稿人' }]);
    expect(d.body.nodes.find((n: { id: string }) => n.id === 'dept-leader').state).toBe('current');
    const drafterView = await get('drafter', `/api/processes/${processId}`);
    expect(drafterView.body.task).toBeNull();
    expect(drafterView.body.allowedActions).toEqual(expect.arrayContaining(['withdraw', 'urge']));
    const outsider = await get('outsider', `/api/processes/${processId}`);
    expect(outsider.status).toBe(403);
    const taskId = String((await todoTask('dept')).taskId);
    const notMine = await post('outsider', `/api/tasks/${taskId}/approve`, { opinion: '同意' });
    expect(notMine.status).toBe(403);
    // 催办 by the drafter (the web app posts it with the process id): the leader is told at once; once an hour
    const urge = await post('drafter', `/api/tasks/${processId}/urge`, { opinion: '请尽快审批' });
    expect(urge.status, JSON.stringify(urge.body)).toBe(201);
    expect(pushed.some((n) => n.userId === IDS.dept && n.kind === 'task.urged' && n.body === '请尽快审批')).toBe(true);
    const again = await post('drafter', `/api/processes/${processId}/urge`, {});
    expect(again.status).toBe(422);
    expect((await get('drafter', `/api/processes/${processId}`)).body.allowedActions).not.toContain('urge');
  });

  it('退回 to the drafter, who resubmits', async () => {
    const taskId = String((await todoTask('dept')).taskId);
    const noOpinion = await post('dept', `/api/tasks/${taskId}/return`, {});
    expect(noOpinion.status).toBe(400);
    expect(noOpinion.body.errors.map((e: { field: string }) => e.field)).toContain('opinion');
    const r = await post('dept', `/api/tasks/${taskId}/return`, { opinion: '请补充休假期间的工作安排' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await expectInboxes('returned', { drafter: { mine: 1, todo: 1 }, dept: { done: 1 } });
    expect((await box('drafter', 'mine')).items[0].status).toBe('returned');
    expect(pushed.some((n) => n.userId === IDS.drafter && n.kind === 'task.returned')).toBe(true);
    const view = await get('drafter', `/api/processes/${processId}`);
    expect(view.body.task.allowedActions).toEqual(expect.arrayContaining(['resubmit', 'cancel']));

    // the leave's form is the attendance module's record: a resubmit may not change it (days < 3 would skip 分管领导)
    const edited = await post('drafter', `/api/processes/${processId}/resubmit`, {
      form: { leaveType: '年休假', days: 1, startDate: '2026-12-07', startHalf: 'am', endDate: '2026-12-11', endHalf: 'pm' },
    });
    expect(edited.status).toBe(422);
    expect(edited.body.code).toBe('definition.module_only');
    const re = await post('drafter', `/api/processes/${processId}/resubmit`, {});
    expect(re.status, JSON.stringify(re.body)).toBe(201);
    await expectInboxes('resubmitted', { drafter: { mine: 1, done: 1 }, dept: { todo: 1, done: 1 } });
    expect((await box('drafter', 'mine')).items[0].status).toBe('running');
  });

  it('days > 3: after the department leader, the task goes to the charge leader', async () => {
    const taskId = String((await todoTask('dept')).taskId);
    const r = await post('dept', `/api/tasks/${taskId}/approve`, {
      opinion: '同意',
      signature: [
        {
          points: [
            [10, 10, 0.5, 0],
            [40, 30, 0.6, 16],
          ],
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await expectInboxes('dept approved', { drafter: { mine: 1, done: 1 }, dept: { done: 2 }, charge: { todo: 1 } });
    expect((await todoTask('charge')).nodeName).toBe('分管领导审批');
  });

  it('外出授权 while the task waits: it appears in the delegate’s inbox marked 代 曹军', async () => {
    const now = Date.now();
    const bad = await request(t.app)
      .post('/api/delegations')
      .set(bearer(token.charge!))
      .send({ delegateId: IDS.hr, from: 'yesterday', to: new Date(now + 3 * 86400_000).toISOString() });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('from');
    const r = await post('charge', '/api/delegations', {
      delegateId: IDS.hr,
      from: new Date(now - 60_000).toISOString(),
      to: new Date(now + 3 * 86400_000).toISOString(),
      kinds: ['请休假'],
      reason: '外出学习',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.appliedTo).toBe(1);
    await expectInboxes('delegated', { drafter: { mine: 1, done: 1 }, dept: { done: 2 }, charge: { todo: 1 }, hr: { todo: 1 } });
    const delegated = await todoTask('hr');
    expect(delegated).toMatchObject({ processId, onBehalfOf: IDS.charge, onBehalfOfName: '曹军' });
    expect((await todoTask('charge')).onBehalfOf).toBeNull();
    const list = await get('hr', '/api/delegations');
    expect(list.body.items[0]).toMatchObject({ direction: 'received', principalName: '曹军', status: 'active' });
    expect(pushed.some((n) => n.userId === IDS.hr && n.kind === 'task.delegated')).toBe(true);

    const view = await get('hr', `/api/processes/${processId}`);
    expect(view.body.task.allowedActions).toContain('approve');
    const ok = await post('hr', `/api/tasks/${delegated.taskId}/approve`, { opinion: '同意（代曹军局长审批）' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    await expectInboxes('charge approved by the delegate', {
      drafter: { mine: 1, done: 1 },
      dept: { done: 2 },
      charge: { done: 1 },
      hr: { todo: 1, done: 1 },
      office: { todo: 1 },
    });
    const forHim = (await box('charge', 'done')).items[0];
    expect(forHim).toMatchObject({ actorId: IDS.hr, actorName: '严青', action: 'approve' });
    const byHer = (await box('hr', 'done')).items[0];
    expect(byHer).toMatchObject({ actorId: IDS.hr, onBehalfOf: IDS.charge, onBehalfOfName: '曹军' });
  });

  it('会签: a double approve races — exactly one wins, the other gets 409', async () => {
    const taskId = String((await todoTask('office')).taskId);
    expect((await todoTask('office')).nodeName).toBe('人事会签');
    const [a, b] = await Promise.all([
      post('office', `/api/tasks/${taskId}/approve`, { opinion: '同意' }, 'race-a'),
      post('office', `/api/tasks/${taskId}/approve`, { opinion: '同意' }, 'race-b'),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    await expectInboxes('countersign half done', {
      drafter: { mine: 1, done: 1 },
      dept: { done: 2 },
      charge: { done: 1 },
      hr: { todo: 1, done: 1 },
      office: { done: 1 },
    });
    // the replay of the winning key answers the same, the loser's key stays a 409
    const replay = await post('office', `/api/tasks/${taskId}/approve`, { opinion: '同意' }, a.status === 201 ? 'race-a' : 'race-b');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('the last countersigner approves: 传阅 goes to the office as 待阅, the process completes', async () => {
    const own = await todoTask('hr');
    expect(own).toMatchObject({ nodeName: '人事会签', onBehalfOf: null });
    const r = await post('hr', `/api/tasks/${own.taskId}/approve`, { opinion: '同意，按年休假登记' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await expectInboxes('completed', {
      drafter: { mine: 1, done: 1 },
      dept: { done: 2 },
      charge: { done: 1 },
      hr: { done: 2 },
      office: { done: 1, toread: 1 },
    });
    expect((await box('drafter', 'mine')).items[0].status).toBe('completed');
    expect(pushed.some((n) => n.userId === IDS.drafter && n.kind === 'process.completed')).toBe(true);
    const toread = (await box('office', 'toread')).items[0];
    expect(toread.nodeName).toBe('传阅备案');
    const read = await post('office', `/api/tasks/${toread.taskId}/read`);
    expect(read.status).toBe(201);
    await expectInboxes('read', {
      drafter: { mine: 1, done: 1 },
      dept: { done: 2 },
      charge: { done: 1 },
      hr: { done: 2 },
      office: { done: 2 },
    });
  });

  it('the 办文日志 records who acted, for whom, when, with which opinion and strokes', async () => {
    const d = await get('drafter', `/api/processes/${processId}`);
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('completed');
    const log = d.body.log as {
      action: string;
      actorName: string;
      onBehalfOfName: string;
      nodeName: string;
      opinion: string;
      signature: unknown;
      at: string;
    }[];
    expect(log.map((l) => [l.action, l.actorName, l.onBehalfOfName])).toEqual([
      ['submit', '陶然', ''],
      ['urge', '陶然', ''],
      ['return', '魏坚', ''],
      ['resubmit', '陶然', ''],
      ['approve', '魏坚', ''],
      ['delegate', '曹军', ''],
      ['approve', '严青', '曹军'],
      ['approve', '华振', ''],
      ['approve', '严青', ''],
      // 办结 names who ended it: the last approval (issue 13)
      ['complete', '严青', ''],
      ['read', '华振', ''],
    ]);
    expect(log[2]).toMatchObject({ nodeName: '部门负责人审批', opinion: '请补充休假期间的工作安排' });
    expect(log[4].signature).toEqual({
      strokes: [
        {
          points: [
            [10, 10, 0.5, 0],
            [40, 30, 0.6, 16],
          ],
        },
      ],
    });
    expect(log.every((l) => !Number.isNaN(Date.parse(l.at)))).toBe(true);
    expect(d.body.nodes.map((n: { id: string; state: string }) => `${n.id}:${n.state}`)).toEqual([
      'start:done',
      'dept-leader:done',
      'days-check:done',
      'charge-leader:done',
      'hr:done',
      'cc-file:done',
      'end:done',
    ]);
    expect(d.body.allowedActions).toEqual([]);
  });
});

describe('workflow API: input, permissions, filters', () => {
  it('the warehouse counts the finished leave request: throughput, handling time per node, the return', async () => {
    expect(await t.warehouseSink!.waitUntilCaughtUp(60_000)).toBe(true);
    const range = { from: '2020-01-01T00:00:00Z', to: new Date(Date.now() + 86400_000).toISOString() };
    const thr = await get('charge', `/api/reports/process-throughput?${new URLSearchParams(range)}`);
    expect(thr.status).toBe(200);
    expect(thr.body.rows).toEqual([expect.objectContaining({ unit: 'rsj', unitName: '区人力资源和社会保障局', finished: 1 })]);
    const nodes = await get('charge', `/api/reports/node-handling-time?${new URLSearchParams(range)}`);
    const names = nodes.body.rows.map((r: { node: string }) => r.node);
    expect(names).toEqual(expect.arrayContaining(['部门负责人审批']));
    const tasks = nodes.body.rows.reduce((n: number, r: { tasks: number }) => n + r.tasks, 0);
    const returned = await get('charge', `/api/reports/returned-rate?${new URLSearchParams(range)}`);
    expect(returned.body.rows.reduce((n: number, r: { returned: number }) => n + r.returned, 0)).toBe(1);
    expect(returned.body.rows.reduce((n: number, r: { tasks: number }) => n + r.tasks, 0)).toBe(tasks);
  });

  it('400 with the field for bad queries and bodies', async () => {
    const q = await get('staff', '/api/inbox?box=everything');
    expect(q.status).toBe(400);
    expect(q.body.errors[0].field).toBe('box');
    const size = await get('staff', '/api/inbox?box=todo&pageSize=1000');
    expect(size.status).toBe(400);
    expect(size.body.errors[0].field).toBe('pageSize');
    const extra = await post('staff', '/api/processes', { definitionKey: 'leave', form: {}, sneaky: true });
    expect(extra.status).toBe(400);
    expect(extra.body.errors.map((e: { field: string }) => e.field)).toContain('sneaky');
    const sig = await post('staff', '/api/tasks/x.t1/approve', { signature: [{ points: [[1, 2]] }] });
    expect(sig.status).toBe(400);
    expect(sig.body.errors[0].field).toBe('signature');
    const unknown = await post('staff', '/api/processes', { definitionKey: 'no-such-flow', form: {} });
    expect(unknown.status).toBe(404);
  });

  it('403: publishing a definition needs workflow.define', async () => {
    const def = (await get('staff', '/api/process-definitions/simple-approval')).body;
    const body = {
      definition: { key: def.key, name: def.name, kind: def.kind, formFields: def.formFields, nodes: def.nodes, edges: def.edges },
    };
    const refused = await post('staff', '/api/process-definitions', body);
    expect(refused.status).toBe(403);
    const ok = await post('sysadmin', '/api/process-definitions', body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.version).toBe(2);
    const invalid = await post('sysadmin', '/api/process-definitions', { definition: { ...body.definition, edges: [] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.length).toBeGreaterThan(0);
    expect(invalid.body.errors[0].field).toMatch(/^definition\./);
  });

  it('filters by kind and keyword, newest first, with totals', async () => {
    for (const subject of ['购置打印机', '会议室投影仪维修']) {
      const r = await post('staff', '/api/processes', {
        definitionKey: 'simple-approval',
        form: { subject },
        title: `通用审批：${subject}`,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // (staff's own 报销 etc. from other modules' demo data are in 我的流程 too: filter to 通用审批)
    const mine = await get('staff', '/api/inbox?box=mine&kind=simple-approval');
    expect(mine.body.total).toBe(2);
    expect(mine.body.items[0].title).toContain('会议室投影仪维修');
    const kw = await get('staff', `/api/inbox?box=mine&kind=simple-approval&q=${encodeURIComponent('打印')}`);
    expect(kw.body.total).toBe(1);
    expect(kw.body.items[0].title).toContain('打印机');
    const pct = await get('staff', `/api/inbox?box=mine&q=${encodeURIComponent('%')}`);
    expect(pct.body.total).toBe(0);
    const kind = await get('staff', `/api/inbox?box=mine&kind=${encodeURIComponent('请休假')}`);
    expect(kind.body.total).toBe(0);
    const leaderTodo = await request(t.app)
      .get('/api/inbox?box=todo&kind=simple-approval&pageSize=1')
      .set(bearer((await t.login('qintao')).accessToken));
    expect(leaderTodo.body).toMatchObject({ total: 2, pageSize: 1 });
    expect(leaderTodo.body.items).toHaveLength(1);
  });

  it('common opinions: CRUD, most used first', async () => {
    const a = await post('staff', '/api/opinions', { text: '同意' });
    const b = await post('staff', '/api/opinions', { text: '请按规定办理' });
    expect([a.status, b.status]).toEqual([201, 201]);
    const dup = await post('staff', '/api/opinions', { text: '同意' });
    expect(dup.status).toBe(409);
    const leader = (await t.login('qintao')).accessToken;
    // qintao uses his own opinion when approving: it moves to the top
    const o1 = await request(t.app).post('/api/opinions').set(bearer(leader)).send({ text: '同意' });
    const o2 = await request(t.app).post('/api/opinions').set(bearer(leader)).send({ text: '拟同意，请领导审批' });
    const task = (await request(t.app).get('/api/inbox?box=todo&kind=simple-approval').set(bearer(leader))).body.items[0];
    const ap = await request(t.app)
      .post(`/api/tasks/${task.taskId}/approve`)
      .set(bearer(leader))
      .send({ opinion: '拟同意，请领导审批', commonOpinionId: o2.body.id });
    expect(ap.status, JSON.stringify(ap.body)).toBe(201);
    const list = await request(t.app).get('/api/opinions').set(bearer(leader));
    expect(list.body.items.map((o: { text: string; useCount: number }) => [o.text, o.useCount])).toEqual([
      ['拟同意，请领导审批', 1],
      ['同意', 0],
    ]);
    const put = await request(t.app).put(`/api/opinions/${o1.body.id}`).set(bearer(leader)).send({ text: '同意。' });
    expect(put.status).toBe(200);
    const del = await request(t.app).delete(`/api/opinions/${o2.body.id}`).set(bearer(leader));
    expect(del.status).toBe(200);
    const after = await request(t.app).get('/api/opinions').set(bearer(leader));
    expect(after.body.items.map((o: { text: string }) => o.text)).toEqual(['同意。']);
  });
});
