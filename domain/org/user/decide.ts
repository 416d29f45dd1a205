import type { Command, Decider } from '../../shared/decider';
import { DomainError, assertNever } from '../../shared/errors';
import { checkId, cleanName } from '../common';
import { type DataScope, BUILTIN_ROLES, isBuiltinRole, isDataScope, isSeparatedRole } from '../permissions';
import { isRank } from '../rank';
import { USERNAME_PATTERN } from '../username/username';
import {
  type ExistingUser,
  type Gender,
  type Post,
  type UserEvent,
  type UserState,
  LOCKOUT_MINUTES,
  MAX_FAILED_LOGINS,
  evolveUser,
  initialUserState,
  isLockedOut,
} from './user';

/**
 * 用户 decisions. Cross-stream facts come in the command data, gathered by commands/org:
 *  - `postUnitOfDepartment`: the unit of the post's department when that department exists and is
 *    open, else null (the post's unitId must equal it);
 *  - `roleStatus`: whether the granted role is built in, a defined active custom role, retired or unknown.
 * Username uniqueness is not decided here but by the reservation stream (domain/org/username).
 */
export type RoleStatus = 'builtin' | 'active' | 'retired' | 'unknown';

export const MAX_CONCURRENT_POSTS = 5;

export type UserCommand =
  | Command<
      'HireUser',
      {
        userId: string;
        username: string;
        name: string;
        gender: Gender | null;
        phone: string | null;
        email: string | null;
        primaryPost: Post;
        postUnitOfDepartment: string | null;
        /** Optional initial password hash (set by the admin: must be changed at first login). */
        passwordHash: string | null;
      }
    >
  | Command<'UpdateUserProfile', { name?: string; gender?: Gender | null; phone?: string | null; email?: string | null }>
  | Command<'TransferUser', { post: Post; postUnitOfDepartment: string | null }>
  | Command<'AddConcurrentPost', { post: Post; postUnitOfDepartment: string | null }>
  | Command<'RemoveConcurrentPost', { departmentId: string }>
  | Command<'DeactivateUser', { reason: string | null }>
  | Command<'ReactivateUser', Record<string, never>>
  | Command<'GrantRole', { roleId: string; scope: DataScope; roleStatus: RoleStatus }>
  | Command<'RevokeRole', { roleId: string }>
  | Command<'ChangePassword', { passwordHash: string; byAdmin: boolean }>
  /** The lockout thresholds come from the 安全策略 (defaults MAX_FAILED_LOGINS / LOCKOUT_MINUTES). */
  | Command<'RecordLoginFailure', { maxFailedLogins?: number; lockoutMinutes?: number }>
  | Command<'RecordLoginSuccess', Record<string, never>>
  | Command<'UnlockUser', Record<string, never>>;

function requireUser(state: UserState): ExistingUser {
  if (state.status === 'none') throw new DomainError('not_found', 'user.not_found', '用户不存在');
  return state;
}

function requireActive(state: UserState): ExistingUser {
  const s = requireUser(state);
  if (s.status === 'inactive') throw new DomainError('rule', 'user.inactive', '用户已停用');
  return s;
}

function checkPost(post: Post, unitOfDepartment: string | null, field: string): Post {
  if (unitOfDepartment === null) {
    throw new DomainError('not_found', 'user.department_not_found', '任职部门不存在或已撤销', `${field}.departmentId`);
  }
  if (unitOfDepartment !== post.unitId) {
    throw new DomainError('rule', 'user.department_other_unit', '任职部门不属于所选单位', `${field}.departmentId`);
  }
  if (!isRank(post.rank)) throw new DomainError('invalid', 'user.bad_rank', '职务级别无效', `${field}.rank`);
  return {
    unitId: post.unitId,
    departmentId: post.departmentId,
    title: cleanName(post.title, `${field}.title`, '职务名称', 50),
    rank: post.rank,
  };
}

const samePost = (a: Post, b: Post) =>
  a.unitId === b.unitId && a.departmentId === b.departmentId && a.title === b.title && a.rank === b.rank;

function checkHash(hash: string): void {
  if (typeof hash !== 'string' || hash.length < 16 || hash.length > 512) {
    throw new DomainError('invalid', 'user.bad_password_hash', '密码摘要无效', 'password');
  }
}

