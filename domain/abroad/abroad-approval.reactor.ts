import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated, TaskApproved } from '../workflow';
import { ABROAD_SUBJECT_TYPE } from './flow';

/**
 * 出国境审批 → 出国境申请 (reactor): when the approval process of an application ends, its outcome is
 * recorded on the application.
 *
 * Rules
 *   R1 Only processes whose subject is an abroad application are followed (keyed by process id).
 *   R2 ProcessCompleted → RecordAbroadApprovalOutcome 'approved', by the last approver (the leader;
 *      the principal when a delegate acted) with their opinion.
 *   R3 ProcessRejected / ProcessTerminated / ProcessCancelled → the outcome with who ended it and why.
 */
type Trigger = ProcessStarted | TaskApproved | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface AbroadApprovalState {
  applicationId: string | null;
  last: { actorId: string; opinion: string; at: string } | null;
  ended: boolean;
}

export type RecordAbroadOutcome = {
  type: 'RecordAbroadOutcome';
  data: {
    applicationId: string;
    processId: string;
    outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    opinion: string;
    at: string;
  };
};

const ENDED = { ProcessRejected: 'rejected', ProcessTerminated: 'terminated', ProcessCancelled: 'cancelled' } as const;
const processIdOf = (streamId: string) => (streamId.startsWith('process-') ? streamId.slice('process-'.length) : streamId);

export const abroadApprovalReactor: Reactor<Trigger, AbroadApprovalState, RecordAbroadOutcome> = {
  name: 'abroad.approval',
  eventTypes: ['ProcessStarted', 'TaskApproved', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && e.data.subject?.type !== ABROAD_SUBJECT_TYPE) return null;
    return e.streamId;
  },
  initialState: () => ({ applicationId: null, last: null, ended: false }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'ProcessStarted':
        return { ...s, applicationId: e.data.subject!.id };
      case 'TaskApproved':
        return { ...s, last: { actorId: e.data.onBehalfOf ?? e.data.actorId, opinion: e.data.opinion, at: e.data.at } };
      case 'ProcessCompleted':
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return { ...s, ended: true };
    }
  },
  react: (s, e) => {
    if (!s.applicationId) return []; // R1
    const processId = processIdOf(e.streamId);
    switch (e.type) {
      case 'ProcessStarted':
      case 'TaskApproved':
        return [];
      case 'ProcessCompleted': {
        const last = s.last ?? { actorId: 'system', opinion: '', at: (e.data as { at: string }).at };
        return [{ type: 'RecordAbroadOutcome', data: { applicationId: s.applicationId, processId, outcome: 'approved', ...last } }];
      }
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled': {
        const d = e.data as { actorId: string; at: string; opinion?: string; reason?: string };
        return [
          {
            type: 'RecordAbroadOutcome',
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
