import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/errors';
import { fixedClock } from '../pipeline/clock';
import { CommandHandler } from '../pipeline/handler';
import { InterleavingEventStore, inMemorySqliteStore } from '../pipeline/testing/in-memory-sqlite';
import { type OrgCommandContext, OrgCommands } from './org-commands';
import { verifyPassword } from './password';

const T0 = '2026-03-02T01:00:00.000Z';
let n = 0;
const ctx = (over: Partial<OrgCommandContext> = {}): OrgCommandContext => ({ actorId: 'sys', correlationId: `corr-${++n}`, ...over });

async function district() {
  const clock = fixedClock(T0);
  const store = new InterleavingEventStore(await inMemorySqliteStore(clock));
  const handler = new CommandHandler(store, { clock, backoffMs: () => 1 });
  let ids = 0;
  const org = new OrgCommands(handler, { newId: () => `gen-${++ids}` });
  await org.createUnit({ id: 'qzf', name: '区政府' }, ctx());
  await org.createUnit({ id: 'czj', name: '区财政局', parentId: 'qzf' }, ctx());
  await org.createUnit({ id: 'czj-ks', name: '区财政局国库科', parentId: 'czj' }, ctx());
  await org.createDepartment({ id: 'czj-bgs', unitId: 'czj', name: '办公室' }, ctx());
  await org.createDepartment({ id: 'czj-yss', unitId: 'czj', name: '预算股', parentId: 'czj-bgs' }, ctx());
  const post = { unitId: 'czj', departmentId: 'czj-yss', title: '科员', rank: '科员' as const };
  return { store, clock, handler, org, post };
}

