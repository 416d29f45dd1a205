import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { MeetingEvent } from '../../domain/meetings/meeting.events';
import type { RoomDayEvent } from '../../domain/meetings/room-day.events';
import { shanghaiDate, shanghaiTime } from '../../domain/meetings/time';
import type { CalendarEvent } from '../../domain/schedule/calendar.events';
import type { Notification } from '../events/bus';
import type { Platform } from '../platform';

/**
 * 消息 on the SSE stream for what 会议/日程 recorded: who is told is what the event recorded
 * (notifyIds, contacts, approvers) — decided in the domain, never here.
 */
const when = (iso: string) => `${shanghaiDate(iso).slice(5)} ${shanghaiTime(iso)}`;

export function notificationsOf(events: readonly RecordedEvent[]): Notification[] {
  const out: Notification[] = [];
  const push = (userIds: readonly string[], kind: string, title: string, link: string, e: RecordedEvent) => {
    for (const userId of new Set(userIds)) out.push({ id: `${e.id}:${userId}`, userId, kind, title, link, at: e.recordedAt });
  };
  for (const e of events) {
    const x = e as unknown as MeetingEvent | RoomDayEvent | CalendarEvent;
    switch (x.type) {
      case 'MeetingNoticeIssued': {
        const d = x.data;
        const link = `/meetings/${d.meetingId}`;
        push(
          d.units.flatMap((u) => u.contactIds),
          'meeting.notice',
          `会议通知：${d.title}（${when(d.start)}），请于 ${when(d.replyDeadline)} 前报送回执`,
          link,
          e,
        );
        push(
          d.persons.map((p) => p.userId).filter((id) => id !== d.organiserId),
          'meeting.notice',
          `会议通知：${d.title}（${when(d.start)}）`,
          link,
          e,
        );
        break;
      }
      case 'MeetingRepliesUrged':
        push(
          x.data.notifyIds,
          'meeting.urged',
          `${x.data.automatic ? '回执即将截止' : '催报'}：请尽快报送会议回执`,
          `/meetings/${x.data.meetingId}`,
          e,
        );
        break;
      case 'MeetingMaterialDistributed':
        push(x.data.notifyIds, 'meeting.material', `会议材料已下发：${x.data.name}`, `/meetings/${x.data.meetingId}`, e);
        break;
      case 'MeetingMaterialsRequested':
        push(
          x.data.notifyIds,
          'meeting.material',
          `请于 ${when(x.data.deadline)} 前报送材料：${x.data.title}`,
          `/meetings/${x.data.meetingId}`,
          e,
        );
        break;
      case 'MeetingMaterialsUrged':
        push(x.data.notifyIds, 'meeting.urged', '催报：请尽快报送会议材料', `/meetings/${x.data.meetingId}`, e);
        break;
      case 'MeetingReminderSent':
        push(x.data.notifyIds, 'meeting.reminder', '会议即将开始', `/meetings/${x.data.meetingId}`, e);
        break;
      case 'MeetingCancelled':
        push(x.data.notifyIds, 'meeting.cancelled', `会议已取消：${x.data.reason}`, `/meetings/${x.data.meetingId}`, e);
        break;
      case 'RoomBooked':
        if (x.data.status === 'pending')
          push(
            x.data.approverIds,
            'booking.pending',
            `会议室预约待审批：${x.data.title}（${x.data.bookedByName}）`,
            `/meetings/rooms?date=${x.data.date}`,
            e,
          );
        break;
      case 'BookingRefused':
        push(x.data.notifyIds, 'booking.refused', `会议室预约未通过：${x.data.reason}`, `/meetings/rooms?date=${x.data.date}`, e);
        break;
      case 'BookingCancelled':
        push(
          x.data.notifyIds,
          'booking.cancelled',
          `会议室预约已退订（${x.data.date}）：${x.data.reason}`,
          `/meetings/rooms?date=${x.data.date}`,
          e,
        );
        break;
      case 'CalendarReminderDelivered':
        push(
          [x.data.ownerId],
          'schedule.reminder',
          `日程提醒：${x.data.title}（${when(x.data.occurrenceStart)}）`,
          `/schedule?date=${shanghaiDate(x.data.occurrenceStart)}`,
          e,
        );
        break;
      default:
        break;
    }
  }
  return out;
}

export function publishNotifications(p: Platform, events: readonly RecordedEvent[] | undefined): void {
  if (!events?.length) return;
  for (const n of notificationsOf(events)) p.bus.publish(n);
}
