/**
 * OutgoingDocument (发文) aggregate: events, state and evolve. Stream `outgoing-document-<id>`.
 *
 * Life: 拟稿 (draft) → 送审 (in_review: the 发文 approval process on the workflow engine —
 * 部门核稿 → 会签 → 办公室核稿 → 领导签发) → 已签发 (signed) → 登记编号 → 套红 → 用印 → 分发
 * (distributed) → 归档 (archived). A substantive change (正文/标题/主送) after 签发 by anyone but the
 * signer opens a 复核 (review) that blocks every later step until the signer reconfirms.
 * See EVENTS.md for the data shapes as a table.
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import type { ArchiveFiling } from './archive';
import type { AttachmentMeta, DocumentElements } from './elements';

export const outgoingStreamId = (documentId: string) => `outgoing-document-${documentId}`;

/** One 正文 version (each edit of the body is a new one). */
export interface BodyVersion {
  version: number;
  body: string;
  authorId: string;
  authorName: string;
  /** 拟稿 / 部门核稿 / 办公室核稿 / 领导签发 / 签发后修改 … */
  stage: string;
  at: string;
}

export type EditCapacity = 'drafter' | 'reviewer' | 'signer' | 'office';

/**
 * 附件 uploaded to the document (拟稿/核稿). The bytes are kept in the content-addressed file store under
 * `storageKey`; the attachment is addressed by `id`, the hex SM3 (国密杂凑) of the bytes, and the
 * 附件说明 prints `name` (the file name without its extension unless the drafter says otherwise).
 */
export interface OutgoingAttachment extends AttachmentMeta {
  /** 附件标识: hex SM3 of the bytes (unique within the document: the same file is attached once). */
  id: string;
  /** The uploaded file's name, extension included (for the download). */
  fileName: string;
  /** MIME type from the allow-list (by extension). */
  contentType: string;
  /** File store key (`sha256:<hex>`). */
  storageKey: string;
  uploadedBy: string;
  uploadedByName: string;
  at: string;
}

export type OutgoingDocumentDrafted = DomainEvent<
  'OutgoingDocumentDrafted',
  {
    documentId: string;
    unitId: string;
    departmentId: string;
    drafterId: string;
    drafterName: string;
    elements: DocumentElements;
    body: string;
    version: 1;
    at: string;
  }
>;
export type OutgoingDocumentEdited = DomainEvent<
  'OutgoingDocumentEdited',
  {
    documentId: string;
    /** Only the elements that changed, with their new values. */
    changes: Partial<DocumentElements>;
    /** Names of every changed field, 'body' included. */
    changedFields: string[];
    /** The new 正文 and its version number when the body changed, else null. */
    body: string | null;
    version: number | null;
    editorId: string;
    editorName: string;
    capacity: EditCapacity;
    stage: string;
    at: string;
  }
>;
export type OutgoingAttachmentAdded = DomainEvent<
  'OutgoingAttachmentAdded',
  {
    documentId: string;
    attachment: OutgoingAttachment;
    capacity: EditCapacity;
  }
>;
export type OutgoingAttachmentRemoved = DomainEvent<
  'OutgoingAttachmentRemoved',
  {
    documentId: string;
    attachmentId: string;
    name: string;
    removedBy: string;
    removedByName: string;
    capacity: EditCapacity;
    at: string;
  }
>;
export type OutgoingDocumentSubmitted = DomainEvent<
  'OutgoingDocumentSubmitted',
  {
    documentId: string;
    processId: string;
    round: number;
    submittedBy: string;
    at: string;
    /** 会签 leaders and 签发人 (recipients.ts outgoingApprovers). Absent before they were recorded: see the process's assignments. */
    countersignerIds?: string[];
    signerId?: string;
  }
>;
export type OutgoingDocumentApprovalEnded = DomainEvent<
  'OutgoingDocumentApprovalEnded',
  {
    documentId: string;
    processId: string;
    outcome: 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    opinion: string;
    at: string;
  }
>;
export type OutgoingDocumentSigned = DomainEvent<
  'OutgoingDocumentSigned',
  {
    documentId: string;
    processId: string;
    signerId: string;
    signerName: string;
    opinion: string;
    /** When the leader approved the 签发 task. */
    signedAt: string;
    /** 成文日期 (Asia/Shanghai date of signing). */
    writtenDate: string;
    /** The 正文 version signed. */
    version: number;
  }