describe('OrgCommands', () => {
  it('builds units and departments, gathering the parent facts from their streams', async () => {
    const { org, handler } = await district();
    const r = await org.createDepartment({ unitId: 'czj', name: '国库股', parentId: 'czj-bgs' }, ctx());
    expect(r).toMatchObject({ id: 'gen-1', streamId: 'department-gen-1', revision: 0, duplicate: false, events: ['DepartmentCreated'] });
    await expect(org.createUnit({ name: '无上级', parentId: 'nope' }, ctx())).rejects.toMatchObject({ code: 'unit.parent_not_found' });
    await expect(org.createDepartment({ unitId: 'czj', name: 'x', parentId: 'nope' }, ctx())).rejects.toMatchObject({
      code: 'department.parent_not_found',
    });
    await expect(org.createDepartment({ unitId: 'rsj', name: 'x' }, ctx())).rejects.toMatchObject({ code: 'department.unit_not_found' });
    expect((await handler.load('unit-czj-ks', (await import('../../domain/org/unit/decide')).unitDecider)).state).toMatchObject({
      parentId: 'czj',
    });
  });

  it('refuses to move a unit under its own descendant (ancestry walked on the write side)', async () => {
    const { org } = await district();
    await expect(org.moveUnit('qzf', { parentId: 'czj-ks' }, ctx())).rejects.toMatchObject({ code: 'unit.move_into_descendant' });
    await expect(org.moveUnit('czj', { parentId: 'czj-ks' }, ctx())).rejects.toMatchObject({ code: 'unit.move_into_descendant' });
    const ok = await org.moveUnit('czj-ks', { parentId: 'qzf' }, ctx());
    expect(ok.events).toEqual(['UnitMoved']);
    await expect(org.moveDepartment('czj-bgs', { parentId: 'czj-yss' }, ctx())).rejects.toMatchObject({
      code: 'department.move_into_descendant',
    });
  });

  it('hires a user with a hashed initial password and reserves the username', async () => {
    const { org, store, post } = await district();
    const r = await org.hireUser({ id: 'u-zs', username: 'zhangsan', name: '张三', primaryPost: post, password: 'Demo@2026' }, ctx());
    expect(r.events).toEqual(['UserHired', 'UserPasswordChanged']);
    const state = await org.userState('u-zs');
    expect(state.status).toBe('active');
    if (state.status === 'none') return;
    expect(state.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('Demo@2026', state.passwordHash)).toBe(true);
    expect(JSON.stringify(await store.readAll())).not.toContain('Demo@2026');
    expect((await store.readStream('username-zhangsan')).map((e) => e.type)).toEqual(['UsernameReserved']);
  });

  it('username uniqueness: a second hire with the same name is refused, and two racing hires cannot both win', async () => {
    const { org, store, post } = await district();
    await org.hireUser({ username: 'lisi', name: '李四', primaryPost: post }, ctx());
    await expect(org.hireUser({ username: 'lisi', name: '李四二', primaryPost: post }, ctx())).rejects.toMatchObject({
      code: 'user.username_taken',
    });
    const racing = await Promise.allSettled([
      org.hireUser({ username: 'wangwu', name: '王五', primaryPost: post }, ctx()),
      org.hireUser({ username: 'wangwu', name: '王五', primaryPost: post }, ctx()),
    ]);
    expect(racing.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const loser = racing.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(loser?.reason).toMatchObject({ code: 'user.username_taken' });
    const hired = (await store.readAll({ types: ['UserHired'] })).map((e) => (e.data as { username: string }).username);
    expect(hired.filter((u) => u === 'wangwu')).toHaveLength(1);
  });

  it('a hire with the same command id twice records one user and returns the same result', async () => {
    const { org, store, post } = await district();
    const c = ctx({ commandId: 'idem-hire-1' });
    const first = await org.hireUser({ username: 'zhaoliu', name: '赵六', primaryPost: post }, c);
    const second = await org.hireUser({ username: 'zhaoliu', name: '赵六', primaryPost: post }, { ...c, correlationId: 'other' });
    expect(second).toEqual({ ...first, duplicate: true });
    expect((await store.readAll({ types: ['UserHired'] })).length).toBe(1);
  });

  it('a hire that crashed between reservation and user append: the retry (same command id) reuses the reservation', async () => {
    const { org, store, post } = await district();
    let crashed = false;
    store.beforeAppend = (streamId) => {
      // the process "dies" after reserving: the user append and the release both fail
      if (streamId.startsWith('user-') || (streamId === 'username-crash' && crashed)) throw new Error('process died');
      if (streamId === 'username-crash') crashed = true;
    };
    const c = ctx({ commandId: 'idem-crash' });
    await expect(org.hireUser({ username: 'crash', name: '崩溃', primaryPost: post }, c)).rejects.toThrow('process died');
    expect((await store.readStream('username-crash')).map((e) => e.type)).toEqual(['UsernameReserved']);
    store.beforeAppend = null;
    const r = await org.hireUser({ username: 'crash', name: '崩溃', primaryPost: post }, c);
    expect(r.id).toBe('gen-1'); // the first attempt's generated id, not a new one
    expect((await store.readStream('username-crash')).length).toBe(1);
    // another request for the same name is still refused
    await expect(org.hireUser({ username: 'crash', name: '别人', primaryPost: post }, ctx({ commandId: 'other' }))).rejects.toMatchObject({
      code: 'user.username_taken',
    });
  });

  it('a hire that fails after the reservation releases the username', async () => {
    const { org, store, post } = await district();
    await org.hireUser({ id: 'u-1', username: 'first', name: '甲', primaryPost: post }, ctx());
    // same user id again under a new name: the user stream refuses, the new name is released
    await expect(org.hireUser({ id: 'u-1', username: 'second', name: '乙', primaryPost: post }, ctx())).rejects.toMatchObject({
      code: 'user.exists',
    });
    expect((await store.readStream('username-second')).map((e) => e.type)).toEqual(['UsernameReserved', 'UsernameReleased']);
    await org.hireUser({ id: 'u-2', username: 'second', name: '乙', primaryPost: post }, ctx());
    // bad input is refused before anything is reserved
    await expect(
      org.hireUser({ username: 'third', name: '丙', primaryPost: { ...post, departmentId: 'nope' } }, ctx()),
    ).rejects.toMatchObject({
      code: 'user.department_not_found',
    });
    expect(await store.readStream('username-third')).toEqual([]);
    await expect(org.hireUser({ username: 'fourth', name: '丁', primaryPost: post, password: 'password' }, ctx())).rejects.toMatchObject({
      code: 'user.weak_password',
      field: 'password',
    });
  });

  it('grants roles with 三员分立 and custom roles; revokes', async () => {
    const { org, post } = await district();
    await org.hireUser({ id: 'u-a', username: 'admin1', name: '管理员', primaryPost: post }, ctx());
    await org.grantRole('u-a', { roleId: 'sysadmin', scope: 'all' }, ctx());
    await expect(org.grantRole('u-a', { roleId: 'auditor', scope: 'all' }, ctx())).rejects.toMatchObject({
      code: 'user.separation_of_duties',
    });
    await expect(org.grantRole('u-a', { roleId: 'archivist', scope: 'unit' }, ctx())).rejects.toMatchObject({
      code: 'user.role_not_found',
    });
    await org.defineRole({ id: 'archivist', name: '档案员', permissions: ['document.*'] }, ctx());
    expect((await org.grantRole('u-a', { roleId: 'archivist', scope: 'unit' }, ctx())).events).toEqual(['UserRoleGranted']);
    await org.retireRole('archivist', ctx());
    await org.revokeRole('u-a', 'archivist', ctx());
    await expect(org.grantRole('u-a', { roleId: 'archivist', scope: 'unit' }, ctx())).rejects.toMatchObject({
      code: 'user.role_not_found',
    });
  });

  it('leaders must be active users; closing needs an empty unit / department (facts from the log)', async () => {
    const { org, post } = await district();
    await expect(org.setDepartmentLeader('czj-yss', { userId: 'ghost' }, ctx())).rejects.toMatchObject({
      code: 'department.leader_not_active',
    });
    await org.hireUser({ id: 'u-l', username: 'leader', name: '领导', primaryPost: post }, ctx());
    expect((await org.setDepartmentLeader('czj-yss', { userId: 'u-l' }, ctx())).events).toEqual(['DepartmentLeaderAssigned']);
    expect((await org.setUnitLeader('czj', { userId: 'u-l' }, ctx())).events).toEqual(['UnitLeaderAssigned']);
    await expect(org.closeDepartment('czj-bgs', {}, ctx())).rejects.toMatchObject({ code: 'department.has_children' });
    await expect(org.closeDepartment('czj-yss', {}, ctx())).rejects.toMatchObject({ code: 'department.has_members' });
    await expect(org.closeUnit('czj', {}, ctx())).rejects.toMatchObject({ code: 'unit.has_children' });
    await org.transferUser('u-l', { post: { ...post, departmentId: 'czj-bgs', title: '主任', rank: '正科' } }, ctx());
    expect((await org.closeDepartment('czj-yss', { reason: '合并' }, ctx())).events).toEqual(['DepartmentClosed']);
    await org.closeUnit('czj-ks', {}, ctx());
    await expect(org.closeUnit('czj', {}, ctx())).rejects.toMatchObject({ code: 'unit.has_departments' });
  });

  it('passwords: own change checks the old one and complexity; admin reset; lockout after 5 failures', async () => {
    const { org, post, clock } = await district();
    await org.hireUser({ id: 'u-p', username: 'pwuser', name: '改密', primaryPost: post, password: 'Demo@2026' }, ctx());
    await expect(
      org.changePassword('u-p', { oldPassword: 'wrong', newPassword: 'New@2026x' }, ctx({ actorId: 'u-p' })),
    ).rejects.toMatchObject({
      code: 'user.wrong_password',
      field: 'oldPassword',
    });
    await expect(
      org.changePassword('u-p', { oldPassword: 'Demo@2026', newPassword: 'simple' }, ctx({ actorId: 'u-p' })),
    ).rejects.toMatchObject({
      code: 'user.weak_password',
    });
    await org.changePassword('u-p', { oldPassword: 'Demo@2026', newPassword: 'New@2026x' }, ctx({ actorId: 'u-p' }));
    let s = await org.userState('u-p');
    expect(s.status !== 'none' && (await verifyPassword('New@2026x', s.passwordHash)) && !s.mustChangePassword).toBe(true);
    await org.resetPassword('u-p', { newPassword: 'Reset@2026' }, ctx());
    s = await org.userState('u-p');
    expect(s.status !== 'none' && s.mustChangePassword).toBe(true);
    for (let i = 0; i < 4; i++) expect((await org.recordLoginFailure('u-p', ctx({ actorId: 'u-p' }))).events).toEqual(['UserLoginFailed']);
    expect((await org.recordLoginFailure('u-p', ctx({ actorId: 'u-p' }))).events).toEqual(['UserLoginFailed', 'UserLockedOut']);
    await expect(org.recordLoginSuccess('u-p', ctx({ actorId: 'u-p' }))).rejects.toMatchObject({ code: 'user.locked' });
    clock.advance(15 * 60_000);
    expect((await org.recordLoginSuccess('u-p', ctx({ actorId: 'u-p' }))).events).toEqual(['UserLoggedIn']);
  });

  it('bad ids in the URL are not found, not a crash', async () => {
    const { org } = await district();
    const err = await org.renameUnit('../../etc', { name: 'x' }, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'not_found' });
  });
});
