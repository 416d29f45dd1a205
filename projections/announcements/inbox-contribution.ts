import type { AnnouncementEvent } from '../../domain/announcements/announcement.events';
import { ANNOUNCEMENT_SUBJECT_TYPE } from '../../domain/announcements/flow';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { InboxContribution, InboxRowOp } from '../inbox/contribution';

/**
 * 通知公告 in the unified inbox: the review task runs on the workflow engine (its rows link to the notice,
 * subjectLinks); when the review approves, the drafter gets a 待办 “待发布” (release it), closed by
 * 发布; when it sends the notice back, a 待办 “退回修改”, closed by the next 送审.
 */
export const announcementLink = (id: string) => `/announcements/${encodeURIComponent(id)}`;

const TYPES = [
  'AnnouncementDrafted',
  'AnnouncementEdited',
  'AnnouncementApproved',
  'AnnouncementSentBack',
  'AnnouncementSubmitted',
  'AnnouncementPublished',
] as const;

export const announcementInbox: InboxContribution = {
  module: 'announcements',
  eventTypes: TYPES,
  instanceOf: (e) => (e.data as { announcementId: string }).announcementId,
  subjectLinks: { [ANNOUNCEMENT_SUBJECT_TYPE]: announcementLink },
  rows: (event: RecordedEvent): InboxRowOp[] => {
    const e = event as unknown as AnnouncementEvent;
    switch (e.type) {
      case 'AnnouncementDrafted':
      case 'AnnouncementEdited':
        return [{ op: 'title', instanceId: e.data.announcementId, title: e.data.title }];
      case 'AnnouncementApproved':
      case 'AnnouncementSentBack': {
        const approved = e.type === 'AnnouncementApproved';
        return [
          {
            op: 'open',
            taskId: `${e.data.announcementId}:${approved ? 'release' : 'revise'}:${event.position}`,
            instanceId: e.data.announcementId,
            box: 'todo',
            taskKind: approved ? 'release' : 'revise',
            assignee: e.data.drafterId,
            processKind: '通知公告',
            definitionKey: 'announcement',
            initiatorId: e.data.drafterId,
            nodeId: approved ? 'release' : 'revise',
            nodeName: approved ? '待发布' : '退回修改',
            deadline: null,
            at: e.data.at,
            link: announcementLink(e.data.announcementId),
          },
        ];
      }
      case 'AnnouncementSubmitted':
      case 'AnnouncementPublished':
        return [
          {
            op: 'close',
            instanceId: e.data.announcementId,
            outcome: e.type === 'AnnouncementPublished' ? 'published' : 'resubmitted',
            action: e.type === 'AnnouncementPublished' ? 'publish' : 'submit',
            who: { actorId: event.metadata.actorId, onBehalfOf: (event.metadata.onBehalfOf as string | null | undefined) ?? null },
            at: e.data.at,
          },
        ];
      default:
        return [];
    }
  },
};
