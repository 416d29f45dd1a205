/**
 * 证照保管 (Passport custody): one stream per 证照, `abroad-passport-<id>`.
 * Where a 证照 is now is the fold of these events: 保管中 (with its keeper) or 已领用 (by its holder,
 * for an application, due back by a date); overdue when that date passed without 归还.
 */
import type { AbroadEntry, DocumentType } from './flow';

export type PassportRegistered = {
  type: 'PassportRegistered';
  data: {
    passportId: string;
    holderId: string;
    holderName: string;
    unitId: string;
    departmentId: string;
    docType: DocumentType;
    number: string;
    /** 'YYYY-MM-DD' */
    validUntil: string;
    /** 保管人: the admin who took it into custody. */
    keeperId: string;
    keeperName: string;
    at: string;
  };
};

/** 领用: handed to its holder for an approved trip; due back by `dueBack`. */
export type PassportCheckedOut = {
  type: 'PassportCheckedOut';
  data: {
    passportId: string;
    applicationId: string;
    entry: AbroadEntry;
    holderId: string;
    keeperId: string;
    /** 入境 date of the trip ('YYYY-MM-DD'). */
    returnDate: string;
    /** ISO-8601 UTC: the end of the last day allowed (flow.ts passportDueBack). */
    dueBack: string;
    at: string;
  };
};

/** 归还: back in custody. `daysLate` 0 when on time. */
export type PassportReturned = {
  type: 'PassportReturned';
  data: { passportId: string; applicationId: string; keeperId: string; daysLate: number; at: string };
};

/** 逾期未还提醒: decided once per 领用, to the holder and the keeper (`remind`). */
export type PassportReturnOverdue = {
  type: 'PassportReturnOverdue';
  data: { passportId: string; applicationId: string; holderId: string; keeperId: string; dueBack: string; remind: string[]; at: string };
};

export type PassportEvent = PassportRegistered | PassportCheckedOut | PassportReturned | PassportReturnOverdue;
export const PASSPORT_EVENT_TYPES = [
  'PassportRegistered',
  'PassportCheckedOut',
  'PassportReturned',
  'PassportReturnOverdue',
] as const satisfies readonly PassportEvent['type'][];

export interface PassportLoan {
  applicationId: string;
  entry: AbroadEntry;
  returnDate: string;
  dueBack: string;
  at: string;
  reminded: boolean;
}

export type PassportState =
  | { status: 'none' }
  | (Omit<PassportRegistered['data'], 'at'> & {
      status: 'in_custody' | 'checked_out';
      registeredAt: string;
      /** The open 领用, when checked out. */
      loan: PassportLoan | null;
      /** Applications this 证照 has already served (one 领用 per application). */
      served: string[];
    });

export const passportStreamId = (id: string) => `abroad-passport-${id}`;
export const initialPassportState = (): PassportState => ({ status: 'none' });

export function evolvePassport(s: PassportState, e: PassportEvent): PassportState {
  switch (e.type) {
    case 'PassportRegistered': {
      const { at, ...rest } = e.data;
      return { ...rest, status: 'in_custody', registeredAt: at, loan: null, served: [] };
    }
    case 'PassportCheckedOut':
      if (s.status === 'none') return s;
      return {
        ...s,
        status: 'checked_out',
        keeperId: e.data.keeperId,
        loan: {
          applicationId: e.data.applicationId,
          entry: e.data.entry,
          returnDate: e.data.returnDate,
          dueBack: e.data.dueBack,
          at: e.data.at,
          reminded: false,
        },
        served: [...s.served, e.data.applicationId],
      };
    case 'PassportReturned':
      if (s.status === 'none') return s;
      return { ...s, status: 'in_custody', keeperId: e.data.keeperId, loan: null };
    case 'PassportReturnOverdue':
      if (s.status === 'none' || !s.loan) return s;
      return { ...s, loan: { ...s.loan, reminded: true } };
  }
}
