import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { SUPERVISION_SUBJECT_TYPE, type SupervisionEvent } from '../../domain/supervision';
import type { InboxContribution, InboxRowOp, InboxRowOpen } from '../inbox/contribution';

/**
 * 督办 in the unified inbox. Process kind '督办', definition key 'supervision', instance id = the item id,
 * link = the item's page. Who gets a row is what the events recorded (domain/supervision/recipients.ts):
 *   签收   SupervisionItemAssigned / PartReassigned .receiverIds → a 待办 per receiver of each unit (kind
 *          `sign:<unit>`); that unit's 签收/退回 closes them (the actor → 已办, the others cancelled).
 *   办理   SupervisionPartHandedOver.handlerIds → a 待办 'handle'; closed at 销号.
 *   审核   SupervisionFinalReportSubmitted.reviewerIds → 待办 'review'; 审核 closes it.
 *   延期   SupervisionExtensionRequested.reviewerIds → 待办 'extension'; the decision closes it.
 *   催办 / 自动催办 / 提醒 → 待阅 'urge' for the recipients; 通报 → 待阅 'escalation' for the leader.
 *   销号 cancels whatever is still open.
 */
export const SUPERVISION_INBOX_KEY = 'supervision';
export const SUPERVISION_PROCESS_KIND = '督办';
export const supervisionLink = (itemId: string) => `/supervision/items/${encodeURIComponent(itemId)}`;

const TYPES = [
  'SupervisionItemProposed',
  'SupervisionItemAssigned',
  'SupervisionPartSignedFor',
  'SupervisionPartReturned',
  'SupervisionPartReassigned',
  'SupervisionPartHandedOver',
  'SupervisionFinalReportSubmitted',
  'SupervisionFinalReportSentBack',
  'SupervisionItemClosed',
  'SupervisionItemUrged',
  'SupervisionDeadlineReminderSent',
  'SupervisionReportReminderSent',
  'SupervisionItemOverdue',
  'SupervisionItemEscalated',
  'SupervisionExtensionRequested',
  'SupervisionExtensionDecided',
] as const satisfies readonly SupervisionEvent['type'][];

const row = (
  itemId: string,
  taskId: string,
  kind: string,
  box: 'todo' | 'toread',
  assignee: string,
  nodeName: string,
  initiator: string,
  deadline: string | null,
  at: string,
): InboxRowOpen => ({
  op: 'open',
  taskId,
  instanceId: itemId,
  box,
  taskKind: kind,
  assignee,
  processKind: SUPERVISION_PROCESS_KIND,
  definitionKey: SUPERVISION_INBOX_KEY,
  initiatorId: initiator,
  nodeId: kind,
  nodeName,
  deadline,
  at,
  link: supervisionLink(itemId),
});

const deadlineEnd = (d: string) => new Date(Date.parse(`${d}T00:00:00+08:00`) + 86_400_000).toISOString();

