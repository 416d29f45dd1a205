/**
 * OutgoingDocument decider (发文). Pure: the handler supplies ids, names, the configured clearance,
 * the approval outcome read from the workflow instance, the number from the register, the port
 * answers (rendering, seal) — and `metadata.now`. `decideOutgoing` only dispatches; each command has
 * its own function below (draftOutgoing, editOutgoing, addAttachment, … archiveOutgoing).
 *
 * Rules enforced here
 *  - clearance: 密级 above the configured clearance is refused (机密/绝密 by default);
 *  - who edits when: 拟稿 — the drafter; 审核中 — whoever the handler found holding a task
 *    (reviewer/signer) or the drafter after a return; after 签发 — the office, the drafter or the
 *    signer; never once 用印/分发/归档;
 *  - 复核: a change of 正文/标题/主送 after 签发 by anyone but the signer opens a review that blocks
 *    编号, 套红, 用印 and 分发 until the signer reconfirms (ReconfirmSignature);
 *  - 发文字号 only after 签发 and without a pending review; the 机关代字 and issuers freeze then;
 *  - 套红 fixes the 版记: a 印发机关 and a real 印发日期 (not before the 成文日期) are printed, or it is
 *    refused (document.record_incomplete, 422 with the field); 分发 keeps them;
 *  - 用印 only on the PDF rendered from the current version; 分发 needs a number (and a seal when
 *    the policy requires one); one live delivery per receiving unit; never to the drafting unit;
 *  - 归档 only after 分发.
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import type { ArchiveFiling } from './archive';
import type { OutgoingApprovers } from './recipients';
import {
  DEFAULT_CLEARANCE,
  LIMITS,
  SUBSTANTIVE_FIELDS,
  checkElements,
  checkSubmittable,
  formatCopyNo,
  formatDocNumber,
  shanghaiDate,
  type Classification,
  type DocumentElements,
  type FieldError,
} from './elements';
import {
  currentBody,
  currentVersion,
  evolveOutgoing,
  initialOutgoingState,
  type EditCapacity,
  type OutgoingAttachment,
  type OutgoingEvent,
  type OutgoingState,
} from './outgoing.events';
import type { RenderedPdf, SealResult } from './ports';

export type DraftOutgoing = Command<
  'DraftOutgoing',
  {
    documentId: string;
    unitId: string;
    departmentId: string;
    drafterName: string;
    elements: DocumentElements;
    body: string;
    clearance?: Classification;
  }
>;
export type EditOutgoing = Command<
  'EditOutgoing',
  {
    changes: Partial<DocumentElements>;
    body?: string | null;
    editorName: string;
    capacity: EditCapacity;
    stage?: string;
    clearance?: Classification;
  }
>;
/** 上传附件: the file is already in the store (the handler put it there and hashed it). */
export type AddAttachment = Command<
  'AddAttachment',
  {
    /** hex SM3 of the bytes. */
    id: string;
    sha256: string;
    size: number;
    storageKey: string;
    /** The uploaded file's name (extension included). */
    fileName: string;
    /** 附件名称 for the 附件说明; default: the file name without its extension. */
    name?: string | null;
    uploaderName: string;
    capacity: EditCapacity;
  }
>;
/** 删除附件 */
export type RemoveAttachment = Command<'RemoveAttachment', { attachmentId: string; removerName: string; capacity: EditCapacity }>;
/** 送审: `approvers` as chosen by recipients.ts outgoingApprovers (the same the 发文 process was started with). */
export type SubmitOutgoing = Command<'SubmitOutgoing', { processId: string; approvers: OutgoingApprovers }>;
/** The approval process ended (read from the workflow instance by the handler). */
export type RecordApprovalOutcome = Command<
  'RecordApprovalOutcome',
  {
    processId: string;
    outcome: 'signed' | 'rejected' | 'terminated' | 'cancelled';
    /** For 'signed': the leader who approved the 签发 node. */
    actorId: string;
    actorName: string;
    opinion: string;
    at: string;
  }
>;
export type ReconfirmSignature = Command<'ReconfirmSignature', { opinion?: string }>;
export type RegisterNumber = Command<'RegisterNumber', { code: string; year: number; number: number }>;
/** 套红: the PDF rendered, with the 版记's 印发机关 and 印发日期 printed in it (fixed now, kept for 分发). */
export type RecordRendering = Command<
  'RecordRendering',
  { rendered: RenderedPdf; version: number; printingOrgan: string; printedDate: string }
