/**
 * 假期余额 decider (stream `attendance-balance-<personId>-<year>`).
 *
 * Rules
 *   B1 年休假 entitlement by the national rule (rules.ts A2/A3) from 参加工作日期 and 入职本单位日期;
 *      set again (a corrected date) replaces the days, history kept.
 *   B2 The attendance admin caps any other type (0–365 days) and grants the carry-over of last year's
 *      unused 年休假 up to a limit (0–15), expiring on a date in this year; at that date the unused
 *      carry-over expires (CarryOverExpired, by the scheduled job) — once.
 *   B3 A request over the balance is refused with the numbers (available vs asked); carry-over days are
 *      spent first while they have not expired on the leave's start date.
 *   B4 Withdrawal, rejection, cancellation or termination releases the reservation (days come back; carry-over
 *      days released after their expiry expire at once); approval turns the reservation into days taken.
 *   B5 销假: the taken days follow the actual days; extra days must fit the balance.
 *   B6 Approved 加班 earns 调休 hours (0.5–24 per application), once per application.
 *   B7 Every command about an application is idempotent per application (a replay decides nothing).
 */
import type { Command } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import {
  amountOf,
  available,
  carryOverLeft,
  evolveBalance,
  initialBalanceState,
  round,
  type BalanceEvent,
  type BalanceState,
} from './balance.events';
import { ANNUAL, COMP_TIME, HOURS_PER_DAY, annualLeaveEntitlement, fmt, isLeaveType } from './rules';
import { isLocalDate } from './workdays';

type C<T extends string, D> = Command<T, D & { personId: string; year: number }>;
export type EntitleAnnualLeave = C<'EntitleAnnualLeave', { workStartDate: string; unitJoinDate?: string | null }>;
export type SetLeaveQuota = C<'SetLeaveQuota', { leaveType: string; days: number }>;
export type GrantCarryOver = C<'GrantCarryOver', { unusedLastYear: number; limit: number; expiresOn: string }>;
export type ExpireCarryOver = C<'ExpireCarryOver', object>;
export type ReserveLeave = C<'ReserveLeave', { applicationId: string; leaveType: string; days: number; startDate: string }>;
export type ReleaseLeave = C<'ReleaseLeave', { applicationId: string; reason: string }>;
export type TakeLeave = C<'TakeLeave', { applicationId: string }>;
export type AdjustTakenLeave = C<'AdjustTakenLeave', { applicationId: string; actualDays: number }>;
export type EarnCompTime = C<'EarnCompTime', { applicationId: string; hours: number }>;

export type BalanceCommand =
  | EntitleAnnualLeave
  | SetLeaveQuota
  | GrantCarryOver
  | ExpireCarryOver
  | ReserveLeave
  | ReleaseLeave
  | TakeLeave
  | AdjustTakenLeave
  | EarnCompTime;

const unitOf = (t: string) => (t === COMP_TIME ? '小时' : '天');

function ids(cmd: BalanceCommand) {
  return { personId: cmd.data.personId, year: cmd.data.year, at: cmd.metadata.now };
}

export function entitleAnnualLeave(cmd: EntitleAnnualLeave, _s: BalanceState): BalanceEvent[] {
  const { workStartDate } = cmd.data;
  const unitJoinDate = cmd.data.unitJoinDate ?? null;
  if (!isLocalDate(workStartDate))
    throw new DomainError('invalid', 'attendance.work_start', '参加工作日期格式应为 YYYY-MM-DD', 'workStartDate');
  if (unitJoinDate !== null && !isLocalDate(unitJoinDate))
    throw new DomainError('invalid', 'attendance.unit_join', '入职日期格式应为 YYYY-MM-DD', 'unitJoinDate');
  if (unitJoinDate !== null && unitJoinDate < workStartDate)
    throw new DomainError('invalid', 'attendance.unit_join', '入职本单位日期不能早于参加工作日期', 'unitJoinDate');
  if (unitJoinDate !== null && unitJoinDate > `${cmd.data.year}-12-31`)
    throw new DomainError('invalid', 'attendance.unit_join', '入职日期晚于该年度', 'unitJoinDate');
  const e = annualLeaveEntitlement(cmd.data.year, workStartDate, unitJoinDate);
  return [
    {
      type: 'AnnualLeaveEntitled',
      data: { ...ids(cmd), days: e.days, serviceYears: e.serviceYears, basis: e.basis, workStartDate, unitJoinDate },
    },
  ];
}

