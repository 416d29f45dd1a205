import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated, TaskApproved } from '../workflow';
import { CLAIM_SUBJECT_TYPE } from './flow';

/**
 * 费用报销审批 → 报销单 (reactor): when a claim's approval process ends, its outcome is recorded on
 * the claim, and the budget follows (the executor turns the reservation into spending, or releases it).
 *
 * Rules
 *   R1 Only processes whose subject is an expense claim are followed (keyed by process id).
 *   R2 ProcessCompleted → RecordClaimApprovalOutcome 'approved' with the last approver (the principal
 *      when a delegate acted), their opinion and time.
 *   R3 ProcessRejected / ProcessTerminated / ProcessCancelled (撤回 by the claimant) → the outcome with who
 *      ended it and why.
 */
type Trigger = ProcessStarted | TaskApproved | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface ClaimApprovalState {
  claimId: string | null;
  lastApproval: { actorId: string; opinion: string; at: string } | null;
  ended: boolean;
}

export type RecordClaimApproval = {
  type: 'RecordClaimApproval';
  data: {
    claimId: string;
    processId: string;
    outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    opinion: string;
    at: string;
  };
};

const ENDED = { ProcessRejected: 'rejected', ProcessTerminated: 'terminated', ProcessCancelled: 'cancelled' } as const;

export const claimApprovalReactor: Reactor<Trigger, ClaimApprovalState, RecordClaimApproval> = {
  name: 'expenses.claim-approval',
  eventTypes: ['ProcessStarted', 'TaskApproved', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && e.data.subject?.type !== CLAIM_SUBJECT_TYPE) return null;
    return e.streamId;
  },
  initialState: () => ({ claimId: null, lastApproval: null, ended: false }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'ProcessStarted':
        return { ...s, claimId: e.data.subject!.id };
      case 'TaskApproved':
        return { ...s, lastApproval: { actorId: e.data.onBehalfOf ?? e.data.actorId, opinion: e.data.opinion, at: e.data.at } };
      case 'ProcessCompleted':
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return { ...s, ended: true };
    }
  },
  react: (s, e) => {
    if (!s.claimId) return []; // R1
    const processId = e.streamId.startsWith('process-') ? e.streamId.slice('process-'.length) : e.streamId;
    switch (e.type) {
      case 'ProcessStarted':
      case 'TaskApproved':
        return [];
      case 'ProcessCompleted': {
        const last = s.lastApproval ?? { actorId: 'system', opinion: '', at: e.data.at };
        return [{ type: 'RecordClaimApproval', data: { claimId: s.claimId, processId, outcome: 'approved', ...last } }];
      }
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled': {
        const d = e.data as { actorId: string; onBehalfOf?: string | null; at: string; opinion?: string; reason?: string };
        return [
          {
            type: 'RecordClaimApproval',
            data: {
              claimId: s.claimId,
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
  isDone: (s) => s.ended || s.claimId === null,
};
