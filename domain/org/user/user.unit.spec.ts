import { describe, expect, it } from 'vitest';
import { NOW, meta, spec } from '../../../test/support/gwt';
import { type UserCommand, userDecider } from './decide';
import { type Post, type UserEvent, isLockedOut } from './user';

const cmd = (c: Omit<UserCommand, 'metadata'>, actorId = 'admin', now = NOW) => ({ ...c, metadata: meta(actorId, now) }) as UserCommand;
const user = spec(userDecider);
const post: Post = { unitId: 'czj', departmentId: 'czj-yss', title: '科员', rank: '科员' };
const HASH = 'scrypt$16384$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNo';
const hired: UserEvent = {
  type: 'UserHired',
  data: {
    userId: 'u1',
    username: 'zhangsan',
    name: '张三',
    gender: 'male',
    phone: '13800000000',
    email: null,
    primaryPost: post,
    hiredAt: NOW,
  },
};
const hireData = {
  userId: 'u1',
  username: 'zhangsan',
  name: ' 张三 ',
  gender: 'male' as const,
  phone: '13800000000',
  email: ' ',
  primaryPost: post,
  postUnitOfDepartment: 'czj',
  passwordHash: null,
};
const deactivated: UserEvent = { type: 'UserDeactivated', data: { userId: 'u1', at: NOW, reason: null } };
const granted = (roleId: string, scope: 'self' | 'unit' | 'all' = 'unit'): UserEvent => ({
  type: 'UserRoleGranted',
  data: { userId: 'u1', roleId, scope },
});

