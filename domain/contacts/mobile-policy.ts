/**
 * 手机号码可见范围 (set by the 安全管理员, security.admin): who may see a colleague's mobile number.
 * Stream `contacts-mobile-policy`. Rules:
 *   M1 A default scope for everyone, and optional wider (or narrower) scopes per role, from the data
 *      scopes 本人 / 本部门 / 本部门及下级 / 本单位 / 全部. A viewer gets the widest scope among the default
 *      and the scopes of the roles they hold.
 *   M2 Only the security admin sets it (checked by the route's permission; recorded with who and when).
 *   M3 Everyone always sees their own mobile. Without a policy: 本单位 for everyone, 全部 for leaders.
 *   M4 A mobile out of the viewer's scope is not shown and does not match a search.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { DATA_SCOPES, type DataScope, widerScope } from '../org';

export const MOBILE_POLICY_STREAM = 'contacts-mobile-policy';

export interface MobilePolicy {
  defaultScope: DataScope;
  roleScopes: Record<string, DataScope>;
}

export const DEFAULT_MOBILE_POLICY: MobilePolicy = { defaultScope: 'unit', roleScopes: { leader: 'all' } };

export type MobileVisibilitySet = DomainEvent<'MobileVisibilitySet', MobilePolicy & { setBy: string; at: string }>;
export type MobilePolicyEvent = MobileVisibilitySet;
export const MOBILE_POLICY_EVENT_TYPES = ['MobileVisibilitySet'] as const satisfies readonly MobilePolicyEvent['type'][];

export type SetMobileVisibility = Command<'SetMobileVisibility', MobilePolicy & { knownRoles: string[] }>;

export interface MobilePolicyState {
  policy: MobilePolicy;
  setBy: string | null;
  at: string | null;
}

const isScope = (x: unknown): x is DataScope => typeof x === 'string' && (DATA_SCOPES as readonly string[]).includes(x);

export function setMobileVisibility(c: SetMobileVisibility, s: MobilePolicyState): MobilePolicyEvent[] {
  const d = c.data;
  if (!isScope(d.defaultScope))
    throw new DomainError('invalid', 'contacts.scope', '可见范围须为 本人/本部门/本部门及下级/本单位/全部', 'defaultScope');
  for (const [role, scope] of Object.entries(d.roleScopes)) {
    if (!d.knownRoles.includes(role))
      throw new DomainError('invalid', 'contacts.unknown_role', `角色“${role}”不存在`, `roleScopes.${role}`);
    if (!isScope(scope))
      throw new DomainError('invalid', 'contacts.scope', '可见范围须为 本人/本部门/本部门及下级/本单位/全部', `roleScopes.${role}`);
  }
  const same =
    s.setBy !== null && s.policy.defaultScope === d.defaultScope && JSON.stringify(s.policy.roleScopes) === JSON.stringify(d.roleScopes);
  if (same) return [];
  return [
    {
      type: 'MobileVisibilitySet',
      data: {
        defaultScope: d.defaultScope,
        roleScopes: { ...d.roleScopes },
        setBy: c.metadata.onBehalfOf ?? c.metadata.actorId,
        at: c.metadata.now,
      },
    },
  ];
}

export const mobilePolicyDecider: Decider<SetMobileVisibility, MobilePolicyEvent, MobilePolicyState> = {
  initialState: () => ({ policy: DEFAULT_MOBILE_POLICY, setBy: null, at: null }),
  decide: (c, s) => {
    switch (c.type) {
      case 'SetMobileVisibility':
        return setMobileVisibility(c, s);
      default:
        return assertNever(c.type);
    }
  },
  evolve: (s, e) => {
    switch (e.type) {
      case 'MobileVisibilitySet':
        return { policy: { defaultScope: e.data.defaultScope, roleScopes: e.data.roleScopes }, setBy: e.data.setBy, at: e.data.at };
      default:
        return assertNever(e.type);
    }
  },
};

/** M1: the viewer's scope — the widest of the default and their roles' scopes. */
export function mobileScopeOf(policy: MobilePolicy, roles: readonly string[]): DataScope {
  let scope = policy.defaultScope;
  for (const r of roles) {
    const s = policy.roleScopes[r];
    if (s) scope = widerScope(scope, s);
  }
  return scope;
}

export interface PostFacts {
  userId: string;
  unitId: string | null;
  departmentId: string | null;
}

/** M3/M4: may the viewer see the target's mobile? `subtree`: the viewer's department and those below it. */
export function mobileVisible(scope: DataScope, viewer: PostFacts, target: PostFacts, subtree: readonly string[]): boolean {
  if (viewer.userId === target.userId) return true;
  switch (scope) {
    case 'all':
      return true;
    case 'unit':
      return viewer.unitId !== null && viewer.unitId === target.unitId;
    case 'department_tree':
      return target.departmentId !== null && subtree.includes(target.departmentId);
    case 'department':
      return viewer.departmentId !== null && viewer.departmentId === target.departmentId;
    case 'self':
      return false;
    default:
      return assertNever(scope);
  }
}
