import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateDto, ValidationFailed } from '../pipeline/validation';
import { fixedClock } from '../pipeline/clock';
import { CommandHandler } from '../pipeline/handler';
import { inMemorySqliteStore } from '../pipeline/testing/in-memory-sqlite';
import { OrgCommands } from '../org/org-commands';
import { leaveDefinition } from '../../domain/workflow/samples';
import { DefinitionInvalid } from '../../domain/workflow/process-definition.decide';
import { ApproveDto, BatchApproveDto, DelegateDto, StartProcessDto } from './dtos';
import { WorkflowCommands, type WorkflowContext } from './workflow-commands';

const T0 = '2026-03-02T01:00:00.000Z'; // Monday 09:00 Shanghai
let n = 0;
const ctx = (actorId: string, over: Partial<WorkflowContext> = {}): WorkflowContext => ({ actorId, correlationId: `corr-${++n}`, ...over });
const LEAVE = { leaveType: '年休假', days: 5, startDate: '2026-03-09', endDate: '2026-03-13' };

/** A small 区财政局 seeded through the real org commands. */
async function district() {
  const clock = fixedClock(T0);
  const store = await inMemorySqliteStore(clock);
  const handler = new CommandHandler(store, { clock, backoffMs: () => 1 });
  const org = new OrgCommands(handler);
  const sys = () => ({ actorId: 'sysadmin', correlationId: `seed-${++n}` });
  await org.createUnit({ id: 'qzf', name: '区政府' }, sys());
  await org.createUnit({ id: 'czj', name: '区财政局', parentId: 'qzf' }, sys());
  await org.createDepartment({ id: 'czj-ld', unitId: 'czj', name: '局领导' }, sys());
  await org.createDepartment({ id: 'czj-ysk', unitId: 'czj', name: '预算科', parentId: 'czj-ld' }, sys());
  await org.createDepartment({ id: 'czj-bgs', unitId: 'czj', name: '办公室', parentId: 'czj-ld' }, sys());
  const hire = (id: string, name: string, departmentId: string, title: string, rank: '科员' | '副科' | '正科' | '副处' | '正处') =>
    org.hireUser({ id, username: id.replace(/[^a-z]/g, '') + 'x', name, primaryPost: { unitId: 'czj', departmentId, title, rank } }, sys());
  await hire('director', '沈振华', 'czj-ld', '局长', '正处');
  await hire('han-xue', '韩雪', 'czj-ld', '副局长', '副处');
  await hire('qin-tao', '秦涛', 'czj-ysk', '科长', '正科');
  await hire('you-jia', '尤佳', 'czj-ysk', '副科长', '副科');
  await hire('staff', '许文博', 'czj-ysk', '科员', '科员');
  await hire('yang-fan', '杨帆', 'czj-bgs', '办公室主任', '正科');
  await hire('he-jing', '何静', 'czj-bgs', '科员', '科员');
  await org.setDepartmentLeader('czj-ld', { userId: 'director' }, sys());
  await org.setDepartmentLeader('czj-ysk', { userId: 'qin-tao' }, sys());
  await org.setDepartmentLeader('czj-bgs', { userId: 'yang-fan' }, sys());
  await org.grantRole('yang-fan', { roleId: 'office_admin', scope: 'unit' }, sys());
  await org.grantRole('he-jing', { roleId: 'hr_admin', scope: 'unit' }, sys());
  const wf = new WorkflowCommands(handler);
  await wf.publishDefinition({ definition: leaveDefinition() as never }, ctx('sysadmin'));
  const openOf = async (instanceId: string, kind = 'approval') => {
    const s = await wf.instanceState(instanceId);
    return Object.values(s.tasks)
      .filter((t) => t.status === 'open' && t.kind === kind)
      .map((t) => ({ taskId: t.taskId, assignee: t.assignee, delegate: t.actingDelegate }));
  };
  const taskOf = async (instanceId: string, user: string) =>
    (await openOf(instanceId)).find((t) => t.assignee === user || t.delegate === user)!.taskId;
  return { store, clock, handler, wf, openOf, taskOf };
}

