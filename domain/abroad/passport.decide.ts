/**
 * 证照保管 decider.
 *
 * Rules
 *   P1 登记 (register): a 证照 is registered once, with its holder, type, number (6–20 capital
 *      letters/digits) and validity; the registering admin becomes its keeper (保管人). One number is
 *      one 证照 (the command side derives the id from type + number).
 *   P2 领用 (check out) only while in custody, for an APPROVED application of its holder, once per
 *      application, and only when the 证照 is valid until the trip's 入境 date; it is due back by the
 *      end of the RETURN_DAYS-th day after 入境 (flow.ts) — the rule travels in the event.
 *   P3 归还 (return) only while checked out; lateness is recorded in days (Asia/Shanghai dates).
 *   P4 逾期提醒: when the due time has passed and the 证照 is still out on that 领用, one reminder is
 *      recorded, to the holder and the keeper; a reminder for another 领用, before the due time, after
 *      the 归还 or a second time is nothing (the scheduled job may fire late or twice).
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import type { AbroadApplicationState } from './application.events';
import { daysInclusive, passportDueBack, shanghaiDate } from './flow';
import { evolvePassport, initialPassportState, type PassportEvent, type PassportRegistered, type PassportState } from './passport.events';

export type RegisterPassport = Command<'RegisterPassport', Omit<PassportRegistered['data'], 'at'>>;
export type CheckOutPassport = Command<'CheckOutPassport', { application: AbroadApplicationState; keeperId: string }>;
export type ReturnPassport = Command<'ReturnPassport', { keeperId: string }>;
export type RemindPassportOverdue = Command<'RemindPassportOverdue', { applicationId: string }>;
export type PassportCommand = RegisterPassport | CheckOutPassport | ReturnPassport | RemindPassportOverdue;

const NUMBER = /^[A-Z0-9]{6,20}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerPassport(cmd: RegisterPassport, s: PassportState): PassportEvent[] {
  if (s.status !== 'none') throw new DomainError('conflict', 'passport.already_registered', '该证照已登记', 'number');
  const d = cmd.data;
  if (!NUMBER.test(d.number)) throw new DomainError('invalid', 'passport.number', '证件号码须为 6–20 位大写字母或数字', 'number');
  if (!DATE.test(d.validUntil) || Number.isNaN(Date.parse(d.validUntil)))
    throw new DomainError('invalid', 'passport.valid_until', '请填写证件有效期', 'validUntil');
  if (d.validUntil < shanghaiDate(cmd.metadata.now))
    throw new DomainError('invalid', 'passport.expired', '证件已过有效期，不能登记保管', 'validUntil');
  return [{ type: 'PassportRegistered', data: { ...d, at: cmd.metadata.now } }];
}

export function checkOutPassport(cmd: CheckOutPassport, s: PassportState): PassportEvent[] {
  if (s.status === 'none') throw new DomainError('not_found', 'passport.not_found', '证照不存在');
  const a = cmd.data.application;
  if (a.status === 'none') throw new DomainError('not_found', 'abroad.not_found', '申请不存在', 'applicationId');
  if (s.status !== 'in_custody') throw new DomainError('conflict', 'passport.not_in_custody', '证照已被领用，尚未归还');
  if (a.applicant.userId !== s.holderId)
    throw new DomainError('rule', 'passport.not_holder', '该申请不是证照持有人的申请', 'applicationId');
  if (a.status !== 'approved') throw new DomainError('rule', 'passport.not_approved', '申请尚未批准，不能领用证照', 'applicationId');
  if (s.served.includes(a.applicationId))
    throw new DomainError('conflict', 'passport.already_served', '该申请已领用过证照', 'applicationId');
  if (s.validUntil < a.returnDate) throw new DomainError('rule', 'passport.expires', '证照有效期不足以覆盖行程', 'applicationId');
  return [
    {
      type: 'PassportCheckedOut',
      data: {
        passportId: s.passportId,
        applicationId: a.applicationId,
        entry: a.entry,
        holderId: s.holderId,
        keeperId: cmd.data.keeperId,
        returnDate: a.returnDate,
        dueBack: passportDueBack(a.entry, a.returnDate),
        at: cmd.metadata.now,
      },
    },
  ];
}

export function returnPassport(cmd: ReturnPassport, s: PassportState): PassportEvent[] {
  if (s.status === 'none') throw new DomainError('not_found', 'passport.not_found', '证照不存在');
  if (s.status !== 'checked_out' || !s.loan) throw new DomainError('conflict', 'passport.not_checked_out', '证照在保管中，无需归还');
  const today = shanghaiDate(cmd.metadata.now);
  const lastDay = shanghaiDate(new Date(Date.parse(s.loan.dueBack) - 1).toISOString());
  const daysLate = today > lastDay ? daysInclusive(lastDay, today) - 1 : 0;
  return [
    {
      type: 'PassportReturned',
      data: { passportId: s.passportId, applicationId: s.loan.applicationId, keeperId: cmd.data.keeperId, daysLate, at: cmd.metadata.now },
    },
  ];
}

export function remindPassportOverdue(cmd: RemindPassportOverdue, s: PassportState): PassportEvent[] {
  if (s.status !== 'checked_out' || !s.loan) return [];
  const loan = s.loan;
  if (loan.applicationId !== cmd.data.applicationId || loan.reminded) return [];
  if (Date.parse(cmd.metadata.now) < Date.parse(loan.dueBack)) return [];
  return [
    {
      type: 'PassportReturnOverdue',
      data: {
        passportId: s.passportId,
        applicationId: loan.applicationId,
        holderId: s.holderId,
        keeperId: s.keeperId,
        dueBack: loan.dueBack,
        remind: [...new Set([s.holderId, s.keeperId])],
        at: cmd.metadata.now,
      },
    },
  ];
}

export function decidePassport(cmd: PassportCommand, s: PassportState): PassportEvent[] {
  switch (cmd.type) {
    case 'RegisterPassport':
      return registerPassport(cmd, s);
    case 'CheckOutPassport':
      return checkOutPassport(cmd, s);
    case 'ReturnPassport':
      return returnPassport(cmd, s);
    case 'RemindPassportOverdue':
      return remindPassportOverdue(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const passportDecider: Decider<PassportCommand, PassportEvent, PassportState> = {
  initialState: initialPassportState,
  decide: decidePassport,
  evolve: evolvePassport,
};
