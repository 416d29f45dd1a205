import type { Command, Decider } from '../../shared/decider';
import { DomainError, assertNever } from '../../shared/errors';
import { checkId, cleanName } from '../common';
import { type ExistingUnit, type UnitEvent, type UnitState, evolveUnit, initialUnitState } from './unit';

/**
 * 单位 decisions. Facts the decider cannot see on its own stream (does the parent exist? what is the
 * new parent's ancestry? is the leader an active user? how many open children?) are gathered by the
 * command handler (commands/org) and passed in the command data.
 */
export type UnitCommand =
  | Command<'CreateUnit', { unitId: string; name: string; parentId: string | null; parentOpen: boolean }>
  | Command<'RenameUnit', { name: string }>
  | Command<
      'MoveUnit',
      {
        newParentId: string | null;
        /** Ids from the new parent up to the root (new parent first). */
        newParentAncestry: readonly string[];
        newParentOpen: boolean;
      }
    >
  | Command<'AssignUnitLeader', { userId: string | null; userActive: boolean }>
  | Command<'CloseUnit', { reason: string | null; openChildUnits: number; openDepartments: number }>;

function requireOpen(state: UnitState): ExistingUnit {
  if (state.status === 'none') throw new DomainError('not_found', 'unit.not_found', '单位不存在');
  if (state.status === 'closed') throw new DomainError('rule', 'unit.closed', '单位已撤销，不能再修改');
  return state;
}

export function decideUnit(command: UnitCommand, state: UnitState): UnitEvent[] {
  switch (command.type) {
    case 'CreateUnit': {
      const d = command.data;
      if (state.status !== 'none') throw new DomainError('conflict', 'unit.exists', '单位已存在', 'id');
      checkId(d.unitId, 'id');
      const name = cleanName(d.name, 'name', '单位名称');
      if (d.parentId === d.unitId) throw new DomainError('rule', 'unit.own_parent', '单位不能以自身为上级', 'parentId');
      if (d.parentId !== null && !d.parentOpen) {
        throw new DomainError('not_found', 'unit.parent_not_found', '上级单位不存在或已撤销', 'parentId');
      }
      return [{ type: 'UnitCreated', data: { unitId: d.unitId, name, parentId: d.parentId, createdAt: command.metadata.now } }];
    }
    case 'RenameUnit': {
      const s = requireOpen(state);
      const name = cleanName(command.data.name, 'name', '单位名称');
      if (name === s.name) return [];
      return [{ type: 'UnitRenamed', data: { unitId: s.unitId, name, previousName: s.name } }];
    }
    case 'MoveUnit': {
      const s = requireOpen(state);
      const d = command.data;
      if (d.newParentId === s.parentId) return [];
      if (d.newParentId !== null) {
        if (d.newParentId === s.unitId || d.newParentAncestry.includes(s.unitId)) {
          throw new DomainError('rule', 'unit.move_into_descendant', '不能把单位移到它自身或其下级单位之下', 'parentId');
        }
        if (!d.newParentOpen) throw new DomainError('not_found', 'unit.parent_not_found', '上级单位不存在或已撤销', 'parentId');
      }
      return [{ type: 'UnitMoved', data: { unitId: s.unitId, fromParentId: s.parentId, toParentId: d.newParentId } }];
    }
    case 'AssignUnitLeader': {
      const s = requireOpen(state);
      const { userId, userActive } = command.data;
      if (userId === null) {
        return s.leaderUserId === null ? [] : [{ type: 'UnitLeaderCleared', data: { unitId: s.unitId, previousUserId: s.leaderUserId } }];
      }
      if (!userActive) throw new DomainError('not_found', 'unit.leader_not_active', '负责人不存在或已停用', 'userId');
      if (userId === s.leaderUserId) return [];
      return [{ type: 'UnitLeaderAssigned', data: { unitId: s.unitId, userId } }];
    }
    case 'CloseUnit': {
      const s = requireOpen(state);
      const d = command.data;
      if (d.openChildUnits > 0) throw new DomainError('rule', 'unit.has_children', `该单位下还有 ${d.openChildUnits} 个下级单位，不能撤销`);
      if (d.openDepartments > 0)
        throw new DomainError('rule', 'unit.has_departments', `该单位下还有 ${d.openDepartments} 个部门，不能撤销`);
      return [{ type: 'UnitClosed', data: { unitId: s.unitId, closedAt: command.metadata.now, reason: d.reason?.trim() || null } }];
    }
    default:
      return assertNever(command);
  }
}

export const unitDecider: Decider<UnitCommand, UnitEvent, UnitState> = {
  initialState: initialUnitState,
  decide: decideUnit,
  evolve: evolveUnit,
};