function rows(event: RecordedEvent): InboxRowOp[] {
  const e = event as unknown as SupervisionEvent;
  const pos = event.position;
  const actor = event.metadata.actorId;
  switch (e.type) {
    case 'SupervisionItemProposed':
      return [{ op: 'title', instanceId: e.data.itemId, title: `督办：${e.data.title}` }];
    case 'SupervisionItemAssigned': {
      const d = e.data;
      return d.parts.flatMap((p) =>
        p.receiverIds.map((u) =>
          row(
            d.itemId,
            `${d.itemId}:sign:${p.unitId}:${u}:${pos}`,
            `sign:${p.unitId}`,
            'todo',
            u,
            p.role === 'lead' ? '签收（主办）' : '签收（协办）',
            actor,
            deadlineEnd(d.deadline),
            d.at,
          ),
        ),
      );
    }
    case 'SupervisionPartReassigned': {
      const d = e.data;
      const p = d.part;
      return p.receiverIds.map((u) =>
        row(d.itemId, `${d.itemId}:sign:${p.unitId}:${u}:${pos}`, `sign:${p.unitId}`, 'todo', u, '签收（重新交办）', d.actorId, null, d.at),
      );
    }
    case 'SupervisionPartSignedFor':
    case 'SupervisionPartReturned': {
      const d = e.data;
      const signed = e.type === 'SupervisionPartSignedFor';
      return [
        {
          op: 'close',
          instanceId: d.itemId,
          taskKind: `sign:${d.unitId}`,
          assignee: d.actorId,
          outcome: signed ? 'signed' : 'returned',
          action: signed ? 'sign' : 'return',
          who: { actorId: d.actorId, onBehalfOf: null },
          at: d.at,
        },
        { op: 'close', instanceId: d.itemId, taskKind: `sign:${d.unitId}`, outcome: 'cancelled', action: '', who: null, at: d.at },
      ];
    }
    case 'SupervisionPartHandedOver': {
      const d = e.data;
      return d.handlerIds.map((u) => ({
        ...row(d.itemId, `${d.itemId}:handle:${u}:${pos}`, 'handle', 'todo', u, '督办办理', d.actorId, null, d.at),
        unlessOpen: true,
      }));
    }
    case 'SupervisionFinalReportSubmitted': {
      const d = e.data;
      return d.reviewerIds.map((u) =>
        row(d.itemId, `${d.itemId}:review:${u}:${pos}`, 'review', 'todo', u, '审核办结报告', d.actorId, null, d.at),
      );
    }
    case 'SupervisionFinalReportSentBack':
      return [
        {
          op: 'close',
          instanceId: e.data.itemId,
          taskKind: 'review',
          outcome: 'returned',
          action: 'return',
          who: { actorId: e.data.actorId, onBehalfOf: null },
          at: e.data.at,
        },
      ];
    case 'SupervisionExtensionRequested': {
      const d = e.data;
      return d.reviewerIds.map((u) =>
        row(d.itemId, `${d.itemId}:extension:${d.requestId}:${u}`, 'extension', 'todo', u, '延期审批', d.actorId, null, d.at),
      );
    }
    case 'SupervisionExtensionDecided':
      return [
        {
          op: 'close',
          instanceId: e.data.itemId,
          taskKind: 'extension',
          outcome: e.data.approved ? 'approved' : 'rejected',
          action: e.data.approved ? 'approve' : 'reject',
          who: { actorId: e.data.actorId, onBehalfOf: null },
          at: e.data.at,
        },
      ];
    case 'SupervisionItemUrged':
      return e.data.recipientIds.map((u) =>
        row(e.data.itemId, `${e.data.itemId}:urge:${u}:${pos}`, 'urge', 'toread', u, '催办', e.data.actorId, null, e.data.at),
      );
    case 'SupervisionDeadlineReminderSent':
      return e.data.recipientIds.map((u) =>
        row(e.data.itemId, `${e.data.itemId}:urge:${u}:${pos}`, 'urge', 'toread', u, '到期提醒', 'system', null, e.data.at),
      );
    case 'SupervisionReportReminderSent':
      return e.data.recipientIds.map((u) =>
        row(e.data.itemId, `${e.data.itemId}:urge:${u}:${pos}`, 'urge', 'toread', u, '反馈提醒', 'system', null, e.data.at),
      );
    case 'SupervisionItemOverdue':
      return e.data.recipientIds.map((u) =>
        row(e.data.itemId, `${e.data.itemId}:urge:${u}:${pos}`, 'urge', 'toread', u, '自动催办（已超期）', 'system', null, e.data.at),
      );
    case 'SupervisionItemEscalated':
      return [
        row(
          e.data.itemId,
          `${e.data.itemId}:escalation:${pos}`,
          'escalation',
          'toread',
          e.data.leaderId,
          '超期通报',
          'system',
          null,
          e.data.at,
        ),
      ];
    case 'SupervisionItemClosed': {
      const d = e.data;
      return [
        {
          op: 'close',
          instanceId: d.itemId,
          taskKind: 'review',
          outcome: 'approved',
          action: 'approve',
          who: { actorId: d.actorId, onBehalfOf: null },
          at: d.at,
        },
        { op: 'close', instanceId: d.itemId, outcome: 'cancelled', action: '', who: null, at: d.at },
      ];
    }
    default:
      return [];
  }
}

export const supervisionInboxContribution: InboxContribution = {
  module: 'supervision',
  eventTypes: TYPES,
  instanceOf: (e) => String((e.data as { itemId?: unknown }).itemId),
  rows,
  subjectLinks: { [SUPERVISION_SUBJECT_TYPE]: supervisionLink },
};
