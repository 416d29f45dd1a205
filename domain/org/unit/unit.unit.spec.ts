import { describe, it } from 'vitest';
import { NOW, meta, spec } from '../../../test/support/gwt';
import { type UnitCommand, unitDecider } from './decide';
import type { UnitEvent } from './unit';

const m = meta();
const created: UnitEvent = { type: 'UnitCreated', data: { unitId: 'czj', name: '区财政局', parentId: 'qzf', createdAt: NOW } };
const closed: UnitEvent = { type: 'UnitClosed', data: { unitId: 'czj', closedAt: NOW, reason: null } };
const unit = spec(unitDecider);
const cmd = (c: Omit<UnitCommand, 'metadata'>) => ({ ...c, metadata: m }) as UnitCommand;

describe('Unit decider (单位)', () => {
  describe('CreateUnit', () => {
    it('creates a unit under an open parent', () => {
      unit
        .given([])
        .when(cmd({ type: 'CreateUnit', data: { unitId: 'czj', name: ' 区财政局 ', parentId: 'qzf', parentOpen: true } }))
        .then([created]);
    });
    it('creates a root unit', () => {
      unit
        .given([])
        .when(cmd({ type: 'CreateUnit', data: { unitId: 'qzf', name: '区政府', parentId: null, parentOpen: false } }))
        .then([{ type: 'UnitCreated', data: { unitId: 'qzf', name: '区政府', parentId: null, createdAt: NOW } }]);
    });
    it('refuses an existing unit, a missing parent, an empty name, a bad id, itself as parent', () => {
      unit
        .given([created])
        .when(cmd({ type: 'CreateUnit', data: { unitId: 'czj', name: 'x', parentId: null, parentOpen: false } }))
        .thenThrows('unit.exists');
      unit
        .given([])
        .when(cmd({ type: 'CreateUnit', data: { unitId: 'czj', name: 'x', parentId: 'nope', parentOpen: false } }))
        .thenThrows('unit.parent_not_found');
      unit
        .given([])
        .when(cmd({ type: 'CreateUnit', data: { unitId: 'czj', name: '  ', parentId: null, parentOpen: false } }))
        .thenThrows('org.name_required');
      unit
        .given([])
        .when(cmd({ type: 'CreateUnit', data: { unitId: 'Bad Id', name: 'x', parentId: null, parentOpen: false } }))
        .thenThrows('org.bad_id');
      unit
        .given([])
        .when(cmd({ type: 'CreateUnit', data: { unitId: 'czj', name: 'x', parentId: 'czj', parentOpen: true } }))
        .thenThrows('unit.own_parent');
    });
  });

  describe('RenameUnit', () => {
    it('renames, and renaming to the same name is a no-op', () => {
      unit
        .given([created])
        .when(cmd({ type: 'RenameUnit', data: { name: '区财政局（区国资办）' } }))
        .then([{ type: 'UnitRenamed', data: { unitId: 'czj', name: '区财政局（区国资办）', previousName: '区财政局' } }]);
      unit
        .given([created])
        .when(cmd({ type: 'RenameUnit', data: { name: '区财政局' } }))
        .then([]);
    });
    it('refuses a missing or closed unit', () => {
      unit
        .given([])
        .when(cmd({ type: 'RenameUnit', data: { name: 'x' } }))
        .thenThrows('unit.not_found');
      unit
        .given([created, closed])
        .when(cmd({ type: 'RenameUnit', data: { name: 'x' } }))
        .thenThrows('unit.closed');
    });
  });

  describe('MoveUnit', () => {
    it('moves under another unit or to the root', () => {
      unit
        .given([created])
        .when(cmd({ type: 'MoveUnit', data: { newParentId: 'swb', newParentAncestry: ['swb', 'qzf'], newParentOpen: true } }))
        .then([{ type: 'UnitMoved', data: { unitId: 'czj', fromParentId: 'qzf', toParentId: 'swb' } }]);
      unit
        .given([created])
        .when(cmd({ type: 'MoveUnit', data: { newParentId: null, newParentAncestry: [], newParentOpen: false } }))
        .then([{ type: 'UnitMoved', data: { unitId: 'czj', fromParentId: 'qzf', toParentId: null } }]);
      unit
        .given([created])
        .when(cmd({ type: 'MoveUnit', data: { newParentId: 'qzf', newParentAncestry: ['qzf'], newParentOpen: true } }))
        .then([]);
    });
    it('refuses to move under itself or its own descendant', () => {
      unit
        .given([created])
        .when(
          cmd({ type: 'MoveUnit', data: { newParentId: 'czj-ks1', newParentAncestry: ['czj-ks1', 'czj', 'qzf'], newParentOpen: true } }),
        )
        .thenThrows('unit.move_into_descendant');
      unit
        .given([created])
        .when(cmd({ type: 'MoveUnit', data: { newParentId: 'czj', newParentAncestry: ['czj', 'qzf'], newParentOpen: true } }))
        .thenThrows('unit.move_into_descendant');
    });
    it('refuses a missing parent and a closed unit', () => {
      unit
        .given([created])
        .when(cmd({ type: 'MoveUnit', data: { newParentId: 'x', newParentAncestry: [], newParentOpen: false } }))
        .thenThrows('unit.parent_not_found');
      unit
        .given([created, closed])
        .when(cmd({ type: 'MoveUnit', data: { newParentId: null, newParentAncestry: [], newParentOpen: false } }))
        .thenThrows('unit.closed');
    });
  });

  describe('AssignUnitLeader', () => {
    const assigned: UnitEvent = { type: 'UnitLeaderAssigned', data: { unitId: 'czj', userId: 'u1' } };
    it('assigns, re-assigning the same is a no-op, clears', () => {
      unit
        .given([created])
        .when(cmd({ type: 'AssignUnitLeader', data: { userId: 'u1', userActive: true } }))
        .then([assigned]);
      unit
        .given([created, assigned])
        .when(cmd({ type: 'AssignUnitLeader', data: { userId: 'u1', userActive: true } }))
        .then([]);
      unit
        .given([created, assigned])
        .when(cmd({ type: 'AssignUnitLeader', data: { userId: null, userActive: false } }))
        .then([{ type: 'UnitLeaderCleared', data: { unitId: 'czj', previousUserId: 'u1' } }]);
      unit
        .given([created])
        .when(cmd({ type: 'AssignUnitLeader', data: { userId: null, userActive: false } }))
        .then([]);
    });
    it('refuses an inactive user', () => {
      unit
        .given([created])
        .when(cmd({ type: 'AssignUnitLeader', data: { userId: 'u9', userActive: false } }))
        .thenThrows('unit.leader_not_active');
    });
  });

  describe('CloseUnit', () => {
    it('closes an empty unit, once', () => {
      unit
        .given([created])
        .when(cmd({ type: 'CloseUnit', data: { reason: ' 机构改革 ', openChildUnits: 0, openDepartments: 0 } }))
        .then([{ type: 'UnitClosed', data: { unitId: 'czj', closedAt: NOW, reason: '机构改革' } }]);
      unit
        .given([created, closed])
        .when(cmd({ type: 'CloseUnit', data: { reason: null, openChildUnits: 0, openDepartments: 0 } }))
        .thenThrows('unit.closed');
    });
    it('refuses while sub-units or departments are open', () => {
      unit
        .given([created])
        .when(cmd({ type: 'CloseUnit', data: { reason: null, openChildUnits: 1, openDepartments: 0 } }))
        .thenThrows('unit.has_children');
      unit
        .given([created])
        .when(cmd({ type: 'CloseUnit', data: { reason: null, openChildUnits: 0, openDepartments: 2 } }))
        .thenThrows('unit.has_departments');
    });
  });
});
