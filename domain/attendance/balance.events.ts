import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import { ANNUAL, COMP_TIME, HOURS_PER_DAY } from './rules';

/**
 * 假期余额 (a person's leave balance for one year), stream `attendance-balance-<personId>-<year>`.
 * Every change to a balance is one of these events, so "why is my balance 3.5" is its history.
 * 调休 is kept in hours; every other type in days.
 */
export type AnnualLeaveEntitled = DomainEvent<
  'AnnualLeaveEntitled',
  {
    personId: string;
    year: number;
    days: number;
    serviceYears: number;
    basis: string;
    workStartDate: string;
    unitJoinDate: string | null;
    at: string;
  }
>;
export type LeaveQuotaSet = DomainEvent<'LeaveQuotaSet', { personId: string; year: number; leaveType: string; days: number; at: string }>;
export type CarryOverGranted = DomainEvent<
  'CarryOverGranted',
  { personId: string; year: number; days: number; unusedLastYear: number; limit: number; expiresOn: string; at: string }
>;
export type CarryOverExpired = DomainEvent<
  'CarryOverExpired',
  { personId: string; year: number; days: number; expiresOn: string; at: string }
>;
export type LeaveDaysReserved = DomainEvent<
  'LeaveDaysReserved',
  {
    personId: string;
    year: number;
    applicationId: string;
    leaveType: string;
    days: number;
    fromCarryOver: number;
    hours: number;
    at: string;
  }
>;
export type LeaveDaysReleased = DomainEvent<
  'LeaveDaysReleased',
  {
    personId: string;
    year: number;
    applicationId: string;
    leaveType: string;
    days: number;
    fromCarryOver: number;
    hours: number;
    reason: string;
    at: string;
  }
>;
export type LeaveDaysTaken = DomainEvent<
  'LeaveDaysTaken',
  { personId: string; year: number; applicationId: string; leaveType: string; days: number; hours: number; at: string }
>;
/** 销假: the days actually taken differ from those approved (delta < 0: days given back). */
export type LeaveDaysAdjusted = DomainEvent<
  'LeaveDaysAdjusted',
  { personId: string; year: number; applicationId: string; leaveType: string; delta: number; hours: number; at: string }
>;
export type CompTimeEarned = DomainEvent<
  'CompTimeEarned',
  { personId: string; year: number; applicationId: string; hours: number; at: string }
>;

export type BalanceEvent =
  | AnnualLeaveEntitled
  | LeaveQuotaSet
  | CarryOverGranted
  | CarryOverExpired
  | LeaveDaysReserved
  | LeaveDaysReleased
  | LeaveDaysTaken
  | LeaveDaysAdjusted
  | CompTimeEarned;

export const BALANCE_EVENT_TYPES = [
  'AnnualLeaveEntitled',
  'LeaveQuotaSet',
  'CarryOverGranted',
  'CarryOverExpired',
  'LeaveDaysReserved',
  'LeaveDaysReleased',
  'LeaveDaysTaken',
  'LeaveDaysAdjusted',
  'CompTimeEarned',
] as const satisfies readonly BalanceEvent['type'][];

export interface Reservation {
  leaveType: string;
  days: number;
  fromCarryOver: number;
  hours: number;
  /** reserved (pending approval) or taken (approved). */
  status: 'reserved' | 'taken';
}

export interface BalanceState {
  personId: string | null;
  year: number;
  annual: { days: number; serviceYears: number; basis: string } | null;
  carryOver: { days: number; used: number; expiresOn: string; expired: number } | null;
  /** Admin caps of other types (days). */
  quotas: Record<string, number>;
  /** Days (hours for 调休) per type: reserved = pending, taken = approved. */
  reserved: Record<string, number>;
  taken: Record<string, number>;
  compHoursEarned: number;
  /** 加班 applications whose hours were earned (B6: once). */
  earnedFrom: string[];
  applications: Record<string, Reservation>;
}

export const initialBalanceState = (): BalanceState => ({
  personId: null,
  year: 0,
  annual: null,
  carryOver: null,
  quotas: {},
  reserved: {},
  taken: {},
  compHoursEarned: 0,
  earnedFrom: [],
  applications: {},
});

export function balanceStreamId(personId: string, year: number): string {
  return `attendance-balance-${personId}-${year}`;
}

const add = (m: Record<string, number>, k: string, v: number) => ({ ...m, [k]: Math.round(((m[k] ?? 0) + v) * 100) / 100 });

