import type { Request } from 'express';
import { HttpProblem, forbidden, unauthorized } from '../http/problem';
import type { RouteContext, RouteDef } from '../http/registry';
import { isBuiltinRole } from '../../domain/org/permissions';
import type { Platform, UserAccount } from '../platform';
import { scopeFor, type Grant, type Principal, type ScopeTarget } from './principal';

/**
 * Grants per user, kept while the user's roles (ids and scopes, as of the org directory this request
 * read) stay the same: a role granted or revoked, a scope changed, changes the key, so it holds from
 * the next request on; an inactive user never gets here. Only users whose roles are all built-in are
 * kept (a built-in role's permissions are code; a custom role's live in its own stream).
 */
const grantCache = new WeakMap<Platform, Map<string, { roles: string; grants: readonly Grant[] }>>();
const GRANT_CACHE_MAX = 50_000;

async function grantsFor(p: Platform, user: UserAccount): Promise<Grant[]> {
  const roles = user.roles.map((r) => `${r.roleId}:${r.scope}`).join(',');
  let cache = grantCache.get(p);
  if (!cache) grantCache.set(p, (cache = new Map()));
  const hit = cache.get(user.userId);
  if (hit && hit.roles === roles) return hit.grants as Grant[];
  const grants = await p.org.grantsOf(user.userId);
  if (user.roles.every((r) => isBuiltinRole(r.roleId))) {
    if (cache.size >= GRANT_CACHE_MAX) cache.clear();
    cache.set(user.userId, { roles, grants: Object.freeze(grants.map((g) => Object.freeze({ ...g }))) });
  } else cache.delete(user.userId);
  return grants;
}

/** Reads the bearer token (or `?access_token=` on routes that allow it) and loads the caller. */
export async function authenticate(
  p: Platform,
  req: Request,
  allowQuery: boolean,
  ctx: Pick<RouteContext, 'requestId' | 'clientIp'>,
): Promise<Principal> {
  const header = req.get('authorization');
  let token: string | undefined;
  let tokenSource: Principal['tokenSource'] = 'header';
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthorized('Authorization 头格式应为 Bearer <令牌>');
    token = m[1];
  } else if (allowQuery && typeof req.query.access_token === 'string') {
    token = req.query.access_token;
    tokenSource = 'query';
  }
  if (!token) throw unauthorized('请先登录');
  let claims;
  try {
    claims = p.tokens.verifyAccess(token);
  } catch (e) {
    const expired = e instanceof Error && e.name === 'TokenExpiredError';
    p.log.warn({ reqId: ctx.requestId, reason: expired ? 'expired' : 'invalid' }, 'access token refused');
    throw unauthorized(expired ? '登录已过期，请重新登录' : '令牌无效');
  }
  // From here the token is genuine: a refusal is a recorded denial.
  const deny = async (reason: string, detail: string): Promise<never> => {
    await recordDenial(p, req, ctx, 401, reason, null, claims.sub, null);
    throw unauthorized(detail);
  };
  const now = p.clock();
  const session = await p.sessions.touch(claims.sid, now);
  if (session !== 'active') return deny(`session_${session}`, session === 'idle' ? '会话已超时，请重新登录' : '会话已注销，请重新登录');
  const user = await p.org.userById(claims.sub);
  if (!user || !user.active) return deny('user_inactive', '账户不可用');
  return {
    userId: user.userId,
    username: user.username,
    displayName: user.name,
    unitId: user.unitId,
    departmentId: user.departmentId,
    roles: user.roles.map((r) => r.roleId),
    grants: await grantsFor(p, user),
    sessionId: claims.sid,
    tokenSource,
    tokenExpiresAt: (claims.exp ?? 0) * 1000,
  };
}

export async function recordDenial(
  p: Platform,
  req: Request,
  ctx: Pick<RouteContext, 'requestId' | 'clientIp'>,
  status: 401 | 403,
  reason: string,
  permission: string | null,
  userId: string | null,
  resource: string | null,
  unitId: string | null = null,
): Promise<void> {
  if (req.res) req.res.locals.accessDeniedRecorded = true; // api/http/denials.ts records the others
  try {
    await p.securityLog.record(
      {
        type: 'AccessDenied',
        data: { status, reason, method: req.method, path: req.originalUrl.split('?')[0], permission, userId, resource },
      },
      { actorId: userId, unitId, requestId: ctx.requestId, clientIp: ctx.clientIp, now: p.clock().toISOString() },
    );
  } catch (err) {
    p.log.error({ err }, 'could not record AccessDenied');
  }
}

/** Does a scope reach the target? Compared with the caller's primary post. */
export async function scopeReaches(p: Platform, who: Principal, scope: string, target: ScopeTarget): Promise<boolean> {
  switch (scope) {
    case 'all':
      return true;
    case 'unit': {
      let unit = target.unitId ?? null;
      if (!unit && target.departmentId) unit = await p.org.departmentUnit(target.departmentId);
      if (!unit && target.ownerId) unit = (await p.org.userById(target.ownerId))?.unitId ?? null;
      return unit !== null && unit === who.unitId;
    }
    case 'department_tree': {
      const dept = target.departmentId ?? (target.ownerId ? ((await p.org.userById(target.ownerId))?.departmentId ?? null) : null);
      if (!dept || !who.departmentId) return false;
      return (await p.org.departmentSubtree(who.departmentId)).includes(dept);
    }
    case 'department': {
      const dept = target.departmentId ?? (target.ownerId ? ((await p.org.userById(target.ownerId))?.departmentId ?? null) : null);
      return dept !== null && dept === who.departmentId;
    }
    case 'self':
      return !!target.ownerId && target.ownerId === who.userId;
    default:
      return false;
  }
}

/**
 * The one authorisation step: permission, then (when the route has a resolver) the data scope of
 * the caller's grant compared with the target resource. Every refusal is recorded.
 */
export function authorize(permission: string | undefined, scopeResolver?: RouteDef['scope']) {
  return async (p: Platform, ctx: RouteContext, phase: 'permission' | 'scope'): Promise<void> => {
    if (!permission) return;
    const who = ctx.principal;
    const scope = scopeFor(who, permission);
    if (phase === 'permission') {
      if (scope === null) {
        await recordDenial(p, ctx.req, ctx, 403, 'missing_permission', permission, who.userId, null, who.unitId);
        throw forbidden(`您没有“${permission}”权限`);
      }
      return;
    }
    if (!scopeResolver || scope === null) return;
    const target = await scopeResolver(ctx);
    if (target === null) return; // resolver says: not scoped (e.g. a list filtered by scope later)
    if (!(await scopeReaches(p, who, scope, target))) {
      await recordDenial(p, ctx.req, ctx, 403, `out_of_scope:${scope}`, permission, who.userId, target.resource ?? null, who.unitId);
      throw forbidden('该数据不在您的数据范围内');
    }
  };
}

export function isProblem(e: unknown, status: number): boolean {
  return e instanceof HttpProblem && e.status === status;
}
