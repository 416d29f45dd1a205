/**
 * 单位 (unit): events and state. A unit sits in a parent chain (区政府 → 局/办 → 科室); a root unit has
 * parentId null. Decisions are in decide.ts.
 */
export type UnitEvent =
  | { type: 'UnitCreated'; data: { unitId: string; name: string; parentId: string | null; createdAt: string } }
  | { type: 'UnitRenamed'; data: { unitId: string; name: string; previousName: string } }
  | { type: 'UnitMoved'; data: { unitId: string; fromParentId: string | null; toParentId: string | null } }
  /** 单位负责人 */
  | { type: 'UnitLeaderAssigned'; data: { unitId: string; userId: string } }
  | { type: 'UnitLeaderCleared'; data: { unitId: string; previousUserId: string } }
  | { type: 'UnitClosed'; data: { unitId: string; closedAt: string; reason: string | null } };

export type UnitEventType = UnitEvent['type'];
export const UNIT_EVENT_TYPES: readonly UnitEventType[] = [
  'UnitCreated',
  'UnitRenamed',
  'UnitMoved',
  'UnitLeaderAssigned',
  'UnitLeaderCleared',
  'UnitClosed',
];

export interface ExistingUnit {
  status: 'open' | 'closed';
  unitId: string;
  name: string;
  parentId: string | null;
  leaderUserId: string | null;
}

export type UnitState = { status: 'none' } | ExistingUnit;

export const initialUnitState = (): UnitState => ({ status: 'none' });

export function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitCreated':
      return {
        status: 'open',
        unitId: event.data.unitId,
        name: event.data.name,
        parentId: event.data.parentId,
        leaderUserId: null,
      };
    case 'UnitRenamed':
      return state.status === 'none' ? state : { ...state, name: event.data.name };
    case 'UnitMoved':
      return state.status === 'none' ? state : { ...state, parentId: event.data.toParentId };
    case 'UnitLeaderAssigned':
      return state.status === 'none' ? state : { ...state, leaderUserId: event.data.userId };
    case 'UnitLeaderCleared':
      return state.status === 'none' ? state : { ...state, leaderUserId: null };
    case 'UnitClosed':
      return state.status === 'none' ? state : { ...state, status: 'closed' };
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}
