import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { MeetingEvent } from '../../domain/meetings/meeting.events';
import type { RoomDayEvent } from '../../domain/meetings/room-day.events';
import type { InboxContribution, InboxRowOp, InboxRowOpen } from '../inbox/contribution';

/**
 * 会议 in the unified inbox. Who gets a row is what the events recorded (domain/meetings decided it):
 *   回执    MeetingNoticeIssued.units[].contactIds → a 待办 'reply:<unit>' each (deadline = 回执截止);
 *           MeetingUnitReplied closes the unit's rows (the contact who replied → 已办).
 *   参会确认 MeetingNoticeIssued.persons → a 待办 'answer' each; MeetingInvitationAnswered → 已办.
 *   材料报送 MeetingMaterialsRequested.contacts → a 待办 'material:<request>:<unit>' per contact (deadline);
 *           MeetingMaterialSubmitted closes that unit's rows (the contact who submitted → 已办).
 *   会议取消 MeetingCancelled cancels whatever is still open.
 *   预约审批 is the workflow engine's task (会议室预约审批, domain/meetings/room-booking.flow.ts): the engine's
 *           own inbox rows; rows of bookings recorded before that (RoomBooked pending without a processId)
 *           still open here and close on approve / refuse / 退订.
 */
export const meetingLink = (meetingId: string) => `/meetings/${encodeURIComponent(meetingId)}`;
export const bookingLink = (date: string) => `/meetings/rooms?date=${date}`;
const DEF = 'meeting';

const MEETING_TYPES = [
  'MeetingNoticeIssued',
  'MeetingUnitReplied',
  'MeetingInvitationAnswered',
  'MeetingMaterialsRequested',
  'MeetingMaterialSubmitted',
  'MeetingCancelled',
] as const satisfies readonly MeetingEvent['type'][];
const BOOKING_TYPES = [
  'RoomBooked',
  'BookingApproved',
  'BookingRefused',
  'BookingCancelled',
] as const satisfies readonly RoomDayEvent['type'][];

function row(
  instanceId: string,
  taskKind: string,
  assignee: string,
  title: string,
  nodeName: string,
  initiator: string,
  deadline: string | null,
  at: string,
  link: string,
  processKind: string,
): InboxRowOpen {
  return {
    op: 'open',
    taskId: `${instanceId}:${taskKind}:${assignee}`,
    instanceId,
    box: 'todo',
    taskKind,
    assignee,
    processKind,
    definitionKey: DEF,
    initiatorId: initiator,
    nodeId: taskKind.split(':')[0]!,
    nodeName,
    deadline,
    at,
    link,
    title,
  };
}

function meetingRows(e: MeetingEvent, actor: { actorId: string; onBehalfOf: string | null }): InboxRowOp[] {
  switch (e.type) {
    case 'MeetingNoticeIssued': {
      const d = e.data;
      const link = meetingLink(d.meetingId);
      return [
        { op: 'title', instanceId: d.meetingId, title: d.title },
        ...d.units.flatMap((u) =>
          u.contactIds.map((c) =>
            row(
              d.meetingId,
              `reply:${u.unitId}`,
              c,
              `【回执】${d.title}（${u.unitName}）`,
              '报送回执',
              d.organiserId,
              d.replyDeadline,
              d.at,
              link,
              '会议',
            ),
          ),
        ),
        ...d.persons
          .filter((p) => p.userId !== d.organiserId)
          .map((p) =>
            row(d.meetingId, 'answer', p.userId, `【参会确认】${d.title}`, '参会确认', d.organiserId, d.replyDeadline, d.at, link, '会议'),
          ),
      ];
    }
    case 'MeetingUnitReplied':
      return [
        {
          op: 'close',
          instanceId: e.data.meetingId,
          taskKind: `reply:${e.data.unitId}`,
          outcome: 'replied',
          action: 'reply',
          who: actor,
          at: e.data.at,
        },
      ];
    case 'MeetingInvitationAnswered':
      return [
        {
          op: 'close',
          instanceId: e.data.meetingId,
          taskKind: 'answer',
          assignee: e.data.userId,
          outcome: e.data.answer,
          action: e.data.answer,
          who: actor,
          at: e.data.at,
        },
      ];
    case 'MeetingMaterialsRequested': {
      const d = e.data;
      return d.contacts.flatMap((u) =>
        u.contactIds.map((c) =>
          row(
            d.meetingId,
            `material:${d.requestId}:${u.unitId}`,
            c,
            `【材料报送】${d.title}`,
            '报送材料',
            d.by,
            d.deadline,
            d.at,
            meetingLink(d.meetingId),
            '会议',
          ),
        ),
      );
    }
    case 'MeetingMaterialSubmitted':
      return [
        {
          op: 'close',
          instanceId: e.data.meetingId,
          taskKind: `material:${e.data.requestId}:${e.data.unitId}`,
          outcome: 'submitted',
          action: 'submit',
          who: actor,
          at: e.data.at,
        },
      ];
    case 'MeetingCancelled':
      return [{ op: 'close', instanceId: e.data.meetingId, outcome: 'cancelled', action: '', who: null, at: e.data.at }];
    default:
      return [];
  }
}

function bookingRows(e: RoomDayEvent, actor: { actorId: string; onBehalfOf: string | null }): InboxRowOp[] {
  const instanceId = `booking:${e.data.bookingId}`;
  switch (e.type) {
    case 'RoomBooked':
      if (e.data.status !== 'pending' || e.data.processId) return [];
      return e.data.approverIds.map((a) =>
        row(
          instanceId,
          'approve-booking',
          a,
          `【会议室审批】${e.data.title}（${e.data.bookedByName}）`,
          '会议室预约审批',
          e.data.bookedBy,
          e.data.start,
          e.data.at,
          bookingLink(e.data.date),
          '会议室预约',
        ),
      );
    case 'BookingApproved':
      return [{ op: 'close', instanceId, outcome: 'approved', action: 'approve', who: actor, at: e.data.at }];
    case 'BookingRefused':
      return [{ op: 'close', instanceId, outcome: 'rejected', action: 'reject', who: actor, at: e.data.at }];
    case 'BookingCancelled':
      return [{ op: 'close', instanceId, outcome: 'cancelled', action: '', who: null, at: e.data.at }];
    default:
      return [];
  }
}

export const meetingInboxContributions: InboxContribution[] = [
  {
    module: 'meetings',
    eventTypes: [...MEETING_TYPES, ...BOOKING_TYPES],
    instanceOf: (e: RecordedEvent) =>
      (BOOKING_TYPES as readonly string[]).includes(e.type)
        ? `booking:${(e.data as { bookingId: string }).bookingId}`
        : (e.data as { meetingId: string }).meetingId,
    rows: (e: RecordedEvent) => {
      const actor = { actorId: e.metadata.actorId, onBehalfOf: e.metadata.onBehalfOf ?? null };
      return (BOOKING_TYPES as readonly string[]).includes(e.type)
        ? bookingRows(e as unknown as RoomDayEvent, actor)
        : meetingRows(e as unknown as MeetingEvent, actor);
    },
  },
];
