/**
 * 通知公告 decider. Rules:
 *   A1 起草: a title (1–100 characters), a category from the list and a body (≤ 20,000 characters).
 *   A2 修改 / 附件: only the drafter, only while 草稿 or 退回修改 (≤ 20 attachments, images shown in the body) —
 *      or while the review process has returned it to the drafter (退回 on the engine; the command side says so).
 *   A3 送审: only the drafter, from 草稿 or 退回修改, with its approval process id; the round counts up.
 *   A4 审核结果 (from the approval process's end, by the reactor): approved → 待发布 (back to the drafter
 *      to release); rejected / terminated / cancelled → 退回修改. An outcome for another round's process is
 *      refused (announcement.process_mismatch); an outcome already recorded changes nothing.
 *   A5 发布: the drafter or a publisher of the unit (announcement.publish), only once approved, to a
 *      non-empty audience whose recipients the domain resolved (recipients.ts); the window ends after
 *      it starts and after now; the start defaults to now.
 *   A6 置顶 / 取消置顶 and 撤回 (with a reason, recorded): the drafter or a publisher of the unit, only
 *      while published. Withdrawing removes it from the strip for everyone; the receipts stay.
 * Time comes from the command metadata (`now`); DomainError codes are stable (`announcement.*`).
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import {
  ANNOUNCEMENT_CATEGORIES,
  evolveAnnouncement,
  initialAnnouncementState,
  type AnnouncementAttachment,
  type AnnouncementCategory,
  type AnnouncementEvent,
  type AnnouncementState,
  type Audience,
} from './announcement.events';
import { audienceEmpty } from './recipients';

export const ANNOUNCEMENT_BODY_MAX = 20_000;
export const ANNOUNCEMENT_ATTACHMENTS_MAX = 20;

interface Content {
  title: string;
  category: string;
  body: string;
}

export type DraftAnnouncement = Command<
  'DraftAnnouncement',
  Content & { announcementId: string; unitId: string; departmentId: string; drafterName: string }
>;
export type EditAnnouncement = Command<'EditAnnouncement', Content & { processReturned?: boolean }>;
export type AddAnnouncementAttachment = Command<'AddAnnouncementAttachment', { attachment: AnnouncementAttachment }>;
export type RemoveAnnouncementAttachment = Command<'RemoveAnnouncementAttachment', { attachmentId: string }>;
export type SubmitAnnouncement = Command<'SubmitAnnouncement', { processId: string }>;
export type RecordAnnouncementApproval = Command<
  'RecordAnnouncementApproval',
  {
    processId: string;
    outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    actorName: string;
    opinion: string;
    at: string;
  }
>;
export type PublishAnnouncement = Command<
  'PublishAnnouncement',
  {
    audience: Audience;
    /** Resolved by recipients.ts from the org at publication. */
    recipientIds: string[];
    displayFrom?: string | null;
    displayTo?: string | null;
    pinned: boolean;
    publisherName: string;
    /** The caller holds announcement.publish for the notice's unit. */
    asPublisher: boolean;
  }
>;
export type SetAnnouncementPinned = Command<'SetAnnouncementPinned', { pinned: boolean; asPublisher: boolean }>;
export type WithdrawAnnouncement = Command<'WithdrawAnnouncement', { reason: string; actorName: string; asPublisher: boolean }>;

export type AnnouncementCommand =
  | DraftAnnouncement
  | EditAnnouncement
  | AddAnnouncementAttachment
  | RemoveAnnouncementAttachment
  | SubmitAnnouncement
  | RecordAnnouncementApproval
  | PublishAnnouncement
  | SetAnnouncementPinned
  | WithdrawAnnouncement;

type S = AnnouncementState;

function checkContent(c: Content): { title: string; category: AnnouncementCategory; body: string } {
  const title = (c.title ?? '').trim();
  if (!title) throw new DomainError('invalid', 'announcement.title_required', '请填写标题', 'title');
  if (title.length > 100) throw new DomainError('invalid', 'announcement.title_too_long', '标题不能超过 100 个字', 'title');
  if (!(ANNOUNCEMENT_CATEGORIES as readonly string[]).includes(c.category))
    throw new DomainError('invalid', 'announcement.category', `类别须为：${ANNOUNCEMENT_CATEGORIES.join('、')}`, 'category');
  const body = c.body ?? '';
  if (!body.trim()) throw new DomainError('invalid', 'announcement.body_required', '请填写正文', 'body');
  if (body.length > ANNOUNCEMENT_BODY_MAX)
    throw new DomainError('invalid', 'announcement.body_too_long', `正文不能超过 ${ANNOUNCEMENT_BODY_MAX} 个字`, 'body');
  return { title, category: c.category as AnnouncementCategory, body };
}

