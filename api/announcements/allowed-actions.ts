import { announcementDecider, type AnnouncementCommand, type AnnouncementState } from '../../domain/announcements';
import { DomainError } from '../../domain/shared/errors';

/**
 * The actions a user may take on a notice now, found by probing the decider with each command they
 * could send (the web shows only these buttons): edit, attach, submit, publish, pin, unpin, withdraw, read.
 */
export type AnnouncementAction = 'edit' | 'submit' | 'publish' | 'pin' | 'unpin' | 'withdraw' | 'read' | 'receipts';

export function announcementAllowedActions(
  s: AnnouncementState,
  who: { userId: string; asPublisher: boolean; hasRead: boolean; processReturned: boolean },
  now: string,
): AnnouncementAction[] {
  const metadata = { now, actorId: who.userId, onBehalfOf: null, unitId: null };
  const can = (c: Omit<AnnouncementCommand, 'metadata'>): boolean => {
    try {
      announcementDecider.decide({ ...c, metadata } as AnnouncementCommand, s);
      return true;
    } catch (e) {
      if (e instanceof DomainError) return e.kind === 'invalid'; // refused only for the probe's dummy input
      throw e;
    }
  };
  const out: AnnouncementAction[] = [];
  const content = s.content ?? { title: 'x', category: '通知', body: 'x' };
  if (can({ type: 'EditAnnouncement', data: { ...content, body: `${content.body} `, processReturned: who.processReturned } }))
    out.push('edit');
  if (can({ type: 'SubmitAnnouncement', data: { processId: 'probe' } }) || (who.processReturned && s.drafterId === who.userId))
    out.push('submit');
  const audience = { everyone: true, unitIds: [], departmentIds: [], userIds: [] };
  if (
    can({
      type: 'PublishAnnouncement',
      data: { audience, recipientIds: ['probe'], pinned: false, publisherName: '', asPublisher: who.asPublisher },
    })
  )
    out.push('publish');
  if (!s.publication?.pinned && can({ type: 'SetAnnouncementPinned', data: { pinned: true, asPublisher: who.asPublisher } }))
    out.push('pin');
  if (s.publication?.pinned && can({ type: 'SetAnnouncementPinned', data: { pinned: false, asPublisher: who.asPublisher } }))
    out.push('unpin');
  if (can({ type: 'WithdrawAnnouncement', data: { reason: 'probe', actorName: '', asPublisher: who.asPublisher } })) out.push('withdraw');
  if (s.status === 'published' && !who.hasRead && s.publication?.recipientIds.includes(who.userId)) out.push('read');
  if ((s.status === 'published' || s.status === 'withdrawn') && (who.asPublisher || s.drafterId === who.userId)) out.push('receipts');
  return out;
}
