import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../domain/eventstore/port';
import { type OrgCommandContext, OrgCommands } from '../../commands/org/org-commands';
import { verifyPassword } from '../../commands/org/password';
import { CommandHandler } from '../../commands/pipeline/handler';
import { createEventStore } from '../../commands/store/factory';
import { serviceUrl } from '../../test/support/services';
import { ProjectionEngine } from '../engine/engine';
import type { SqlClient } from '../engine/types';
import { openReadStore } from '../sql/open';
import { orgProjections } from './projections';
import * as q from './queries';

/**
 * The organisation read models, fed by the real projection engine from the real SQLite event store,
 * written through OrgCommands; the read store is SQLite, and PostgreSQL when PG_URL is set.
 */
interface ReadBackend {
  name: string;
  open(): Promise<{ db: SqlClient; cleanup(): Promise<void> }>;
}

const readBackends: ReadBackend[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'oa-h5-rm-'));
      const db = await openReadStore(`sqlite:${join(dir, 'read.db')}`);
      return { db, cleanup: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
];
const PG = serviceUrl('PG_URL');
if (PG) {
  readBackends.push({
    name: 'postgres',
    async open() {
      const schema = `h5_rm_${randomBytes(6).toString('hex')}`;
      const db = await openReadStore(`${PG}${PG.includes('?') ? '&' : '?'}schema=${schema}`);
      return {
        db,
        cleanup: async () => {
          await db.close();
          const c = new pg.Client({ connectionString: PG });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => c.end());
        },
      };
    },
  });
}

let n = 0;
const ctx = (over: Partial<OrgCommandContext> = {}): OrgCommandContext => ({ actorId: 'sys', correlationId: `c-${++n}`, ...over });