describe('User decider (用户)', () => {
  describe('HireUser', () => {
    it('hires with a primary post; with an initial password the hash is recorded as set by the admin', () => {
      user
        .given([])
        .when(cmd({ type: 'HireUser', data: hireData }))
        .then([hired]);
      user
        .given([])
        .when(cmd({ type: 'HireUser', data: { ...hireData, passwordHash: HASH } }))
        .then([hired, { type: 'UserPasswordChanged', data: { userId: 'u1', passwordHash: HASH, changedAt: NOW, byAdmin: true } }]);
    });
    it('refuses: exists, bad username, department missing or of another unit, bad rank, empty name', () => {
      user
        .given([hired])
        .when(cmd({ type: 'HireUser', data: hireData }))
        .thenThrows('user.exists');
      user
        .given([])
        .when(cmd({ type: 'HireUser', data: { ...hireData, username: 'Zhang San' } }))
        .thenThrows('user.bad_username');
      user
        .given([])
        .when(cmd({ type: 'HireUser', data: { ...hireData, postUnitOfDepartment: null } }))
        .thenThrows('user.department_not_found');
      user
        .given([])
        .when(cmd({ type: 'HireUser', data: { ...hireData, postUnitOfDepartment: 'rsj' } }))
        .thenThrows('user.department_other_unit');
      user
        .given([])
        .when(cmd({ type: 'HireUser', data: { ...hireData, primaryPost: { ...post, rank: '局长' as never } } }))
        .thenThrows('user.bad_rank');
      user
        .given([])
        .when(cmd({ type: 'HireUser', data: { ...hireData, name: '' } }))
        .thenThrows('org.name_required');
    });
  });

  describe('UpdateUserProfile', () => {
    it('records only what changed; nothing changed → no event', () => {
      user
        .given([hired])
        .when(cmd({ type: 'UpdateUserProfile', data: { name: '张三', phone: '13900000000', email: 'zs@czj.gov.cn' } }))
        .then([{ type: 'UserProfileUpdated', data: { userId: 'u1', phone: '13900000000', email: 'zs@czj.gov.cn' } }]);
      user
        .given([hired])
        .when(cmd({ type: 'UpdateUserProfile', data: { name: '张三', gender: 'male' } }))
        .then([]);
    });
    it('refuses a deactivated user', () => {
      user
        .given([hired, deactivated])
        .when(cmd({ type: 'UpdateUserProfile', data: { name: '李四' } }))
        .thenThrows('user.inactive');
    });
  });

  describe('TransferUser (调动)', () => {
    const to: Post = { unitId: 'czj', departmentId: 'czj-bgs', title: '副主任', rank: '副科' };
    it('moves the primary post; a concurrent post in the target department is removed first', () => {
      user
        .given([hired])
        .when(cmd({ type: 'TransferUser', data: { post: to, postUnitOfDepartment: 'czj' } }))
        .then([{ type: 'UserTransferred', data: { userId: 'u1', from: post, to, at: NOW } }]);
      const concurrent: UserEvent = {
        type: 'UserConcurrentPostAdded',
        data: { userId: 'u1', post: { ...to, title: '兼职文书', rank: '科员' } },
      };
      user
        .given([hired, concurrent])
        .when(cmd({ type: 'TransferUser', data: { post: to, postUnitOfDepartment: 'czj' } }))
        .then([
          { type: 'UserConcurrentPostRemoved', data: { userId: 'u1', departmentId: 'czj-bgs' } },
          { type: 'UserTransferred', data: { userId: 'u1', from: post, to, at: NOW } },
        ]);
      user
        .given([hired])
        .when(cmd({ type: 'TransferUser', data: { post, postUnitOfDepartment: 'czj' } }))
        .then([]);
    });
    it('refuses a missing department, a deactivated or unknown user', () => {
      user
        .given([hired])
        .when(cmd({ type: 'TransferUser', data: { post: to, postUnitOfDepartment: null } }))
        .thenThrows('user.department_not_found');
      user
        .given([hired, deactivated])
        .when(cmd({ type: 'TransferUser', data: { post: to, postUnitOfDepartment: 'czj' } }))
        .thenThrows('user.inactive');
      user
        .given([])
        .when(cmd({ type: 'TransferUser', data: { post: to, postUnitOfDepartment: 'czj' } }))
        .thenThrows('user.not_found');
    });
  });

  describe('concurrent posts (兼职)', () => {
    const other: Post = { unitId: 'rsj', departmentId: 'rsj-bgs', title: '联络员', rank: '科员' };
    const added: UserEvent = { type: 'UserConcurrentPostAdded', data: { userId: 'u1', post: other } };
    it('adds and removes', () => {
      user
        .given([hired])
        .when(cmd({ type: 'AddConcurrentPost', data: { post: other, postUnitOfDepartment: 'rsj' } }))
        .then([added]);
      user
        .given([hired, added])
        .when(cmd({ type: 'RemoveConcurrentPost', data: { departmentId: 'rsj-bgs' } }))
        .then([{ type: 'UserConcurrentPostRemoved', data: { userId: 'u1', departmentId: 'rsj-bgs' } }]);
    });
    it('refuses the primary department, a duplicate, too many, removing an unknown one', () => {
      user
        .given([hired])
        .when(cmd({ type: 'AddConcurrentPost', data: { post, postUnitOfDepartment: 'czj' } }))
        .thenThrows('user.post_is_primary');
      user
        .given([hired, added])
        .when(cmd({ type: 'AddConcurrentPost', data: { post: other, postUnitOfDepartment: 'rsj' } }))
        .thenThrows('user.post_exists');
      const five = [1, 2, 3, 4, 5].map((i): UserEvent => ({
        type: 'UserConcurrentPostAdded',
        data: { userId: 'u1', post: { ...other, departmentId: `d${i}` } },
      }));
      user
        .given([hired, ...five])
        .when(cmd({ type: 'AddConcurrentPost', data: { post: other, postUnitOfDepartment: 'rsj' } }))
        .thenThrows('user.too_many_posts');
      user
        .given([hired])
        .when(cmd({ type: 'RemoveConcurrentPost', data: { departmentId: 'rsj-bgs' } }))
        .thenThrows('user.post_not_found');
    });
  });

  describe('DeactivateUser / ReactivateUser', () => {
    it('deactivates and reactivates; repeating is a no-op', () => {
      user
        .given([hired])
        .when(cmd({ type: 'DeactivateUser', data: { reason: null } }))
        .then([deactivated]);
      user
        .given([hired, deactivated])
        .when(cmd({ type: 'DeactivateUser', data: { reason: null } }))
        .then([]);
      user
        .given([hired, deactivated])
        .when(cmd({ type: 'ReactivateUser', data: {} }))
        .then([{ type: 'UserReactivated', data: { userId: 'u1', at: NOW } }]);
      user
        .given([hired])
        .when(cmd({ type: 'ReactivateUser', data: {} }))
        .then([]);
    });
    it('refuses deactivating oneself', () => {
      user
        .given([hired])
        .when(cmd({ type: 'DeactivateUser', data: { reason: null } }, 'u1'))
        .thenThrows('user.self_deactivate');
    });
  });

  describe('GrantRole / RevokeRole', () => {
    it('grants with a scope, changes the scope, and a same grant is a no-op', () => {
      user
        .given([hired])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'staff', scope: 'unit', roleStatus: 'builtin' } }))
        .then([granted('staff')]);
      user
        .given([hired, granted('staff')])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'staff', scope: 'all', roleStatus: 'builtin' } }))
        .then([granted('staff', 'all')]);
      user
        .given([hired, granted('staff')])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'staff', scope: 'unit', roleStatus: 'builtin' } }))
        .then([]);
      user
        .given([hired])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'archivist', scope: 'self', roleStatus: 'active' } }))
        .then([granted('archivist', 'self')]);
    });
    it('三员分立: a user may hold only one of sysadmin / secadmin / auditor', () => {
      const err = user
        .given([hired, granted('sysadmin', 'all')])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'auditor', scope: 'all', roleStatus: 'builtin' } }))
        .thenThrows('user.separation_of_duties');
      expect(err.message).toContain('系统管理员');
      user
        .given([hired, granted('auditor', 'all')])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'secadmin', scope: 'all', roleStatus: 'builtin' } }))
        .thenThrows('user.separation_of_duties');
      // after revoking, the other admin role may be granted
      user
        .given([hired, granted('sysadmin', 'all'), { type: 'UserRoleRevoked', data: { userId: 'u1', roleId: 'sysadmin' } }])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'auditor', scope: 'all', roleStatus: 'builtin' } }))
        .then([granted('auditor', 'all')]);
      // an ordinary role next to one of the three is fine
      user
        .given([hired, granted('auditor', 'all')])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'staff', scope: 'unit', roleStatus: 'builtin' } }))
        .then([granted('staff')]);
    });
    it('refuses unknown or retired roles, a bad scope, a deactivated user, granting to oneself', () => {
      user
        .given([hired])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'x', scope: 'unit', roleStatus: 'unknown' } }))
        .thenThrows('user.role_not_found');
      user
        .given([hired])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'old', scope: 'unit', roleStatus: 'retired' } }))
        .thenThrows('user.role_not_found');
      user
        .given([hired])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'nope', scope: 'unit', roleStatus: 'builtin' } }))
        .thenThrows('user.role_not_found');
      user
        .given([hired])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'staff', scope: 'galaxy' as never, roleStatus: 'builtin' } }))
        .thenThrows('user.bad_scope');
      user
        .given([hired, deactivated])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'staff', scope: 'unit', roleStatus: 'builtin' } }))
        .thenThrows('user.inactive');
      user
        .given([hired])
        .when(cmd({ type: 'GrantRole', data: { roleId: 'staff', scope: 'unit', roleStatus: 'builtin' } }, 'u1'))
        .thenThrows('user.self_grant');
    });
    it("revokes; revoking a role not held is a no-op; not one's own", () => {
      user
        .given([hired, granted('staff')])
        .when(cmd({ type: 'RevokeRole', data: { roleId: 'staff' } }))
        .then([{ type: 'UserRoleRevoked', data: { userId: 'u1', roleId: 'staff' } }]);
      user
        .given([hired])
        .when(cmd({ type: 'RevokeRole', data: { roleId: 'staff' } }))
        .then([]);
      user
        .given([hired, granted('secadmin')])
        .when(cmd({ type: 'RevokeRole', data: { roleId: 'secadmin' } }, 'u1'))
        .thenThrows('user.self_revoke');
    });
  });

  describe('passwords and lockout', () => {
    const at = (min: number) => new Date(Date.parse(NOW) + min * 60_000).toISOString();
    const failed = (n: number, min = 0): UserEvent => ({ type: 'UserLoginFailed', data: { userId: 'u1', at: at(min), failedCount: n } });
    it('changes the password hash (the user themself: not by admin)', () => {
      user
        .given([hired])
        .when(cmd({ type: 'ChangePassword', data: { passwordHash: HASH, byAdmin: false } }, 'u1'))
        .then([{ type: 'UserPasswordChanged', data: { userId: 'u1', passwordHash: HASH, changedAt: NOW, byAdmin: false } }]);
      user
        .given([hired])
        .when(cmd({ type: 'ChangePassword', data: { passwordHash: 'short', byAdmin: false } }))
        .thenThrows('user.bad_password_hash');
    });
    it('counts failures and locks for 15 minutes at the 5th', () => {
      user
        .given([hired])
        .when(cmd({ type: 'RecordLoginFailure', data: {} }))
        .then([failed(1)]);
      const g = user.given([hired, failed(1), failed(2), failed(3), failed(4)]);
      g.when(cmd({ type: 'RecordLoginFailure', data: {} })).then([
        failed(5),
        { type: 'UserLockedOut', data: { userId: 'u1', at: NOW, until: at(15) } },
      ]);
    });
    it('while locked: failures are recorded without extending the lock, and a login is refused; after 15 minutes it works', () => {
      const locked: UserEvent = { type: 'UserLockedOut', data: { userId: 'u1', at: NOW, until: at(15) } };
      const g = user.given([hired, failed(1), failed(2), failed(3), failed(4), failed(5), locked]);
      expect(isLockedOut(g.state, at(14))).toBe(true);
      expect(isLockedOut(g.state, at(15))).toBe(false);
      g.when(cmd({ type: 'RecordLoginFailure', data: {} }, 'u1', at(5))).then([failed(0, 5)]);
      g.when(cmd({ type: 'RecordLoginSuccess', data: {} }, 'u1', at(5))).thenThrows('user.locked');
      g.when(cmd({ type: 'RecordLoginSuccess', data: {} }, 'u1', at(16))).then([
        { type: 'UserLoggedIn', data: { userId: 'u1', at: at(16) } },
      ]);
      // the count restarts after a lockout
      g.when(cmd({ type: 'RecordLoginFailure', data: {} }, 'u1', at(20))).then([failed(1, 20)]);
      g.when(cmd({ type: 'UnlockUser', data: {} })).then([{ type: 'UserUnlocked', data: { userId: 'u1', at: NOW } }]);
    });
    it('a success resets the count; unlock of an unlocked account is a no-op; deactivated users cannot log in', () => {
      const g = user.given([hired, failed(1), failed(2), { type: 'UserLoggedIn', data: { userId: 'u1', at: NOW } }]);
      g.when(cmd({ type: 'RecordLoginFailure', data: {} })).then([failed(1)]);
      g.when(cmd({ type: 'UnlockUser', data: {} })).then([]);
      user
        .given([hired, deactivated])
        .when(cmd({ type: 'RecordLoginSuccess', data: {} }))
        .thenThrows('user.inactive');
    });
  });
});