>;
export type OutgoingDocumentReturnedForReview = DomainEvent<
  'OutgoingDocumentReturnedForReview',
  {
    documentId: string;
    signerId: string;
    changedFields: string[];
    version: number;
    requestedBy: string;
    at: string;
  }
>;
export type OutgoingDocumentSignatureReconfirmed = DomainEvent<
  'OutgoingDocumentSignatureReconfirmed',
  {
    documentId: string;
    signerId: string;
    onBehalfOf: string | null;
    opinion: string;
    version: number;
    at: string;
  }
>;
export type OutgoingDocumentNumbered = DomainEvent<
  'OutgoingDocumentNumbered',
  {
    documentId: string;
    code: string;
    year: number;
    number: number;
    docNumber: string;
    registeredBy: string;
    at: string;
  }
>;
export type DocumentRendered = DomainEvent<
  'DocumentRendered',
  {
    documentId: string;
    version: number;
    pdfSha256: string;
    pages: number;
    templateId: string;
    storageKey: string;
    bytes: number;
    /** The 版记 as printed: 印发机关 and 印发日期 (YYYY-MM-DD). Absent in events recorded before they were fixed at 套红. */
    printingOrgan?: string;
    printedDate?: string;
    renderedBy: string;
    at: string;
  }
>;
export type DocumentSealed = DomainEvent<
  'DocumentSealed',
  {
    documentId: string;
    sealId: string;
    algorithm: string;
    signature: string;
    pdfSm3: string;
    publicKey: string;
    sealedStorageKey: string;
    sealedPdfSha256: string;
    sourcePdfSha256: string;
    sealedBy: string;
    at: string;
  }
>;
export interface Delivery {
  unitId: string;
  unitName: string;
  incomingId: string;
  /** 份号 */
  copyNo: string;
}
export type OutgoingDocumentDistributed = DomainEvent<
  'OutgoingDocumentDistributed',
  {
    documentId: string;
    recipients: Delivery[];
    printingOrgan: string;
    printedDate: string;
    distributedBy: string;
    at: string;
  }
>;
export type OutgoingDistributionAcknowledged = DomainEvent<
  'OutgoingDistributionAcknowledged',
  {
    documentId: string;
    incomingId: string;
    unitId: string;
    outcome: 'signed' | 'returned';
    reason: string;
    actorId: string;
    at: string;
  }
>;
export type DocumentArchived = DomainEvent<
  'DocumentArchived',
  ArchiveFiling & {
    documentId: string;
    direction: 'outgoing' | 'incoming';
    unitId: string;
    archivedBy: string;
    at: string;
  }
>;

export type OutgoingEvent =
  | OutgoingDocumentDrafted
  | OutgoingDocumentEdited
  | OutgoingAttachmentAdded
  | OutgoingAttachmentRemoved
  | OutgoingDocumentSubmitted
  | OutgoingDocumentApprovalEnded
  | OutgoingDocumentSigned
  | OutgoingDocumentReturnedForReview
  | OutgoingDocumentSignatureReconfirmed
  | OutgoingDocumentNumbered
  | DocumentRendered
  | DocumentSealed
  | OutgoingDocumentDistributed
  | OutgoingDistributionAcknowledged
  | DocumentArchived;

export const OUTGOING_EVENT_TYPES = [
  'OutgoingDocumentDrafted',
  'OutgoingDocumentEdited',
  'OutgoingAttachmentAdded',
  'OutgoingAttachmentRemoved',
  'OutgoingDocumentSubmitted',
  'OutgoingDocumentApprovalEnded',
  'OutgoingDocumentSigned',
  'OutgoingDocumentReturnedForReview',
  'OutgoingDocumentSignatureReconfirmed',
  'OutgoingDocumentNumbered',
  'DocumentRendered',
  'DocumentSealed',
  'OutgoingDocumentDistributed',
  'OutgoingDistributionAcknowledged',
  'DocumentArchived',
] as const satisfies readonly OutgoingEvent['type'][];

