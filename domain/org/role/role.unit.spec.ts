import { describe, it } from 'vitest';
import { NOW, meta, spec } from '../../../test/support/gwt';
import { type RoleCommand, type RoleEvent, roleDecider } from './role';

const cmd = (c: Omit<RoleCommand, 'metadata'>) => ({ ...c, metadata: meta() }) as RoleCommand;
const roles = spec(roleDecider);
const defined: RoleEvent = { type: 'RoleDefined', data: { roleId: 'archivist', name: '档案员', permissions: ['document.*', 'org.read'] } };
const retired: RoleEvent = { type: 'RoleRetired', data: { roleId: 'archivist', at: NOW } };

describe('Role decider (自定义角色)', () => {
  it('defines a role with sorted, de-duplicated permissions (wildcards allowed)', () => {
    roles
      .given([])
      .when(cmd({ type: 'DefineRole', data: { roleId: 'archivist', name: '档案员', permissions: ['org.read', 'document.*', 'org.read'] } }))
      .then([defined]);
  });
  it('refuses built-in ids, existing roles, unknown permissions, an empty set', () => {
    roles
      .given([])
      .when(cmd({ type: 'DefineRole', data: { roleId: 'auditor', name: 'x', permissions: ['org.read'] } }))
      .thenThrows('role.builtin');
    roles
      .given([defined])
      .when(cmd({ type: 'DefineRole', data: { roleId: 'archivist', name: 'x', permissions: ['org.read'] } }))
      .thenThrows('role.exists');
    roles
      .given([])
      .when(cmd({ type: 'DefineRole', data: { roleId: 'r', name: 'x', permissions: ['root.everything'] } }))
      .thenThrows('role.bad_permission');
    roles
      .given([])
      .when(cmd({ type: 'DefineRole', data: { roleId: 'r', name: 'x', permissions: ['*'] } }))
      .thenThrows('role.bad_permission');
    roles
      .given([])
      .when(cmd({ type: 'DefineRole', data: { roleId: 'r', name: 'x', permissions: [] } }))
      .thenThrows('role.no_permissions');
  });
  it('changes permissions (no-op when equal), renames, retires; a retired role cannot change', () => {
    roles
      .given([defined])
      .when(cmd({ type: 'ChangeRolePermissions', data: { permissions: ['document.read'] } }))
      .then([
        {
          type: 'RolePermissionsChanged',
          data: { roleId: 'archivist', permissions: ['document.read'], previous: ['document.*', 'org.read'] },
        },
      ]);
    roles
      .given([defined])
      .when(cmd({ type: 'ChangeRolePermissions', data: { permissions: ['org.read', 'document.*'] } }))
      .then([]);
    roles
      .given([defined])
      .when(cmd({ type: 'RenameRole', data: { name: '档案管理员' } }))
      .then([{ type: 'RoleRenamed', data: { roleId: 'archivist', name: '档案管理员' } }]);
    roles
      .given([defined])
      .when(cmd({ type: 'RetireRole', data: {} }))
      .then([retired]);
    roles
      .given([defined, retired])
      .when(cmd({ type: 'ChangeRolePermissions', data: { permissions: ['org.read'] } }))
      .thenThrows('role.retired');
    roles
      .given([])
      .when(cmd({ type: 'RetireRole', data: {} }))
      .thenThrows('role.not_found');
  });
});
