import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated, TaskApproved } from '../workflow';

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

type Trigger = ProcessStarted | TaskApproved | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface ExtensionApprovalState {
  itemId: string | null;
  approver: { actorId: string; opinion: string; at: string } | null;
  ended: boolean;
}

export type RecordSupervisionExtensionDecision = {
  type: 'RecordSupervisionExtensionDecision';
  data: { itemId: string; processId: string; approved: boolean; actorId: string; opinion: string; at: string };
};

const ENDED_TEXT = { ProcessRejected: '', ProcessTerminated: '延期审批流程已终止', ProcessCancelled: '延期申请已撤回' } as const;
const processIdOf = (streamId: string) => (streamId.startsWith('process-') ? streamId.slice('process-'.length) : streamId);

export const extensionReactor: Reactor<Trigger, ExtensionApprovalState, RecordSupervisionExtensionDecision> = {
  name: 'supervision.extension',
  eventTypes: ['ProcessStarted', 'TaskApproved', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && e.data.subject?.type !== SUPERVISION_EXTENSION_SUBJECT_TYPE) return null;
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
          {
            type: 'RecordSupervisionExtensionDecision',
            data: { itemId: s.itemId, processId, approved: true, actorId: a.actorId, opinion: a.opinion, at: e.data.at },
          },
        ];
      }
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled': {
        const d = e.data as { actorId: string; at: string; opinion?: string; reason?: string };
        const why = d.opinion ?? d.reason ?? '';
        return [
          {
            type: 'RecordSupervisionExtensionDecision',
            data: {
              itemId: s.itemId,
              processId,
              approved: false,
              actorId: d.actorId,
              opinion: [ENDED_TEXT[e.type], why].filter(Boolean).join('：') || '不同意延期',
              at: d.at,
            },
          },
        ];
      }
    }
  },
  isDone: (s) => s.ended || s.itemId === null,
};
