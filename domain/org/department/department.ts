/**
 * 部门 (department): events and state. Departments form a tree inside one unit (parentId null = a
 * top-level department of the unit). Decisions are in decide.ts.
 */
export type DepartmentEvent =
  | {
      type: 'DepartmentCreated';
      data: { departmentId: string; unitId: string; name: string; parentId: string | null; createdAt: string };
    }
  | { type: 'DepartmentRenamed'; data: { departmentId: string; name: string; previousName: string } }
  | { type: 'DepartmentMoved'; data: { departmentId: string; fromParentId: string | null; toParentId: string | null } }
  /** 部门负责人 */
  | { type: 'DepartmentLeaderAssigned'; data: { departmentId: string; userId: string } }
  | { type: 'DepartmentLeaderCleared'; data: { departmentId: string; previousUserId: string } }
  | { type: 'DepartmentClosed'; data: { departmentId: string; closedAt: string; reason: string | null } };

export type DepartmentEventType = DepartmentEvent['type'];
export const DEPARTMENT_EVENT_TYPES: readonly DepartmentEventType[] = [
  'DepartmentCreated',
  'DepartmentRenamed',
  'DepartmentMoved',
  'DepartmentLeaderAssigned',
  'DepartmentLeaderCleared',
  'DepartmentClosed',
];

export interface ExistingDepartment {
  status: 'open' | 'closed';
  departmentId: string;
  unitId: string;
  name: string;
  parentId: string | null;
  leaderUserId: string | null;
}

export type DepartmentState = { status: 'none' } | ExistingDepartment;

export const initialDepartmentState = (): DepartmentState => ({ status: 'none' });

export function evolveDepartment(state: DepartmentState, event: DepartmentEvent): DepartmentState {
  switch (event.type) {
    case 'DepartmentCreated':
      return {
        status: 'open',
        departmentId: event.data.departmentId,
        unitId: event.data.unitId,
        name: event.data.name,
        parentId: event.data.parentId,
        leaderUserId: null,
      };
    case 'DepartmentRenamed':
      return state.status === 'none' ? state : { ...state, name: event.data.name };
    case 'DepartmentMoved':
      return state.status === 'none' ? state : { ...state, parentId: event.data.toParentId };
    case 'DepartmentLeaderAssigned':
      return state.status === 'none' ? state : { ...state, leaderUserId: event.data.userId };
    case 'DepartmentLeaderCleared':
      return state.status === 'none' ? state : { ...state, leaderUserId: null };
    case 'DepartmentClosed':
      return state.status === 'none' ? state : { ...state, status: 'closed' };
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}
