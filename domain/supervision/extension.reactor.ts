import { processOutcomeReactor } from '../workflow';

/**
 * 延期审批 → 督办事项 (reactor): when the 延期审批 process of a 督办事项 ends, the decision is recorded on
 * the item (DecideExtension) — approved: the new deadline from then on; otherwise the deadline stays.
 *
 * Rules
 *   X1 Only processes whose subject is a supervision item's 延期申请 are followed (keyed by process id).
 *   X2 The approver is the last one who approved a task (the principal when a delegate acted).
 *   X3 ProcessCompleted → RecordSupervisionExtensionDecision approved, with that approver, opinion and time.
 *   X4 ProcessRejected → refused with the rejecter's opinion; ProcessTerminated / ProcessCancelled →
 *      refused with who ended it and why (the request is closed, the lead unit may ask again).
 */
export const SUPERVISION_EXTENSION_SUBJECT_TYPE = 'supervision-extension';
export const SUPERVISION_EXTENSION_DEFINITION_KEY = 'supervision-extension';

const ENDED_TEXT = { rejected: '', terminated: '延期审批流程已终止', cancelled: '延期申请已撤回' } as const;

export type RecordSupervisionExtensionDecision = {
  type: 'RecordSupervisionExtensionDecision';
  data: { itemId: string; processId: string; approved: boolean; actorId: string; opinion: string; at: string };
};

export const extensionReactor = processOutcomeReactor({
  name: 'supervision.extension',
  subjectType: SUPERVISION_EXTENSION_SUBJECT_TYPE,
  // the new deadline applies from when the process ends
  toCommand: (o): RecordSupervisionExtensionDecision => ({
    type: 'RecordSupervisionExtensionDecision',
    data:
      o.outcome === 'approved'
        ? { itemId: o.subjectId, processId: o.processId, approved: true, actorId: o.actorId, opinion: o.opinion, at: o.endedAt }
        : {
            itemId: o.subjectId,
            processId: o.processId,
            approved: false,
            actorId: o.actorId,
            opinion: [ENDED_TEXT[o.outcome], o.opinion].filter(Boolean).join('：') || '不同意延期',
            at: o.endedAt,
          },
  }),
});