export type OutgoingStatus = 'none' | 'draft' | 'in_review' | 'signed' | 'distributed' | 'archived';
export type ExchangeStatus = 'sent' | 'signed' | 'returned';
export const EXCHANGE_STATUS_LABELS: Record<ExchangeStatus, string> = { sent: '已发送', signed: '已签收', returned: '已退回' };

export interface DeliveryState extends Delivery {
  status: ExchangeStatus;
  reason: string;
  sentAt: string;
  actedAt: string | null;
  actedBy: string | null;
}

export interface OutgoingState {
  status: OutgoingStatus;
  documentId: string;
  unitId: string;
  departmentId: string;
  drafterId: string;
  drafterName: string;
  elements: DocumentElements | null;
  versions: BodyVersion[];
  /** Uploaded 附件 files (elements.attachments holds their 附件说明 entries, in order). */
  attachmentFiles: OutgoingAttachment[];
  processId: string | null;
  rounds: number;
  signature: { signerId: string; signerName: string; opinion: string; signedAt: string; version: number; processId: string } | null;
  /** 成文日期 */
  writtenDate: string | null;
  /** 复核 pending: blocks 编号/套红/用印/分发 until the signer reconfirms. */
  review: { signerId: string; changedFields: string[]; version: number; requestedBy: string; requestedAt: string } | null;
  number: { code: string; year: number; number: number; docNumber: string } | null;
  rendered: { version: number; pdfSha256: string; pages: number; templateId: string; storageKey: string; at: string } | null;
  sealed: {
    sealId: string;
    pdfSm3: string;
    signature: string;
    publicKey: string;
    sealedStorageKey: string;
    sealedPdfSha256: string;
    at: string;
  } | null;
  deliveries: DeliveryState[];
  copyCounter: number;
  printingOrgan: string | null;
  printedDate: string | null;
  archive: ArchiveFiling | null;
}

export const initialOutgoingState = (): OutgoingState => ({
  status: 'none',
  documentId: '',
  unitId: '',
  departmentId: '',
  drafterId: '',
  drafterName: '',
  elements: null,
  versions: [],
  attachmentFiles: [],
  processId: null,
  rounds: 0,
  signature: null,
  writtenDate: null,
  review: null,
  number: null,
  rendered: null,
  sealed: null,
  deliveries: [],
  copyCounter: 0,
  printingOrgan: null,
  printedDate: null,
  archive: null,
});

export const currentBody = (s: OutgoingState): string => s.versions[s.versions.length - 1]?.body ?? '';
export const currentVersion = (s: OutgoingState): number => s.versions[s.versions.length - 1]?.version ?? 0;

/** 当前环节 for lists: 拟稿 / 审核中 / 待复核 / 已签发 / 已编号 / 已套红 / 已用印 / 已分发 / 已归档. */
export function outgoingStage(s: OutgoingState): string {
  switch (s.status) {
    case 'none':
      return '';
    case 'draft':
      return '拟稿';
    case 'in_review':
      return '审核中';
    case 'signed':
      if (s.review) return '待复核';
      if (s.sealed) return '已用印';
      if (s.rendered) return '已套红';
      if (s.number) return '已编号';
      return '已签发';
    case 'distributed':
      return s.review ? '待复核' : '已分发';
    case 'archived':
      return '已归档';
    default:
      return assertNever(s.status);
  }
}

