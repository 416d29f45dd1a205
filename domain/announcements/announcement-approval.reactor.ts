import { processOutcomeReactor } from '../workflow';
import { ANNOUNCEMENT_SUBJECT_TYPE } from './flow';

/**
 * 通知公告审核 → 通知公告 (reactor): when the approval process of a notice ends, its outcome is recorded
 * on the notice.
 *
 * Rules
 *   R1 Only processes whose subject is an announcement are followed (keyed by process id).
 *   R2 The approver is the last one who approved a task (the principal when a delegate acted), with the opinion.
 *   R3 ProcessCompleted → RecordAnnouncementApproval 'approved' (back to the drafter to release).
 *   R4 ProcessRejected / ProcessTerminated / ProcessCancelled → that outcome with who ended it and why
 *      (back to the drafter for edits).
 * The notice's decider ignores an outcome it already has and refuses one of another round's process.
 */
export type RecordAnnouncementApprovalOutcome = {
  type: 'RecordAnnouncementApprovalOutcome';
  data: {
    announcementId: string;
    processId: string;
    outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    opinion: string;
    at: string;
  };
};

export const announcementApprovalReactor = processOutcomeReactor({
  name: 'announcements.approval',
  subjectType: ANNOUNCEMENT_SUBJECT_TYPE,
  toCommand: (o): RecordAnnouncementApprovalOutcome => ({
    type: 'RecordAnnouncementApprovalOutcome',
    // a delegate's 退回/撤回 counts as the principal's
    data: {
      announcementId: o.subjectId,
      processId: o.processId,
      outcome: o.outcome,
      actorId: o.onBehalfOf ?? o.actorId,
      opinion: o.opinion,
      at: o.at,
    },
  }),
});
