import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { OUTGOING_SUBJECT_TYPE } from '../../domain/documents/flow';
import type { IncomingEvent } from '../../domain/documents/incoming.events';
import type { InboxContribution, InboxRowOp, InboxRowOpen } from '../inbox/contribution';

/**
 * 公文 in the unified inbox (an InboxContribution, projections/inbox/contribution.ts). 收文 rows: process
 * kind '收文', definition key 'incoming-document', instance id = the incoming document's id, link = its page.
 * Who gets a row is what the events recorded (domain/documents/recipients.ts decided it):
 *   待签收  IncomingDocumentReceived.clerkIds → a 待办 'sign' each; 签收/退回 closes them: the clerk who acted
 *           → 已办 (sign / return), the others cancelled. (An old event without clerkIds: no rows, EVENTS.md.)
 *   批示    IncomingDocumentProposed.leaderIds → a 待办 'instruct' per leader not already waiting; the
 *           leader's IncomingDocumentInstructed (or a delegate's, on behalf of them) → 已办 (instruct).
 *   承办    IncomingDocumentAssigned.handlers → a 待办 'handle' each (主办 / 协办, with the deadline); a new
 *           assignment replaces the open ones.
 *   传阅    IncomingCirculationStarted.readers → a 待阅 'read' each; IncomingDocumentRead → 已阅 (已办, read).
 *   办结    IncomingDocumentCompleted cancels whatever is still open.
 * 发文 approval tasks run on the workflow engine; their rows and processes link to the document page
 * (subjectLinks).
 */
export const INCOMING_DEFINITION_KEY = 'incoming-document';
export const INCOMING_PROCESS_KIND = '收文';
export const incomingLink = (incomingId: string) => `/documents/incoming/${encodeURIComponent(incomingId)}`;
export const outgoingLink = (documentId: string) => `/documents/outgoing/${encodeURIComponent(documentId)}`;

const INCOMING_INBOX_TYPES = [
  'IncomingDocumentReceived',
  'IncomingDocumentSignedFor',
  'IncomingDocumentReturned',
  'IncomingDocumentRegistered',
  'IncomingPaperDocumentRegistered',
  'IncomingDocumentProposed',
  'IncomingDocumentInstructed',
  'IncomingDocumentAssigned',
  'IncomingCirculationStarted',
  'IncomingDocumentRead',
  'IncomingDocumentCompleted',
] as const satisfies readonly IncomingEvent['type'][];

const readTaskId = (incomingId: string, round: number, userId: string) => `${incomingId}:read:${round}:${userId}`;

type Kind = 'sign' | 'instruct' | 'handle' | 'read';
const open = (
  docId: string,
  taskId: string,
  kind: Kind,
  assignee: string,
  nodeName: string,
  initiator: string,
  deadline: string | null,
  at: string,
): InboxRowOpen => ({
  op: 'open',
  taskId,
  instanceId: docId,
  box: kind === 'read' ? 'toread' : 'todo',
  taskKind: kind,
  assignee,
  processKind: INCOMING_PROCESS_KIND,
  definitionKey: INCOMING_DEFINITION_KEY,
  initiatorId: initiator,
  nodeId: kind,
  nodeName,
  deadline,
  at,
  link: incomingLink(docId),
});

function incomingRows(event: RecordedEvent): InboxRowOp[] {
  const e = event as unknown as IncomingEvent;
  const pos = event.position;
  switch (e.type) {
    case 'IncomingDocumentReceived': {
      const d = e.data;
      return [
        { op: 'title', instanceId: d.incomingId, title: d.document.title },
        ...(d.clerkIds ?? []).map((u) => open(d.incomingId, `${d.incomingId}:sign:${u}`, 'sign', u, '待签收', d.sentBy, null, d.at)),
      ];
    }
    case 'IncomingDocumentSignedFor':
    case 'IncomingDocumentReturned': {
      const d = e.data;
      const signed = e.type === 'IncomingDocumentSignedFor';
      return [
        {
          op: 'close',
          instanceId: d.incomingId,
          taskKind: 'sign',
          assignee: d.actorId,
          outcome: signed ? 'signed' : 'returned',
          action: signed ? 'sign' : 'return',
          who: { actorId: d.actorId, onBehalfOf: null },
          at: d.at,
        },
        { op: 'close', instanceId: d.incomingId, taskKind: 'sign', outcome: 'cancelled', action: '', who: null, at: d.at },
      ];
    }
    case 'IncomingPaperDocumentRegistered':
      return [{ op: 'title', instanceId: e.data.incomingId, title: e.data.entry.title }];
    case 'IncomingDocumentRegistered':
      return e.data.entry.title ? [{ op: 'title', instanceId: e.data.incomingId, title: e.data.entry.title }] : [];
    case 'IncomingDocumentProposed': {
      const d = e.data;
      return [...new Set(d.leaderIds)].map((leader) => ({
        ...open(d.incomingId, `${d.incomingId}:instruct:${pos}:${leader}`, 'instruct', leader, '领导批示', d.proposerId, null, d.at),
        unlessOpen: true,
      }));
    }
    case 'IncomingDocumentInstructed': {
      const d = e.data;
      const who = { actorId: d.leaderId, onBehalfOf: d.onBehalfOf };
      const forWhom = d.onBehalfOf ?? d.leaderId;
      return [
        {
          op: 'close',
          instanceId: d.incomingId,
          taskKind: 'instruct',
          assignee: forWhom,
          outcome: 'instructed',
          action: 'instruct',
          who,
          at: d.at,
        },
      ];
    }
    case 'IncomingDocumentAssigned': {
      const d = e.data;
      return [
        { op: 'close', instanceId: d.incomingId, taskKind: 'handle', outcome: 'reassigned', action: '', who: null, at: d.at },
        ...(d.handlers ?? []).map((h) =>
          open(
            d.incomingId,
            `${d.incomingId}:handle:${pos}:${h.departmentId}`,
            'handle',
            h.userId,
            h.role === 'lead' ? '承办（主办）' : '承办（协办）',
            d.assignedBy,
            d.deadline,
            d.at,
          ),
        ),
      ];
    }
    case 'IncomingCirculationStarted': {
      const d = e.data;
      return d.readers.map((r) =>
        open(d.incomingId, readTaskId(d.incomingId, d.round, r.id), 'read', r.id, '传阅', d.startedBy, null, d.at),
      );
    }
    case 'IncomingDocumentRead': {
      const d = e.data;
      return [
        {
          op: 'close',
          instanceId: d.incomingId,
          taskId: readTaskId(d.incomingId, d.round, d.onBehalfOf ?? d.readerId),
          outcome: 'read',
          action: 'read',
          who: { actorId: d.readerId, onBehalfOf: d.onBehalfOf },
          at: d.at,
        },
      ];
    }
    case 'IncomingDocumentCompleted':
      return [{ op: 'close', instanceId: e.data.incomingId, outcome: 'cancelled', action: '', who: null, at: e.data.at }];
    default:
      return [];
  }
}

/** 收文 rows and the 发文 process link. */
export const incomingInboxContribution: InboxContribution = {
  module: 'documents',
  eventTypes: INCOMING_INBOX_TYPES,
  instanceOf: (e) => String((e.data as { incomingId?: unknown }).incomingId),
  rows: incomingRows,
  subjectLinks: { [OUTGOING_SUBJECT_TYPE]: outgoingLink },
};

/** What 公文 contributes to the unified inbox (for the module manifest / inboxProjection). */
export const documentInboxContributions: readonly InboxContribution[] = [incomingInboxContribution];
