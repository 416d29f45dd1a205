/**
 * IncomingDocument decider (收文). Pure; the handler supplies names, the 收文编号 from its register,
 * the clearance and `metadata.now` (and the back-dated receivedAt of a paper document). `decideIncoming`
 * only dispatches; each command has its own function below.
 *
 * Rules enforced here
 *  - receiveIncoming: a delivery arrives once (a retried fan-out is a no-op);
 *  - signForIncoming / returnIncoming: 签收/退回 only from 待签收; 退回 needs a reason;
 *  - registerIncoming: 登记 only after 签收 (an exchanged document is registered from the sender's data,
 *    nothing typed);
 *  - registerPaperIncoming: a paper document's 密级 within the clearance, its receivedAt not in the future;
 *  - proposeHandling / instructIncoming: 拟办 before 批示; 批示 needs words or handwriting;
 *  - assignHandling: 承办 after a 批示, the lead department not among the co-departments;
 *  - circulate: 传阅 from 登记 until 办结, one live entry per reader;
 *  - markIncomingRead: 已阅 only by the reader (or their delegate) — nobody marks another's;
 *  - completeIncoming: 办结 needs a 批示 and every reader's 已阅 (no skips);
 *  - archiveIncoming: 归档 after 办结.
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import type { ArchiveFiling } from './archive';
import { clerksWhoSignFor, handlersOf, type UserFact } from './recipients';
import {
  DEFAULT_CLEARANCE,
  SECRET_LEVELS,
  checkClearance,
  shanghaiDate,
  type AttachmentMeta,
  type Classification,
  type IncomingCategory,
} from './elements';
import {
  evolveIncoming,
  initialIncomingState,
  unreadReaders,
  type ExchangedDocument,
  type IncomingEvent,
  type IncomingState,
  type Party,
  type RegisterEntry,
  type Strokes,
} from './incoming.events';

export type ReceiveIncoming = Command<
  'ReceiveIncoming',
  {
    incomingId: string;
    unitId: string;
    unitName: string;
    category?: IncomingCategory;
    from: { outgoingId: string; unitId: string; unitName: string };
    copyNo: string;
    document: ExchangedDocument;
    /** Org facts: the holders of INCOMING_CLERK_ROLE (recipients.ts) the handler found for the unit. */
    clerks: UserFact[];
  }
>;
export type SignForIncoming = Command<'SignForIncoming', { actorName: string }>;
export type ReturnIncoming = Command<'ReturnIncoming', { reason: string; actorName: string }>;
export type RegisterIncoming = Command<
  'RegisterIncoming',
  {
    year: number;
    receiptSeq: number;
    receiptNumber: string;
    category?: IncomingCategory;
    supervisionDeadline?: string | null;
    remarks?: string;
  }
>;
export type RegisterPaperIncoming = Command<
  'RegisterPaperIncoming',
  {
    incomingId: string;
    unitId: string;
    unitName: string;
    category: IncomingCategory;
    year: number;
    receiptSeq: number;
    receiptNumber: string;
    entry: Omit<RegisterEntry, 'receivedDate'>;
    body: string;
    attachments: AttachmentMeta[];
    /** When the paper arrived (may be in the past). */
    receivedAt: string;
    clearance?: Classification;
  }
>;
export type ProposeHandling = Command<'ProposeHandling', { opinion: string; proposerName: string; leaderIds?: string[] }>;
export type InstructIncoming = Command<'InstructIncoming', { leaderName: string; instruction: string; strokes?: Strokes | null }>;
export type AssignHandling = Command<
  'AssignHandling',
  {
    lead: Party;
    co: Party[];
    deadline?: string | null;
    /** Org facts: department id → its 负责人 (null: none), for the lead and every co-department. */
    leaders: Record<string, string | null>;
  }
>;
export type Circulate = Command<'Circulate', { readers: Party[] }>;
export type MarkIncomingRead = Command<'MarkIncomingRead', Record<string, never>>;
export type CompleteIncoming = Command<'CompleteIncoming', { summary?: string }>;
export type ArchiveIncoming = Command<'ArchiveIncoming', { filing: ArchiveFiling }>;

