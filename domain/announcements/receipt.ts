/**
 * 已读回执 (read receipt): one small stream per recipient and notice, `announcement-receipt-<id>-<userId>`,
 * so that a notice to the whole district never grows a long stream. Rules:
 *   R1 Only a recipient recorded in AnnouncementPublished may acknowledge (announcement.not_recipient).
 *   R2 Only while the notice is published (a withdrawn one is not read any more: announcement.not_published).
 *   R3 The first read is recorded with its time; reading again changes nothing.
 * The facts (is a recipient, is published) come from the notice's state, passed in by the command side.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';

export const receiptStreamId = (announcementId: string, userId: string) => `announcement-receipt-${announcementId}-${userId}`;

export type AnnouncementRead = DomainEvent<'AnnouncementRead', { announcementId: string; userId: string; at: string }>;
export type ReceiptEvent = AnnouncementRead;
export const RECEIPT_EVENT_TYPES = ['AnnouncementRead'] as const satisfies readonly ReceiptEvent['type'][];

export type MarkAnnouncementRead = Command<
  'MarkAnnouncementRead',
  { announcementId: string; userId: string; isRecipient: boolean; published: boolean }
>;
export type ReceiptCommand = MarkAnnouncementRead;

export interface ReceiptState {
  readAt: string | null;
}

export function evolveReceipt(s: ReceiptState, e: ReceiptEvent): ReceiptState {
  switch (e.type) {
    case 'AnnouncementRead':
      return { readAt: s.readAt ?? e.data.at };
    default:
      return assertNever(e.type);
  }
}

export function markAnnouncementRead(c: MarkAnnouncementRead, s: ReceiptState): ReceiptEvent[] {
  const d = c.data;
  if (!d.isRecipient) throw new DomainError('forbidden', 'announcement.not_recipient', '您不在该通知公告的发布范围内');
  if (!d.published) throw new DomainError('rule', 'announcement.not_published', '该通知公告未发布或已撤回');
  if (s.readAt) return [];
  return [{ type: 'AnnouncementRead', data: { announcementId: d.announcementId, userId: d.userId, at: c.metadata.now } }];
}

export function decideReceipt(c: ReceiptCommand, s: ReceiptState): ReceiptEvent[] {
  switch (c.type) {
    case 'MarkAnnouncementRead':
      return markAnnouncementRead(c, s);
    default:
      return assertNever(c.type);
  }
}

export const receiptDecider: Decider<ReceiptCommand, ReceiptEvent, ReceiptState> = {
  initialState: () => ({ readAt: null }),
  decide: decideReceipt,
  evolve: evolveReceipt,
};
