/**
 * Announcement (通知公告) aggregate: events, state and evolve. Stream `announcement-<id>`.
 *
 * Life: 起草 (draft) → 送审 (in_review: the 通知公告审核 process on the workflow engine, reviewed by
 * the unit's 信息管理/办公室 head) → 审核通过 (approved: back to the drafter to release) or 退回修改
 * (rejected: the drafter edits and submits again) → 发布 (published, to an audience, with a display
 * window and pinning) → 撤回 (withdrawn, with a reason; recorded). Read receipts live on their own
 * streams (`announcement-receipt-<id>-<userId>`, receipt.events.ts) so that a notice to a whole district
 * stays a short stream. See EVENTS.md.
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';

export const announcementStreamId = (announcementId: string) => `announcement-${announcementId}`;

/** 发布范围: everyone, or any mix of units, departments (with their sub-departments) and named people. */
export interface Audience {
  everyone: boolean;
  unitIds: string[];
  departmentIds: string[];
  userIds: string[];
}

/** An uploaded file (image shown in the body, or a download). */
export interface AnnouncementAttachment {
  /** SM3 of the bytes (hex). */
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  storageKey: string;
  image: boolean;
}

export const ANNOUNCEMENT_CATEGORIES = ['通知', '公告', '通报', '简报', '其他'] as const;
export type AnnouncementCategory = (typeof ANNOUNCEMENT_CATEGORIES)[number];

export interface AnnouncementContent {
  title: string;
  category: AnnouncementCategory;
  body: string;
}

export type AnnouncementDrafted = DomainEvent<
  'AnnouncementDrafted',
  AnnouncementContent & {
    announcementId: string;
    unitId: string;
    departmentId: string;
    drafterId: string;
    drafterName: string;
    at: string;
  }
>;
export type AnnouncementEdited = DomainEvent<'AnnouncementEdited', AnnouncementContent & { announcementId: string; at: string }>;
export type AnnouncementAttachmentAdded = DomainEvent<
  'AnnouncementAttachmentAdded',
  { announcementId: string; attachment: AnnouncementAttachment; at: string }
>;
export type AnnouncementAttachmentRemoved = DomainEvent<
  'AnnouncementAttachmentRemoved',
  { announcementId: string; attachmentId: string; at: string }
>;
export type AnnouncementSubmitted = DomainEvent<
  'AnnouncementSubmitted',
  { announcementId: string; processId: string; round: number; at: string }
>;
/** 审核通过: from the approval process's end (reactor); the drafter may now release it. */
export type AnnouncementApproved = DomainEvent<
  'AnnouncementApproved',
  {
    announcementId: string;
    processId: string;
    approverId: string;
    approverName: string;
    opinion: string;
    /** Who must act next: the drafter, who releases it. */
    drafterId: string;
    at: string;
  }
>;
/** 退回修改 (审核不通过, or the process terminated/cancelled): back to the drafter. */
export type AnnouncementSentBack = DomainEvent<
  'AnnouncementSentBack',
  {
    announcementId: string;
    processId: string;
    outcome: 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    opinion: string;
    /** Who must act next: the drafter, who edits and submits again. */
    drafterId: string;
    at: string;
  }
>;
export type AnnouncementPublished = DomainEvent<
  'AnnouncementPublished',
  {
    announcementId: string;
    audience: Audience;
    /** Who receives it — decided in the domain (recipients.ts) from the org at publication. */
    recipientIds: string[];
    /** Shown in the workbench strip from … to (UTC ISO); `displayTo` null: until withdrawn. */
    displayFrom: string;
    displayTo: string | null;
    pinned: boolean;
    publisherId: string;
    publisherName: string;
    at: string;
  }
>;
export type AnnouncementPinChanged = DomainEvent<
  'AnnouncementPinChanged',
  { announcementId: string; pinned: boolean; actorId: string; at: string }
>;
export type AnnouncementWithdrawn = DomainEvent<
  'AnnouncementWithdrawn',
  { announcementId: string; actorId: string; actorName: string; reason: string; at: string }
>;

export type AnnouncementEvent =
  | AnnouncementDrafted
  | AnnouncementEdited
  | AnnouncementAttachmentAdded
  | AnnouncementAttachmentRemoved
  | AnnouncementSubmitted
  | AnnouncementApproved
  | AnnouncementSentBack
  | AnnouncementPublished
  | AnnouncementPinChanged
  | AnnouncementWithdrawn;

export const ANNOUNCEMENT_EVENT_TYPES = [
  'AnnouncementDrafted',
  'AnnouncementEdited',
  'AnnouncementAttachmentAdded',
  'AnnouncementAttachmentRemoved',
  'AnnouncementSubmitted',
  'AnnouncementApproved',
  'AnnouncementSentBack',
  'AnnouncementPublished',
  'AnnouncementPinChanged',
  'AnnouncementWithdrawn',
] as const satisfies readonly AnnouncementEvent['type'][];