>;
export type RecordSeal = Command<'RecordSeal', { seal: SealResult }>;
export type Distribute = Command<
  'Distribute',
  {
    recipients: { unitId: string; unitName: string; incomingId: string }[];
    printingOrgan: string;
    requireSeal: boolean;
  }
>;
export type AcknowledgeDelivery = Command<
  'AcknowledgeDelivery',
  { incomingId: string; outcome: 'signed' | 'returned'; reason?: string; actorId: string; at: string }
>;
export type ArchiveOutgoing = Command<'ArchiveOutgoing', { filing: ArchiveFiling }>;

export type OutgoingCommand =
  | DraftOutgoing
  | EditOutgoing
  | AddAttachment
  | RemoveAttachment
  | SubmitOutgoing
  | RecordApprovalOutcome
  | ReconfirmSignature
  | RegisterNumber
  | RecordRendering
  | RecordSeal
  | Distribute
  | AcknowledgeDelivery
  | ArchiveOutgoing;

/** 附件 policy: at most 20 MB a file, 50 a document, these types only (by extension → the MIME type served). */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
};
export const ATTACHMENT_TYPE_NAMES = 'PDF、OFD、Word（doc/docx）、Excel（xls/xlsx）、JPG、PNG、ZIP';

/** The extension (lower case, no dot) of a file name, '' when none. */
export const extensionOf = (fileName: string): string => {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return m ? m[1].toLowerCase() : '';
};

// no path separators, no control characters, no leading dot
const FILE_NAME = /^(?!\.)[^\/\\\u0000-\u001f\u007f]{1,200}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Input that breaks a rule of the elements: a 400 with every field error (the first as `field`). */
export class ElementsInvalid extends DomainError {
  constructor(readonly errors: FieldError[]) {
    super('invalid', 'document.elements_invalid', errors.map((e) => e.message).join('；'), errors[0]?.field);
  }
}

const E = {
  notFound: () => new DomainError('not_found', 'document.not_found', '公文不存在'),
  exists: () => new DomainError('conflict', 'document.exists', '公文已存在'),
  status: (msg: string) => new DomainError('rule', 'document.wrong_stage', msg),
  review: () => new DomainError('rule', 'document.review_pending', '签发后正文、标题或主送机关已修改，须经签发人复核后才能继续'),
  notEditor: () => new DomainError('forbidden', 'document.not_editor', '当前环节您不能修改该公文'),
};

