import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated, TaskApproved } from '../workflow';
import { OUTGOING_NODES, OUTGOING_SUBJECT_TYPE } from './flow';

/**
 * 发文审批 → 发文 (reactor): when the approval process of an outgoing document ends, its outcome is
 * recorded on the document — 签发 by the leader who approved the 签发 node, or 不同意 / 终止 / 作废.
 *
 * Rules
 *   R1 Only processes whose subject is an outgoing document are followed (keyed by process id).
 *   R2 The signer is the last approver of the 签发 node (the principal when a delegate acted).
 *   R3 ProcessCompleted → RecordOutgoingApprovalOutcome 'signed' with that signer, opinion and time;
 *      a completed process with no 签发 approval records nothing (a definition without the node).
 *   R4 ProcessRejected / ProcessTerminated / ProcessCancelled → the outcome with who ended it and why.
 * Whichever route approved the task (the document page, the unified inbox, batch approve, a delegate),
 * the document follows within a second of the commit; the document's decider ignores an outcome it
 * already has and refuses one for another round's process.
 */
type Trigger = ProcessStarted | TaskApproved | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface OutgoingApprovalState {
  documentId: string | null;
  signer: { actorId: string; opinion: string; at: string } | null;
  ended: boolean;
}

export type RecordOutgoingApprovalOutcome = {
  type: 'RecordOutgoingApprovalOutcome';
  data: {
    documentId: string;
    processId: string;
    outcome: 'signed' | 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    opinion: string;
    at: string;
  };
};

const ENDED = { ProcessRejected: 'rejected', ProcessTerminated: 'terminated', ProcessCancelled: 'cancelled' } as const;

export const outgoingApprovalReactor: Reactor<Trigger, OutgoingApprovalState, RecordOutgoingApprovalOutcome> = {
  name: 'documents.outgoing-approval',
  eventTypes: ['ProcessStarted', 'TaskApproved', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && e.data.subject?.type !== OUTGOING_SUBJECT_TYPE) return null;
    return e.streamId;
  },
  initialState: () => ({ documentId: null, signer: null, ended: false }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'ProcessStarted':
        return { ...s, documentId: e.data.subject!.id };
      case 'TaskApproved':
        if (e.data.nodeId !== OUTGOING_NODES.sign) return s;
        return { ...s, signer: { actorId: e.data.onBehalfOf ?? e.data.actorId, opinion: e.data.opinion, at: e.data.at } };
      case 'ProcessCompleted':
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return { ...s, ended: true };
    }
  },
  react: (s, e) => {
    if (!s.documentId) return []; // R1: not a 发文 process (or started before this reactor knew it)
    const processId = processIdOf(e.streamId);
    switch (e.type) {
      case 'ProcessStarted':
      case 'TaskApproved':
        return [];
      case 'ProcessCompleted':
        if (!s.signer) return [];
        return [{ type: 'RecordOutgoingApprovalOutcome', data: { documentId: s.documentId, processId, outcome: 'signed', ...s.signer } }];
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled': {
        const d = e.data as { actorId: string; onBehalfOf?: string | null; at: string; opinion?: string; reason?: string };
        return [
          {
            type: 'RecordOutgoingApprovalOutcome',
            data: {
              documentId: s.documentId,
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
  // ended, or not a 发文 process at all (no state is kept for other processes)
  isDone: (s) => s.ended || s.documentId === null,
};

/** Instance streams are `process-<id>`. */
function processIdOf(streamId: string): string {
  return streamId.startsWith('process-') ? streamId.slice('process-'.length) : streamId;
}
