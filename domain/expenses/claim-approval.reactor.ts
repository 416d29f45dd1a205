import { processOutcomeReactor } from '../workflow';
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

export const claimApprovalReactor = processOutcomeReactor({
  name: 'expenses.claim-approval',
  subjectType: CLAIM_SUBJECT_TYPE,
  toCommand: (o): RecordClaimApproval => ({
    type: 'RecordClaimApproval',
    data: { claimId: o.subjectId, processId: o.processId, outcome: o.outcome, actorId: o.actorId, opinion: o.opinion, at: o.at },
  }),
});
