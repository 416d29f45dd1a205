import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import type { Half } from './workdays';

/**
 * 考勤申请 (an attendance application: 请休假, 国内出差, 加班, 补签), stream `attendance-application-<id>`.
 * Each is approved by a process of the workflow engine whose subject is { type: 'attendance-application', id };
 * the process's end reaches the application through the attendance reactor (LeaveApproved, TripApproved …
 * or ApplicationClosed). LeaveApproved, LeaveReportedBack and TripApproved are contract A (.helpers/contracts.md).
 */
export const APPLICATION_SUBJECT_TYPE = 'attendance-application';
export type ApplicationKind = 'leave' | 'trip' | 'overtime' | 'correction';
export const APPLICATION_KIND_LABELS: Record<ApplicationKind, string> = {
  leave: '请休假',
  trip: '国内出差',
  overtime: '加班',
  correction: '补签',
};

interface Filed {
  applicationId: string;
  personId: string;
  personName: string;
  unitId: string;
  departmentId: string;
  processId: string;
  at: string;
}

export type LeaveRequested = DomainEvent<
  'LeaveRequested',
  Filed & { leaveType: string; startDate: string; startHalf: Half; endDate: string; endHalf: Half; days: number; reason: string }
>;
export type TripRequested = DomainEvent<
  'TripRequested',
  Filed & { destinations: string[]; startDate: string; endDate: string; purpose: string; transport: string; companions: string[] }
>;
export type OvertimeRequested = DomainEvent<'OvertimeRequested', Filed & { date: string; hours: number; reason: string }>;
export type CorrectionRequested = DomainEvent<
  'CorrectionRequested',
  Filed & { date: string; direction: 'in' | 'out'; time: string; reason: string }
>;

/** contract A */
export type LeaveApproved = DomainEvent<
  'LeaveApproved',
  {
    applicationId: string;
    personId: string;
    leaveType: string;
    startDate: string;
    endDate: string;
    startHalf: Half;
    endHalf: Half;
    days: number;
  }
>;
/** contract A */
export type LeaveReportedBack = DomainEvent<
  'LeaveReportedBack',
  { applicationId: string; personId: string; actualEndDate: string; actualEndHalf: Half; days: number }
>;
/** contract A */
export type TripApproved = DomainEvent<
  'TripApproved',
  {
    tripId: string;
    personId: string;
    companions: string[];
    destinations: string[];
    startDate: string;
    endDate: string;
    purpose: string;
    transport: string;
  }
>;
export type OvertimeApproved = DomainEvent<'OvertimeApproved', { applicationId: string; personId: string; date: string; hours: number }>;
export type CorrectionApproved = DomainEvent<
  'CorrectionApproved',
  { applicationId: string; personId: string; date: string; direction: 'in' | 'out'; time: string }
>;
/** The process ended without approval: 不同意 (rejected), 撤回 (cancelled by the applicant), 终止 (terminated by an admin). */
export type ApplicationClosed = DomainEvent<
  'ApplicationClosed',
  {
    applicationId: string;
    personId: string;
    outcome: 'rejected' | 'cancelled' | 'terminated';
    actorId: string;
    opinion: string;
    at: string;
  }
>;

export type ApplicationEvent =
  | LeaveRequested
  | TripRequested
  | OvertimeRequested
  | CorrectionRequested
  | LeaveApproved
  | LeaveReportedBack
  | TripApproved
  | OvertimeApproved
  | CorrectionApproved
  | ApplicationClosed;

export const APPLICATION_EVENT_TYPES = [
  'LeaveRequested',
  'TripRequested',
  'OvertimeRequested',
  'CorrectionRequested',
  'LeaveApproved',
  'LeaveReportedBack',
  'TripApproved',
  'OvertimeApproved',
  'CorrectionApproved',
  'ApplicationClosed',
] as const satisfies readonly ApplicationEvent['type'][];

export type ApplicationStatus = 'none' | 'pending' | 'approved' | 'rejected' | 'cancelled' | 'terminated';
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  none: '',
  pending: '审批中',
  approved: '已批准',
  rejected: '未同意',
  cancelled: '已撤回',
  terminated: '已终止',
};

export interface ApplicationState {
  status: ApplicationStatus;
  kind: ApplicationKind | null;
  applicationId: string;
  personId: string;
  unitId: string;
  departmentId: string;
  processId: string;
  requested: LeaveRequested['data'] | TripRequested['data'] | OvertimeRequested['data'] | CorrectionRequested['data'] | null;
  reportedBack: LeaveReportedBack['data'] | null;
}

export const initialApplicationState = (): ApplicationState => ({
  status: 'none',
  kind: null,
  applicationId: '',
  personId: '',
  unitId: '',
  departmentId: '',
  processId: '',
  requested: null,
  reportedBack: null,
});

export function applicationStreamId(id: string): string {
  return `attendance-application-${id}`;
}

const KIND_OF = {
  LeaveRequested: 'leave',
  TripRequested: 'trip',
  OvertimeRequested: 'overtime',
  CorrectionRequested: 'correction',
} as const;

export function evolveApplication(s: ApplicationState, e: ApplicationEvent): ApplicationState {
  switch (e.type) {
    case 'LeaveRequested':
    case 'TripRequested':
    case 'OvertimeRequested':
    case 'CorrectionRequested': {
      const d = e.data;
      return {
        ...s,
        status: 'pending',
        kind: KIND_OF[e.type],
        applicationId: d.applicationId,
        personId: d.personId,
        unitId: d.unitId,
        departmentId: d.departmentId,
        processId: d.processId,
        requested: d,
      };
    }
    case 'LeaveApproved':
    case 'TripApproved':
    case 'OvertimeApproved':
    case 'CorrectionApproved':
      return { ...s, status: 'approved' };
    case 'LeaveReportedBack':
      return { ...s, reportedBack: e.data };
    case 'ApplicationClosed':
      return { ...s, status: e.data.outcome };
    default:
      return assertNever(e);
  }
}