function optionalText(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = v.trim();
  return t.length ? t : null;
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'HireUser': {
      const d = command.data;
      if (state.status !== 'none') throw new DomainError('conflict', 'user.exists', '用户已存在', 'id');
      checkId(d.userId, 'id');
      if (!USERNAME_PATTERN.test(d.username)) {
        throw new DomainError(
          'invalid',
          'user.bad_username',
          '用户名须以小写字母开头，由 3–32 位小写字母、数字、点、下划线或连字符组成',
          'username',
        );
      }
      const name = cleanName(d.name, 'name', '姓名', 50);
      const primaryPost = checkPost(d.primaryPost, d.postUnitOfDepartment, 'primaryPost');
      const events: UserEvent[] = [
        {
          type: 'UserHired',
          data: {
            userId: d.userId,
            username: d.username,
            name,
            gender: d.gender,
            phone: optionalText(d.phone),
            email: optionalText(d.email),
            primaryPost,
            hiredAt: now,
          },
        },
      ];
      if (d.passwordHash !== null) {
        checkHash(d.passwordHash);
        events.push({
          type: 'UserPasswordChanged',
          data: { userId: d.userId, passwordHash: d.passwordHash, changedAt: now, byAdmin: true },
        });
      }
      return events;
    }
    case 'UpdateUserProfile': {
      const s = requireActive(state);
      const d = command.data;
      const changes: { name?: string; gender?: Gender | null; phone?: string | null; email?: string | null } = {};
      if (d.name !== undefined) {
        const name = cleanName(d.name, 'name', '姓名', 50);
        if (name !== s.name) changes.name = name;
      }
      if (d.gender !== undefined && d.gender !== s.gender) changes.gender = d.gender;
      if (d.phone !== undefined && optionalText(d.phone) !== s.phone) changes.phone = optionalText(d.phone);
      if (d.email !== undefined && optionalText(d.email) !== s.email) changes.email = optionalText(d.email);
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'UserProfileUpdated', data: { userId: s.userId, ...changes } }];
    }
    case 'TransferUser': {
      const s = requireActive(state);
      const to = checkPost(command.data.post, command.data.postUnitOfDepartment, 'post');
      if (samePost(to, s.primaryPost)) return [];
      const events: UserEvent[] = [];
      // the new primary post replaces a concurrent post in the same department (兼职转主职)
      if (s.concurrentPosts.some((p) => p.departmentId === to.departmentId)) {
        events.push({ type: 'UserConcurrentPostRemoved', data: { userId: s.userId, departmentId: to.departmentId } });
      }
      events.push({ type: 'UserTransferred', data: { userId: s.userId, from: s.primaryPost, to, at: now } });
      return events;
    }
    case 'AddConcurrentPost': {
      const s = requireActive(state);
      const post = checkPost(command.data.post, command.data.postUnitOfDepartment, 'post');
      if (post.departmentId === s.primaryPost.departmentId) {
        throw new DomainError('conflict', 'user.post_is_primary', '该部门已是其主职部门', 'post.departmentId');
      }
      if (s.concurrentPosts.some((p) => p.departmentId === post.departmentId)) {
        throw new DomainError('conflict', 'user.post_exists', '已在该部门兼职', 'post.departmentId');
      }
      if (s.concurrentPosts.length >= MAX_CONCURRENT_POSTS) {
        throw new DomainError('rule', 'user.too_many_posts', `兼职岗位不能超过 ${MAX_CONCURRENT_POSTS} 个`);
      }
      return [{ type: 'UserConcurrentPostAdded', data: { userId: s.userId, post } }];
    }
    case 'RemoveConcurrentPost': {
      const s = requireActive(state);
      if (!s.concurrentPosts.some((p) => p.departmentId === command.data.departmentId)) {
        throw new DomainError('not_found', 'user.post_not_found', '未在该部门兼职', 'departmentId');
      }
      return [{ type: 'UserConcurrentPostRemoved', data: { userId: s.userId, departmentId: command.data.departmentId } }];
    }
    case 'DeactivateUser': {
      const s = requireUser(state);
      if (s.status === 'inactive') return [];
      if (command.metadata.actorId === s.userId) throw new DomainError('forbidden', 'user.self_deactivate', '不能停用自己的账号');
      return [{ type: 'UserDeactivated', data: { userId: s.userId, at: now, reason: optionalText(command.data.reason) } }];
    }
    case 'ReactivateUser': {
      const s = requireUser(state);
      if (s.status === 'active') return [];
      return [{ type: 'UserReactivated', data: { userId: s.userId, at: now } }];
    }
    case 'GrantRole': {
      const s = requireActive(state);
      const { roleId, scope, roleStatus } = command.data;
      if (roleStatus === 'unknown' || roleStatus === 'retired') {
        throw new DomainError('not_found', 'user.role_not_found', '角色不存在或已停用', 'roleId');
      }
      if (roleStatus === 'builtin' && !isBuiltinRole(roleId)) {
        throw new DomainError('not_found', 'user.role_not_found', '角色不存在或已停用', 'roleId');
      }
      if (!isDataScope(scope)) throw new DomainError('invalid', 'user.bad_scope', '数据范围无效', 'scope');
      if (command.metadata.actorId === s.userId) {
        throw new DomainError('forbidden', 'user.self_grant', '不能给自己授予角色');
      }
      if (isSeparatedRole(roleId)) {
        const held = Object.keys(s.roles).find((r) => r !== roleId && isSeparatedRole(r));
        if (held !== undefined) {
          const label = (id: string) => (isBuiltinRole(id) ? BUILTIN_ROLES[id].name : id);
          throw new DomainError(
            'rule',
            'user.separation_of_duties',
            `三员分立：该用户已是${label(held)}，不能再授予${label(roleId)}`,
            'roleId',
          );
        }
      }
      if (s.roles[roleId] === scope) return [];
      return [{ type: 'UserRoleGranted', data: { userId: s.userId, roleId, scope } }];
    }
    case 'RevokeRole': {
      const s = requireUser(state);
      if (!(command.data.roleId in s.roles)) return [];
      if (command.metadata.actorId === s.userId) {
        throw new DomainError('forbidden', 'user.self_revoke', '不能撤销自己的角色');
      }
      return [{ type: 'UserRoleRevoked', data: { userId: s.userId, roleId: command.data.roleId } }];
    }
    case 'ChangePassword': {
      const s = requireActive(state);
      checkHash(command.data.passwordHash);
      return [
        {
          type: 'UserPasswordChanged',
          data: { userId: s.userId, passwordHash: command.data.passwordHash, changedAt: now, byAdmin: command.data.byAdmin },
        },
      ];
    }
    case 'RecordLoginFailure': {
      const s = requireUser(state);
      // Failures while already locked are recorded (audit) but do not extend the lock.
      if (isLockedOut(s, now)) return [{ type: 'UserLoginFailed', data: { userId: s.userId, at: now, failedCount: s.failedLogins } }];
      const failedCount = s.failedLogins + 1;
      const events: UserEvent[] = [{ type: 'UserLoginFailed', data: { userId: s.userId, at: now, failedCount } }];
      if (failedCount >= (command.data.maxFailedLogins ?? MAX_FAILED_LOGINS)) {
        const until = new Date(Date.parse(now) + (command.data.lockoutMinutes ?? LOCKOUT_MINUTES) * 60_000).toISOString();
        events.push({ type: 'UserLockedOut', data: { userId: s.userId, at: now, until } });
      }
      return events;
    }
    case 'RecordLoginSuccess': {
      const s = requireActive(state);
      if (isLockedOut(s, now)) {
        throw new DomainError('rule', 'user.locked', '账号已锁定，请稍后再试');
      }
      return [{ type: 'UserLoggedIn', data: { userId: s.userId, at: now } }];
    }
    case 'UnlockUser': {
      const s = requireUser(state);
      if (s.lockedUntil === null && s.failedLogins === 0) return [];
      return [{ type: 'UserUnlocked', data: { userId: s.userId, at: now } }];
    }
    default:
      return assertNever(command);
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: initialUserState,
  decide: decideUser,
  evolve: evolveUser,
};
