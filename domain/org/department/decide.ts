import type { Command, Decider } from '../../shared/decider';
import { DomainError, assertNever } from '../../shared/errors';
import { checkId, cleanName } from '../common';
import {
  type DepartmentEvent,
  type ExistingDepartment,
  type DepartmentState,
  evolveDepartment,
  initialDepartmentState,
} from './department';

/**
 * 部门 decisions. Cross-stream facts (the unit is open, the parent department's unit and ancestry,
 * the leader is an active user, open sub-departments / members) come in the command data, gathered by
 * the handler in commands/org.
 */
export interface ParentDepartmentFact {
  /** The parent department's unit, or null when it does not exist. */
  unitId: string | null;
  open: boolean;
  /** Ids from the parent up to the unit's top-level department (parent first). */
  ancestry: readonly string[];
}

export type DepartmentCommand =
  | Command<
      'CreateDepartment',
      {
        departmentId: string;
        unitId: string;
        unitOpen: boolean;
        name: string;
        parentId: string | null;
        parent: ParentDepartmentFact | null;
      }
    >
  | Command<'RenameDepartment', { name: string }>
  | Command<'MoveDepartment', { newParentId: string | null; parent: ParentDepartmentFact | null }>
  | Command<'AssignDepartmentLeader', { userId: string | null; userActive: boolean }>
  | Command<'CloseDepartment', { reason: string | null; openChildren: number; activeMembers: number }>;

function requireOpen(state: DepartmentState): ExistingDepartment {
  if (state.status === 'none') throw new DomainError('not_found', 'department.not_found', '部门不存在');
  if (state.status === 'closed') throw new DomainError('rule', 'department.closed', '部门已撤销，不能再修改');
  return state;
}

function checkParent(selfId: string, unitId: string, parentId: string, parent: ParentDepartmentFact | null): void {
  if (parentId === selfId || parent?.ancestry.includes(selfId)) {
    throw new DomainError('rule', 'department.move_into_descendant', '不能把部门移到它自身或其下级部门之下', 'parentId');
  }
  if (!parent || parent.unitId === null || !parent.open) {
    throw new DomainError('not_found', 'department.parent_not_found', '上级部门不存在或已撤销', 'parentId');
  }
  if (parent.unitId !== unitId) {
    throw new DomainError('rule', 'department.parent_other_unit', '上级部门必须属于同一单位', 'parentId');
  }
}

export function decideDepartment(command: DepartmentCommand, state: DepartmentState): DepartmentEvent[] {
  switch (command.type) {
    case 'CreateDepartment': {
      const d = command.data;
      if (state.status !== 'none') throw new DomainError('conflict', 'department.exists', '部门已存在', 'id');
      checkId(d.departmentId, 'id');
      const name = cleanName(d.name, 'name', '部门名称');
      if (!d.unitOpen) throw new DomainError('not_found', 'department.unit_not_found', '所属单位不存在或已撤销', 'unitId');
      if (d.parentId !== null) checkParent(d.departmentId, d.unitId, d.parentId, d.parent);
      return [
        {
          type: 'DepartmentCreated',
          data: { departmentId: d.departmentId, unitId: d.unitId, name, parentId: d.parentId, createdAt: command.metadata.now },
        },
      ];
    }
    case 'RenameDepartment': {
      const s = requireOpen(state);
      const name = cleanName(command.data.name, 'name', '部门名称');
      if (name === s.name) return [];
      return [{ type: 'DepartmentRenamed', data: { departmentId: s.departmentId, name, previousName: s.name } }];
    }
    case 'MoveDepartment': {
      const s = requireOpen(state);
      const d = command.data;
      if (d.newParentId === s.parentId) return [];
      if (d.newParentId !== null) checkParent(s.departmentId, s.unitId, d.newParentId, d.parent);
      return [{ type: 'DepartmentMoved', data: { departmentId: s.departmentId, fromParentId: s.parentId, toParentId: d.newParentId } }];
    }
    case 'AssignDepartmentLeader': {
      const s = requireOpen(state);
      const { userId, userActive } = command.data;
      if (userId === null) {
        return s.leaderUserId === null
          ? []
          : [{ type: 'DepartmentLeaderCleared', data: { departmentId: s.departmentId, previousUserId: s.leaderUserId } }];
      }
      if (!userActive) throw new DomainError('not_found', 'department.leader_not_active', '负责人不存在或已停用', 'userId');
      if (userId === s.leaderUserId) return [];
      return [{ type: 'DepartmentLeaderAssigned', data: { departmentId: s.departmentId, userId } }];
    }
    case 'CloseDepartment': {
      const s = requireOpen(state);
      const d = command.data;
      if (d.openChildren > 0)
        throw new DomainError('rule', 'department.has_children', `该部门下还有 ${d.openChildren} 个下级部门，不能撤销`);
      if (d.activeMembers > 0)
        throw new DomainError('rule', 'department.has_members', `该部门还有 ${d.activeMembers} 名在职人员，不能撤销`);
      return [
        {
          type: 'DepartmentClosed',
          data: { departmentId: s.departmentId, closedAt: command.metadata.now, reason: d.reason?.trim() || null },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

export const departmentDecider: Decider<DepartmentCommand, DepartmentEvent, DepartmentState> = {
  initialState: initialDepartmentState,
  decide: decideDepartment,
  evolve: evolveDepartment,
};
