/**
 * IncomingDocument (收文) aggregate: events, state and evolve. Stream `incoming-document-<id>`.
 *
 * Life: arrives by 公文交换 in the unit's 待签收 box (pending) → 签收 (signed) or 退回 (returned,
 * with a reason) → 登记 (registered; auto-filled from the sender, or a paper document registered by
 * hand with a back-dated time) → 拟办 (proposed) → 领导批示 (instructed, handwriting kept as
 * strokes) → 承办 (assigned: lead + co-departments, deadline) → 办结 (completed) → 归档 (archived).
 * 传阅 runs beside (from 登记 until 办结): every reader's 已阅 is recorded; 办结 waits for all.
 */
import type { Handler } from './recipients';
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import type { ArchiveFiling } from './archive';
import type { AttachmentMeta, Classification, DocumentKind, IncomingCategory, Issuer, Urgency } from './elements';
import type { DocumentArchived } from './outgoing.events';

export const incomingStreamId = (incomingId: string) => `incoming-document-${incomingId}`;

/** 原笔迹: vector strokes, point = [x, y, pressure, t] (same shape as the workflow's signature). */
export interface Strokes {
  strokes: { points: [number, number, number, number][] }[];
}

/** What the sender's 发文 looked like when it was sent (the receiver's copy). */
export interface ExchangedDocument {
  kind: DocumentKind;
  title: string;
  docNumber: string;
  issuers: Issuer[];
  classification: Classification;
  secrecyPeriod: string | null;
  urgency: Urgency;
  mainRecipients: string[];
  copyTo: string[];
  body: string;
  attachments: AttachmentMeta[];
  signerName: string | null;
  writtenDate: string | null;
  printingOrgan: string | null;
  printedDate: string | null;
  /** The sealed PDF when there is one. */
  pdf: { storageKey: string; sha256: string; pages: number; sealId: string | null } | null;
}

/** 收文登记簿 entry. */
export interface RegisterEntry {
  /** 来文单位 */
  sourceOrgan: string;
  /** 来文字号 (may be empty for paper mail without one) */
  docNumber: string;
  title: string;
  kind: DocumentKind | null;
  classification: Classification;
  secrecyPeriod: string | null;
  urgency: Urgency;
  /** 份数 */
  copies: number;
  /** 页数 */
  pages: number | null;
  /** 收文日期 YYYY-MM-DD */
  receivedDate: string;
  /** 督办公文: 办理时限 YYYY-MM-DD */
  supervisionDeadline: string | null;
  remarks: string;
}

export interface Party {
  id: string;
  name: string;
}

export type IncomingDocumentReceived = DomainEvent<
  'IncomingDocumentReceived',
  {
    incomingId: string;
    unitId: string;
    unitName: string;
    category: IncomingCategory;
    from: { outgoingId: string; unitId: string; unitName: string };
    copyNo: string;
    document: ExchangedDocument;
    sentBy: string;
    at: string;
    /** Who must 签收 (recipients.ts clerksWhoSignFor). Absent on events recorded before it was (EVENTS.md). */
    clerkIds?: string[];
  }
>;
export type IncomingDocumentSignedFor = DomainEvent<
  'IncomingDocumentSignedFor',
  { incomingId: string; actorId: string; actorName: string; at: string }
>;
export type IncomingDocumentReturned = DomainEvent<
  'IncomingDocumentReturned',
  { incomingId: string; reason: string; actorId: string; actorName: string; at: string }
>;
export type IncomingDocumentRegistered = DomainEvent<
  'IncomingDocumentRegistered',
  {
    incomingId: string;
    year: number;
    receiptSeq: number;
    receiptNumber: string;
    entry: RegisterEntry;
    registeredBy: string;
    at: string;
  }
>;
export type IncomingPaperDocumentRegistered = DomainEvent<
  'IncomingPaperDocumentRegistered',
  {
    incomingId: string;
    unitId: string;
    unitName: string;
    category: IncomingCategory;
    year: number;
    receiptSeq: number;
    receiptNumber: string;
    entry: RegisterEntry;
    /** 正文 transcribed or OCR'd, when there is one. */
    body: string;
    attachments: AttachmentMeta[];
    /** When the paper arrived (back-dated: the envelope's occurredAt is this too). */
    receivedAt: string;
    registeredBy: string;
    at: string;
  }
