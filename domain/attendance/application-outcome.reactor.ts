import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated } from '../workflow';
import { APPLICATION_SUBJECT_TYPE } from './application.events';

/**
 * 审批流程 → 考勤申请 (reactor): when the process approving an attendance application ends, its outcome
 * is recorded on the application (LeaveApproved / TripApproved / OvertimeApproved / CorrectionApproved or
 * ApplicationClosed) and the balance follows (days taken or given back, 调休 hours earned).
 *
 * Rules
 *   R1 Only processes whose subject is an attendance application are followed (keyed by process id).
 *   R2 ProcessCompleted → 'approved' (actor: system, at the completion time).
 *   R3 ProcessRejected / ProcessCancelled (撤回) / ProcessTerminated → that outcome with who ended it and why.
 */
type Trigger = ProcessStarted | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface ApplicationOutcomeState {
  applicationId: string | null;
  ended: boolean;
}

export type RecordAttendanceOutcome = {
  type: 'RecordAttendanceOutcome';
  data: {
    applicationId: string;
    processId: string;
    outcome: 'approved' | 'rejected' | 'cancelled' | 'terminated';
    actorId: string;
    opinion: string;
    at: string;
  };
};

const ENDED = { ProcessRejected: 'rejected', ProcessTerminated: 'terminated', ProcessCancelled: 'cancelled' } as const;

export const applicationOutcomeReactor: Reactor<Trigger, ApplicationOutcomeState, RecordAttendanceOutcome> = {
  name: 'attendance.application-outcome',
  eventTypes: ['ProcessStarted', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && e.data.subject?.type !== APPLICATION_SUBJECT_TYPE) return null;
    return e.streamId;
  },
  initialState: () => ({ applicationId: null, ended: false }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'ProcessStarted':
        return { ...s, applicationId: e.data.subject!.id };
      case 'ProcessCompleted':
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return { ...s, ended: true };
    }
  },
  react: (s, e) => {
    if (!s.applicationId) return []; // R1
    const processId = e.streamId.startsWith('process-') ? e.streamId.slice('process-'.length) : e.streamId;
    switch (e.type) {
      case 'ProcessStarted':
        return [];
      case 'ProcessCompleted':
        return [
          {
            type: 'RecordAttendanceOutcome',
            data: { applicationId: s.applicationId, processId, outcome: 'approved', actorId: 'system', opinion: '', at: e.data.at },
          },
        ];
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled': {
        const d = e.data as { actorId: string; at: string; opinion?: string; reason?: string };
        return [
          {
            type: 'RecordAttendanceOutcome',
            data: {
              applicationId: s.applicationId,
              processId,
              outcome: ENDED[e.type],
              actorId: d.actorId,
              opinion: d.opinion ?? d.reason ?? '',
              at: d.at,
            },
          },
        ];
      }
    }
  },
  isDone: (s) => s.ended || s.applicationId === null,
};
