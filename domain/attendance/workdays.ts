/**
 * 请休假天数 (leave days) on the working-day calendar.
 *
 * Rules
 *   W1 Dates are Asia/Shanghai calendar dates 'YYYY-MM-DD'; a leave starts in the morning ('am') or the
 *      afternoon ('pm') of its first day and ends at noon ('am') or in the evening ('pm') of its last day.
 *   W2 Each working day (weekends, statutory holidays and 调休 make-up days from the calendar) counts 1,
 *      a first day starting 'pm' or a last day ending 'am' counts ½; rest days count 0 — so a request
 *      over 国庆 counts only the working days, and a 调休 Saturday counts.
 *   W3 产假 is counted in calendar days (国家规定产假按自然日计算, holidays included).
 *   W4 The end may not precede the start; a one-day leave from 'pm' to 'am' is refused; a request of
 *      0 days (only rest days) is refused; a leave spans at most 366 days.
 */
import { DomainError } from '../shared/errors';
import { workingDayRule, type WorkingCalendar } from '../workflow';

export type Half = 'am' | 'pm';
export const HALVES: readonly Half[] = ['am', 'pm'];

export interface LeaveSpan {
  startDate: string;
  startHalf: Half;
  endDate: string;
  endHalf: Half;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function isLocalDate(d: unknown): d is string {
  if (typeof d !== 'string' || !DAY.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
}

export function addDays(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Every calendar date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= 400; d = addDays(d, 1)) out.push(d);
  return out;
}

/** W1–W4: the leave's days, or a DomainError naming the offending field. */
export function countLeaveDays(span: LeaveSpan, calendar: WorkingCalendar, options: { calendarDays?: boolean } = {}): number {
  if (!isLocalDate(span.startDate)) throw new DomainError('invalid', 'attendance.start_date', '开始日期格式应为 YYYY-MM-DD', 'startDate');
  if (!isLocalDate(span.endDate)) throw new DomainError('invalid', 'attendance.end_date', '结束日期格式应为 YYYY-MM-DD', 'endDate');
  if (!HALVES.includes(span.startHalf)) throw new DomainError('invalid', 'attendance.half', '开始时段应为上午或下午', 'startHalf');
  if (!HALVES.includes(span.endHalf)) throw new DomainError('invalid', 'attendance.half', '结束时段应为上午或下午', 'endHalf');
  if (span.endDate < span.startDate) throw new DomainError('invalid', 'attendance.date_order', '结束日期不能早于开始日期', 'endDate');
  if (span.endDate === span.startDate && span.startHalf === 'pm' && span.endHalf === 'am')
    throw new DomainError('invalid', 'attendance.date_order', '同一天内结束时段不能早于开始时段', 'endHalf');
  const dates = datesBetween(span.startDate, span.endDate);
  if (dates.length > 366) throw new DomainError('invalid', 'attendance.too_long', '一次请假不能超过 366 天', 'endDate');
  const isWorking = options.calendarDays ? () => true : workingDayRule(calendar);
  let days = 0;
  for (const d of dates) {
    if (!isWorking(d)) continue;
    let part = 1;
    if (d === span.startDate && span.startHalf === 'pm') part -= 0.5;
    if (d === span.endDate && span.endHalf === 'am') part -= 0.5;
    days += part;
  }
  if (days <= 0) throw new DomainError('invalid', 'attendance.no_working_day', '所选时间内没有工作日，无需请假', 'endDate');
  return days;
}
