import type { AssetEvent } from '../../domain/assets';
import { ASSET_SUBJECTS } from '../../domain/assets/flows';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { InboxContribution, InboxRowOp, InboxRowOpen } from '../inbox/contribution';

/**
 * 资产 in the unified inbox. Who gets a row is what the asset's events recorded (asset.decide.ts):
 *   移交    AssetTransferApproved.giverId → a 待办 'hand-over'; AssetHandedOver closes it (已办) and opens
 *           a 待办 'accept' for AssetTransferApproved.receiverId; AssetTransferAccepted closes that.
 *   逾期    AssetLoanOverdue.notify → a 待办 'return-loan' each (归还借用的资产); AssetLoanReturned closes them.
 *   A rejected transfer or a disposal cancels whatever is still open.
 * The 采购/转移/处置 approval tasks run on the workflow engine; their rows link to the asset / purchase page.
 */
export const assetLink = (assetId: string) => `/assets/${encodeURIComponent(assetId)}`;
export const purchaseLink = (purchaseId: string) => `/assets/purchases/${encodeURIComponent(purchaseId)}`;

const TYPES = [
  'AssetTransferApproved',
  'AssetHandedOver',
  'AssetTransferAccepted',
  'AssetTransferRejected',
  'AssetLoanOverdue',
  'AssetLoanReturned',
  'AssetDisposed',
] as const satisfies readonly AssetEvent['type'][];

type Ev = RecordedEvent & AssetEvent;
const row = (
  assetId: string,
  taskId: string,
  kind: string,
  assignee: string,
  nodeName: string,
  title: string,
  at: string,
  definitionKey: string,
): InboxRowOpen => ({
  op: 'open',
  taskId,
  instanceId: assetId,
  box: 'todo',
  taskKind: kind,
  assignee,
  processKind: '固定资产',
  definitionKey,
  initiatorId: 'system',
  nodeId: kind,
  nodeName,
  deadline: null,
  at,
  link: assetLink(assetId),
  title,
});

export const assetInboxContribution: InboxContribution = {
  module: 'assets',
  eventTypes: TYPES,
  instanceOf: (e) => (e.data as { assetId: string }).assetId,
  rows: (event): InboxRowOp[] => {
    const e = event as Ev;
    switch (e.type) {
      case 'AssetTransferApproved': {
        const d = e.data;
        return [
          row(
            d.assetId,
            `${d.transferId}:hand-over`,
            'hand-over',
            d.giverId,
            '移交确认',
            '资产转移：请确认移交',
            d.at,
            ASSET_SUBJECTS.transfer,
          ),
        ];
      }
      case 'AssetHandedOver': {
        const d = e.data;
        return [
          {
            op: 'close',
            instanceId: d.assetId,
            taskId: `${d.transferId}:hand-over`,
            outcome: 'done',
            action: 'hand-over',
            who: { actorId: d.by, onBehalfOf: d.onBehalfOf },
            at: d.at,
          },
          row(
            d.assetId,
            `${d.transferId}:accept`,
            'accept',
            d.receiverId,
            '接收确认',
            '资产转移：请确认接收',
            d.at,
            ASSET_SUBJECTS.transfer,
          ),
        ];
      }
      case 'AssetTransferAccepted': {
        const d = e.data;
        return [
          {
            op: 'close',
            instanceId: d.assetId,
            taskId: `${d.transferId}:accept`,
            outcome: 'done',
            action: 'accept',
            who: { actorId: d.by, onBehalfOf: d.onBehalfOf },
            at: d.at,
          },
        ];
      }
      case 'AssetTransferRejected':
      case 'AssetDisposed':
        return [{ op: 'close', instanceId: e.data.assetId, outcome: 'cancelled', action: '', who: null, at: e.data.at }];
      case 'AssetLoanOverdue': {
        const d = e.data;
        return d.notify.map((u) =>
          row(
            d.assetId,
            `${d.assetId}:loan:${d.dueDate}:${u}`,
            'return-loan',
            u,
            '借用逾期',
            `借用资产已逾期（应于 ${d.dueDate} 归还）`,
            d.at,
            'asset-loan',
          ),
        );
      }
      case 'AssetLoanReturned': {
        const d = e.data;
        return [{ op: 'close', instanceId: d.assetId, taskKind: 'return-loan', outcome: 'done', action: '', who: null, at: d.at }];
      }
      default:
        return [];
    }
  },
  subjectLinks: { [ASSET_SUBJECTS.transfer]: assetLink, [ASSET_SUBJECTS.disposal]: assetLink, [ASSET_SUBJECTS.purchase]: purchaseLink },
};