export type IncomingCommand =
  | ReceiveIncoming
  | SignForIncoming
  | ReturnIncoming
  | RegisterIncoming
  | RegisterPaperIncoming
  | ProposeHandling
  | InstructIncoming
  | AssignHandling
  | Circulate
  | MarkIncomingRead
  | CompleteIncoming
  | ArchiveIncoming;

const E = {
  notFound: () => new DomainError('not_found', 'incoming.not_found', '收文不存在'),
  stage: (msg: string) => new DomainError('rule', 'incoming.wrong_stage', msg),
};

const IN_HAND: readonly IncomingState['status'][] = ['registered', 'proposed', 'instructed', 'assigned'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function requireExists(s: IncomingState): void {
  if (s.status === 'none') throw E.notFound();
}

/** Dispatches a command to its rule (one function per command, below). */
export function decideIncoming(cmd: IncomingCommand, s: IncomingState): IncomingEvent[] {
  switch (cmd.type) {
    case 'ReceiveIncoming':
      return receiveIncoming(cmd, s);
    case 'SignForIncoming':
      return signForIncoming(cmd, s);
    case 'ReturnIncoming':
      return returnIncoming(cmd, s);
    case 'RegisterIncoming':
      return registerIncoming(cmd, s);
    case 'RegisterPaperIncoming':
      return registerPaperIncoming(cmd, s);
    case 'ProposeHandling':
      return proposeHandling(cmd, s);
    case 'InstructIncoming':
      return instructIncoming(cmd, s);
    case 'AssignHandling':
      return assignHandling(cmd, s);
    case 'Circulate':
      return circulate(cmd, s);
    case 'MarkIncomingRead':
      return markIncomingRead(cmd, s);
    case 'CompleteIncoming':
      return completeIncoming(cmd, s);
    case 'ArchiveIncoming':
      return archiveIncoming(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export function receiveIncoming(cmd: ReceiveIncoming, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  if (s.status !== 'none') return []; // delivered already (retried fan-out)
  const d = cmd.data;
  return [
    {
      type: 'IncomingDocumentReceived',
      data: {
        incomingId: d.incomingId,
        unitId: d.unitId,
        unitName: d.unitName,
        category: d.category ?? 'normal',
        from: d.from,
        copyNo: d.copyNo,
        document: d.document,
        sentBy: actor,
        at: now,
        clerkIds: clerksWhoSignFor(d.unitId, d.clerks),
      },
    },
  ];
}

export function signForIncoming(cmd: SignForIncoming, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status === 'signed' && s.signedFor?.actorId === actor) return [];
  if (s.status !== 'pending') throw E.stage(s.status === 'returned' ? '该公文已退回' : '该公文已签收');
  return [
    { type: 'IncomingDocumentSignedFor', data: { incomingId: s.incomingId, actorId: actor, actorName: cmd.data.actorName, at: now } },
  ];
}

export function returnIncoming(cmd: ReturnIncoming, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status !== 'pending') throw E.stage(s.status === 'returned' ? '该公文已退回' : '已签收的公文不能退回');
  const reason = cmd.data.reason.trim();
  if (!reason) throw new DomainError('invalid', 'incoming.reason_required', '退回须说明理由', 'reason');
  return [
    {
      type: 'IncomingDocumentReturned',
      data: { incomingId: s.incomingId, reason, actorId: actor, actorName: cmd.data.actorName, at: now },
    },
  ];
}

export function registerIncoming(cmd: RegisterIncoming, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.receiptNumber) {
    if (s.receiptNumber === cmd.data.receiptNumber) return [];
    throw E.stage(`该公文已登记：${s.receiptNumber}`);
  }
  if (s.status !== 'signed' || !s.document || !s.from) throw E.stage('公文须先签收才能登记');
  const doc = s.document;
  const d = cmd.data;
  if (d.supervisionDeadline && !DATE.test(d.supervisionDeadline))
    throw new DomainError('invalid', 'incoming.bad_date', '办理时限须为日期', 'supervisionDeadline');
  const entry: RegisterEntry = {
    sourceOrgan: doc.issuers.map((i) => i.name).join('、') || s.from.unitName,
    docNumber: doc.docNumber,
    title: doc.title,
    kind: doc.kind,
    classification: doc.classification,
    secrecyPeriod: doc.secrecyPeriod,
    urgency: doc.urgency,
    copies: 1,
    pages: doc.pdf?.pages ?? null,
    receivedDate: shanghaiDate(s.receivedAt ?? now),
    supervisionDeadline: d.supervisionDeadline ?? null,
    remarks: d.remarks ?? '',
  };
  return [
    {
      type: 'IncomingDocumentRegistered',
      data: {
        incomingId: s.incomingId,
        year: d.year,
        receiptSeq: d.receiptSeq,
        receiptNumber: d.receiptNumber,
        entry,
        registeredBy: actor,
        at: now,
      },
    },
  ];
}

export function registerPaperIncoming(cmd: RegisterPaperIncoming, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  if (s.status !== 'none') {
    if (s.receiptNumber === cmd.data.receiptNumber) return [];
    throw new DomainError('conflict', 'incoming.exists', '收文已存在');
  }
  const d = cmd.data;
  const refused = checkClearance(d.entry.classification, d.clearance ?? DEFAULT_CLEARANCE);
  if (refused) throw refused;
  if (!d.entry.title.trim()) throw new DomainError('invalid', 'incoming.title_required', '标题不能为空', 'title');
  if (!d.entry.sourceOrgan.trim()) throw new DomainError('invalid', 'incoming.source_required', '来文单位不能为空', 'sourceOrgan');
  if (SECRET_LEVELS.includes(d.entry.classification) && !d.entry.secrecyPeriod) {
    throw new DomainError('invalid', 'incoming.secrecy_period', '涉密公文须登记保密期限', 'secrecyPeriod');
  }
  if (Number.isNaN(Date.parse(d.receivedAt))) throw new DomainError('invalid', 'incoming.bad_date', '收文时间须为 ISO 时间', 'receivedAt');
  if (Date.parse(d.receivedAt) > Date.parse(now)) throw new DomainError('invalid', 'incoming.future', '收文时间不能晚于现在', 'receivedAt');
  if (d.entry.supervisionDeadline && !DATE.test(d.entry.supervisionDeadline))
    throw new DomainError('invalid', 'incoming.bad_date', '办理时限须为日期', 'supervisionDeadline');
  return [
    {
      type: 'IncomingPaperDocumentRegistered',
      data: {
        incomingId: d.incomingId,
        unitId: d.unitId,
        unitName: d.unitName,
        category: d.category,
        year: d.year,
        receiptSeq: d.receiptSeq,
        receiptNumber: d.receiptNumber,
        entry: { ...d.entry, receivedDate: shanghaiDate(d.receivedAt) },
        body: d.body,
        attachments: d.attachments,
        receivedAt: d.receivedAt,
        registeredBy: actor,
        at: now,
      },
    },
  ];
}

export function proposeHandling(cmd: ProposeHandling, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status !== 'registered' && s.status !== 'proposed') throw E.stage('拟办须在登记后、领导批示前进行');
  const opinion = cmd.data.opinion.trim();
  if (!opinion) throw new DomainError('invalid', 'incoming.opinion_required', '请填写拟办意见', 'opinion');
  return [
    {
      type: 'IncomingDocumentProposed',
      data: {
        incomingId: s.incomingId,
        opinion,
        proposerId: actor,
        proposerName: cmd.data.proposerName,
        leaderIds: cmd.data.leaderIds ?? [],
        at: now,
      },
    },
  ];
}

