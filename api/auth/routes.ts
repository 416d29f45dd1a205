import { BUILTIN_ROLES, isBuiltinRole, isLockedOut, orgStreams, passwordExpired, userDecider, type ExistingUser } from '../../domain/org';
import { DomainError } from '../../domain/shared/errors';
import { HttpProblem, badRequest, titleFor, unauthorized } from '../http/problem';
import { result, type RouteContext, type RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { ChangeOwnPasswordDto, LoginDto, RefreshDto } from './dto';
import { securityPolicy } from './policy';
import { hashPassword, passwordProblems, verifyPassword } from './passwords';
import { ME_SCHEMA } from './schemas';

const WRONG = '用户名或密码错误';
// verified against when the user does not exist, so that timing does not reveal valid usernames
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function lockedProblem(until: string, now: Date): HttpProblem {
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000));
  return new HttpProblem(423, titleFor(423), `账户已锁定，请${minutes}分钟后再试`, { code: 'auth.locked', lockedUntil: until });
}

/** `passwordExpired`: the 安全策略's expiry has passed (the user must change it, like after a reset). */
export function publicUser(u: ExistingUser, expired = false) {
  return {
    id: u.userId,
    username: u.username,
    name: u.name,
    unitId: u.primaryPost.unitId,
    departmentId: u.primaryPost.departmentId,
    title: u.primaryPost.title,
    rank: u.primaryPost.rank,
    roles: Object.keys(u.roles),
    mustChangePassword: u.mustChangePassword || expired,
  };
}

function meta(ctx: RouteContext, actorId: string, unitId: string | null) {
  return { actorId, unitId, correlationId: ctx.requestId, clientIp: ctx.clientIp };
}

async function issueTokens(p: Platform, u: ExistingUser, now: Date, familyId?: string) {
  const session = familyId ? null : await p.sessions.start(u.userId, now);
  const sid = familyId ?? session!.familyId;
  const accessToken = p.tokens.signAccess({ sub: u.userId, roles: Object.keys(u.roles), unit: u.primaryPost.unitId, sid });
  return { accessToken, refreshToken: session?.refreshToken, tokenType: 'Bearer', expiresIn: p.tokens.accessTtlSeconds };
}