export type AnnouncementStatus = 'none' | 'draft' | 'in_review' | 'approved' | 'sent_back' | 'published' | 'withdrawn';

export const ANNOUNCEMENT_STATUS_LABELS: Record<AnnouncementStatus, string> = {
  none: '不存在',
  draft: '草稿',
  in_review: '审核中',
  approved: '待发布',
  sent_back: '退回修改',
  published: '已发布',
  withdrawn: '已撤回',
};

export interface AnnouncementState {
  status: AnnouncementStatus;
  announcementId: string;
  unitId: string;
  departmentId: string;
  drafterId: string;
  drafterName: string;
  content: AnnouncementContent | null;
  attachments: AnnouncementAttachment[];
  /** The current (or last) approval process, and how many rounds were submitted. */
  processId: string | null;
  rounds: number;
  approval: { approverId: string; approverName: string; opinion: string; at: string } | null;
  sentBack: { outcome: string; actorId: string; opinion: string; at: string } | null;
  publication: {
    audience: Audience;
    recipientIds: string[];
    displayFrom: string;
    displayTo: string | null;
    pinned: boolean;
    publisherId: string;
    publisherName: string;
    at: string;
  } | null;
  withdrawal: { actorId: string; actorName: string; reason: string; at: string } | null;
  draftedAt: string | null;
  updatedAt: string | null;
}

export const initialAnnouncementState = (): AnnouncementState => ({
  status: 'none',
  announcementId: '',
  unitId: '',
  departmentId: '',
  drafterId: '',
  drafterName: '',
  content: null,
  attachments: [],
  processId: null,
  rounds: 0,
  approval: null,
  sentBack: null,
  publication: null,
  withdrawal: null,
  draftedAt: null,
  updatedAt: null,
});

export function evolveAnnouncement(s: AnnouncementState, e: AnnouncementEvent): AnnouncementState {
  switch (e.type) {
    case 'AnnouncementDrafted': {
      const d = e.data;
      return {
        ...s,
        status: 'draft',
        announcementId: d.announcementId,
        unitId: d.unitId,
        departmentId: d.departmentId,
        drafterId: d.drafterId,
        drafterName: d.drafterName,
        content: { title: d.title, category: d.category, body: d.body },
        draftedAt: d.at,
        updatedAt: d.at,
      };
    }
    case 'AnnouncementEdited':
      return { ...s, content: { title: e.data.title, category: e.data.category, body: e.data.body }, updatedAt: e.data.at };
    case 'AnnouncementAttachmentAdded':
      return {
        ...s,
        attachments: [...s.attachments.filter((a) => a.id !== e.data.attachment.id), e.data.attachment],
        updatedAt: e.data.at,
      };
    case 'AnnouncementAttachmentRemoved':
      return { ...s, attachments: s.attachments.filter((a) => a.id !== e.data.attachmentId), updatedAt: e.data.at };
    case 'AnnouncementSubmitted':
      return { ...s, status: 'in_review', processId: e.data.processId, rounds: e.data.round, sentBack: null, updatedAt: e.data.at };
    case 'AnnouncementApproved': {
      const d = e.data;
      return {
        ...s,
        status: 'approved',
        approval: { approverId: d.approverId, approverName: d.approverName, opinion: d.opinion, at: d.at },
        updatedAt: d.at,
      };
    }
    case 'AnnouncementSentBack': {
      const d = e.data;
      return {
        ...s,
        status: 'sent_back',
        sentBack: { outcome: d.outcome, actorId: d.actorId, opinion: d.opinion, at: d.at },
        updatedAt: d.at,
      };
    }
    case 'AnnouncementPublished': {
      const { announcementId: _id, ...publication } = e.data;
      return { ...s, status: 'published', publication, updatedAt: e.data.at };
    }
    case 'AnnouncementPinChanged':
      return s.publication ? { ...s, publication: { ...s.publication, pinned: e.data.pinned }, updatedAt: e.data.at } : s;
    case 'AnnouncementWithdrawn': {
      const d = e.data;
      return {
        ...s,
        status: 'withdrawn',
        withdrawal: { actorId: d.actorId, actorName: d.actorName, reason: d.reason, at: d.at },
        updatedAt: d.at,
      };
    }
    default:
      return assertNever(e);
  }
}

/** Is it in its display window at `now` (published, not withdrawn)? */
export function isShowing(s: Pick<AnnouncementState, 'status' | 'publication'>, now: string): boolean {
  if (s.status !== 'published' || !s.publication) return false;
  return s.publication.displayFrom <= now && (s.publication.displayTo === null || now < s.publication.displayTo);
}
