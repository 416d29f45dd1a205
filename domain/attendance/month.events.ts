import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import type { StatementRow } from './statement';

/**
 * 考勤月 (a unit's attendance month), stream `attendance-month-<unitId>-<YYYY-MM>`: the punch records of
 * the attendance machines (imported files) and of the phone (mobile clock-in), and the month's closing
 * (月结) with the statement frozen in the event.
 */
export interface Punch {
  personId: string;
  /** ISO-8601 UTC */
  at: string;
  device: string;
}

export type PunchesImported = DomainEvent<
  'PunchesImported',
  { unitId: string; month: string; batchId: string; fileName: string; punches: Punch[]; importedBy: string; at: string }
>;
export type PunchRecorded = DomainEvent<
  'PunchRecorded',
  { unitId: string; month: string; personId: string; at: string; position: { lat: number; lng: number; accuracy?: number } | null }
>;
export type MonthClosed = DomainEvent<
  'MonthClosed',
  { unitId: string; month: string; closedBy: string; at: string; rows: StatementRow[]; punches: number }
>;

export type MonthEvent = PunchesImported | PunchRecorded | MonthClosed;
export const MONTH_EVENT_TYPES = ['PunchesImported', 'PunchRecorded', 'MonthClosed'] as const satisfies readonly MonthEvent['type'][];

export interface MonthState {
  unitId: string | null;
  month: string;
  batches: string[];
  punches: number;
  closed: { by: string; at: string } | null;
}

export const initialMonthState = (): MonthState => ({ unitId: null, month: '', batches: [], punches: 0, closed: null });

export function monthStreamId(unitId: string, month: string): string {
  return `attendance-month-${unitId}-${month}`;
}

export function evolveMonth(s: MonthState, e: MonthEvent): MonthState {
  const base = { ...s, unitId: e.data.unitId, month: e.data.month };
  switch (e.type) {
    case 'PunchesImported':
      return { ...base, batches: [...s.batches, e.data.batchId], punches: s.punches + e.data.punches.length };
    case 'PunchRecorded':
      return { ...base, punches: s.punches + 1 };
    case 'MonthClosed':
      return { ...base, closed: { by: e.data.closedBy, at: e.data.at } };
    default:
      return assertNever(e);
  }
}
