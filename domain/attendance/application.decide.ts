/**
 * 考勤申请 decider (stream `attendance-application-<id>`).
 *
 * Rules
 *   P1 请休假: a national leave type (rules.ts A1); the days are computed from the dates and half-day marks
 *      on the working-day calendar (workdays.ts W1–W4), never typed; a leave lies within one year
 *      (跨年请分两次申请); reason ≤ 500 characters.
 *   P2 国内出差: 1–10 destination cities (each 1–50 characters), dates in order, at most 180 days, purpose
 *      1–500 characters, a transport from the list, companions other than the applicant (≤ 30).
 *   P3 加班: a date, 0.5–24 hours in half hours, a reason.
 *   P4 补签: a date not in the future, 上班/下班, a time HH:MM, a reason.
 *   P5 An application is filed once (the stream must not exist); it carries the process that approves it.
 *   P6 The outcome of its process (recorded by the reactor) is taken once; an outcome of another
 *      process is refused; approval emits the kind's approved event (contract A for leave and trips).
 *   P7 销假: only the applicant, only an approved leave, once; the actual end is not before the start;
 *      the days are recomputed on the calendar (the balance follows: balance.decide.ts B5).
 */
import type { Command } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import type { WorkingCalendar } from '../workflow';
import {
  evolveApplication,
  initialApplicationState,
  type ApplicationEvent,
  type ApplicationState,
  type LeaveRequested,
} from './application.events';
import { CALENDAR_DAY_TYPES, isLeaveType, type LeaveType } from './rules';
import { countLeaveDays, isLocalDate, HALVES, type Half } from './workdays';

interface Filing {
  applicationId: string;
  personId: string;
  personName: string;
  unitId: string;
  departmentId: string;
  processId: string;
}

export interface LeaveForm {
  leaveType: string;
  startDate: string;
  startHalf: Half;
  endDate: string;
  endHalf: Half;
  reason?: string;
}
export interface TripForm {
  destinations: string[];
  startDate: string;
  endDate: string;
  purpose: string;
  transport: string;
  companions?: string[];
}
export interface OvertimeForm {
  date: string;
  hours: number;
  reason: string;
}
export interface CorrectionForm {
  date: string;
  direction: 'in' | 'out';
  time: string;
  reason: string;
}

export const TRANSPORTS = ['飞机', '火车', '高铁', '汽车', '轮船', '公务用车', '自驾', '其他'] as const;

export type RequestLeave = Command<'RequestLeave', Filing & LeaveForm & { calendar: WorkingCalendar }>;
export type RequestTrip = Command<'RequestTrip', Filing & TripForm>;
export type RequestOvertime = Command<'RequestOvertime', Filing & OvertimeForm>;
export type RequestCorrection = Command<'RequestCorrection', Filing & CorrectionForm>;
export type RecordApplicationOutcome = Command<
  'RecordApplicationOutcome',
  { processId: string; outcome: 'approved' | 'rejected' | 'cancelled' | 'terminated'; actorId: string; opinion: string; at: string }
>;
export type ReportBack = Command<'ReportBack', { actualEndDate: string; actualEndHalf: Half; calendar: WorkingCalendar }>;

export type ApplicationCommand = RequestLeave | RequestTrip | RequestOvertime | RequestCorrection | RecordApplicationOutcome | ReportBack;

const bad = (code: string, message: string, field: string) => new DomainError('invalid', `attendance.${code}`, message, field);

function mustBeNew(s: ApplicationState) {
  if (s.status !== 'none') throw new DomainError('conflict', 'attendance.exists', '该申请已提交', 'applicationId');
}

function text(v: unknown, field: string, label: string, max: number, required: boolean): string {
  const t = typeof v === 'string' ? v.trim() : '';
  if (required && !t) throw bad('required', `请填写${label}`, field);
  if (t.length > max) throw bad('too_long', `${label}不能超过 ${max} 个字`, field);
  return t;
}

/** P1: the leave's days on the calendar (also used by the command side before reserving the balance). */
export function leaveDays(form: LeaveForm, calendar: WorkingCalendar): number {
  if (!isLeaveType(form.leaveType))
    throw bad('leave_type', '假别应为年休假、事假、病假、婚假、产假、陪产假、丧假、探亲假或调休', 'leaveType');
  const days = countLeaveDays(form, calendar, { calendarDays: CALENDAR_DAY_TYPES.includes(form.leaveType as LeaveType) });
  if (form.startDate.slice(0, 4) !== form.endDate.slice(0, 4)) throw bad('across_years', '跨年度请假请按年度分两次申请', 'endDate');
  return days;
}