>;
export type IncomingDocumentProposed = DomainEvent<
  'IncomingDocumentProposed',
  {
    incomingId: string;
    opinion: string;
    proposerId: string;
    proposerName: string;
    leaderIds: string[];
    at: string;
  }
>;
export type IncomingDocumentInstructed = DomainEvent<
  'IncomingDocumentInstructed',
  {
    incomingId: string;
    leaderId: string;
    leaderName: string;
    onBehalfOf: string | null;
    instruction: string;
    strokes: Strokes | null;
    at: string;
  }
>;
export type IncomingDocumentAssigned = DomainEvent<
  'IncomingDocumentAssigned',
  {
    incomingId: string;
    lead: Party;
    co: Party[];
    deadline: string | null;
    assignedBy: string;
    at: string;
    /** Who gets 承办 (recipients.ts handlersOf). Absent on events recorded before it was (EVENTS.md). */
    handlers?: Handler[];
  }
>;
export type IncomingCirculationStarted = DomainEvent<
  'IncomingCirculationStarted',
  {
    incomingId: string;
    round: number;
    readers: Party[];
    startedBy: string;
    at: string;
  }
>;
export type IncomingDocumentRead = DomainEvent<
  'IncomingDocumentRead',
  {
    incomingId: string;
    round: number;
    readerId: string;
    onBehalfOf: string | null;
    at: string;
  }
>;
export type IncomingDocumentCompleted = DomainEvent<
  'IncomingDocumentCompleted',
  { incomingId: string; summary: string; completedBy: string; at: string }
>;

export type IncomingEvent =
  | IncomingDocumentReceived
  | IncomingDocumentSignedFor
  | IncomingDocumentReturned
  | IncomingDocumentRegistered
  | IncomingPaperDocumentRegistered
  | IncomingDocumentProposed
  | IncomingDocumentInstructed
  | IncomingDocumentAssigned
  | IncomingCirculationStarted
  | IncomingDocumentRead
  | IncomingDocumentCompleted
  | DocumentArchived;

export const INCOMING_EVENT_TYPES = [
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
  'DocumentArchived',
] as const satisfies readonly IncomingEvent['type'][];

export type IncomingStatus =
  'none' | 'pending' | 'returned' | 'signed' | 'registered' | 'proposed' | 'instructed' | 'assigned' | 'completed' | 'archived';
export const INCOMING_STATUS_LABELS: Record<IncomingStatus, string> = {
  none: '',
  pending: '待签收',
  returned: '已退回',
  signed: '已签收',
  registered: '已登记',
  proposed: '已拟办',
  instructed: '已批示',
  assigned: '承办中',
  completed: '已办结',
  archived: '已归档',
};

export interface Reader {
  userId: string;
  name: string;
  round: number;
  assignedAt: string;
  readAt: string | null;
}

export interface IncomingState {
  status: IncomingStatus;
  incomingId: string;
  unitId: string;
  unitName: string;
  category: IncomingCategory;
  origin: 'exchange' | 'paper';
  from: { outgoingId: string; unitId: string; unitName: string } | null;
  copyNo: string | null;
  document: ExchangedDocument | null;
  /** Paper: the transcribed body. */
  body: string;
  attachments: AttachmentMeta[];
  receivedAt: string | null;
  signedFor: { actorId: string; actorName: string; at: string } | null;
  returned: { reason: string; actorId: string; at: string } | null;
  receiptNumber: string | null;
  entry: RegisterEntry | null;
  proposals: { opinion: string; proposerId: string; proposerName: string; leaderIds: string[]; at: string }[];
  instructions: {
    leaderId: string;
    leaderName: string;
    onBehalfOf: string | null;
    instruction: string;
    strokes: Strokes | null;
    at: string;
  }[];
  assignment: { lead: Party; co: Party[]; deadline: string | null; assignedBy: string; at: string } | null;
  circulationRound: number;
  readers: Reader[];
  completed: { summary: string; completedBy: string; at: string } | null;
  archive: ArchiveFiling | null;
}