export function evolveOutgoing(s: OutgoingState, e: OutgoingEvent): OutgoingState {
  switch (e.type) {
    case 'OutgoingDocumentDrafted': {
      const d = e.data;
      return {
        ...initialOutgoingState(),
        status: 'draft',
        documentId: d.documentId,
        unitId: d.unitId,
        departmentId: d.departmentId,
        drafterId: d.drafterId,
        drafterName: d.drafterName,
        elements: d.elements,
        versions: [{ version: 1, body: d.body, authorId: d.drafterId, authorName: d.drafterName, stage: '拟稿', at: d.at }],
      };
    }
    case 'OutgoingDocumentEdited': {
      const d = e.data;
      const versions =
        d.body !== null && d.version !== null
          ? [...s.versions, { version: d.version, body: d.body, authorId: d.editorId, authorName: d.editorName, stage: d.stage, at: d.at }]
          : s.versions;
      // any change invalidates a rendering made before it (the PDF no longer matches)
      return { ...s, elements: { ...s.elements!, ...d.changes }, versions, rendered: null };
    }
    case 'OutgoingAttachmentAdded': {
      const a = e.data.attachment;
      return {
        ...s,
        attachmentFiles: [...s.attachmentFiles.filter((x) => x.id !== a.id), a],
        elements: { ...s.elements!, attachments: [...s.elements!.attachments, { name: a.name, sha256: a.sha256, size: a.size }] },
        rendered: null,
      };
    }
    case 'OutgoingAttachmentRemoved': {
      const gone = s.attachmentFiles.find((a) => a.id === e.data.attachmentId);
      return {
        ...s,
        attachmentFiles: s.attachmentFiles.filter((a) => a.id !== e.data.attachmentId),
        elements: gone ? { ...s.elements!, attachments: s.elements!.attachments.filter((a) => a.sha256 !== gone.sha256) } : s.elements,
        rendered: null,
      };
    }
    case 'OutgoingDocumentSubmitted':
      return { ...s, status: 'in_review', processId: e.data.processId, rounds: e.data.round };
    case 'OutgoingDocumentApprovalEnded':
      return { ...s, status: 'draft' };
    case 'OutgoingDocumentSigned': {
      const d = e.data;
      return {
        ...s,
        status: 'signed',
        writtenDate: d.writtenDate,
        signature: {
          signerId: d.signerId,
          signerName: d.signerName,
          opinion: d.opinion,
          signedAt: d.signedAt,
          version: d.version,
          processId: d.processId,
        },
      };
    }
    case 'OutgoingDocumentReturnedForReview': {
      const d = e.data;
      return {
        ...s,
        review: { signerId: d.signerId, changedFields: d.changedFields, version: d.version, requestedBy: d.requestedBy, requestedAt: d.at },
      };
    }
    case 'OutgoingDocumentSignatureReconfirmed':
      return { ...s, review: null, signature: s.signature ? { ...s.signature, version: e.data.version } : s.signature };
    case 'OutgoingDocumentNumbered': {
      const d = e.data;
      return { ...s, number: { code: d.code, year: d.year, number: d.number, docNumber: d.docNumber } };
    }
    case 'DocumentRendered': {
      const d = e.data;
      return {
        ...s,
        rendered: {
          version: d.version,
          pdfSha256: d.pdfSha256,
          pages: d.pages,
          templateId: d.templateId,
          storageKey: d.storageKey,
          at: d.at,
        },
        printingOrgan: d.printingOrgan ?? s.printingOrgan,
        printedDate: d.printedDate ?? s.printedDate,
      };
    }
    case 'DocumentSealed': {
      const d = e.data;
      return {
        ...s,
        sealed: {
          sealId: d.sealId,
          pdfSm3: d.pdfSm3,
          signature: d.signature,
          publicKey: d.publicKey,
          sealedStorageKey: d.sealedStorageKey,
          sealedPdfSha256: d.sealedPdfSha256,
          at: d.at,
        },
      };
    }
    case 'OutgoingDocumentDistributed': {
      const d = e.data;
      return {
        ...s,
        status: 'distributed',
        printingOrgan: d.printingOrgan,
        printedDate: s.printedDate ?? d.printedDate,
        copyCounter: s.copyCounter + d.recipients.length,
        deliveries: [
          ...s.deliveries,
          ...d.recipients.map((r) => ({ ...r, status: 'sent' as const, reason: '', sentAt: d.at, actedAt: null, actedBy: null })),
        ],
      };
    }
    case 'OutgoingDistributionAcknowledged': {
      const d = e.data;
      return {
        ...s,
        deliveries: s.deliveries.map((x) =>
          x.incomingId === d.incomingId ? { ...x, status: d.outcome, reason: d.reason, actedAt: d.at, actedBy: d.actorId } : x,
        ),
      };
    }
    case 'DocumentArchived': {
      const { documentId: _d, direction: _x, unitId: _u, archivedBy: _b, at: _a, ...filing } = e.data;
      return { ...s, status: 'archived', archive: filing };
    }
    default:
      return assertNever(e);
  }
}
