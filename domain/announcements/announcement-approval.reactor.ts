import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated, TaskApproved } from '../workflow';
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
type Trigger = ProcessStarted | TaskApproved | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface AnnouncementApprovalState {
  announcementId: string | null;
  approver: { actorId: string; opinion: string; at: string } | null;
  ended: boolean;
}

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

const ENDED = { ProcessRejected: 'rejected', ProcessTerminated: 'terminated', ProcessCancelled: 'cancelled' } as const;

export const announcementApprovalReactor: Reactor<Trigger, AnnouncementApprovalState, RecordAnnouncementApprovalOutcome> = {
  name: 'announcements.approval',
  eventTypes: ['ProcessStarted', 'TaskApproved', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && e.data.subject?.type !== ANNOUNCEMENT_SUBJECT_TYPE) return null;
    return e.streamId;
  },
  initialState: () => ({ announcementId: null, approver: null, ended: false }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'ProcessStarted':
        return { ...s, announcementId: e.data.subject!.id };
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
    if (!s.announcementId) return []; // R1
    const processId = e.streamId.startsWith('process-') ? e.streamId.slice('process-'.length) : e.streamId;
    switch (e.type) {
      case 'ProcessStarted':
      case 'TaskApproved':
        return [];
      case 'ProcessCompleted': {
        const a = s.approver ?? { actorId: 'system', opinion: '', at: e.data.at };
        return [
          { type: 'RecordAnnouncementApprovalOutcome', data: { announcementId: s.announcementId, processId, outcome: 'approved', ...a } },
        ];
      }
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled': {
        const d = e.data as { actorId: string; onBehalfOf?: string | null; at: string; opinion?: string; reason?: string };
        return [
          {
            type: 'RecordAnnouncementApprovalOutcome',
            data: {
              announcementId: s.announcementId,
              processId,
              outcome: ENDED[e.type],
              actorId: d.onBehalfOf ?? d.actorId,
              opinion: d.opinion ?? d.reason ?? '',
              at: d.at,
            },
          },
        ];
      }
    }
  },
  isDone: (s) => s.ended || s.announcementId === null,
};