export const initialIncomingState = (): IncomingState => ({
  status: 'none',
  incomingId: '',
  unitId: '',
  unitName: '',
  category: 'normal',
  origin: 'exchange',
  from: null,
  copyNo: null,
  document: null,
  body: '',
  attachments: [],
  receivedAt: null,
  signedFor: null,
  returned: null,
  receiptNumber: null,
  entry: null,
  proposals: [],
  instructions: [],
  assignment: null,
  circulationRound: 0,
  readers: [],
  completed: null,
  archive: null,
});

export const unreadReaders = (s: IncomingState): Reader[] => s.readers.filter((r) => r.readAt === null);

export function evolveIncoming(s: IncomingState, e: IncomingEvent): IncomingState {
  switch (e.type) {
    case 'IncomingDocumentReceived': {
      const d = e.data;
      return {
        ...initialIncomingState(),
        status: 'pending',
        incomingId: d.incomingId,
        unitId: d.unitId,
        unitName: d.unitName,
        category: d.category,
        origin: 'exchange',
        from: d.from,
        copyNo: d.copyNo,
        document: d.document,
        body: d.document.body,
        attachments: d.document.attachments,
        receivedAt: d.at,
      };
    }
    case 'IncomingDocumentSignedFor':
      return { ...s, status: 'signed', signedFor: { actorId: e.data.actorId, actorName: e.data.actorName, at: e.data.at } };
    case 'IncomingDocumentReturned':
      return { ...s, status: 'returned', returned: { reason: e.data.reason, actorId: e.data.actorId, at: e.data.at } };
    case 'IncomingDocumentRegistered':
      return { ...s, status: 'registered', receiptNumber: e.data.receiptNumber, entry: e.data.entry };
    case 'IncomingPaperDocumentRegistered': {
      const d = e.data;
      return {
        ...initialIncomingState(),
        status: 'registered',
        incomingId: d.incomingId,
        unitId: d.unitId,
        unitName: d.unitName,
        category: d.category,
        origin: 'paper',
        body: d.body,
        attachments: d.attachments,
        receivedAt: d.receivedAt,
        receiptNumber: d.receiptNumber,
        entry: d.entry,
      };
    }
    case 'IncomingDocumentProposed': {
      const d = e.data;
      return {
        ...s,
        status: 'proposed',
        proposals: [
          ...s.proposals,
          { opinion: d.opinion, proposerId: d.proposerId, proposerName: d.proposerName, leaderIds: d.leaderIds, at: d.at },
        ],
      };
    }
    case 'IncomingDocumentInstructed': {
      const d = e.data;
      return {
        ...s,
        status: s.status === 'assigned' ? 'assigned' : 'instructed',
        instructions: [
          ...s.instructions,
          {
            leaderId: d.leaderId,
            leaderName: d.leaderName,
            onBehalfOf: d.onBehalfOf,
            instruction: d.instruction,
            strokes: d.strokes,
            at: d.at,
          },
        ],
      };
    }
    case 'IncomingDocumentAssigned': {
      const d = e.data;
      return { ...s, status: 'assigned', assignment: { lead: d.lead, co: d.co, deadline: d.deadline, assignedBy: d.assignedBy, at: d.at } };
    }
    case 'IncomingCirculationStarted': {
      const d = e.data;
      return {
        ...s,
        circulationRound: d.round,
        readers: [...s.readers, ...d.readers.map((r) => ({ userId: r.id, name: r.name, round: d.round, assignedAt: d.at, readAt: null }))],
      };
    }
    case 'IncomingDocumentRead': {
      const d = e.data;
      return { ...s, readers: s.readers.map((r) => (r.userId === d.readerId && r.round === d.round ? { ...r, readAt: d.at } : r)) };
    }
    case 'IncomingDocumentCompleted':
      return { ...s, status: 'completed', completed: { summary: e.data.summary, completedBy: e.data.completedBy, at: e.data.at } };
    case 'DocumentArchived': {
      const { documentId: _d, direction: _x, unitId: _u, archivedBy: _b, at: _a, ...filing } = e.data;
      return { ...s, status: 'archived', archive: filing };
    }
    default:
      return assertNever(e);
  }
}
