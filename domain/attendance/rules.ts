/**
 * 假别与年休假规则 (leave types and the national annual-leave rule).
 *
 * Rules
 *   A1 The national leave types: 年休假, 事假, 病假, 婚假, 产假, 陪产假, 丧假, 探亲假, 调休.
 *   A2 年休假 by 《职工带薪年休假条例》: 累计工作已满 1 年不满 10 年 5 天, 已满 10 年不满 20 年 10 天,
 *      已满 20 年 15 天 (service counted at 1 January of the year; less than a year: none).
 *   A3 In the year of joining the unit the days are pro rata: 当年度剩余日历天数 ÷ 365 × 全年天数,
 *      折算后不足 1 整天的部分不享受 (floor).
 *   A4 调休 is kept in hours (8 hours a day): approved 加班 earns them, 调休 leave spends them.
 *   A5 Balance-checked types: 年休假 (entitlement + carry-over), 调休 (hours), and any type the attendance
 *      admin caps for the person and year; the other types are not capped (the approval decides).
 */
import { DomainError } from '../shared/errors';

export const LEAVE_TYPES = ['年休假', '事假', '病假', '婚假', '产假', '陪产假', '丧假', '探亲假', '调休'] as const;
export type LeaveType = (typeof LEAVE_TYPES)[number];
export const ANNUAL: LeaveType = '年休假';
export const COMP_TIME: LeaveType = '调休';
export const HOURS_PER_DAY = 8;
/** W3: counted in calendar days. */
export const CALENDAR_DAY_TYPES: readonly LeaveType[] = ['产假'];

export function isLeaveType(x: unknown): x is LeaveType {
  return typeof x === 'string' && (LEAVE_TYPES as readonly string[]).includes(x);
}

/** Full years between two local dates (a - b). */
export function fullYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  let y = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) y--;
  return Math.max(0, y);
}

export interface AnnualEntitlement {
  days: number;
  serviceYears: number;
  /** 'full' or the pro-rata basis. */
  basis: string;
}

/** A2 + A3. `workStartDate`: 参加工作日期; `unitJoinDate`: 入职本单位日期 (optional). */
export function annualLeaveEntitlement(year: number, workStartDate: string, unitJoinDate: string | null = null): AnnualEntitlement {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new DomainError('invalid', 'attendance.year', '年度无效', 'year');
  const jan1 = `${year}-01-01`;
  const serviceYears = fullYears(workStartDate, jan1);
  const full = serviceYears >= 20 ? 15 : serviceYears >= 10 ? 10 : serviceYears >= 1 ? 5 : 0;
  if (unitJoinDate && unitJoinDate.startsWith(`${year}-`)) {
    const dec31 = Date.parse(`${year}-12-31T00:00:00Z`);
    const remaining = Math.round((dec31 - Date.parse(`${unitJoinDate}T00:00:00Z`)) / 86_400_000) + 1;
    const days = Math.floor((remaining / 365) * full);
    return { days, serviceYears, basis: `入职当年折算：剩余 ${remaining} 天 ÷ 365 × ${full} 天，不足 1 天不计` };
  }
  return { days: full, serviceYears, basis: `累计工作 ${serviceYears} 年，全年 ${full} 天` };
}

/** Days → text: 3, 3.5. */
export function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}
