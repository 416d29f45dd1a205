import type { DataScope } from '../permissions';
import type { Rank } from '../rank';

/**
 * 用户 (user): events and state. A user has one primary post (主职: unit + department + 职务 + 职务级别)
 * and optional concurrent posts (兼职); role grants carry a data scope (数据范围) relative to the
 * primary post. The password hash (scrypt, computed by the caller) and login failures / lockout are
 * event-sourced here too, so that the auth read model and the audit trail come from the log.
 *
 * Decisions are in decide.ts.
 */
export type Gender = 'male' | 'female';

/** 岗位: a department of a unit, a position title (职务, e.g. 科长) and its rank (职务级别). */
export interface Post {
  unitId: string;
  departmentId: string;
  /** 职务名称, e.g. '科长', '科员', '副局长' */
  title: string;
  rank: Rank;
}

/** 登录失败锁定策略: 5 consecutive failures lock the account for 15 minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** How many earlier password hashes a user's state keeps (the 安全策略 allows a history rule of up to 10). */
export const PASSWORD_HISTORY_KEPT = 10;

export type UserEvent =
  | {
      type: 'UserHired';
      data: {
        userId: string;
        username: string;
        name: string;
        gender: Gender | null;
        phone: string | null;
        email: string | null;
        primaryPost: Post;
        hiredAt: string;
      };
    }
  | {
      type: 'UserProfileUpdated';
      data: { userId: string; name?: string; gender?: Gender | null; phone?: string | null; email?: string | null };
    }
  /** 调动: a new primary post. */
  | { type: 'UserTransferred'; data: { userId: string; from: Post; to: Post; at: string } }
  /** 兼职 */
  | { type: 'UserConcurrentPostAdded'; data: { userId: string; post: Post } }
  | { type: 'UserConcurrentPostRemoved'; data: { userId: string; departmentId: string } }
  | { type: 'UserDeactivated'; data: { userId: string; at: string; reason: string | null } }
  | { type: 'UserReactivated'; data: { userId: string; at: string } }
  | { type: 'UserRoleGranted'; data: { userId: string; roleId: string; scope: DataScope } }
  | { type: 'UserRoleRevoked'; data: { userId: string; roleId: string } }
  /** Only the scrypt hash is stored; `byAdmin` = set or reset by an administrator (must change at next login). */
  | { type: 'UserPasswordChanged'; data: { userId: string; passwordHash: string; changedAt: string; byAdmin: boolean } }
  | { type: 'UserLoginFailed'; data: { userId: string; at: string; failedCount: number } }
  | { type: 'UserLockedOut'; data: { userId: string; at: string; until: string } }
  | { type: 'UserUnlocked'; data: { userId: string; at: string } }
  | { type: 'UserLoggedIn'; data: { userId: string; at: string } };

export type UserEventType = UserEvent['type'];
export const USER_EVENT_TYPES: readonly UserEventType[] = [
  'UserHired',
  'UserProfileUpdated',
  'UserTransferred',
  'UserConcurrentPostAdded',
  'UserConcurrentPostRemoved',
  'UserDeactivated',
  'UserReactivated',
  'UserRoleGranted',
  'UserRoleRevoked',
  'UserPasswordChanged',
  'UserLoginFailed',
  'UserLockedOut',
  'UserUnlocked',
  'UserLoggedIn',
];

export interface ExistingUser {
  status: 'active' | 'inactive';
  userId: string;
  username: string;
  name: string;
  gender: Gender | null;
  phone: string | null;
  email: string | null;
  primaryPost: Post;
  concurrentPosts: Post[];
  /** roleId → data scope */
  roles: Record<string, DataScope>;
  passwordHash: string | null;
  passwordChangedAt: string | null;
  /** Earlier password hashes, newest first (at most PASSWORD_HISTORY_KEPT): the 安全策略's history rule checks them. */
  passwordHistory: string[];
  mustChangePassword: boolean;
  /** Consecutive failures since the last success, unlock or lockout. */
  failedLogins: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

export type UserState = { status: 'none' } | ExistingUser;

export const initialUserState = (): UserState => ({ status: 'none' });

/** Is the account locked at `now` (ISO-8601 UTC)? */
export function isLockedOut(state: UserState, now: string): boolean {
  return state.status !== 'none' && state.lockedUntil !== null && Date.parse(now) < Date.parse(state.lockedUntil);
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserHired') {
    const d = event.data;
    return {
      status: 'active',
      userId: d.userId,
      username: d.username,
      name: d.name,
      gender: d.gender,
      phone: d.phone,
      email: d.email,
      primaryPost: d.primaryPost,
      concurrentPosts: [],
      roles: {},
      passwordHash: null,
      passwordChangedAt: null,
      passwordHistory: [],
      mustChangePassword: false,
      failedLogins: 0,
      lockedUntil: null,
      lastLoginAt: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'UserProfileUpdated': {
      const { userId: _id, ...changes } = event.data;
      void _id;
      return { ...state, ...changes };
    }
    case 'UserTransferred':
      return { ...state, primaryPost: event.data.to };
    case 'UserConcurrentPostAdded':
      return { ...state, concurrentPosts: [...state.concurrentPosts, event.data.post] };
    case 'UserConcurrentPostRemoved':
      return { ...state, concurrentPosts: state.concurrentPosts.filter((p) => p.departmentId !== event.data.departmentId) };
    case 'UserDeactivated':
      return { ...state, status: 'inactive' };
    case 'UserReactivated':
      return { ...state, status: 'active' };
    case 'UserRoleGranted':
      return { ...state, roles: { ...state.roles, [event.data.roleId]: event.data.scope } };
    case 'UserRoleRevoked': {
      const roles = { ...state.roles };
      delete roles[event.data.roleId];
      return { ...state, roles };
    }
    case 'UserPasswordChanged':
      return {
        ...state,
        passwordHash: event.data.passwordHash,
        passwordChangedAt: event.data.changedAt,
        passwordHistory: state.passwordHash
          ? [state.passwordHash, ...state.passwordHistory].slice(0, PASSWORD_HISTORY_KEPT)
          : state.passwordHistory,
        mustChangePassword: event.data.byAdmin,
      };
    case 'UserLoginFailed':
      return { ...state, failedLogins: event.data.failedCount };
    case 'UserLockedOut':
      return { ...state, lockedUntil: event.data.until, failedLogins: 0 };
    case 'UserUnlocked':
      return { ...state, lockedUntil: null, failedLogins: 0 };
    case 'UserLoggedIn':
      return { ...state, failedLogins: 0, lockedUntil: null, lastLoginAt: event.data.at };
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}
