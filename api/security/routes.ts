import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  BUILTIN_ROLES,
  DATA_SCOPE_LABELS,
  isBuiltinRole,
  isLockedOut,
  passwordExpired,
  SECURITY_POLICY_STREAM,
  SEPARATED_ROLES,
  securityPolicyDecider,
  type SecurityPolicy,
} from '../../domain/org';
import { forgetSecurityPolicy, securityPolicy } from '../auth/policy';
import { notFound } from '../http/problem';
import { PageQuery, paginate } from '../http/pagination';
import { result, type RouteContext, type RouteDef } from '../http/registry';
import type { Platform } from '../platform';

/**
 * 安全管理 (安全管理员, permission 'security.admin' only): the 安全策略 (password rules, lockout, session
 * timeout), accounts with their lock / password / role state, live sessions with a revoke. Role grants,
 * unlock and password reset are the org context's routes (/api/users/:id/roles, /unlock, /password/reset).
 */
export class SecurityPolicyDto implements SecurityPolicy {
  /** 密码最小长度 8–32 */
  @Type(() => Number) @IsInt({ message: '须为整数' }) minLength!: number;
  /** 字符类别数 2–4 */
  @Type(() => Number) @IsInt({ message: '须为整数' }) minClasses!: number;
  /** 密码有效期（天），0 = 不限，或 30–365 */
  @Type(() => Number) @IsInt({ message: '须为整数' }) expiryDays!: number;
  /** 不得重复使用的历史密码数 0–10 */
  @Type(() => Number) @IsInt({ message: '须为整数' }) historyCount!: number;
  /** 连续失败锁定次数 3–10 */
  @Type(() => Number) @IsInt({ message: '须为整数' }) maxFailedLogins!: number;
  /** 锁定时长（分钟）5–1440 */
  @Type(() => Number) @IsInt({ message: '须为整数' }) lockoutMinutes!: number;
  /** 会话超时（分钟）5–120 */
  @Type(() => Number) @IsInt({ message: '须为整数' }) sessionIdleMinutes!: number;
}

export class AccountsQuery extends PageQuery {
  /** 姓名或用户名（包含） */
  @IsOptional() @IsString() @MaxLength(50) q?: string;
  @IsOptional() @IsIn(['all', 'locked', 'must_change', 'inactive']) filter?: 'all' | 'locked' | 'must_change' | 'inactive';
}

export class SessionsQuery extends PageQuery {
  @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/) userId?: string;
}

const POLICY_SCHEMA = {
  type: 'object',
  required: ['policy', 'changedAt', 'changedBy'],
  properties: {
    policy: {
      type: 'object',
      required: ['minLength', 'minClasses', 'expiryDays', 'historyCount', 'maxFailedLogins', 'lockoutMinutes', 'sessionIdleMinutes'],
      properties: Object.fromEntries(
        ['minLength', 'minClasses', 'expiryDays', 'historyCount', 'maxFailedLogins', 'lockoutMinutes', 'sessionIdleMinutes'].map((k) => [
          k,
          { type: 'integer' },
        ]),
      ),
    },
    changedAt: { type: ['string', 'null'] },
    changedBy: { type: ['string', 'null'] },
  },
};

