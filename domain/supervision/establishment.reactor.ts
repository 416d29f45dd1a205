import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated, TaskApproved } from '../workflow';

/**
 * 立项审批 → 督办事项 (reactor): when the 立项 process of a 督办事项 ends, its outcome is recorded on the
 * item — approved (立项通过, and 交办 in the same decision) or not established.
 *
 * Rules
 *   R1 Only processes whose subject is a supervision item are followed (keyed by process id).
 *   R2 The approver is the last one who approved a task (the principal when a delegate acted).
 *   R3 ProcessCompleted → RecordSupervisionEstablishment 'approved' with that approver, opinion and time.
 *   R4 ProcessRejected / ProcessTerminated / ProcessCancelled → the outcome with who ended it and why.
 */
export const SUPERVISION_SUBJECT_TYPE = 'supervision-item';
export const SUPERVISION_DEFINITION_KEY = 'supervision-item';

type Trigger = ProcessStarted | TaskApproved | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface EstablishmentState {
  itemId: string | null;
  approver: { actorId: string; opinion: string; at: string } | null;
  ended: boolean;
}

export type RecordSupervisionEstablishment = {
  type: 'RecordSupervisionEstablishment';
  data: {
    itemId: string;
    processId: string;
    outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    opinion: string;
    at: string;
  };
};

const ENDED = { ProcessRejected: 'rejected', ProcessTerminated: 'terminated', ProcessCancelled: 'cancelled' } as const;
const processIdOf = (streamId: string) => (streamId.startsWith('process-') ? streamId.slice('process-'.length) : streamId);

export const establishmentReactor: Reactor<Trigger, EstablishmentState, RecordSupervisionEstablishment> = {
  name: 'supervision.establishment',
  eventTypes: ['ProcessStarted', 'TaskApproved', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && e.data.subject?.type !== SUPERVISION_SUBJECT_TYPE) return null;
    return e.streamId;
  },
  initialState: () => ({ itemId: null, approver: null, ended: false }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'ProcessStarted':
        return { ...s, itemId: e.data.subject!.id };
      case 'TaskApproved':
        return { ...s, approver: { actorId: e.data.onBehalfOf ?? e.data.actorId, opinion: e.data.opinion, at: e.data.at } };
      case 'ProcessCompleted':
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return { ...s, ended: true };
    }
  },
  react: (s, e) => {
    if (!s.itemId) return [];
    const processId = processIdOf(e.streamId);
    switch (e.type) {
      case 'ProcessStarted':
      case 'TaskApproved':
        return [];
      case 'ProcessCompleted': {
        const a = s.approver ?? { actorId: 'system', opinion: '', at: e.data.at };
        return [
          { type: 'RecordSupervisionEstablishment', data: { itemId: s.itemId, processId, outcome: 'approved', ...a, at: e.data.at } },
        ];
      }
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled': {
        const d = e.data as { actorId: string; at: string; opinion?: string; reason?: string };
        return [
          {
            type: 'RecordSupervisionEstablishment',
            data: {
              itemId: s.itemId,
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
  isDone: (s) => s.ended || s.itemId === null,
};