export function setLeaveQuota(cmd: SetLeaveQuota, _s: BalanceState): BalanceEvent[] {
  const { leaveType, days } = cmd.data;
  if (!isLeaveType(leaveType) || leaveType === ANNUAL || leaveType === COMP_TIME)
    throw new DomainError('invalid', 'attendance.quota_type', '只能为年休假、调休以外的假别设置额度', 'leaveType');
  if (!Number.isFinite(days) || days < 0 || days > 365 || Math.round(days * 2) !== days * 2)
    throw new DomainError('invalid', 'attendance.quota_days', '额度应为 0–365 天，以半天为单位', 'days');
  return [{ type: 'LeaveQuotaSet', data: { ...ids(cmd), leaveType, days } }];
}

export function grantCarryOver(cmd: GrantCarryOver, s: BalanceState): BalanceEvent[] {
  const { unusedLastYear, limit, expiresOn } = cmd.data;
  if (!Number.isFinite(limit) || limit < 0 || limit > 15)
    throw new DomainError('invalid', 'attendance.carry_limit', '结转上限应为 0–15 天', 'limit');
  if (!isLocalDate(expiresOn) || !expiresOn.startsWith(`${cmd.data.year}-`))
    throw new DomainError('invalid', 'attendance.carry_expiry', `结转有效期应为 ${cmd.data.year} 年内的日期`, 'expiresOn');
  if (s.carryOver) throw new DomainError('conflict', 'attendance.carry_granted', '本年度已结转上年年休假', 'year');
  const days = Math.max(0, Math.min(round(unusedLastYear), limit));
  return [{ type: 'CarryOverGranted', data: { ...ids(cmd), days, unusedLastYear: round(unusedLastYear), limit, expiresOn } }];
}

export function expireCarryOver(cmd: ExpireCarryOver, s: BalanceState): BalanceEvent[] {
  if (!s.carryOver || s.carryOver.expired > 0) return [];
  const days = carryOverLeft(s);
  if (days <= 0) return [];
  return [{ type: 'CarryOverExpired', data: { ...ids(cmd), days, expiresOn: s.carryOver.expiresOn } }];
}

export function reserveLeave(cmd: ReserveLeave, s: BalanceState): BalanceEvent[] {
  const { applicationId, leaveType, days, startDate } = cmd.data;
  if (s.applications[applicationId]) return []; // B7
  if (!isLeaveType(leaveType)) throw new DomainError('invalid', 'attendance.leave_type', '假别无效', 'leaveType');
  if (!(days > 0)) throw new DomainError('invalid', 'attendance.days', '请假天数应大于 0', 'endDate');
  const amount = amountOf(leaveType, days);
  const left = available(s, leaveType);
  if (left !== null && amount > left + 1e-9)
    throw new DomainError(
      'rule',
      'attendance.over_balance',
      `${leaveType}余额不足：可用 ${fmt(left)} ${unitOf(leaveType)}，本次申请 ${fmt(amount)} ${unitOf(leaveType)}`,
      'endDate',
    );
  let fromCarryOver = 0;
  if (leaveType === ANNUAL && s.carryOver && startDate <= s.carryOver.expiresOn) fromCarryOver = Math.min(days, carryOverLeft(s));
  return [
    {
      type: 'LeaveDaysReserved',
      data: { ...ids(cmd), applicationId, leaveType, days, fromCarryOver, hours: leaveType === COMP_TIME ? days * HOURS_PER_DAY : 0 },
    },
  ];
}

