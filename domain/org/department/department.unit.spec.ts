import { describe, it } from 'vitest';
import { NOW, meta, spec } from '../../../test/support/gwt';
import { type DepartmentCommand, departmentDecider } from './decide';
import type { DepartmentEvent } from './department';

const cmd = (c: Omit<DepartmentCommand, 'metadata'>) => ({ ...c, metadata: meta() }) as DepartmentCommand;
const dept = spec(departmentDecider);
const created: DepartmentEvent = {
  type: 'DepartmentCreated',
  data: { departmentId: 'czj-yss', unitId: 'czj', name: '预算股', parentId: 'czj-bgs', createdAt: NOW },
};
const closed: DepartmentEvent = { type: 'DepartmentClosed', data: { departmentId: 'czj-yss', closedAt: NOW, reason: null } };
const parentOk = { unitId: 'czj', open: true, ancestry: ['czj-bgs'] };

describe('Department decider (部门)', () => {
  describe('CreateDepartment', () => {
    it('creates under a department of the same unit, or at the top of the unit', () => {
      dept
        .given([])
        .when(
          cmd({
            type: 'CreateDepartment',
            data: { departmentId: 'czj-yss', unitId: 'czj', unitOpen: true, name: '预算股', parentId: 'czj-bgs', parent: parentOk },
          }),
        )
        .then([created]);
      dept
        .given([])
        .when(
          cmd({
            type: 'CreateDepartment',
            data: { departmentId: 'czj-bgs', unitId: 'czj', unitOpen: true, name: '办公室', parentId: null, parent: null },
          }),
        )
        .then([
          { type: 'DepartmentCreated', data: { departmentId: 'czj-bgs', unitId: 'czj', name: '办公室', parentId: null, createdAt: NOW } },
        ]);
    });
    it('refuses: exists, unit closed, parent missing, parent in another unit, empty name', () => {
      const base = { departmentId: 'czj-yss', unitId: 'czj', unitOpen: true, name: '预算股', parentId: null, parent: null };
      dept
        .given([created])
        .when(cmd({ type: 'CreateDepartment', data: base }))
        .thenThrows('department.exists');
      dept
        .given([])
        .when(cmd({ type: 'CreateDepartment', data: { ...base, unitOpen: false } }))
        .thenThrows('department.unit_not_found');
      dept
        .given([])
        .when(cmd({ type: 'CreateDepartment', data: { ...base, parentId: 'x', parent: null } }))
        .thenThrows('department.parent_not_found');
      dept
        .given([])
        .when(
          cmd({
            type: 'CreateDepartment',
            data: { ...base, parentId: 'rsj-bgs', parent: { unitId: 'rsj', open: true, ancestry: ['rsj-bgs'] } },
          }),
        )
        .thenThrows('department.parent_other_unit');
      dept
        .given([])
        .when(cmd({ type: 'CreateDepartment', data: { ...base, name: '' } }))
        .thenThrows('org.name_required');
    });
  });

  describe('RenameDepartment', () => {
    it('renames; same name is a no-op; refuses missing and closed', () => {
      dept
        .given([created])
        .when(cmd({ type: 'RenameDepartment', data: { name: '预算科' } }))
        .then([{ type: 'DepartmentRenamed', data: { departmentId: 'czj-yss', name: '预算科', previousName: '预算股' } }]);
      dept
        .given([created])
        .when(cmd({ type: 'RenameDepartment', data: { name: '预算股' } }))
        .then([]);
      dept
        .given([])
        .when(cmd({ type: 'RenameDepartment', data: { name: 'x' } }))
        .thenThrows('department.not_found');
      dept
        .given([created, closed])
        .when(cmd({ type: 'RenameDepartment', data: { name: 'x' } }))
        .thenThrows('department.closed');
    });
  });

  describe('MoveDepartment', () => {
    it('moves within the unit and to the top', () => {
      dept
        .given([created])
        .when(
          cmd({ type: 'MoveDepartment', data: { newParentId: 'czj-zhk', parent: { unitId: 'czj', open: true, ancestry: ['czj-zhk'] } } }),
        )
        .then([{ type: 'DepartmentMoved', data: { departmentId: 'czj-yss', fromParentId: 'czj-bgs', toParentId: 'czj-zhk' } }]);
      dept
        .given([created])
        .when(cmd({ type: 'MoveDepartment', data: { newParentId: null, parent: null } }))
        .then([{ type: 'DepartmentMoved', data: { departmentId: 'czj-yss', fromParentId: 'czj-bgs', toParentId: null } }]);
    });
    it('refuses its own descendant, another unit, a closed parent', () => {
      dept
        .given([created])
        .when(
          cmd({
            type: 'MoveDepartment',
            data: { newParentId: 'czj-yss-1', parent: { unitId: 'czj', open: true, ancestry: ['czj-yss-1', 'czj-yss', 'czj-bgs'] } },
          }),
        )
        .thenThrows('department.move_into_descendant');
      dept
        .given([created])
        .when(cmd({ type: 'MoveDepartment', data: { newParentId: 'czj-yss', parent: parentOk } }))
        .thenThrows('department.move_into_descendant');
      dept
        .given([created])
        .when(cmd({ type: 'MoveDepartment', data: { newParentId: 'rsj-1', parent: { unitId: 'rsj', open: true, ancestry: ['rsj-1'] } } }))
        .thenThrows('department.parent_other_unit');
      dept
        .given([created])
        .when(
          cmd({ type: 'MoveDepartment', data: { newParentId: 'czj-old', parent: { unitId: 'czj', open: false, ancestry: ['czj-old'] } } }),
        )
        .thenThrows('department.parent_not_found');
    });
  });

  describe('AssignDepartmentLeader (负责人)', () => {
    const assigned: DepartmentEvent = { type: 'DepartmentLeaderAssigned', data: { departmentId: 'czj-yss', userId: 'u1' } };
    it('assigns, replaces, clears', () => {
      dept
        .given([created])
        .when(cmd({ type: 'AssignDepartmentLeader', data: { userId: 'u1', userActive: true } }))
        .then([assigned]);
      dept
        .given([created, assigned])
        .when(cmd({ type: 'AssignDepartmentLeader', data: { userId: 'u2', userActive: true } }))
        .then([{ type: 'DepartmentLeaderAssigned', data: { departmentId: 'czj-yss', userId: 'u2' } }]);
      dept
        .given([created, assigned])
        .when(cmd({ type: 'AssignDepartmentLeader', data: { userId: null, userActive: false } }))
        .then([{ type: 'DepartmentLeaderCleared', data: { departmentId: 'czj-yss', previousUserId: 'u1' } }]);
    });
    it('refuses an inactive user and a closed department', () => {
      dept
        .given([created])
        .when(cmd({ type: 'AssignDepartmentLeader', data: { userId: 'u1', userActive: false } }))
        .thenThrows('department.leader_not_active');
      dept
        .given([created, closed])
        .when(cmd({ type: 'AssignDepartmentLeader', data: { userId: 'u1', userActive: true } }))
        .thenThrows('department.closed');
    });
  });

  describe('CloseDepartment', () => {
    it('closes an empty department', () => {
      dept
        .given([created])
        .when(cmd({ type: 'CloseDepartment', data: { reason: null, openChildren: 0, activeMembers: 0 } }))
        .then([{ type: 'DepartmentClosed', data: { departmentId: 'czj-yss', closedAt: NOW, reason: null } }]);
    });
    it('refuses with sub-departments or members', () => {
      dept
        .given([created])
        .when(cmd({ type: 'CloseDepartment', data: { reason: null, openChildren: 1, activeMembers: 0 } }))
        .thenThrows('department.has_children');
      dept
        .given([created])
        .when(cmd({ type: 'CloseDepartment', data: { reason: null, openChildren: 0, activeMembers: 3 } }))
        .thenThrows('department.has_members');
    });
  });
});