function exists(s: S): void {
  if (s.status === 'none') throw new DomainError('not_found', 'announcement.not_found', '通知公告不存在');
}

function asDrafter(s: S, c: Command): void {
  exists(s);
  if ((c.metadata.onBehalfOf ?? c.metadata.actorId) !== s.drafterId)
    throw new DomainError('forbidden', 'announcement.not_drafter', '只有起草人可以办理此项');
}

function editable(s: S, processReturned = false): void {
  if (s.status === 'in_review' && processReturned) return;
  if (s.status !== 'draft' && s.status !== 'sent_back')
    throw new DomainError('rule', 'announcement.not_editable', '只有草稿或退回修改的通知公告可以修改');
}

function asDrafterOrPublisher(s: S, c: Command & { data: { asPublisher: boolean } }): void {
  exists(s);
  if (c.data.asPublisher) return;
  if ((c.metadata.onBehalfOf ?? c.metadata.actorId) !== s.drafterId)
    throw new DomainError('forbidden', 'announcement.not_publisher', '只有起草人或本单位的发布管理员可以办理此项');
}

export function draftAnnouncement(c: DraftAnnouncement, s: S): AnnouncementEvent[] {
  if (s.status !== 'none') throw new DomainError('conflict', 'announcement.exists', '通知公告已存在');
  const content = checkContent(c.data);
  const d = c.data;
  return [
    {
      type: 'AnnouncementDrafted',
      data: {
        announcementId: d.announcementId,
        unitId: d.unitId,
        departmentId: d.departmentId,
        drafterId: c.metadata.onBehalfOf ?? c.metadata.actorId,
        drafterName: d.drafterName,
        ...content,
        at: c.metadata.now,
      },
    },
  ];
}

export function editAnnouncement(c: EditAnnouncement, s: S): AnnouncementEvent[] {
  asDrafter(s, c);
  editable(s, c.data.processReturned);
  const content = checkContent(c.data);
  const same = s.content && s.content.title === content.title && s.content.category === content.category && s.content.body === content.body;
  if (same) return [];
  return [{ type: 'AnnouncementEdited', data: { announcementId: s.announcementId, ...content, at: c.metadata.now } }];
}

export function addAnnouncementAttachment(c: AddAnnouncementAttachment, s: S): AnnouncementEvent[] {
  asDrafter(s, c);
  editable(s);
  if (s.attachments.some((a) => a.id === c.data.attachment.id)) return [];
  if (s.attachments.length >= ANNOUNCEMENT_ATTACHMENTS_MAX)
    throw new DomainError('rule', 'announcement.too_many_attachments', `附件不能超过 ${ANNOUNCEMENT_ATTACHMENTS_MAX} 个`, 'file');
  return [
    { type: 'AnnouncementAttachmentAdded', data: { announcementId: s.announcementId, attachment: c.data.attachment, at: c.metadata.now } },
  ];
}

export function removeAnnouncementAttachment(c: RemoveAnnouncementAttachment, s: S): AnnouncementEvent[] {
  asDrafter(s, c);
  editable(s);
  if (!s.attachments.some((a) => a.id === c.data.attachmentId))
    throw new DomainError('not_found', 'announcement.attachment_not_found', '附件不存在', 'attachmentId');
  return [
    {
      type: 'AnnouncementAttachmentRemoved',
      data: { announcementId: s.announcementId, attachmentId: c.data.attachmentId, at: c.metadata.now },
    },
  ];
}

export function submitAnnouncement(c: SubmitAnnouncement, s: S): AnnouncementEvent[] {
  asDrafter(s, c);
  if (s.status !== 'draft' && s.status !== 'sent_back')
    throw new DomainError('rule', 'announcement.not_submittable', '只有草稿或退回修改的通知公告可以送审');
  return [
    {
      type: 'AnnouncementSubmitted',
      data: { announcementId: s.announcementId, processId: c.data.processId, round: s.rounds + 1, at: c.metadata.now },
    },
  ];
}

export function recordAnnouncementApproval(c: RecordAnnouncementApproval, s: S): AnnouncementEvent[] {
  exists(s);
  const d = c.data;
  if (s.processId !== d.processId) throw new DomainError('rule', 'announcement.process_mismatch', '审核流程与通知公告当前的送审不符');
  if (s.status !== 'in_review') return []; // already recorded (a replayed reaction)
  if (d.outcome === 'approved') {
    return [
      {
        type: 'AnnouncementApproved',
        data: {
          announcementId: s.announcementId,
          processId: d.processId,
          approverId: d.actorId,
          approverName: d.actorName,
          opinion: d.opinion,
          drafterId: s.drafterId,
          at: d.at,
        },
      },
    ];
  }
  return [
    {
      type: 'AnnouncementSentBack',
      data: {
        announcementId: s.announcementId,
        processId: d.processId,
        outcome: d.outcome,
        actorId: d.actorId,
        opinion: d.opinion,
        drafterId: s.drafterId,
        at: d.at,
      },
    },
  ];
}