export function requestLeave(cmd: RequestLeave, s: ApplicationState): ApplicationEvent[] {
  mustBeNew(s);
  const { calendar, ...d } = cmd.data;
  const days = leaveDays(d, calendar);
  const reason = text(d.reason, 'reason', '事由', 500, false);
  const data: LeaveRequested['data'] = {
    applicationId: d.applicationId,
    personId: d.personId,
    personName: d.personName,
    unitId: d.unitId,
    departmentId: d.departmentId,
    processId: d.processId,
    leaveType: d.leaveType,
    startDate: d.startDate,
    startHalf: d.startHalf,
    endDate: d.endDate,
    endHalf: d.endHalf,
    days,
    reason,
    at: cmd.metadata.now,
  };
  return [{ type: 'LeaveRequested', data }];
}

/** P2 */
export function checkTrip(d: TripForm, personId: string): void {
  if (!Array.isArray(d.destinations) || d.destinations.length < 1 || d.destinations.length > 10)
    throw bad('destinations', '请填写 1–10 个出差目的地', 'destinations');
  d.destinations.forEach((c, i) => text(c, `destinations[${i}]`, '目的地', 50, true));
  if (!isLocalDate(d.startDate)) throw bad('start_date', '开始日期格式应为 YYYY-MM-DD', 'startDate');
  if (!isLocalDate(d.endDate)) throw bad('end_date', '结束日期格式应为 YYYY-MM-DD', 'endDate');
  if (d.endDate < d.startDate) throw bad('date_order', '结束日期不能早于开始日期', 'endDate');
  if ((Date.parse(d.endDate) - Date.parse(d.startDate)) / 86_400_000 >= 180) throw bad('too_long', '一次出差不能超过 180 天', 'endDate');
  text(d.purpose, 'purpose', '出差事由', 500, true);
  if (!(TRANSPORTS as readonly string[]).includes(d.transport))
    throw bad('transport', `交通工具应为${TRANSPORTS.join('、')}之一`, 'transport');
  const companions = d.companions ?? [];
  if (companions.length > 30) throw bad('companions', '同行人员不能超过 30 人', 'companions');
  if (companions.includes(personId)) throw bad('companions', '同行人员不能包括申请人本人', 'companions');
  if (new Set(companions).size !== companions.length) throw bad('companions', '同行人员重复', 'companions');
}

export function requestTrip(cmd: RequestTrip, s: ApplicationState): ApplicationEvent[] {
  mustBeNew(s);
  const d = cmd.data;
  checkTrip(d, d.personId);
  return [
    {
      type: 'TripRequested',
      data: {
        applicationId: d.applicationId,
        personId: d.personId,
        personName: d.personName,
        unitId: d.unitId,
        departmentId: d.departmentId,
        processId: d.processId,
        destinations: d.destinations.map((c) => c.trim()),
        startDate: d.startDate,
        endDate: d.endDate,
        purpose: d.purpose.trim(),
        transport: d.transport,
        companions: d.companions ?? [],
        at: cmd.metadata.now,
      },
    },
  ];
}

/** P3 */
export function checkOvertime(d: OvertimeForm): void {
  if (!isLocalDate(d.date)) throw bad('date', '加班日期格式应为 YYYY-MM-DD', 'date');
  if (!Number.isFinite(d.hours) || d.hours < 0.5 || d.hours > 24 || Math.round(d.hours * 2) !== d.hours * 2)
    throw bad('overtime_hours', '加班时长应为 0.5–24 小时，以半小时为单位', 'hours');
  text(d.reason, 'reason', '加班事由', 500, true);
}

export function requestOvertime(cmd: RequestOvertime, s: ApplicationState): ApplicationEvent[] {
  mustBeNew(s);
  const d = cmd.data;
  checkOvertime(d);
  const { applicationId, personId, personName, unitId, departmentId, processId, date, hours } = d;
  return [
    {
      type: 'OvertimeRequested',
      data: {
        applicationId,
        personId,
        personName,
        unitId,
        departmentId,
        processId,
        date,
        hours,
        reason: d.reason.trim(),
        at: cmd.metadata.now,
      },
    },
  ];
}

/** P4 */
export function checkCorrection(d: CorrectionForm, now: string): void {
  if (!isLocalDate(d.date)) throw bad('date', '补签日期格式应为 YYYY-MM-DD', 'date');
  const today = new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10);
  if (d.date > today) throw bad('future', '不能为将来的日期补签', 'date');
  if (d.direction !== 'in' && d.direction !== 'out') throw bad('direction', '补签类型应为上班或下班', 'direction');
  if (typeof d.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(d.time)) throw bad('time', '补签时间格式应为 HH:MM', 'time');
  text(d.reason, 'reason', '补签原因', 500, true);
}

export function requestCorrection(cmd: RequestCorrection, s: ApplicationState): ApplicationEvent[] {
  mustBeNew(s);
  const d = cmd.data;
  checkCorrection(d, cmd.metadata.now);
  const { applicationId, personId, personName, unitId, departmentId, processId, date, direction, time } = d;
  return [
    {
      type: 'CorrectionRequested',
      data: {
        applicationId,
        personId,
        personName,
        unitId,
        departmentId,
        processId,
        date,
        direction,
        time,
        reason: d.reason.trim(),
        at: cmd.metadata.now,
      },
    },
  ];
}

