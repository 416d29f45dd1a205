import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated } from '../workflow';
import { ASSET_SUBJECTS, type AssetSubjectType } from './flows';

/**
 * 资产审批 → 资产 (reactor): when a 采购 / 转移 / 处置 approval process ends, its outcome is recorded on
 * the purchase request or the asset.
 *
 * Rules
 *   R1 Only processes whose subject is an asset-purchase / asset-transfer / asset-disposal are followed (keyed by process id).
 *   R2 ProcessCompleted → outcome 'approved'; ProcessRejected / Terminated / Cancelled → that outcome, with the opinion or reason.
 *   R3 One command per process end; the deciders ignore an outcome already recorded or for another round's process.
 */
type Trigger = ProcessStarted | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface AssetApprovalState {
  subject: { type: AssetSubjectType; id: string } | null;
  ended: boolean;
}

export type RecordAssetApprovalOutcome = {
  type: 'RecordAssetApprovalOutcome';
  data: {
    subjectType: AssetSubjectType;
    /** purchase id, or the asset id for a transfer / disposal */
    subjectId: string;
    processId: string;
    outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
    opinion: string;
    at: string;
  };
};

const TYPES = new Set<string>(Object.values(ASSET_SUBJECTS));
const ENDED = { ProcessRejected: 'rejected', ProcessTerminated: 'terminated', ProcessCancelled: 'cancelled' } as const;

export const assetApprovalReactor: Reactor<Trigger, AssetApprovalState, RecordAssetApprovalOutcome> = {
  name: 'assets.approval',
  eventTypes: ['ProcessStarted', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && !TYPES.has(e.data.subject?.type ?? '')) return null;
    return e.streamId;
  },
  initialState: () => ({ subject: null, ended: false }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'ProcessStarted':
        return { ...s, subject: { type: e.data.subject!.type as AssetSubjectType, id: e.data.subject!.id } };
      case 'ProcessCompleted':
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return { ...s, ended: true };
    }
  },
  react: (s, e) => {
    if (!s.subject) return [];
    const base = { subjectType: s.subject.type, subjectId: s.subject.id, processId: e.streamId.replace(/^process-/, '') };
    switch (e.type) {
      case 'ProcessStarted':
        return [];
      case 'ProcessCompleted':
        return [{ type: 'RecordAssetApprovalOutcome', data: { ...base, outcome: 'approved', opinion: '', at: e.data.at } }];
      case 'ProcessRejected':
        return [{ type: 'RecordAssetApprovalOutcome', data: { ...base, outcome: ENDED[e.type], opinion: e.data.opinion, at: e.data.at } }];
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return [{ type: 'RecordAssetApprovalOutcome', data: { ...base, outcome: ENDED[e.type], opinion: e.data.reason, at: e.data.at } }];
    }
  },
  isDone: (s) => s.ended || s.subject === null,
};