/** The amount a reservation counts against: hours for 调休, days otherwise. */
export function amountOf(leaveType: string, days: number): number {
  return leaveType === COMP_TIME ? days * HOURS_PER_DAY : days;
}

export function evolveBalance(s: BalanceState, e: BalanceEvent): BalanceState {
  const base = s.personId ? s : { ...s, personId: e.data.personId, year: e.data.year };
  switch (e.type) {
    case 'AnnualLeaveEntitled':
      return { ...base, annual: { days: e.data.days, serviceYears: e.data.serviceYears, basis: e.data.basis } };
    case 'LeaveQuotaSet':
      return { ...base, quotas: { ...base.quotas, [e.data.leaveType]: e.data.days } };
    case 'CarryOverGranted':
      return { ...base, carryOver: { days: e.data.days, used: 0, expiresOn: e.data.expiresOn, expired: 0 } };
    case 'CarryOverExpired':
      return base.carryOver ? { ...base, carryOver: { ...base.carryOver, expired: e.data.days } } : base;
    case 'LeaveDaysReserved': {
      const d = e.data;
      const amount = amountOf(d.leaveType, d.days);
      const co = base.carryOver && d.fromCarryOver ? { ...base.carryOver, used: base.carryOver.used + d.fromCarryOver } : base.carryOver;
      return {
        ...base,
        carryOver: co,
        reserved: add(base.reserved, d.leaveType, amount),
        applications: {
          ...base.applications,
          [d.applicationId]: { leaveType: d.leaveType, days: d.days, fromCarryOver: d.fromCarryOver, hours: d.hours, status: 'reserved' },
        },
      };
    }
    case 'LeaveDaysReleased': {
      const d = e.data;
      const r = base.applications[d.applicationId];
      const amount = amountOf(d.leaveType, d.days);
      const co = base.carryOver && d.fromCarryOver ? { ...base.carryOver, used: base.carryOver.used - d.fromCarryOver } : base.carryOver;
      const applications = { ...base.applications };
      delete applications[d.applicationId];
      return {
        ...base,
        carryOver: co,
        reserved: r?.status === 'reserved' ? add(base.reserved, d.leaveType, -amount) : base.reserved,
        taken: r?.status === 'taken' ? add(base.taken, d.leaveType, -amount) : base.taken,
        applications,
      };
    }
    case 'LeaveDaysTaken': {
      const d = e.data;
      const r = base.applications[d.applicationId];
      const amount = amountOf(d.leaveType, d.days);
      return {
        ...base,
        reserved: add(base.reserved, d.leaveType, -amount),
        taken: add(base.taken, d.leaveType, amount),
        applications: r ? { ...base.applications, [d.applicationId]: { ...r, status: 'taken' } } : base.applications,
      };
    }
    case 'LeaveDaysAdjusted': {
      const d = e.data;
      const r = base.applications[d.applicationId];
      return {
        ...base,
        taken: add(base.taken, d.leaveType, amountOf(d.leaveType, d.delta)),
        applications: r ? { ...base.applications, [d.applicationId]: { ...r, days: r.days + d.delta } } : base.applications,
      };
    }
    case 'CompTimeEarned':
      return {
        ...base,
        compHoursEarned: Math.round((base.compHoursEarned + e.data.hours) * 100) / 100,
        earnedFrom: [...base.earnedFrom, e.data.applicationId],
      };
    default:
      return assertNever(e);
  }
}

/** What a person may still ask for (days; hours for 调休); null = not capped. */
export function available(s: BalanceState, leaveType: string): number | null {
  if (leaveType === ANNUAL) {
    const own = s.annual?.days ?? 0;
    const carry = s.carryOver ? s.carryOver.days - s.carryOver.expired : 0;
    return round(own + carry - (s.reserved[ANNUAL] ?? 0) - (s.taken[ANNUAL] ?? 0));
  }
  if (leaveType === COMP_TIME) return round(s.compHoursEarned - (s.reserved[COMP_TIME] ?? 0) - (s.taken[COMP_TIME] ?? 0));
  const q = s.quotas[leaveType];
  if (q === undefined) return null;
  return round(q - (s.reserved[leaveType] ?? 0) - (s.taken[leaveType] ?? 0));
}

/** Unused carry-over days still open (not used, not expired). */
export function carryOverLeft(s: BalanceState): number {
  if (!s.carryOver) return 0;
  return round(Math.max(0, s.carryOver.days - s.carryOver.used - s.carryOver.expired));
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
