import { processOutcomeReactor } from '../workflow';
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

export const abroadApprovalReactor = processOutcomeReactor({
  name: 'abroad.approval',
  subjectType: ABROAD_SUBJECT_TYPE,
  toCommand: (o): RecordAbroadOutcome => ({
    type: 'RecordAbroadOutcome',
    data: { applicationId: o.subjectId, processId: o.processId, outcome: o.outcome, actorId: o.actorId, opinion: o.opinion, at: o.at },
  }),
});
