import type { Command, Decider } from '../../shared/decider';
import { DomainError, assertNever } from '../../shared/errors';
import { checkId, cleanName } from '../common';
import { isBuiltinRole, isGrantablePermission } from '../permissions';

/**
 * 自定义角色 (custom role): a named set of permissions defined by the security admin. Built-in roles
 * (permissions.ts BUILTIN_ROLES) are constants and cannot be defined, changed or retired here.
 * Events, state and decisions in one file: the aggregate is small.
 */
export type RoleEvent =
  | { type: 'RoleDefined'; data: { roleId: string; name: string; permissions: string[] } }
  | { type: 'RolePermissionsChanged'; data: { roleId: string; permissions: string[]; previous: string[] } }
  | { type: 'RoleRenamed'; data: { roleId: string; name: string } }
  | { type: 'RoleRetired'; data: { roleId: string; at: string } };

export const ROLE_EVENT_TYPES: readonly RoleEvent['type'][] = ['RoleDefined', 'RolePermissionsChanged', 'RoleRenamed', 'RoleRetired'];

export type RoleState = { status: 'none' } | { status: 'active' | 'retired'; roleId: string; name: string; permissions: string[] };

export type RoleCommand =
  | Command<'DefineRole', { roleId: string; name: string; permissions: string[] }>
  | Command<'ChangeRolePermissions', { permissions: string[] }>
  | Command<'RenameRole', { name: string }>
  | Command<'RetireRole', Record<string, never>>;

export function evolveRole(state: RoleState, event: RoleEvent): RoleState {
  switch (event.type) {
    case 'RoleDefined':
      return { status: 'active', roleId: event.data.roleId, name: event.data.name, permissions: event.data.permissions };
    case 'RolePermissionsChanged':
      return state.status === 'none' ? state : { ...state, permissions: event.data.permissions };
    case 'RoleRenamed':
      return state.status === 'none' ? state : { ...state, name: event.data.name };
    case 'RoleRetired':
      return state.status === 'none' ? state : { ...state, status: 'retired' };
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}

function cleanPermissions(ps: readonly string[]): string[] {
  const bad = ps.find((p) => !isGrantablePermission(p));
  if (bad !== undefined) throw new DomainError('invalid', 'role.bad_permission', `未知权限：${bad}`, 'permissions');
  const out = [...new Set(ps)].sort();
  if (out.length === 0) throw new DomainError('invalid', 'role.no_permissions', '角色至少要包含一项权限', 'permissions');
  return out;
}

function requireActive(state: RoleState) {
  if (state.status === 'none') throw new DomainError('not_found', 'role.not_found', '角色不存在');
  if (state.status === 'retired') throw new DomainError('rule', 'role.retired', '角色已停用');
  return state;
}

export function decideRole(command: RoleCommand, state: RoleState): RoleEvent[] {
  switch (command.type) {
    case 'DefineRole': {
      const d = command.data;
      if (isBuiltinRole(d.roleId)) throw new DomainError('conflict', 'role.builtin', '不能与内置角色同名', 'id');
      if (state.status !== 'none') throw new DomainError('conflict', 'role.exists', '角色已存在', 'id');
      checkId(d.roleId, 'id');
      const name = cleanName(d.name, 'name', '角色名称', 50);
      return [{ type: 'RoleDefined', data: { roleId: d.roleId, name, permissions: cleanPermissions(d.permissions) } }];
    }
    case 'ChangeRolePermissions': {
      const s = requireActive(state);
      const permissions = cleanPermissions(command.data.permissions);
      if (permissions.join() === s.permissions.join()) return [];
      return [{ type: 'RolePermissionsChanged', data: { roleId: s.roleId, permissions, previous: s.permissions } }];
    }
    case 'RenameRole': {
      const s = requireActive(state);
      const name = cleanName(command.data.name, 'name', '角色名称', 50);
      return name === s.name ? [] : [{ type: 'RoleRenamed', data: { roleId: s.roleId, name } }];
    }
    case 'RetireRole': {
      const s = requireActive(state);
      return [{ type: 'RoleRetired', data: { roleId: s.roleId, at: command.metadata.now } }];
    }
    default:
      return assertNever(command);
  }
}

export const roleDecider: Decider<RoleCommand, RoleEvent, RoleState> = {
  initialState: () => ({ status: 'none' }),
  decide: decideRole,
  evolve: evolveRole,
};