export function publishAnnouncement(c: PublishAnnouncement, s: S): AnnouncementEvent[] {
  asDrafterOrPublisher(s, c);
  if (s.status !== 'approved') throw new DomainError('rule', 'announcement.not_approved', '通知公告须审核通过后才能发布');
  const d = c.data;
  if (audienceEmpty(d.audience)) throw new DomainError('invalid', 'announcement.audience_required', '请选择发布范围', 'audience');
  if (d.recipientIds.length === 0) throw new DomainError('invalid', 'announcement.no_recipients', '发布范围内没有在职人员', 'audience');
  const now = c.metadata.now;
  const from = d.displayFrom ?? now;
  const to = d.displayTo ?? null;
  if (to !== null && to <= from) throw new DomainError('invalid', 'announcement.window', '展示截止时间须晚于开始时间', 'displayTo');
  if (to !== null && to <= now) throw new DomainError('invalid', 'announcement.window_past', '展示截止时间须晚于当前时间', 'displayTo');
  return [
    {
      type: 'AnnouncementPublished',
      data: {
        announcementId: s.announcementId,
        audience: d.audience,
        recipientIds: [...new Set(d.recipientIds)],
        displayFrom: from,
        displayTo: to,
        pinned: d.pinned,
        publisherId: c.metadata.onBehalfOf ?? c.metadata.actorId,
        publisherName: d.publisherName,
        at: now,
      },
    },
  ];
}

export function setAnnouncementPinned(c: SetAnnouncementPinned, s: S): AnnouncementEvent[] {
  asDrafterOrPublisher(s, c);
  if (s.status !== 'published') throw new DomainError('rule', 'announcement.not_published', '只有已发布的通知公告可以置顶');
  if (s.publication?.pinned === c.data.pinned) return [];
  return [
    {
      type: 'AnnouncementPinChanged',
      data: {
        announcementId: s.announcementId,
        pinned: c.data.pinned,
        actorId: c.metadata.onBehalfOf ?? c.metadata.actorId,
        at: c.metadata.now,
      },
    },
  ];
}

export function withdrawAnnouncement(c: WithdrawAnnouncement, s: S): AnnouncementEvent[] {
  asDrafterOrPublisher(s, c);
  if (s.status !== 'published') throw new DomainError('rule', 'announcement.not_published', '只有已发布的通知公告可以撤回');
  const reason = (c.data.reason ?? '').trim();
  if (!reason) throw new DomainError('invalid', 'announcement.reason_required', '请填写撤回原因', 'reason');
  if (reason.length > 500) throw new DomainError('invalid', 'announcement.reason_too_long', '撤回原因不能超过 500 个字', 'reason');
  return [
    {
      type: 'AnnouncementWithdrawn',
      data: {
        announcementId: s.announcementId,
        actorId: c.metadata.onBehalfOf ?? c.metadata.actorId,
        actorName: c.data.actorName,
        reason,
        at: c.metadata.now,
      },
    },
  ];
}

export function decideAnnouncement(c: AnnouncementCommand, s: S): AnnouncementEvent[] {
  switch (c.type) {
    case 'DraftAnnouncement':
      return draftAnnouncement(c, s);
    case 'EditAnnouncement':
      return editAnnouncement(c, s);
    case 'AddAnnouncementAttachment':
      return addAnnouncementAttachment(c, s);
    case 'RemoveAnnouncementAttachment':
      return removeAnnouncementAttachment(c, s);
    case 'SubmitAnnouncement':
      return submitAnnouncement(c, s);
    case 'RecordAnnouncementApproval':
      return recordAnnouncementApproval(c, s);
    case 'PublishAnnouncement':
      return publishAnnouncement(c, s);
    case 'SetAnnouncementPinned':
      return setAnnouncementPinned(c, s);
    case 'WithdrawAnnouncement':
      return withdrawAnnouncement(c, s);
    default:
      return assertNever(c);
  }
}

export const announcementDecider: Decider<AnnouncementCommand, AnnouncementEvent, AnnouncementState> = {
  initialState: initialAnnouncementState,
  decide: decideAnnouncement,
  evolve: evolveAnnouncement,
};