export function instructIncoming(cmd: InstructIncoming, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (!IN_HAND.includes(s.status))
    throw E.stage(s.status === 'completed' || s.status === 'archived' ? '公文已办结' : '公文须登记后才能批示');
  const instruction = cmd.data.instruction.trim();
  const strokes = cmd.data.strokes && cmd.data.strokes.strokes.length > 0 ? cmd.data.strokes : null;
  if (!instruction && !strokes)
    throw new DomainError('invalid', 'incoming.instruction_required', '请填写批示意见或手写签批', 'instruction');
  return [
    {
      type: 'IncomingDocumentInstructed',
      data: {
        incomingId: s.incomingId,
        leaderId: actor,
        leaderName: cmd.data.leaderName,
        onBehalfOf: cmd.metadata.onBehalfOf ?? null,
        instruction,
        strokes,
        at: now,
      },
    },
  ];
}

export function assignHandling(cmd: AssignHandling, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status !== 'instructed' && s.status !== 'assigned') throw E.stage('须在领导批示后分派承办');
  const d = cmd.data;
  if (d.co.some((c) => c.id === d.lead.id))
    throw new DomainError('invalid', 'incoming.lead_in_co', '主办部门不能同时是协办部门', 'coDepartmentIds');
  if (new Set(d.co.map((c) => c.id)).size !== d.co.length)
    throw new DomainError('invalid', 'incoming.duplicate_co', '协办部门重复', 'coDepartmentIds');
  if (d.deadline != null) {
    if (!DATE.test(d.deadline)) throw new DomainError('invalid', 'incoming.bad_date', '办理期限须为日期', 'deadline');
    if (d.deadline < shanghaiDate(now)) throw new DomainError('invalid', 'incoming.past_deadline', '办理期限不能早于今天', 'deadline');
  }
  return [
    {
      type: 'IncomingDocumentAssigned',
      data: {
        incomingId: s.incomingId,
        lead: d.lead,
        co: d.co,
        deadline: d.deadline ?? null,
        assignedBy: actor,
        at: now,
        handlers: handlersOf(d.lead, d.co, d.leaders),
      },
    },
  ];
}