export function releaseLeave(cmd: ReleaseLeave, s: BalanceState): BalanceEvent[] {
  const r = s.applications[cmd.data.applicationId];
  if (!r) return []; // B7: never reserved, or released already
  const out: BalanceEvent[] = [
    {
      type: 'LeaveDaysReleased',
      data: {
        ...ids(cmd),
        applicationId: cmd.data.applicationId,
        leaveType: r.leaveType,
        days: r.days,
        fromCarryOver: r.fromCarryOver,
        hours: r.hours,
        reason: cmd.data.reason,
      },
    },
  ];
  // B4: carry-over days coming back after the expiry expire with them
  if (r.fromCarryOver > 0 && s.carryOver && s.carryOver.expired > 0)
    out.push({
      type: 'CarryOverExpired',
      data: { ...ids(cmd), days: round(s.carryOver.expired + r.fromCarryOver), expiresOn: s.carryOver.expiresOn },
    });
  return out;
}

export function takeLeave(cmd: TakeLeave, s: BalanceState): BalanceEvent[] {
  const r = s.applications[cmd.data.applicationId];
  if (!r || r.status === 'taken') return [];
  return [
    {
      type: 'LeaveDaysTaken',
      data: { ...ids(cmd), applicationId: cmd.data.applicationId, leaveType: r.leaveType, days: r.days, hours: r.hours },
    },
  ];
}

export function adjustTakenLeave(cmd: AdjustTakenLeave, s: BalanceState): BalanceEvent[] {
  const r = s.applications[cmd.data.applicationId];
  if (!r || r.status !== 'taken') throw new DomainError('rule', 'attendance.not_taken', '该请假尚未批准，不能销假', 'applicationId');
  const delta = round(cmd.data.actualDays - r.days);
  if (delta === 0) return [];
  if (delta > 0) {
    const left = available(s, r.leaveType);
    const amount = amountOf(r.leaveType, delta);
    if (left !== null && amount > left + 1e-9)
      throw new DomainError(
        'rule',
        'attendance.over_balance',
        `${r.leaveType}余额不足：可用 ${fmt(left)} ${unitOf(r.leaveType)}，续假需 ${fmt(amount)} ${unitOf(r.leaveType)}`,
        'actualEndDate',
      );
  }
  return [
    {
      type: 'LeaveDaysAdjusted',
      data: {
        ...ids(cmd),
        applicationId: cmd.data.applicationId,
        leaveType: r.leaveType,
        delta,
        hours: r.leaveType === COMP_TIME ? delta * HOURS_PER_DAY : 0,
      },
    },
  ];
}

export function earnCompTime(cmd: EarnCompTime, s: BalanceState): BalanceEvent[] {
  const { hours, applicationId } = cmd.data;
  if (s.earnedFrom.includes(applicationId)) return []; // B6
  if (!Number.isFinite(hours) || hours < 0.5 || hours > 24)
    throw new DomainError('invalid', 'attendance.overtime_hours', '加班时长应为 0.5–24 小时', 'hours');
  return [{ type: 'CompTimeEarned', data: { ...ids(cmd), applicationId, hours } }];
}

export function decideBalance(cmd: BalanceCommand, s: BalanceState): BalanceEvent[] {
  switch (cmd.type) {
    case 'EntitleAnnualLeave':
      return entitleAnnualLeave(cmd, s);
    case 'SetLeaveQuota':
      return setLeaveQuota(cmd, s);
    case 'GrantCarryOver':
      return grantCarryOver(cmd, s);
    case 'ExpireCarryOver':
      return expireCarryOver(cmd, s);
    case 'ReserveLeave':
      return reserveLeave(cmd, s);
    case 'ReleaseLeave':
      return releaseLeave(cmd, s);
    case 'TakeLeave':
      return takeLeave(cmd, s);
    case 'AdjustTakenLeave':
      return adjustTakenLeave(cmd, s);
    case 'EarnCompTime':
      return earnCompTime(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const balanceDecider = { initialState: initialBalanceState, decide: decideBalance, evolve: evolveBalance };