describe('WorkflowCommands over the command pipeline (real SQLite store in memory, real org aggregates)', () => {
  it('runs 请休假 for 5 days: org-resolved chain, condition, delegation, return + resubmit, countersign, cc, with 办文日志', async () => {
    const { wf, openOf, taskOf, clock } = await district();
    // 局长 is away next week: 韩雪 acts for him on 请休假
    const d = await wf.delegate(
      { delegateId: 'han-xue', from: '2026-03-01T00:00:00Z', to: '2026-03-07T00:00:00Z', kinds: ['请休假'], reason: '外出学习' },
      ctx('director'),
    );
    expect(d.events).toEqual(['DelegationGranted']);
    const started = await wf.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff'));
    const id = started.id;
    expect(started.events).toEqual(['ProcessStarted', 'NodeCompleted', 'NodeActivated', 'TaskAssigned']);
    const s0 = await wf.instanceState(id);
    expect(s0.assignments).toEqual({
      'dept-leader': ['qin-tao'],
      'escalation:dept-leader': ['director'],
      'charge-leader': ['director'],
      hr: ['yang-fan', 'he-jing'],
      'cc-file': ['yang-fan'],
    });
    expect(s0.applicant).toMatchObject({ userId: 'staff', unitId: 'czj', departmentId: 'czj-ysk', rank: '科员' });
    await wf.approve(await taskOf(id, 'qin-tao'), { opinion: '同意' }, ctx('qin-tao'));
    expect(await openOf(id)).toEqual([{ taskId: expect.any(String), assignee: 'director', delegate: 'han-xue' }]);
    clock.advance(3600_000);
    await wf.returnTask(await taskOf(id, 'han-xue'), { toNodeId: 'drafter', opinion: '请写明工作交接' }, ctx('han-xue'));
    expect((await openOf(id, 'resubmit')).map((t) => t.assignee)).toEqual(['staff']);
    await wf.resubmit(id, { form: { ...LEAVE, reason: '工作已交接' } }, ctx('staff'));
    const charge = await taskOf(id, 'han-xue');
    await wf.approve(charge, { opinion: '同意' }, ctx('han-xue'));
    expect((await openOf(id)).map((t) => t.assignee).sort()).toEqual(['he-jing', 'yang-fan']);
    await wf.approve(await taskOf(id, 'yang-fan'), {}, ctx('yang-fan'));
    await wf.approve(await taskOf(id, 'he-jing'), {}, ctx('he-jing'));
    const done = await wf.instanceState(id);
    expect(done.status).toBe('completed');
    const read = (await openOf(id, 'read'))[0];
    expect(read.assignee).toBe('yang-fan');
    expect((await wf.markRead(read.taskId, ctx('yang-fan'))).events).toEqual(['TaskRead']);
    expect(done.log.map((l) => `${l.action}:${l.actorId}${l.onBehalfOf ? `(代 ${l.onBehalfOf})` : ''}`)).toEqual([
      'submit:staff',
      'approve:qin-tao',
      'return:han-xue(代 director)',
      'resubmit:staff',
      'approve:han-xue(代 director)',
      'approve:yang-fan',
      'approve:he-jing',
    ]);
  });

  it('exactly one of two concurrent approvals of the same task wins; the other gets a conflict', async () => {
    const { wf, taskOf } = await district();
    const { id } = await wf.startProcess({ definitionKey: 'leave', form: { ...LEAVE, days: 1 } }, ctx('staff'));
    const t = await taskOf(id, 'qin-tao');
    const results = await Promise.allSettled([
      wf.approve(t, { opinion: 'A' }, ctx('qin-tao')),
      wf.approve(t, { opinion: 'B' }, ctx('qin-tao')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(loser.reason).toMatchObject({ kind: 'conflict', code: 'task.not_open' });
    expect((await wf.instanceState(id)).log.filter((l) => l.action === 'approve')).toHaveLength(1);
  });

  it('is idempotent by command id (Idempotency-Key)', async () => {
    const { wf, taskOf, store } = await district();
    const a = await wf.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff', { commandId: 'k-start' }));
    const b = await wf.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff', { commandId: 'k-start' }));
    expect(b).toMatchObject({ id: a.id, duplicate: true });
    const t = await taskOf(a.id, 'qin-tao');
    await wf.approve(t, {}, ctx('qin-tao', { commandId: 'k-1' }));
    const again = await wf.approve(t, {}, ctx('qin-tao', { commandId: 'k-1' }));
    expect(again.duplicate).toBe(true);
    expect((await store.readAll({ types: ['TaskApproved', 'ProcessStarted'] })).map((e) => e.type)).toEqual([
      'ProcessStarted',
      'TaskApproved',
    ]);
  });

  it('a delegation granted while a task waits reaches it; the delegate acts for the original; revoking takes it back', async () => {
    const { wf, openOf, taskOf } = await district();
    const { id } = await wf.startProcess({ definitionKey: 'leave', form: { ...LEAVE, days: 2 } }, ctx('staff'));
    const g = await wf.delegate({ delegateId: 'you-jia', from: '2026-03-01T00:00:00Z', to: '2026-03-10T00:00:00Z' }, ctx('qin-tao'));
    expect(g.appliedTo).toBe(1);
    expect((await openOf(id))[0]).toMatchObject({ assignee: 'qin-tao', delegate: 'you-jia' });
    await expect(
      wf.delegate({ delegateId: 'qin-tao', from: '2026-03-01T00:00:00Z', to: '2026-03-10T00:00:00Z' }, ctx('you-jia')),
    ).rejects.toMatchObject({ code: 'delegation.cycle' });
    const r = await wf.revokeDelegation(g.id, ctx('qin-tao'));
    expect(r.endedIn).toBe(1);
    await expect(wf.approve(await taskOf(id, 'qin-tao'), {}, ctx('you-jia'))).rejects.toMatchObject({ kind: 'forbidden' });
    await wf.delegate({ delegateId: 'you-jia', from: '2026-03-01T00:00:00Z', to: '2026-03-10T00:00:00Z' }, ctx('qin-tao'));
    await wf.approve(await taskOf(id, 'qin-tao'), { opinion: '同意' }, ctx('you-jia'));
    const s = await wf.instanceState(id);
    expect(s.log.at(-1)).toMatchObject({ action: 'approve', actorId: 'you-jia', onBehalfOf: 'qin-tao' });
  });

  it('batch-approves several tasks, reporting each failure without stopping', async () => {
    const { wf, taskOf } = await district();
    const p1 = await wf.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff'));
    const p2 = await wf.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff'));
    const t1 = await taskOf(p1.id, 'qin-tao');
    const t2 = await taskOf(p2.id, 'qin-tao');
    await wf.approve(t2, {}, ctx('qin-tao'));
    const out = await wf.batchApprove({ taskIds: [t1, t2, 'nonsense'], opinion: '同意' }, ctx('qin-tao'));
    expect(out.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual(['ok', 'conflict', 'not_found']);
  });

  it('常用意见: approving with one counts its use; withdraw after the next acted is refused; urge is rate-limited', async () => {
    const { wf, taskOf, clock } = await district();
    const op = await wf.addCommonOpinion({ text: '同意，请按规定办理' }, ctx('qin-tao'));
    const { id } = await wf.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff'));
    const t = await taskOf(id, 'qin-tao');
    await wf.approve(t, { opinion: '同意，请按规定办理', commonOpinionId: op.id }, ctx('qin-tao'));
    expect((await wf.commonOpinions('qin-tao')).opinions[op.id].useCount).toBe(1);
    await wf.approve(await taskOf(id, 'director'), {}, ctx('director'));
    await expect(wf.withdrawTask(t, ctx('qin-tao'))).rejects.toMatchObject({ code: 'withdraw.next_acted' });
    expect((await wf.urge(id, { message: '请尽快' }, ctx('staff'))).events).toEqual(['Urged']);
    await expect(wf.urge(id, {}, ctx('staff'))).rejects.toMatchObject({ code: 'urge.too_often' });
    clock.advance(3600_000);
    expect((await wf.urge(id, {}, ctx('staff'))).events).toEqual(['Urged']);
  });

  it('refuses an unknown or retired definition and an invalid one with field errors', async () => {
    const { wf } = await district();
    await expect(wf.startProcess({ definitionKey: 'nope', form: {} }, ctx('staff'))).rejects.toMatchObject({ kind: 'not_found' });
    await wf.retireDefinition('leave', { reason: '改版' }, ctx('sysadmin'));
    await expect(wf.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff'))).rejects.toMatchObject({
      code: 'definition.retired',
    });
    const bad = { ...leaveDefinition(), edges: [] };
    await expect(wf.publishDefinition({ definition: bad as never }, ctx('sysadmin'))).rejects.toBeInstanceOf(DefinitionInvalid);
  });
});

describe('workflow DTOs', () => {
  it('validate bodies with field errors and forbid unknown fields', async () => {
    await expect(validateDto(StartProcessDto, { definitionKey: 'leave', form: { days: 1 }, hack: 1 })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    await expect(validateDto(StartProcessDto, { definitionKey: 'Leave!', form: 'x' })).rejects.toMatchObject({
      errors: expect.arrayContaining([expect.objectContaining({ field: 'definitionKey' }), expect.objectContaining({ field: 'form' })]),
    });
    const ok = await validateDto(ApproveDto, { opinion: '同意', signature: { strokes: [{ points: [[1, 2, 0.5, 0]] }] } });
    expect(ok.signature?.strokes[0].points).toEqual([[1, 2, 0.5, 0]]);
    await expect(validateDto(BatchApproveDto, { taskIds: [] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ field: 'taskIds' })],
    });
    await expect(validateDto(DelegateDto, { delegateId: 'li', from: 'tomorrow', to: '2026-03-10T00:00:00Z' })).rejects.toMatchObject({
      errors: [expect.objectContaining({ field: 'from' })],
    });
  });
});