export function circulate(cmd: Circulate, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (!IN_HAND.includes(s.status))
    throw E.stage(s.status === 'completed' || s.status === 'archived' ? '公文已办结，不能再传阅' : '公文须登记后才能传阅');
  const readers = cmd.data.readers;
  if (readers.length === 0) throw new DomainError('invalid', 'incoming.no_readers', '请选择传阅人', 'readerIds');
  const ids = new Set<string>();
  readers.forEach((r, i) => {
    if (ids.has(r.id)) throw new DomainError('invalid', 'incoming.duplicate_reader', `传阅人“${r.name}”重复`, `readerIds[${i}]`);
    ids.add(r.id);
    if (unreadReaders(s).some((x) => x.userId === r.id))
      throw new DomainError('conflict', 'incoming.reader_pending', `“${r.name}”尚未阅毕，不能重复传阅`, `readerIds[${i}]`);
  });
  return [
    {
      type: 'IncomingCirculationStarted',
      data: { incomingId: s.incomingId, round: s.circulationRound + 1, readers, startedBy: actor, at: now },
    },
  ];
}

export function markIncomingRead(cmd: MarkIncomingRead, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  const reader = cmd.metadata.onBehalfOf ?? actor;
  const mine = unreadReaders(s).find((r) => r.userId === reader);
  if (!mine) {
    if (s.readers.some((r) => r.userId === reader)) return []; // already read
    throw new DomainError('forbidden', 'incoming.not_reader', '您不在该公文的传阅名单中');
  }
  return [
    {
      type: 'IncomingDocumentRead',
      data: { incomingId: s.incomingId, round: mine.round, readerId: reader, onBehalfOf: reader !== actor ? reader : null, at: now },
    },
  ];
}

export function completeIncoming(cmd: CompleteIncoming, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status === 'completed' || s.status === 'archived') throw E.stage('公文已办结');
  if (s.instructions.length === 0 || !IN_HAND.includes(s.status)) throw E.stage('公文须经领导批示后才能办结');
  const unread = unreadReaders(s);
  if (unread.length > 0) {
    throw new DomainError('rule', 'incoming.circulation_open', `传阅未完成：${unread.map((r) => r.name).join('、')} 尚未阅`);
  }
  return [
    {
      type: 'IncomingDocumentCompleted',
      data: { incomingId: s.incomingId, summary: cmd.data.summary?.trim() ?? '', completedBy: actor, at: now },
    },
  ];
}

export function archiveIncoming(cmd: ArchiveIncoming, s: IncomingState): IncomingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status === 'archived') throw E.stage('公文已归档');
  if (s.status !== 'completed') throw E.stage('公文办结后才能归档');
  return [
    {
      type: 'DocumentArchived',
      data: { ...cmd.data.filing, documentId: s.incomingId, direction: 'incoming', unitId: s.unitId, archivedBy: actor, at: now },
    },
  ];
}

export const incomingDecider: Decider<IncomingCommand, IncomingEvent, IncomingState> = {
  initialState: initialIncomingState,
  decide: decideIncoming,
  evolve: evolveIncoming,
};