function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length) {
    // a clearance refusal is a business rule (422), not malformed input
    const clearance = errors.find((e) => e.field === 'classification' && e.message.startsWith('本系统最高只能处理'));
    if (clearance) throw new DomainError('rule', 'document.classification_above_clearance', clearance.message, 'classification');
    throw new ElementsInvalid(errors);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function requireExists(s: OutgoingState): void {
  if (s.status === 'none') throw E.notFound();
}

/** 附件 are added and removed while the document is drafted or reviewed (拟稿/核稿), by who may edit it then. */
function requireAttachmentsOpen(s: OutgoingState, capacity: EditCapacity): void {
  if (s.status !== 'draft' && s.status !== 'in_review') {
    throw new DomainError('rule', 'document.attachments_frozen', '公文已签发，附件不能再增加或删除；如需更正，请退回重新签发或另行发文');
  }
  if (s.status === 'draft' && capacity !== 'drafter') throw E.notEditor();
  if (s.status === 'in_review' && capacity === 'office') throw E.notEditor();
}

/** After 签发 but not yet 用印/分发/归档 the document may still change (with 复核). */
function editableAfterSigning(s: OutgoingState): boolean {
  return s.status === 'signed' && !s.sealed;
}

/** Dispatches a command to its rule (one function per command, below). */
export function decideOutgoing(cmd: OutgoingCommand, s: OutgoingState): OutgoingEvent[] {
  switch (cmd.type) {
    case 'DraftOutgoing':
      return draftOutgoing(cmd, s);
    case 'EditOutgoing':
      return editOutgoing(cmd, s);
    case 'AddAttachment':
      return addAttachment(cmd, s);
    case 'RemoveAttachment':
      return removeAttachment(cmd, s);
    case 'SubmitOutgoing':
      return submitOutgoing(cmd, s);
    case 'RecordApprovalOutcome':
      return recordApprovalOutcome(cmd, s);
    case 'ReconfirmSignature':
      return reconfirmSignature(cmd, s);
    case 'RegisterNumber':
      return registerNumber(cmd, s);
    case 'RecordRendering':
      return recordRendering(cmd, s);
    case 'RecordSeal':
      return recordSeal(cmd, s);
    case 'Distribute':
      return distribute(cmd, s);
    case 'AcknowledgeDelivery':
      return acknowledgeDelivery(cmd, s);
    case 'ArchiveOutgoing':
      return archiveOutgoing(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export function draftOutgoing(cmd: DraftOutgoing, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  if (s.status !== 'none') throw E.exists();
  const d = cmd.data;
  throwIfInvalid(checkElements(d.elements, d.clearance ?? DEFAULT_CLEARANCE));
  return [
    {
      type: 'OutgoingDocumentDrafted',
      data: {
        documentId: d.documentId,
        unitId: d.unitId,
        departmentId: d.departmentId,
        drafterId: actor,
        drafterName: d.drafterName,
        elements: d.elements,
        body: d.body,
        version: 1,
        at: now,
      },
    },
  ];
}

export function editOutgoing(cmd: EditOutgoing, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  const d = cmd.data;
  if (s.status === 'distributed' || s.status === 'archived' || s.sealed) {
    throw new DomainError('rule', 'document.frozen', '公文已用印或已分发，不能再修改；如需更正，请另行发文');
  }
  if (s.status === 'draft' && d.capacity !== 'drafter') throw E.notEditor();
  if (s.status === 'in_review' && d.capacity === 'office') throw E.notEditor();
  if (s.status === 'signed' && d.capacity === 'reviewer') throw E.notEditor();
  const before = s.elements!;
  const changedFields: string[] = [];
  const changes: Partial<DocumentElements> = {};
  for (const [k, v] of Object.entries(d.changes) as [keyof DocumentElements, unknown][]) {
    if (v === undefined || same(before[k], v)) continue;
    (changes as Record<string, unknown>)[k] = v;
    changedFields.push(k);
  }
  const bodyChanged = d.body !== undefined && d.body !== null && d.body !== currentBody(s);
  if (bodyChanged) changedFields.push('body');
  if (changedFields.length === 0) return [];
  if (s.number && (changes.numberCode !== undefined || changes.issuers !== undefined)) {
    throw new DomainError(
      'rule',
      'document.numbered',
      `已编号为 ${s.number.docNumber}，发文机关和机关代字不能再修改`,
      changes.numberCode !== undefined ? 'numberCode' : 'issuers',
    );
  }
  throwIfInvalid(checkElements({ ...before, ...changes }, d.clearance ?? DEFAULT_CLEARANCE));
  const version = bodyChanged ? currentVersion(s) + 1 : null;
  const stage = d.stage ?? (s.status === 'draft' ? '拟稿' : s.status === 'signed' ? '签发后修改' : '核稿');
  const events: OutgoingEvent[] = [
    {
      type: 'OutgoingDocumentEdited',
      data: {
        documentId: s.documentId,
        changes,
        changedFields,
        body: bodyChanged ? d.body! : null,
        version,
        editorId: actor,
        editorName: d.editorName,
        capacity: d.capacity,
        stage,
        at: now,
      },
    },
  ];
  const substantive = changedFields.filter((f) => (SUBSTANTIVE_FIELDS as readonly string[]).includes(f));
  if (editableAfterSigning(s) && substantive.length > 0 && s.signature && actor !== s.signature.signerId && !s.review) {
    events.push({
      type: 'OutgoingDocumentReturnedForReview',
      data: {
        documentId: s.documentId,
        signerId: s.signature.signerId,
        changedFields: substantive,
        version: version ?? currentVersion(s),
        requestedBy: actor,
        at: now,
      },
    });
  }
  return events;
}

export function addAttachment(cmd: AddAttachment, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  const d = cmd.data;
  requireAttachmentsOpen(s, d.capacity);
  if (!FILE_NAME.test(d.fileName ?? ''))
    throw new DomainError('invalid', 'document.attachment_bad_name', '附件文件名须为 1–200 个字符，不能含路径或控制字符', 'fileName');
  const ext = extensionOf(d.fileName);
  const contentType = ATTACHMENT_TYPES[ext];
  if (!contentType)
    throw new DomainError(
      'invalid',
      'document.attachment_type',
      `不支持的附件类型“${ext || '无扩展名'}”：仅限 ${ATTACHMENT_TYPE_NAMES}`,
      'fileName',
    );
  if (!Number.isSafeInteger(d.size) || d.size <= 0)
    throw new DomainError('invalid', 'document.attachment_empty', '附件不能为空文件', 'file');
  if (d.size > ATTACHMENT_MAX_BYTES)
    throw new DomainError('invalid', 'document.attachment_too_large', `附件不能超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`, 'file');
  if (!HEX64.test(d.id) || !HEX64.test(d.sha256))
    throw new DomainError('invalid', 'document.attachment_bad_digest', '附件摘要无效', 'file');
  const name = (d.name ?? '').trim() || d.fileName.slice(0, d.fileName.length - ext.length - 1).trim() || d.fileName;
  if (name.length > 200) throw new DomainError('invalid', 'document.attachment_bad_name', '附件名称不能超过 200 个字', 'name');
  const existing = s.elements!.attachments;
  if (existing.length >= LIMITS.attachments)
    throw new DomainError('rule', 'document.too_many_attachments', `附件不能超过 ${LIMITS.attachments} 个`, 'file');
  const same = existing.find((a) => a.sha256 === d.sha256);
  if (same) throw new DomainError('conflict', 'document.attachment_exists', `该文件已是附件“${same.name}”`, 'file');
  const attachment: OutgoingAttachment = {
    id: d.id,
    name,
    fileName: d.fileName,
    contentType,
    sha256: d.sha256,
    size: d.size,
    storageKey: d.storageKey,
    uploadedBy: actor,
    uploadedByName: d.uploaderName,
    at: now,
  };
  return [{ type: 'OutgoingAttachmentAdded', data: { documentId: s.documentId, attachment, capacity: d.capacity } }];
}

export function removeAttachment(cmd: RemoveAttachment, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  const d = cmd.data;
  const a = s.attachmentFiles.find((x) => x.id === d.attachmentId);
  if (!a) throw new DomainError('not_found', 'document.attachment_not_found', '没有这个附件');
  requireAttachmentsOpen(s, d.capacity);
  return [
    {
      type: 'OutgoingAttachmentRemoved',
      data: {
        documentId: s.documentId,
        attachmentId: a.id,
        name: a.name,
        removedBy: actor,
        removedByName: d.removerName,
        capacity: d.capacity,
        at: now,
      },
    },
  ];
}

export function submitOutgoing(cmd: SubmitOutgoing, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status !== 'draft') throw E.status('只有拟稿中的公文可以送审');
  if (actor !== s.drafterId && cmd.metadata.onBehalfOf !== s.drafterId)
    throw new DomainError('forbidden', 'document.not_drafter', '只有拟稿人可以送审');
  throwIfInvalid(checkSubmittable(s.elements!, currentBody(s)));
  return [
    {
      type: 'OutgoingDocumentSubmitted',
      data: {
        documentId: s.documentId,
        processId: cmd.data.processId,
        round: s.rounds + 1,
        submittedBy: actor,
        at: now,
        countersignerIds: cmd.data.approvers.countersignerIds,
        signerId: cmd.data.approvers.signerId,
      },
    },
  ];
}

export function recordApprovalOutcome(cmd: RecordApprovalOutcome, s: OutgoingState): OutgoingEvent[] {
  requireExists(s);
  const d = cmd.data;
  if (s.processId !== d.processId) throw new DomainError('conflict', 'document.process_mismatch', '审批流程与公文不对应');
  if (s.status !== 'in_review') return []; // already recorded
  if (d.outcome === 'signed') {
    return [
      {
        type: 'OutgoingDocumentSigned',
        data: {
          documentId: s.documentId,
          processId: d.processId,
          signerId: d.actorId,
          signerName: d.actorName,
          opinion: d.opinion,
          signedAt: d.at,
          writtenDate: shanghaiDate(d.at),
          version: currentVersion(s),
        },
      },
    ];
  }
  return [
    {
      type: 'OutgoingDocumentApprovalEnded',
      data: { documentId: s.documentId, processId: d.processId, outcome: d.outcome, actorId: d.actorId, opinion: d.opinion, at: d.at },
    },
  ];
}

export function reconfirmSignature(cmd: ReconfirmSignature, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (!s.review) throw E.status('该公文没有待复核的修改');
  const signer = s.review.signerId;
  if (actor !== signer && cmd.metadata.onBehalfOf !== signer)
    throw new DomainError('forbidden', 'document.not_signer', '只有原签发人可以复核');
  return [
    {
      type: 'OutgoingDocumentSignatureReconfirmed',
      data: {
        documentId: s.documentId,
        signerId: signer,
        onBehalfOf: actor !== signer ? signer : null,
        opinion: cmd.data.opinion ?? '',
        version: currentVersion(s),
        at: now,
      },
    },
  ];
}

export function registerNumber(cmd: RegisterNumber, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  const d = cmd.data;
  if (s.number) {
    if (s.number.code === d.code && s.number.year === d.year && s.number.number === d.number) return [];
    throw new DomainError('conflict', 'document.already_numbered', `该公文已编号：${s.number.docNumber}`);
  }
  if (s.status !== 'signed') throw E.status('公文须经领导签发后才能登记编号');
  if (s.review) throw E.review();
  if (d.code !== s.elements!.numberCode) throw new DomainError('invalid', 'document.code_mismatch', '机关代字与公文不一致', 'numberCode');
  if (!Number.isInteger(d.number) || d.number < 1) throw new DomainError('invalid', 'document.bad_number', '文号序号须为正整数');
  return [
    {
      type: 'OutgoingDocumentNumbered',
      data: {
        documentId: s.documentId,
        code: d.code,
        year: d.year,
        number: d.number,
        docNumber: formatDocNumber(d.code, d.year, d.number),
        registeredBy: actor,
        at: now,
      },
    },
  ];
}

export function recordRendering(cmd: RecordRendering, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status !== 'signed' || !s.number) throw E.status('公文须登记编号后才能套红');
  if (s.review) throw E.review();
  if (s.sealed) throw E.status('公文已用印，不能重新套红');
  if (cmd.data.version !== currentVersion(s)) throw new DomainError('conflict', 'document.stale_version', '正文已更新，请重新套红');
  const { printingOrgan, printedDate } = checkRecord(cmd.data.printingOrgan, cmd.data.printedDate, s.writtenDate);
  const r = cmd.data.rendered;
  if (!/^[0-9a-f]{64}$/.test(r.pdfSha256) || !(r.pages >= 1)) throw new DomainError('invalid', 'document.bad_rendering', '套红结果无效');
  return [
    {
      type: 'DocumentRendered',
      data: {
        documentId: s.documentId,
        version: cmd.data.version,
        pdfSha256: r.pdfSha256,
        pages: r.pages,
        templateId: r.templateId,
        storageKey: r.storageKey,
        bytes: r.bytes,
        printingOrgan,
        printedDate,
        renderedBy: actor,
        at: now,
      },
    },
  ];
}

/**
 * The 版记 of a 红头文件 (GB/T 9704 §7.4.3) must be complete before it is printed: a 印发机关 (1–100
 * characters) and a real 印发日期 (YYYY-MM-DD, not before the 成文日期). 422 with the field otherwise.
 */
export function checkRecord(
  printingOrgan: string | null | undefined,
  printedDate: string | null | undefined,
  writtenDate: string | null,
): { printingOrgan: string; printedDate: string } {
  const organ = (printingOrgan ?? '').trim();
  if (!organ || organ.length > 100)
    throw new DomainError('rule', 'document.record_incomplete', '版记不完整：须有印发机关（1–100 个字）', 'printingOrgan');
  if (!isCalendarDate(printedDate))
    throw new DomainError('rule', 'document.record_incomplete', '版记不完整：印发日期须为有效日期（YYYY-MM-DD）', 'printedDate');
  if (writtenDate && printedDate < writtenDate)
    throw new DomainError('rule', 'document.record_incomplete', `印发日期不能早于成文日期 ${writtenDate}`, 'printedDate');
  return { printingOrgan: organ, printedDate };
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(d: string | null | undefined): d is string {
  if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

export function recordSeal(cmd: RecordSeal, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.sealed) throw E.status('公文已用印');
  if (s.review) throw E.review();
  if (s.status !== 'signed' || !s.rendered) throw E.status('公文须套红后才能用印');
  const x = cmd.data.seal;
  if (x.sourcePdfSha256 !== s.rendered.pdfSha256)
    throw new DomainError('conflict', 'document.seal_wrong_pdf', '用印的文件与套红结果不一致');
  return [
    {
      type: 'DocumentSealed',
      data: {
        documentId: s.documentId,
        sealId: x.sealId,
        algorithm: x.algorithm,
        signature: x.signature,
        pdfSm3: x.pdfSm3,
        publicKey: x.publicKey,
        sealedStorageKey: x.sealedStorageKey,
        sealedPdfSha256: x.sealedPdfSha256,
        sourcePdfSha256: x.sourcePdfSha256,
        sealedBy: actor,
        at: now,
      },
    },
  ];
}

export function distribute(cmd: Distribute, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  const d = cmd.data;
  if (s.status !== 'signed' && s.status !== 'distributed') throw E.status('公文须签发并编号后才能分发');
  if (!s.number) throw E.status('公文须登记编号后才能分发');
  if (s.review) throw E.review();
  if (d.requireSeal && !s.sealed) throw E.status('公文须用印后才能分发');
  if (d.recipients.length === 0) throw new DomainError('invalid', 'document.no_recipients', '请选择分发单位', 'recipients');
  const seen = new Set<string>();
  d.recipients.forEach((r, i) => {
    if (r.unitId === s.unitId) throw new DomainError('invalid', 'document.self_distribution', '不能分发给本单位', `recipients[${i}]`);
    if (seen.has(r.unitId)) throw new DomainError('invalid', 'document.duplicate_recipient', `“${r.unitName}”重复`, `recipients[${i}]`);
    seen.add(r.unitId);
    const live = s.deliveries.find((x) => x.unitId === r.unitId && x.status !== 'returned');
    if (live)
      throw new DomainError(
        'conflict',
        'document.already_sent',
        `已分发给“${r.unitName}”（${live.status === 'signed' ? '已签收' : '已发送'}）`,
        `recipients[${i}]`,
      );
  });
  return [
    {
      type: 'OutgoingDocumentDistributed',
      data: {
        documentId: s.documentId,
        recipients: d.recipients.map((r, i) => ({
          unitId: r.unitId,
          unitName: r.unitName,
          incomingId: r.incomingId,
          copyNo: formatCopyNo(s.copyCounter + i + 1),
        })),
        printingOrgan: s.printingOrgan ?? (s.elements!.printingOrgan || d.printingOrgan),
        printedDate: s.printedDate ?? shanghaiDate(now),
        distributedBy: actor,
        at: now,
      },
    },
  ];
}

export function acknowledgeDelivery(cmd: AcknowledgeDelivery, s: OutgoingState): OutgoingEvent[] {
  requireExists(s);
  const d = cmd.data;
  const x = s.deliveries.find((y) => y.incomingId === d.incomingId);
  if (!x) throw new DomainError('not_found', 'document.delivery_not_found', '没有这次分发');
  if (x.status === d.outcome) return [];
  if (x.status !== 'sent') throw E.status(`该单位已${x.status === 'signed' ? '签收' : '退回'}`);
  return [
    {
      type: 'OutgoingDistributionAcknowledged',
      data: {
        documentId: s.documentId,
        incomingId: d.incomingId,
        unitId: x.unitId,
        outcome: d.outcome,
        reason: d.reason ?? '',
        actorId: d.actorId,
        at: d.at,
      },
    },
  ];
}

export function archiveOutgoing(cmd: ArchiveOutgoing, s: OutgoingState): OutgoingEvent[] {
  const now = cmd.metadata.now;
  const actor = cmd.metadata.actorId;
  requireExists(s);
  if (s.status === 'archived') throw E.status('公文已归档');
  if (s.status !== 'distributed') throw E.status('公文分发后才能归档');
  if (s.review) throw E.review();
  return [
    {
      type: 'DocumentArchived',
      data: { ...cmd.data.filing, documentId: s.documentId, direction: 'outgoing', unitId: s.unitId, archivedBy: actor, at: now },
    },
  ];
}

export const outgoingDecider: Decider<OutgoingCommand, OutgoingEvent, OutgoingState> = {
  initialState: initialOutgoingState,
  decide: decideOutgoing,
  evolve: evolveOutgoing,
};
