import { processOutcomeReactor } from '../workflow';

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

export const establishmentReactor = processOutcomeReactor({
  name: 'supervision.establishment',
  subjectType: SUPERVISION_SUBJECT_TYPE,
  // 立项 takes effect when the process ends
  toCommand: (o): RecordSupervisionEstablishment => ({
    type: 'RecordSupervisionEstablishment',
    data: { itemId: o.subjectId, processId: o.processId, outcome: o.outcome, actorId: o.actorId, opinion: o.opinion, at: o.endedAt },
  }),
});