export function securityRoutes(p: Platform): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/security/policy',
      summary: '安全策略：密码规则、登录锁定、会话超时',
      tag: '安全管理',
      permission: 'security.admin',
      response: { name: 'SecurityPolicyView', schema: POLICY_SCHEMA },
      handler: async () => securityPolicy(p),
    },
    {
      method: 'put',
      path: '/security/policy',
      summary: '修改安全策略（立即生效；记录为事件）',
      tag: '安全管理',
      permission: 'security.admin',
      command: true,
      body: SecurityPolicyDto,
      handler: async (ctx: RouteContext<SecurityPolicyDto>) => {
        const b = ctx.body;
        const policy: SecurityPolicy = {
          minLength: b.minLength,
          minClasses: b.minClasses,
          expiryDays: b.expiryDays,
          historyCount: b.historyCount,
          maxFailedLogins: b.maxFailedLogins,
          lockoutMinutes: b.lockoutMinutes,
          sessionIdleMinutes: b.sessionIdleMinutes,
        };
        const r = await p.commands.handle({
          streamId: SECURITY_POLICY_STREAM,
          decider: securityPolicyDecider,
          command: { type: 'ChangeSecurityPolicy', data: policy },
          commandId: ctx.commandId,
          metadata: { actorId: ctx.principal.userId, unitId: ctx.principal.unitId, correlationId: ctx.requestId, clientIp: ctx.clientIp },
        });
        forgetSecurityPolicy(p);
        await securityPolicy(p);
        return result(200, { ...r.state, changed: r.events.length > 0 });
      },
    },
    {
      method: 'get',
      path: '/security/accounts',
      summary: '账户安全状态：角色、锁定、须改密码、最近登录（可按姓名搜索、按状态筛选）',
      tag: '安全管理',
      permission: 'security.admin',
      query: AccountsQuery,
      handler: async (ctx: RouteContext<unknown, AccountsQuery>) => {
        const s = await p.directory.snapshot();
        const { policy } = await securityPolicy(p);
        const now = p.clock().toISOString();
        const q = ctx.query.q?.trim().toLowerCase();
        const rows = [...s.users.values()]
          .filter((u) => !q || u.name.toLowerCase().includes(q) || u.username.includes(q))
          .map((u) => {
            const locked = isLockedOut(u, now);
            const expired = passwordExpired(u.passwordChangedAt, policy, now);
            return {
              id: u.userId,
              username: u.username,
              name: u.name,
              status: u.status,
              unitName: s.units.get(u.primaryPost.unitId)?.name ?? null,
              departmentName: s.departments.get(u.primaryPost.departmentId)?.name ?? null,
              roles: Object.entries(u.roles).map(([roleId, scope]) => ({
                roleId,
                name: isBuiltinRole(roleId) ? BUILTIN_ROLES[roleId].name : roleId,
                scope,
                scopeLabel: DATA_SCOPE_LABELS[scope],
              })),
              locked,
              lockedUntil: locked ? u.lockedUntil : null,
              failedLogins: u.failedLogins,
              mustChangePassword: u.mustChangePassword || expired,
              passwordExpired: expired,
              passwordChangedAt: u.passwordChangedAt,
              lastLoginAt: u.lastLoginAt,
            };
          })
          .filter((a) => {
            switch (ctx.query.filter ?? 'all') {
              case 'locked':
                return a.locked;
              case 'must_change':
                return a.mustChangePassword;
              case 'inactive':
                return a.status === 'inactive';
              default:
                return true;
            }
          })
          .sort((a, b) => Number(b.locked) - Number(a.locked) || a.username.localeCompare(b.username));
        return paginate(rows, ctx.query);
      },
    },
    {
      method: 'get',
      path: '/security/roles',
      summary: '可授予的角色与数据范围（三员分立：系统管理员、安全管理员、安全审计员互斥）',
      tag: '安全管理',
      permission: 'security.admin',
      handler: () => ({
        roles: Object.entries(BUILTIN_ROLES).map(([id, r]) => ({
          id,
          name: r.name,
          permissions: r.permissions,
          separated: (SEPARATED_ROLES as readonly string[]).includes(id),
        })),
        scopes: Object.entries(DATA_SCOPE_LABELS).map(([id, label]) => ({ id, label })),
      }),
    },
    {
      method: 'get',
      path: '/security/sessions',
      summary: '在线会话（未注销、未超时），可按用户筛选',
      tag: '安全管理',
      permission: 'security.admin',
      query: SessionsQuery,
      handler: async (ctx: RouteContext<unknown, SessionsQuery>) => {
        await securityPolicy(p); // the idle timeout in force
        const s = await p.directory.snapshot();
        const rows = (await p.sessions.active(p.clock(), ctx.query.userId)).map((r) => {
          const u = s.users.get(r.userId);
          return {
            ...r,
            name: u?.name ?? null,
            username: u?.username ?? null,
            unitName: u ? (s.units.get(u.primaryPost.unitId)?.name ?? null) : null,
            current: r.familyId === ctx.principal.sessionId,
          };
        });
        return paginate(rows, ctx.query);
      },
    },
    {
      method: 'post',
      path: '/security/sessions/:sessionId/revoke',
      summary: '强制下线：注销一个会话（记录安全事件）',
      tag: '安全管理',
      permission: 'security.admin',
      command: true,
      handler: async (ctx) => {
        if (!/^[0-9a-f-]{36}$/i.test(ctx.params.sessionId)) throw notFound('会话不存在');
        const userId = await p.sessions.userOf(ctx.params.sessionId);
        if (!userId) throw notFound('会话不存在');
        const now = p.clock();
        await p.sessions.revoke(ctx.params.sessionId, now, 'revoked_by_admin');
        await p.securityLog.record(
          {
            type: 'SessionRevoked',
            data: { sessionId: ctx.params.sessionId, userId, revokedBy: ctx.principal.userId, reason: 'revoked_by_admin' },
          },
          {
            actorId: ctx.principal.userId,
            unitId: ctx.principal.unitId,
            requestId: ctx.requestId,
            clientIp: ctx.clientIp,
            now: now.toISOString(),
          },
        );
        return result(200, { revoked: true });
      },
    },
  ];
}