export function recordApplicationOutcome(cmd: RecordApplicationOutcome, s: ApplicationState): ApplicationEvent[] {
  if (s.status === 'none') throw new DomainError('not_found', 'attendance.not_found', '申请不存在', 'applicationId');
  if (cmd.data.processId !== s.processId) throw new DomainError('conflict', 'attendance.process_mismatch', '流程与申请不符', 'processId');
  if (s.status !== 'pending') return []; // P6: once
  const r = s.requested!;
  const { personId, applicationId } = s;
  if (cmd.data.outcome !== 'approved') {
    const { outcome, actorId, opinion, at } = cmd.data;
    return [{ type: 'ApplicationClosed', data: { applicationId, personId, outcome, actorId, opinion, at } }];
  }
  switch (s.kind) {
    case 'leave': {
      const d = r as LeaveRequested['data'];
      const { leaveType, startDate, endDate, startHalf, endHalf, days } = d;
      return [{ type: 'LeaveApproved', data: { applicationId, personId, leaveType, startDate, endDate, startHalf, endHalf, days } }];
    }
    case 'trip': {
      const d = r as TripForm;
      return [
        {
          type: 'TripApproved',
          data: {
            tripId: applicationId,
            personId,
            companions: d.companions ?? [],
            destinations: d.destinations,
            startDate: d.startDate,
            endDate: d.endDate,
            purpose: d.purpose,
            transport: d.transport,
          },
        },
      ];
    }
    case 'overtime': {
      const d = r as OvertimeForm;
      return [{ type: 'OvertimeApproved', data: { applicationId, personId, date: d.date, hours: d.hours } }];
    }
    case 'correction': {
      const d = r as CorrectionForm;
      return [{ type: 'CorrectionApproved', data: { applicationId, personId, date: d.date, direction: d.direction, time: d.time } }];
    }
    case null:
      throw new DomainError('not_found', 'attendance.not_found', '申请不存在', 'applicationId');
    default:
      return assertNever(s.kind);
  }
}

export function reportBack(cmd: ReportBack, s: ApplicationState): ApplicationEvent[] {
  if (s.kind !== 'leave') throw new DomainError('not_found', 'attendance.not_found', '请假申请不存在', 'applicationId');
  const actor = cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;
  if (actor !== s.personId) throw new DomainError('forbidden', 'attendance.not_applicant', '只有请假人本人可以销假');
  if (s.status !== 'approved') throw new DomainError('rule', 'attendance.not_approved', '请假尚未批准，不能销假', 'applicationId');
  if (s.reportedBack) throw new DomainError('conflict', 'attendance.reported_back', '该请假已销假', 'applicationId');
  if (!HALVES.includes(cmd.data.actualEndHalf)) throw bad('half', '结束时段应为上午或下午', 'actualEndHalf');
  const r = s.requested as LeaveRequested['data'];
  if (!isLocalDate(cmd.data.actualEndDate)) throw bad('end_date', '实际结束日期格式应为 YYYY-MM-DD', 'actualEndDate');
  if (cmd.data.actualEndDate < r.startDate) throw bad('date_order', '实际结束日期不能早于开始日期', 'actualEndDate');
  let days: number;
  try {
    days = leaveDays({ ...r, endDate: cmd.data.actualEndDate, endHalf: cmd.data.actualEndHalf }, cmd.data.calendar);
  } catch (e) {
    if (e instanceof DomainError)
      throw new DomainError(
        e.kind,
        e.code,
        e.message,
        e.field === 'endDate' ? 'actualEndDate' : e.field === 'endHalf' ? 'actualEndHalf' : e.field,
      );
    throw e;
  }
  return [
    {
      type: 'LeaveReportedBack',
      data: {
        applicationId: s.applicationId,
        personId: s.personId,
        actualEndDate: cmd.data.actualEndDate,
        actualEndHalf: cmd.data.actualEndHalf,
        days,
      },
    },
  ];
}

export function decideApplication(cmd: ApplicationCommand, s: ApplicationState): ApplicationEvent[] {
  switch (cmd.type) {
    case 'RequestLeave':
      return requestLeave(cmd, s);
    case 'RequestTrip':
      return requestTrip(cmd, s);
    case 'RequestOvertime':
      return requestOvertime(cmd, s);
    case 'RequestCorrection':
      return requestCorrection(cmd, s);
    case 'RecordApplicationOutcome':
      return recordApplicationOutcome(cmd, s);
    case 'ReportBack':
      return reportBack(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const applicationDecider = { initialState: initialApplicationState, decide: decideApplication, evolve: evolveApplication };
