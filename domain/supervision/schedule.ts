/**
 * Due times of a 督办事项's automatic work, in working days of the statutory calendar
 * (domain/workflow/calendar.ts: weekends, holidays, 调休). Computed when a deadline or a report due
 * date is set, recorded in the events (SupervisionItemAssigned.schedule, …), never at sweep time.
 *
 *  - A deadline `YYYY-MM-DD` (Asia/Shanghai) passes at the end of that day: overdueAt = next day 00:00 +08:00.
 *  - 到期提醒 N working days before the deadline day, 09:00 +08:00.
 *  - 通报 M working days after the deadline passed.
 *  - 阶段反馈 on the cycle: weekly (+7 days), monthly (+1 month), or the next listed date; a due date after
 *    the deadline is not asked for (the 办结报告 covers it). Its reminder N working days before, 09:00.
 */
import { addWorkingDays, localDateOf, type WorkingDayRule } from '../workflow';
import type { DeadlineSchedule, ReportCycle } from './item.events';

const DAY_MS = 86_400_000;

/** The moment a deadline day ends (Asia/Shanghai midnight after it), ISO UTC. */
export const endOfDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00+08:00`) + DAY_MS).toISOString();
/** 09:00 Asia/Shanghai on a date, ISO UTC. */
export const morningOf = (date: string): string => new Date(Date.parse(`${date}T09:00:00+08:00`)).toISOString();

/** `fromIso` minus `days` working days (keeps the time of day). */
export function subtractWorkingDays(fromIso: string, days: number, isWorkingDay: WorkingDayRule): string {
  let t = Date.parse(fromIso);
  let left = Math.floor(days);
  let guard = 0;
  while (left > 0) {
    t -= DAY_MS;
    if (isWorkingDay(localDateOf(t))) left--;
    if (++guard > 3660) throw new RangeError('no working day within ten years');
  }
  return new Date(t).toISOString();
}

export function deadlineSchedule(
  deadline: string,
  remindDays: number,
  escalateDays: number,
  isWorkingDay: WorkingDayRule,
): DeadlineSchedule {
  const overdueAt = endOfDay(deadline);
  return {
    remindAt: remindDays > 0 ? subtractWorkingDays(morningOf(deadline), remindDays, isWorkingDay) : null,
    overdueAt,
    escalateAt: addWorkingDays(overdueAt, escalateDays, isWorkingDay),
  };
}

/** Working days after the deadline day up to and including the local date of `atIso` (0 when not late). */
export function overdueWorkingDays(deadline: string, atIso: string, isWorkingDay: WorkingDayRule): number {
  const end = localDateOf(Date.parse(atIso));
  if (end <= deadline) return 0;
  let n = 0;
  let t = Date.parse(`${deadline}T00:00:00Z`);
  for (let guard = 0; guard < 3660; guard++) {
    t += DAY_MS;
    const d = new Date(t).toISOString().slice(0, 10);
    if (d > end) break;
    if (isWorkingDay(d)) n++;
  }
  return n;
}

function addMonth(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The next 阶段反馈 due date after `fromIso` on the cycle, or null (once, or past the deadline). */
export function nextReportDue(cycle: ReportCycle, fromIso: string, deadline: string): string | null {
  const from = localDateOf(Date.parse(fromIso));
  let due: string | null;
  switch (cycle.kind) {
    case 'once':
      due = null;
      break;
    case 'weekly':
      due = new Date(Date.parse(`${from}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10);
      break;
    case 'monthly':
      due = addMonth(from);
      break;
    case 'dates':
      due = [...cycle.dates].sort().find((d) => d > from) ?? null;
      break;
  }
  return due !== null && due < deadline ? due : null;
}

export function reportRemindAt(due: string | null, remindDays: number, isWorkingDay: WorkingDayRule): string | null {
  if (!due) return null;
  return subtractWorkingDays(morningOf(due), Math.max(remindDays, 0), isWorkingDay);
}
