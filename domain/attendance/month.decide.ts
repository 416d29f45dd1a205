/**
 * 考勤月 decider (stream `attendance-month-<unitId>-<YYYY-MM>`).
 *
 * Rules
 *   M1 An import holds the rows of one month only (the command side checks every row first: a bad row is
 *      reported with its row number and nothing of the file is imported); a batch is imported once.
 *   M2 A mobile clock-in is recorded at the command's time (Asia/Shanghai month of it), with an optional
 *      position (lat −90…90, lng −180…180).
 *   M3 Closing (月结) is done by the unit's attendance admin once the month has ended, once; the statement
 *      is frozen in MonthClosed. After it no punch is recorded into the month; later 补签 of its days
 *      appear in the next month's statement with a reference (statement.ts S7).
 */
import type { Command } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { evolveMonth, initialMonthState, type MonthEvent, type MonthState, type Punch } from './month.events';
import type { StatementRow } from './statement';

export type ImportPunches = Command<
  'ImportPunches',
  { unitId: string; month: string; batchId: string; fileName: string; punches: Punch[] }
>;
export type RecordPunch = Command<
  'RecordPunch',
  { unitId: string; month: string; personId: string; position: { lat: number; lng: number; accuracy?: number } | null }
>;
export type CloseMonth = Command<'CloseMonth', { unitId: string; month: string; rows: StatementRow[]; punches: number }>;
export type MonthCommand = ImportPunches | RecordPunch | CloseMonth;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function shanghaiMonth(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 7);
}

function open(s: MonthState, month: string): void {
  if (s.closed)
    throw new DomainError('rule', 'attendance.month_closed', `${month} 已月结，考勤记录不能再变更；更正请通过补签申请，计入下月`, 'month');
}

export function importPunches(cmd: ImportPunches, s: MonthState): MonthEvent[] {
  const d = cmd.data;
  if (!MONTH.test(d.month)) throw new DomainError('invalid', 'attendance.month', '月份格式应为 YYYY-MM', 'month');
  if (s.batches.includes(d.batchId)) return [];
  open(s, d.month);
  if (d.punches.length === 0) throw new DomainError('invalid', 'attendance.empty_file', '文件中没有打卡记录', 'file');
  const other = d.punches.findIndex((p) => shanghaiMonth(p.at) !== d.month);
  if (other >= 0) throw new DomainError('invalid', 'attendance.mixed_months', '一次导入只能包含同一个月的打卡记录', 'file');
  return [{ type: 'PunchesImported', data: { ...d, importedBy: cmd.metadata.actorId, at: cmd.metadata.now } }];
}

export function recordPunch(cmd: RecordPunch, s: MonthState): MonthEvent[] {
  const d = cmd.data;
  open(s, d.month);
  if (shanghaiMonth(cmd.metadata.now) !== d.month) throw new DomainError('invalid', 'attendance.month', '只能在当月打卡', 'month');
  const p = d.position;
  if (p && (!(Math.abs(p.lat) <= 90) || !(Math.abs(p.lng) <= 180)))
    throw new DomainError('invalid', 'attendance.position', '定位坐标无效', 'position');
  return [{ type: 'PunchRecorded', data: { unitId: d.unitId, month: d.month, personId: d.personId, at: cmd.metadata.now, position: p } }];
}

export function closeMonth(cmd: CloseMonth, s: MonthState): MonthEvent[] {
  const d = cmd.data;
  if (!MONTH.test(d.month)) throw new DomainError('invalid', 'attendance.month', '月份格式应为 YYYY-MM', 'month');
  if (s.closed) throw new DomainError('conflict', 'attendance.month_closed', `${d.month} 已于 ${s.closed.at.slice(0, 10)} 月结`, 'month');
  if (shanghaiMonth(cmd.metadata.now) <= d.month)
    throw new DomainError('rule', 'attendance.month_not_over', `${d.month} 尚未结束，不能月结`, 'month');
  return [
    {
      type: 'MonthClosed',
      data: { unitId: d.unitId, month: d.month, closedBy: cmd.metadata.actorId, at: cmd.metadata.now, rows: d.rows, punches: d.punches },
    },
  ];
}

export function decideMonth(cmd: MonthCommand, s: MonthState): MonthEvent[] {
  switch (cmd.type) {
    case 'ImportPunches':
      return importPunches(cmd, s);
    case 'RecordPunch':
      return recordPunch(cmd, s);
    case 'CloseMonth':
      return closeMonth(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const monthDecider = { initialState: initialMonthState, decide: decideMonth, evolve: evolveMonth };
