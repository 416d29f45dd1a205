import { Type } from 'class-transformer';
import { pinyinInitials } from '../../projections/org/pinyin';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  AddConcurrentPostDto,
  CreateDepartmentDto,
  MoveDto,
  SetLeaderDto,
  CreateUnitDto,
  DeactivateUserDto,
  GrantRoleDto,
  HireUserDto,
  ResetPasswordDto,
  TransferUserDto,
  type OrgCommandContext,
  type OrgCommandResult,
} from '../../commands/org';
import { BUILTIN_ROLES, isBuiltinRole } from '../../domain/org';
import type { Projection } from '../../projections/engine/types';
import { passwordProblems } from '../auth/passwords';
import { scopeFor } from '../auth/principal';
import { securityPolicy } from '../auth/policy';
import { badRequest, notFound } from '../http/problem';
import { PageQuery, paginate } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import type { OrgSnapshot } from './directory';

/** Org read models registered with the engine (the org context's projections join here). */
export function orgProjections(): Projection[] {
  return [];
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class UserDirectoryQuery extends PageQuery {
  /** 姓名、用户名、电话或邮箱（包含），或姓名拼音首字母（如 zgq） */
  @IsOptional() @IsString() @MaxLength(50) q?: string;
  @IsOptional() @Matches(ID) unitId?: string;
  @IsOptional() @Matches(ID) departmentId?: string;
  @IsOptional() @IsIn(['active', 'inactive', 'all']) status?: 'active' | 'inactive' | 'all';
}

export class OrgTreeQuery {
  @IsOptional() @IsIn(['true', 'false']) @Type(() => String) includeClosed?: string;
}

function orgCtx(ctx: RouteContext): OrgCommandContext {
  return {
    actorId: ctx.principal.userId,
    unitId: ctx.principal.unitId,
    correlationId: ctx.requestId,
    commandId: ctx.commandId,
    clientIp: ctx.clientIp,
  };
}

/** Waits until the read models have the write (read-your-writes), then answers with the outcome. */
async function done(p: Platform, r: OrgCommandResult) {
  await p.projections.waitFor(r.position, { timeoutMs: 5000 }).catch(() => false);
  return { id: r.id, streamId: r.streamId, revision: r.revision, position: r.position, events: r.events };
}

/**
 * One person of the directory. `withPhone`: the mobile number is shown only to whom may see it — the
 * user administration (org.admin) and the HR profile (hr.read, in its scope); everyone else reads mobiles
 * through 通讯录 (GET /api/contacts), which applies the security admin's 手机号码可见范围.
 */
function directoryEntry(s: OrgSnapshot, userId: string, withPhone = false) {
  const u = s.users.get(userId);
  if (!u) return null;
  return {
    id: u.userId,
    username: u.username,
    name: u.name,
    gender: u.gender,
    phone: withPhone ? u.phone : null,
    email: u.email,
    status: u.status,
    unitId: u.primaryPost.unitId,
    unitName: s.units.get(u.primaryPost.unitId)?.name ?? null,
    departmentId: u.primaryPost.departmentId,
    departmentName: s.departments.get(u.primaryPost.departmentId)?.name ?? null,
    title: u.primaryPost.title,
    rank: u.primaryPost.rank,
    /** Pinyin initials of the name (the person picker searches and shows them). */
    initials: pinyinInitials(u.name),
    concurrentPosts: u.concurrentPosts,
  };
}

/** Scope target of a user resource: the user's unit and department (primary post). */
const userTarget = (p: Platform) => async (ctx: RouteContext) => {
  const u = (await p.directory.snapshot()).users.get(ctx.params.userId);
  if (!u) throw notFound('用户不存在');
  return { unitId: u.primaryPost.unitId, departmentId: u.primaryPost.departmentId, ownerId: u.userId, resource: `user-${u.userId}` };
};

/** Scope target of a department resource: its unit and itself. */
const departmentTarget = (p: Platform) => async (ctx: RouteContext) => {
  const d = (await p.directory.snapshot()).departments.get(ctx.params.departmentId);
  if (!d) throw notFound('部门不存在');
  return { unitId: d.unitId, departmentId: d.departmentId, resource: `department-${d.departmentId}` };
};

export function orgRoutes(p: Platform): RouteDef[] {
  return [
    // ---- queries ----
    {
      method: 'get',
      path: '/org/tree',
      summary: '组织机构树：单位 → 部门（含负责人）',
      tag: '组织机构',
      permission: 'org.read',
      query: OrgTreeQuery,
      handler: async (ctx: RouteContext<unknown, OrgTreeQuery>) => {
        const s = await p.directory.snapshot();
        const withClosed = ctx.query.includeClosed === 'true';
        const members = new Map<string, number>();
        for (const u of s.users.values()) {
          if (u.status === 'active') members.set(u.primaryPost.departmentId, (members.get(u.primaryPost.departmentId) ?? 0) + 1);
        }
        const leader = (id: string | null) => (id ? { id, name: s.users.get(id)?.name ?? null } : null);
        const depts = (unitId: string, parentId: string | null): unknown[] =>
          [...s.departments.values()]
            .filter((d) => d.unitId === unitId && d.parentId === parentId && (withClosed || d.status === 'open'))
            .map((d) => ({
              id: d.departmentId,
              name: d.name,
              status: d.status,
              leader: leader(d.leaderUserId),
              memberCount: members.get(d.departmentId) ?? 0,
              children: depts(unitId, d.departmentId),
            }));
        const units = (parentId: string | null): unknown[] =>
          [...s.units.values()]
            .filter((u) => u.parentId === parentId && (withClosed || u.status === 'open'))
            .map((u) => ({
              id: u.unitId,
              name: u.name,
              status: u.status,
              leader: leader(u.leaderUserId),
              departments: depts(u.unitId, null),
              children: units(u.unitId),
            }));
        return { units: units(null) };
      },
    },
    {
      method: 'get',
      path: '/users',
      summary: '通讯录：用户目录（按姓名、用户名、电话、邮箱搜索，分页）',
      tag: '组织机构',
      permission: 'org.read',
      query: UserDirectoryQuery,
      handler: async (ctx: RouteContext<unknown, UserDirectoryQuery>) => {
        const s = await p.directory.snapshot();
        const withPhone = scopeFor(ctx.principal, 'org.admin') !== null;
        const q = ctx.query.q?.trim().toLowerCase();
        const status = ctx.query.status ?? 'active';
        const rows = [...s.users.values()]
          .filter((u) => status === 'all' || u.status === status)
          .filter((u) => !ctx.query.unitId || u.primaryPost.unitId === ctx.query.unitId)
          .filter((u) => !ctx.query.departmentId || u.primaryPost.departmentId === ctx.query.departmentId)
          .filter(
            (u) =>
              !q ||
              u.name.toLowerCase().includes(q) ||
              u.username.includes(q) ||
              // pinyin initials (zgq → 赵国强), from the start of the name
              (/^[a-z]+$/.test(q) && pinyinInitials(u.name).startsWith(q)) ||
              (withPhone && (u.phone ?? '').includes(q)) ||
              (u.email ?? '').toLowerCase().includes(q),
          )
          .sort((a, b) => a.primaryPost.unitId.localeCompare(b.primaryPost.unitId) || a.username.localeCompare(b.username))
          .map((u) => directoryEntry(s, u.userId, withPhone)!);
        return paginate(rows, ctx.query);
      },
    },
    {
      method: 'get',
      path: '/users/:userId',
      summary: '通讯录：某用户的联系信息',
      tag: '组织机构',
      permission: 'org.read',
      handler: async (ctx) => {
        const e = directoryEntry(await p.directory.snapshot(), ctx.params.userId, scopeFor(ctx.principal, 'org.admin') !== null);
        if (!e) throw notFound('用户不存在');
        return e;
      },
    },
    {
      method: 'get',
      path: '/users/:userId/profile',
      summary: '人事信息：岗位、角色、账户状态（按数据范围限制）',
      tag: '组织机构',
      permission: 'hr.read',
      scope: userTarget(p),
      handler: async (ctx) => {
        const s = await p.directory.snapshot();
        const u = s.users.get(ctx.params.userId)!;
        return {
          ...directoryEntry(s, u.userId, true),
          roles: Object.entries(u.roles).map(([roleId, scope]) => ({
            roleId,
            name: isBuiltinRole(roleId) ? BUILTIN_ROLES[roleId].name : roleId,
            scope,
          })),
          lastLoginAt: u.lastLoginAt,
          lockedUntil: u.lockedUntil,
          passwordChangedAt: u.passwordChangedAt,
        };
      },
    },
    // ---- commands ----
    {
      method: 'post',
      path: '/org/units',
      summary: '新建单位',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      body: CreateUnitDto,
      scope: (ctx: RouteContext<CreateUnitDto>) =>
        ctx.body.parentId
          ? { unitId: ctx.body.parentId, resource: `unit-${ctx.body.parentId}` }
          : { unitId: null, resource: 'unit-(root)' },
      responses: { 404: '上级单位不存在', 409: '标识已存在或并发冲突', 422: '业务规则不允许' },
      handler: async (ctx: RouteContext<CreateUnitDto>) => done(p, await p.orgCommands.createUnit(ctx.body, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/org/departments',
      summary: '新建部门',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      body: CreateDepartmentDto,
      scope: (ctx: RouteContext<CreateDepartmentDto>) => ({ unitId: ctx.body.unitId, resource: `unit-${ctx.body.unitId}` }),
      responses: { 404: '单位或上级部门不存在', 409: '冲突', 422: '业务规则不允许' },
      handler: async (ctx: RouteContext<CreateDepartmentDto>) => done(p, await p.orgCommands.createDepartment(ctx.body, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/org/departments/:departmentId/move',
      summary: '移动部门（拖动到另一上级部门，或 null 为单位下的一级部门）',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      body: MoveDto,
      scope: departmentTarget(p),
      responses: { 404: '部门不存在', 422: '不能移到自己或下级之下' },
      handler: async (ctx: RouteContext<MoveDto>) =>
        done(p, await p.orgCommands.moveDepartment(ctx.params.departmentId, ctx.body, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/org/departments/:departmentId/leader',
      summary: '设置部门负责人（null 为清除）',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      body: SetLeaderDto,
      scope: departmentTarget(p),
      handler: async (ctx: RouteContext<SetLeaderDto>) =>
        done(p, await p.orgCommands.setDepartmentLeader(ctx.params.departmentId, ctx.body, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/users/:userId/concurrent-posts',
      summary: '增加兼职岗位',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      body: AddConcurrentPostDto,
      scope: userTarget(p),
      handler: async (ctx: RouteContext<AddConcurrentPostDto>) =>
        done(p, await p.orgCommands.addConcurrentPost(ctx.params.userId, ctx.body, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/users/:userId/concurrent-posts/:departmentId/remove',
      summary: '免去兼职岗位',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      scope: userTarget(p),
      handler: async (ctx) => done(p, await p.orgCommands.removeConcurrentPost(ctx.params.userId, ctx.params.departmentId, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/users/:userId/reactivate',
      summary: '重新启用用户',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      scope: userTarget(p),
      handler: async (ctx) => done(p, await p.orgCommands.reactivateUser(ctx.params.userId, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/users',
      summary: '录用（新建）用户',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      body: HireUserDto,
      scope: (ctx: RouteContext<HireUserDto>) => ({
        unitId: ctx.body.primaryPost.unitId,
        departmentId: ctx.body.primaryPost.departmentId,
        resource: `unit-${ctx.body.primaryPost.unitId}`,
      }),
      responses: { 404: '单位或部门不存在', 409: '用户名已被占用', 422: '业务规则不允许' },
      handler: async (ctx: RouteContext<HireUserDto>) => {
        if (ctx.body.password !== undefined) {
          const problems = passwordProblems(ctx.body.password, ctx.body.username, (await securityPolicy(p)).policy);
          if (problems.length)
            throw badRequest(
              '初始密码不符合要求',
              problems.map((message) => ({ field: 'password', message })),
            );
        }
        return done(p, await p.orgCommands.hireUser(ctx.body, orgCtx(ctx)));
      },
    },
    {
      method: 'post',
      path: '/users/:userId/transfer',
      summary: '调动（变更主岗位）',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      body: TransferUserDto,
      scope: userTarget(p),
      handler: async (ctx: RouteContext<TransferUserDto>) =>
        done(p, await p.orgCommands.transferUser(ctx.params.userId, ctx.body, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/users/:userId/deactivate',
      summary: '停用用户（其全部会话随之失效）',
      tag: '组织机构',
      permission: 'org.admin',
      command: true,
      body: DeactivateUserDto,
      scope: userTarget(p),
      handler: async (ctx: RouteContext<DeactivateUserDto>) => {
        const r = await p.orgCommands.deactivateUser(ctx.params.userId, ctx.body, orgCtx(ctx));
        await p.sessions.revokeAllForUser(ctx.params.userId, p.clock(), 'deactivated');
        return done(p, r);
      },
    },
    {
      method: 'post',
      path: '/users/:userId/roles',
      summary: '授予角色（三员分立：系统管理员、安全管理员、安全审计员互斥）',
      tag: '授权管理',
      permission: 'security.admin',
      command: true,
      body: GrantRoleDto,
      scope: userTarget(p),
      handler: async (ctx: RouteContext<GrantRoleDto>) => done(p, await p.orgCommands.grantRole(ctx.params.userId, ctx.body, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/users/:userId/roles/:roleId/revoke',
      summary: '撤销角色',
      tag: '授权管理',
      permission: 'security.admin',
      command: true,
      scope: userTarget(p),
      handler: async (ctx) => done(p, await p.orgCommands.revokeRole(ctx.params.userId, ctx.params.roleId, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/users/:userId/unlock',
      summary: '解锁账户',
      tag: '授权管理',
      permission: 'security.admin',
      command: true,
      scope: userTarget(p),
      handler: async (ctx) => done(p, await p.orgCommands.unlockUser(ctx.params.userId, orgCtx(ctx))),
    },
    {
      method: 'post',
      path: '/users/:userId/password/reset',
      summary: '重置密码（用户下次登录须修改）',
      tag: '授权管理',
      permission: 'security.admin',
      command: true,
      body: ResetPasswordDto,
      scope: userTarget(p),
      handler: async (ctx: RouteContext<ResetPasswordDto>) => {
        const problems = passwordProblems(ctx.body.newPassword, undefined, (await securityPolicy(p)).policy);
        if (problems.length)
          throw badRequest(
            '新密码不符合要求',
            problems.map((message) => ({ field: 'newPassword', message })),
          );
        const r = await p.orgCommands.resetPassword(ctx.params.userId, ctx.body, orgCtx(ctx));
        await p.sessions.revokeAllForUser(ctx.params.userId, p.clock(), 'password_reset');
        return done(p, r);
      },
    },
  ];
}