for (const backend of readBackends) {
  describe(`organisation read models on ${backend.name}`, () => {
    let dir: string;
    let store: EventStore;
    let db: SqlClient;
    let cleanupDb: () => Promise<void>;
    let engine: ProjectionEngine;
    let org: OrgCommands;
    const settle = async () => expect(await engine.waitForHead({ timeoutMs: 30_000 })).toBe(true);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'oa-h5-es-'));
      store = await createEventStore(`sqlite:${join(dir, 'events.db')}`);
      ({ db, cleanup: cleanupDb } = await backend.open());
      engine = new ProjectionEngine({ store, db, projections: orgProjections, pollIntervalMs: 50 });
      await engine.start();
      org = new OrgCommands(new CommandHandler(store));
      // 区政府 → 区财政局 → 国库科 (a unit), 区人社局; departments inside 区财政局
      await org.createUnit({ id: 'qzf', name: '区政府' }, ctx());
      await org.createUnit({ id: 'czj', name: '区财政局', parentId: 'qzf' }, ctx());
      await org.createUnit({ id: 'rsj', name: '区人力资源和社会保障局', parentId: 'qzf' }, ctx());
      await org.createUnit({ id: 'czj-gkk', name: '国库科', parentId: 'czj' }, ctx());
      await org.createDepartment({ id: 'bgs', unitId: 'czj', name: '办公室' }, ctx());
      await org.createDepartment({ id: 'yss', unitId: 'czj', name: '预算股', parentId: 'bgs' }, ctx());
      await org.createDepartment({ id: 'yss-1', unitId: 'czj', name: '预算一组', parentId: 'yss' }, ctx());
      await org.createDepartment({ id: 'zfk', unitId: 'czj', name: '政府采购股', parentId: 'bgs' }, ctx());
      await org.createDepartment({ id: 'rsj-bgs', unitId: 'rsj', name: '人社局办公室' }, ctx());
      const post = (departmentId: string, title: string, rank: '科员' | '副科' | '正科' | '副处' | '正处', unitId = 'czj') => ({
        unitId,
        departmentId,
        title,
        rank,
      });
      await org.hireUser({ id: 'u-qz', username: 'quzhang', name: '区长', primaryPost: post('rsj-bgs', '区长', '正处', 'rsj') }, ctx());
      await org.hireUser(
        { id: 'u-jz', username: 'director', name: '钱局长', phone: '13800000001', primaryPost: post('bgs', '局长', '副处') },
        ctx(),
      );
      await org.hireUser({ id: 'u-zr', username: 'zhuren', name: '孙主任', primaryPost: post('bgs', '主任', '正科') }, ctx());
      await org.hireUser({ id: 'u-gz', username: 'guzhang', name: '李股长', primaryPost: post('yss', '股长', '副科') }, ctx());
      await org.hireUser(
        {
          id: 'u-ky',
          username: 'staff',
          name: '周科员',
          email: 'zhou@czj.gov.cn',
          primaryPost: post('yss-1', '科员', '科员'),
          password: 'Demo@2026',
        },
        ctx(),
      );
      await org.hireUser({ id: 'u-50', username: 'pct_user', name: '百分之五十', primaryPost: post('zfk', '科员', '科员') }, ctx());
      await org.setDepartmentLeader('yss', { userId: 'u-gz' }, ctx());
      await org.setDepartmentLeader('bgs', { userId: 'u-zr' }, ctx());
      await org.setUnitLeader('czj', { userId: 'u-jz' }, ctx());
      await org.setUnitLeader('qzf', { userId: 'u-qz' }, ctx());
      await org.grantRole('u-ky', { roleId: 'staff', scope: 'department' }, ctx());
      await org.grantRole('u-jz', { roleId: 'staff', scope: 'department' }, ctx());
      await org.grantRole('u-jz', { roleId: 'leader', scope: 'unit' }, ctx());
      await org.defineRole({ id: 'archivist', name: '档案员', permissions: ['document.*'] }, ctx());
      await org.grantRole('u-ky', { roleId: 'archivist', scope: 'unit' }, ctx());
      await settle();
    });

    afterAll(async () => {
      await engine?.stop();
      await store?.close();
      await cleanupDb?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('builds the org tree with parents, paths and a department tree per unit', async () => {
      const tree = await q.orgTree(db);
      expect(tree.map((u) => u.id)).toEqual(['qzf']);
      const czj = tree[0].children.find((u) => u.id === 'czj')!;
      expect(czj.path).toBe('/qzf/czj/');
      expect(czj.depth).toBe(1);
      expect(czj.children.map((u) => u.id)).toEqual(['czj-gkk']);
      expect(czj.departments.map((d) => d.id)).toEqual(['bgs']);
      const bgs = czj.departments[0];
      expect(bgs.children.map((d) => d.id).sort()).toEqual(['yss', 'zfk']);
      expect(bgs.children.find((d) => d.id === 'yss')!.children.map((d) => [d.id, d.path, d.depth])).toEqual([
        ['yss-1', '/bgs/yss/yss-1/', 2],
      ]);
      expect(await q.departmentSubtreeIds(db, 'bgs')).toEqual(['bgs', 'yss', 'zfk', 'yss-1']);
      expect(await q.unitSubtreeIds(db, 'czj')).toEqual(['czj', 'czj-gkk']);
      expect(await q.departmentSubtreeIds(db, 'nope')).toEqual([]);
    });

    it('who leads: the department leader and the chain up departments then units', async () => {
      expect(await q.departmentLeader(db, 'yss')).toBe('u-gz');
      expect(await q.departmentLeader(db, 'yss-1')).toBeNull();
      const chain = await q.leaderChain(db, 'yss-1');
      expect(chain.map((l) => [l.kind, l.id, l.leaderUserId, l.leaderName])).toEqual([
        ['department', 'yss', 'u-gz', '李股长'],
        ['department', 'bgs', 'u-zr', '孙主任'],
        ['unit', 'czj', 'u-jz', '钱局长'],
        ['unit', 'qzf', 'u-qz', '区长'],
      ]);
      expect((await q.leaderChain(db, 'yss-1', 2)).map((l) => l.leaderUserId)).toEqual(['u-gz', 'u-zr']);
    });

    it('user directory: by username and id, with unit/department names and roles; the login record apart', async () => {
      const u = await q.getUserByUsername(db, 'STAFF');
      expect(u).toMatchObject({
        id: 'u-ky',
        name: '周科员',
        unitName: '区财政局',
        departmentName: '预算一组',
        title: '科员',
        rank: '科员',
        status: 'active',
        email: 'zhou@czj.gov.cn',
        concurrentPosts: [],
      });
      expect(u!.roles).toEqual([
        { roleId: 'archivist', scope: 'unit' },
        { roleId: 'staff', scope: 'department' },
      ]);
      expect(JSON.stringify(u)).not.toContain('scrypt');
      const auth = await q.getAuthByUsername(db, 'staff');
      expect(auth).toMatchObject({ userId: 'u-ky', status: 'active', failedLogins: 0, lockedUntil: null, mustChangePassword: true });
      expect(await verifyPassword('Demo@2026', auth!.passwordHash)).toBe(true);
      expect(await q.getUser(db, 'nobody')).toBeNull();
    });

    it('lists users with filters, search and pagination', async () => {
      const all = await q.listUsers(db, { pageSize: 4 });
      expect(all.total).toBe(6);
      expect(all.items).toHaveLength(4);
      const page2 = await q.listUsers(db, { pageSize: 4, page: 2 });
      expect(page2.items.map((x) => x.id)).not.toContain(all.items[0].id);
      expect([...all.items, ...page2.items].map((x) => x.id).sort()).toEqual(['u-50', 'u-gz', 'u-jz', 'u-ky', 'u-qz', 'u-zr']);
      expect((await q.listUsers(db, { unitId: 'czj' })).total).toBe(5);
      expect((await q.listUsers(db, { departmentId: 'yss' })).items.map((x) => x.id)).toEqual(['u-gz']);
      expect((await q.listUsers(db, { departmentId: 'yss', includeSubDepartments: true })).items.map((x) => x.id).sort()).toEqual([
        'u-gz',
        'u-ky',
      ]);
      expect((await q.listUsers(db, { minRank: '正科' })).items.map((x) => x.id).sort()).toEqual(['u-jz', 'u-qz', 'u-zr']);
      expect((await q.listUsers(db, { roleId: 'leader' })).items.map((x) => x.id)).toEqual(['u-jz']);
      expect((await q.listUsers(db, { q: '局长' })).items.map((x) => x.id)).toEqual(['u-jz']);
      expect((await q.listUsers(db, { q: '13800000001' })).items.map((x) => x.id)).toEqual(['u-jz']);
      // % and _ are literal characters in a search, not wildcards
      expect((await q.listUsers(db, { q: '%' })).total).toBe(0);
      expect((await q.listUsers(db, { q: 'pct_' })).items.map((x) => x.id)).toEqual(['u-50']);
      expect((await q.listUsers(db, { q: 'pc_' })).total).toBe(0);
      // pinyin initials from the start of the name (the person picker)
      expect((await q.listUsers(db, { q: 'qj' })).items.map((x) => x.id)).toEqual(['u-jz']);
      expect((await q.listUsers(db, { q: 'lg' })).items.map((x) => x.id)).toEqual(['u-gz']);
      expect((await q.listUsers(db, { q: 'jz' })).total).toBe(0);
    });

    it('effective permissions: union of roles, widest scope per permission; retired roles and inactive users grant nothing', async () => {
      const jz = await q.effectivePermissions(db, 'u-jz');
      const scope = (ps: q.EffectivePermissions, p: string) => ps.permissions.find((x) => x.permission === p)?.scope;
      expect(scope(jz, 'workflow.use')).toBe('unit'); // staff@department ∪ leader@unit → unit
      expect(scope(jz, 'document.sign')).toBe('unit');
      expect(scope(jz, 'audit.read')).toBeUndefined();
      expect(jz.roles.map((r) => r.name)).toEqual(['领导', '工作人员']);
      const ky = await q.effectivePermissions(db, 'u-ky');
      expect(scope(ky, 'document.*')).toBe('unit');
      expect(scope(ky, 'workflow.use')).toBe('department');
      await org.retireRole('archivist', ctx());
      await org.deactivateUser('u-jz', {}, ctx());
      await settle();
      expect(scope(await q.effectivePermissions(db, 'u-ky'), 'document.*')).toBeUndefined();
      expect(await q.effectivePermissions(db, 'u-jz')).toEqual({ userId: 'u-jz', roles: [], permissions: [] });
      expect((await q.getAuthByUserId(db, 'u-jz'))!.status).toBe('inactive');
      // a deactivated unit leader drops out of the leader chain
      expect((await q.leaderChain(db, 'yss-1')).map((l) => l.id)).toEqual(['yss', 'bgs', 'qzf']);
      await org.reactivateUser('u-jz', ctx());
      await settle();
    });

    it('moves re-root whole subtrees; transfers, concurrent posts, profile and lockout reach the directory', async () => {
      await org.moveDepartment('yss', { parentId: 'zfk' }, ctx());
      await org.moveUnit('czj-gkk', { parentId: 'rsj' }, ctx());
      await org.transferUser('u-50', { post: { unitId: 'czj', departmentId: 'yss-1', title: '副股长', rank: '副科' } }, ctx());
      await org.addConcurrentPost('u-ky', { post: { unitId: 'rsj', departmentId: 'rsj-bgs', title: '联络员', rank: '科员' } }, ctx());
      await org.updateUserProfile('u-ky', { phone: '13900000000' }, ctx());
      for (let i = 0; i < 5; i++) await org.recordLoginFailure('u-ky', ctx({ actorId: 'u-ky' }));
      await settle();
      expect((await q.getDepartment(db, 'yss-1'))!.path).toBe('/bgs/zfk/yss/yss-1/');
      expect((await q.getDepartment(db, 'yss-1'))!.depth).toBe(3);
      expect(await q.departmentSubtreeIds(db, 'zfk')).toEqual(['zfk', 'yss', 'yss-1']);
      expect((await q.getUnit(db, 'czj-gkk'))!.path).toBe('/qzf/rsj/czj-gkk/');
      expect((await q.leaderChain(db, 'yss-1')).map((l) => l.id)).toEqual(['yss', 'bgs', 'czj', 'qzf']);
      expect(await q.getUser(db, 'u-50')).toMatchObject({ departmentId: 'yss-1', title: '副股长', rank: '副科' });
      const ky = await q.getUser(db, 'u-ky');
      expect(ky).toMatchObject({
        phone: '13900000000',
        concurrentPosts: [{ unitId: 'rsj', departmentId: 'rsj-bgs', title: '联络员', rank: '科员' }],
      });
      const auth = await q.getAuthByUsername(db, 'staff');
      expect(auth!.lockedUntil).not.toBeNull();
      expect(auth!.failedLogins).toBe(0);
    });

    it('nothing parked, and a rebuild from position 0 gives the same answers', async () => {
      expect(await engine.parked('org_tree')).toEqual([]);
      expect(await engine.parked('org_directory')).toEqual([]);
      const before = [
        await q.orgTree(db, { includeClosed: true }),
        await q.listUsers(db, { pageSize: 100 }),
        await q.leaderChain(db, 'yss-1'),
      ];
      await engine.rebuild('org_tree');
      await engine.rebuild('org_directory');
      const after = [
        await q.orgTree(db, { includeClosed: true }),
        await q.listUsers(db, { pageSize: 100 }),
        await q.leaderChain(db, 'yss-1'),
      ];
      expect(after).toEqual(before);
    });
  });
}