export function authRoutes(p: Platform): RouteDef[] {
  return [
    {
      method: 'post',
      path: '/auth/login',
      summary: '登录：返回访问令牌（15 分钟）与刷新令牌',
      tag: '认证',
      public: true,
      body: LoginDto,
      responses: { 401: '用户名或密码错误', 423: '账户已锁定', 429: '尝试过于频繁' },
      handler: async (ctx: RouteContext<LoginDto>) => {
        const now = p.clock();
        const { policy } = await securityPolicy(p);
        const username = ctx.body.username.trim().toLowerCase();
        const acct = /^[a-z][a-z0-9._-]{2,31}$/.test(username) ? await p.identity.byUsername(username) : null;
        const sec = {
          actorId: acct?.userId ?? null,
          unitId: acct?.primaryPost.unitId ?? null,
          requestId: ctx.requestId,
          clientIp: ctx.clientIp,
          now: now.toISOString(),
        };
        if (!acct || !acct.passwordHash) {
          await verifyPassword(ctx.body.password, DUMMY_HASH);
          await p.securityLog.record({ type: 'LoginRejected', data: { username: username.slice(0, 64), reason: 'unknown_user' } }, sec);
          throw unauthorized(WRONG);
        }
        if (acct.status !== 'active') {
          await p.securityLog.record({ type: 'LoginRejected', data: { username, reason: 'inactive' } }, sec);
          throw unauthorized(WRONG);
        }
        if (isLockedOut(acct, now.toISOString())) {
          await p.securityLog.record({ type: 'LoginRejected', data: { username, reason: 'locked' } }, sec);
          throw lockedProblem(acct.lockedUntil!, now);
        }
        const streamId = orgStreams.user(acct.userId);
        const m = meta(ctx, acct.userId, acct.primaryPost.unitId);
        if (!(await verifyPassword(ctx.body.password, acct.passwordHash))) {
          const r = await p.commands.handle({
            streamId,
            decider: userDecider,
            command: {
              type: 'RecordLoginFailure',
              data: { maxFailedLogins: policy.maxFailedLogins, lockoutMinutes: policy.lockoutMinutes },
            },
            metadata: m,
          });
          const locked = r.events.find((e) => e.type === 'UserLockedOut');
          if (locked) throw lockedProblem((locked.data as { until: string }).until, now);
          // the same answer as for an unknown user: a login must not tell whether an account exists
          throw unauthorized(WRONG);
        }
        try {
          await p.commands.handle({ streamId, decider: userDecider, command: { type: 'RecordLoginSuccess', data: {} }, metadata: m });
        } catch (e) {
          if (e instanceof DomainError && e.code === 'user.locked') {
            const fresh = await p.identity.account(acct.userId);
            throw lockedProblem(fresh?.lockedUntil ?? new Date(now.getTime() + 15 * 60_000).toISOString(), now);
          }
          if (e instanceof DomainError && e.code === 'user.inactive') throw unauthorized(WRONG);
          throw e;
        }
        return {
          ...(await issueTokens(p, acct, now)),
          user: publicUser(acct, passwordExpired(acct.passwordChangedAt, policy, now.toISOString())),
        };
      },
    },
    {
      method: 'post',
      path: '/auth/refresh',
      summary: '刷新令牌（轮换：旧刷新令牌失效；30 秒内重发视为应答丢失，之后重复使用将注销整个会话）',
      tag: '认证',
      public: true,
      body: RefreshDto,
      responses: { 401: '刷新令牌无效、已使用或会话超时' },
      handler: async (ctx: RouteContext<RefreshDto>) => {
        const now = p.clock();
        const r = await p.sessions.rotate(ctx.body.refreshToken, now);
        if (!r.ok) {
          if (r.reason === 'reused') {
            await p.securityLog.record(
              { type: 'RefreshTokenReused', data: { userId: null, sessionId: ctx.body.refreshToken.split('.')[0] ?? null } },
              { actorId: null, requestId: ctx.requestId, clientIp: ctx.clientIp, now: now.toISOString() },
            );
          }
          const detail =
            r.reason === 'idle'
              ? '会话已超时（30 分钟无操作），请重新登录'
              : r.reason === 'reused'
                ? '刷新令牌已被使用，会话已注销，请重新登录'
                : '刷新令牌无效，请重新登录';
          throw unauthorized(detail);
        }
        const acct = await p.identity.account(r.userId);
        if (!acct || acct.status !== 'active') {
          await p.sessions.revoke(r.familyId, now, 'inactive');
          throw unauthorized('账户不可用');
        }
        if (r.replay) {
          await p.securityLog.record(
            { type: 'RefreshTokenReplayed', data: { userId: r.userId, sessionId: r.familyId } },
            { actorId: r.userId, requestId: ctx.requestId, clientIp: ctx.clientIp, now: now.toISOString() },
          );
        }
        const t = await issueTokens(p, acct, now, r.familyId);
        return { ...t, refreshToken: r.refreshToken };
      },
    },
    {
      method: 'post',
      path: '/auth/logout',
      summary: '注销：吊销本会话的刷新令牌，访问令牌随之失效',
      tag: '认证',
      handler: async (ctx) => {
        await p.sessions.revoke(ctx.principal.sessionId, p.clock(), 'logout');
        return result(204);
      },
    },
    {
      method: 'get',
      path: '/me',
      summary: '当前用户：岗位、角色与有效权限',
      response: { name: 'Me', schema: ME_SCHEMA },
      tag: '认证',
      handler: async (ctx) => {
        const acct = await p.identity.account(ctx.principal.userId);
        if (!acct) throw unauthorized('账户不可用');
        const { policy } = await securityPolicy(p);
        return {
          user: publicUser(acct, passwordExpired(acct.passwordChangedAt, policy, p.clock().toISOString())),
          posts: [{ ...acct.primaryPost, primary: true }, ...acct.concurrentPosts.map((post) => ({ ...post, primary: false }))],
          roles: Object.entries(acct.roles).map(([roleId, scope]) => ({
            roleId,
            name: isBuiltinRole(roleId) ? BUILTIN_ROLES[roleId].name : roleId,
            scope,
          })),
          permissions: ctx.principal.grants,
          lastLoginAt: acct.lastLoginAt,
        };
      },
    },
    {
      method: 'post',
      path: '/me/password',
      summary: '修改本人密码（复杂度校验；其他会话将被注销）',
      tag: '认证',
      command: true,
      body: ChangeOwnPasswordDto,
      handler: async (ctx: RouteContext<ChangeOwnPasswordDto>) => {
        const acct = await p.identity.account(ctx.principal.userId);
        if (!acct) throw unauthorized('账户不可用');
        const { policy } = await securityPolicy(p);
        if (isLockedOut(acct, p.clock().toISOString())) throw lockedProblem(acct.lockedUntil!, p.clock());
        if (!acct.passwordHash || !(await verifyPassword(ctx.body.currentPassword, acct.passwordHash))) {
          // counts toward the lockout like a failed login: a stolen session cannot guess the password here
          const r = await p.commands.handle({
            streamId: orgStreams.user(acct.userId),
            decider: userDecider,
            command: {
              type: 'RecordLoginFailure',
              data: { maxFailedLogins: policy.maxFailedLogins, lockoutMinutes: policy.lockoutMinutes },
            },
            metadata: meta(ctx, acct.userId, acct.primaryPost.unitId),
          });
          const locked = r.events.find((e) => e.type === 'UserLockedOut');
          if (locked) {
            await p.sessions.revokeAllForUser(acct.userId, p.clock(), 'locked');
            throw lockedProblem((locked.data as { until: string }).until, p.clock());
          }
          const failed = r.state.status !== 'none' ? r.state.failedLogins : 0;
          throw badRequest(
            `当前密码不正确（再失败 ${Math.max(0, policy.maxFailedLogins - failed)} 次将锁定账户 ${policy.lockoutMinutes} 分钟）`,
            [{ field: 'currentPassword', message: '当前密码不正确' }],
          );
        }
        const problems = passwordProblems(ctx.body.newPassword, acct.username, policy);
        if (ctx.body.newPassword === ctx.body.currentPassword) problems.push('新密码不能与当前密码相同');
        else if (policy.historyCount > 0) {
          // 历史密码: none of the last N passwords (the current one is checked above)
          for (const old of acct.passwordHistory.slice(0, Math.max(0, policy.historyCount - 1))) {
            if (await verifyPassword(ctx.body.newPassword, old)) {
              problems.push(`新密码不能与最近 ${policy.historyCount} 次使用过的密码相同`);
              break;
            }
          }
        }
        if (problems.length)
          throw badRequest(
            '新密码不符合要求',
            problems.map((message) => ({ field: 'newPassword', message })),
          );
        await p.commands.handle({
          streamId: orgStreams.user(acct.userId),
          decider: userDecider,
          command: { type: 'ChangePassword', data: { passwordHash: await hashPassword(ctx.body.newPassword), byAdmin: false } },
          commandId: ctx.commandId,
          metadata: meta(ctx, acct.userId, acct.primaryPost.unitId),
        });
        // every other session of this user ends
        const others = await p.readDb.all<{ family_id: string }>(
          `SELECT family_id FROM api_session_families WHERE user_id = ? AND revoked_at IS NULL AND family_id <> ?`,
          [acct.userId, ctx.principal.sessionId],
        );
        for (const o of others) await p.sessions.revoke(o.family_id, p.clock(), 'password_changed');
        return result(200, { changed: true });
      },
    },
  ];
}
