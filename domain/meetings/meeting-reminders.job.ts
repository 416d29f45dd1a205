/**
 * 会议的定时工作 (scheduled, each firing once):
 *  - `<meeting>:replies`  自动催报 — `remindBeforeMinutes` before the 回执 deadline: UrgeReplies (automatic);
 *    the decider records nothing when every unit and person has replied;
 *  - `<meeting>:start`    会前提醒 — 30 minutes before the start: SendMeetingReminder;
 *  - `<meeting>:materials:<request>` 材料催报 — 24 hours before the request's deadline (or at half the
 *    time left when that is sooner): UrgeMaterials (automatic).
 * A cancelled meeting cancels its jobs (a material job left behind fires into a no-op).
 */
import type { ReactionCommand, ReactorInput } from '../shared/reactor';
import type { ScheduledJob, ScheduleChange } from '../shared/scheduled-job';
import type { MeetingCancelled, MeetingMaterialsRequested, MeetingNoticeIssued } from './meeting.events';

type Trigger = MeetingNoticeIssued | MeetingMaterialsRequested | MeetingCancelled;
export type MeetingJobPayload = { meetingId: string; kind: 'replies' | 'start' | 'materials'; requestId?: string };
export type MeetingJobCommand =
  | ReactionCommand<'UrgeReplies', { meetingId: string }>
  | ReactionCommand<'SendMeetingReminder', { meetingId: string }>
  | ReactionCommand<'UrgeMaterials', { meetingId: string; requestId: string }>;

export const START_REMINDER_MINUTES = 30;
const iso = (t: number) => new Date(t).toISOString();

export const meetingRemindersJob: ScheduledJob<Trigger, MeetingJobPayload, MeetingJobCommand> = {
  name: 'meetings.reminders',
  eventTypes: ['MeetingNoticeIssued', 'MeetingMaterialsRequested', 'MeetingCancelled'],
  schedule(e: ReactorInput<Trigger>): ScheduleChange<MeetingJobPayload>[] {
    switch (e.type) {
      case 'MeetingNoticeIssued': {
        const d = e.data;
        const out: ScheduleChange<MeetingJobPayload>[] = [
          {
            op: 'set',
            jobId: `${d.meetingId}:start`,
            dueAt: iso(Date.parse(d.start) - START_REMINDER_MINUTES * 60_000),
            payload: { meetingId: d.meetingId, kind: 'start' },
          },
        ];
        if (d.remindBeforeMinutes > 0)
          out.push({
            op: 'set',
            jobId: `${d.meetingId}:replies`,
            dueAt: iso(Math.max(Date.parse(d.at), Date.parse(d.replyDeadline) - d.remindBeforeMinutes * 60_000)),
            payload: { meetingId: d.meetingId, kind: 'replies' },
          });
        return out;
      }
      case 'MeetingMaterialsRequested': {
        const d = e.data;
        const at = Date.parse(d.at);
        const deadline = Date.parse(d.deadline);
        const due = Math.max(deadline - 24 * 3600_000, at + (deadline - at) / 2);
        return [
          {
            op: 'set',
            jobId: `${d.meetingId}:materials:${d.requestId}`,
            dueAt: iso(Math.floor(due / 1000) * 1000),
            payload: { meetingId: d.meetingId, kind: 'materials', requestId: d.requestId },
          },
        ];
      }
      case 'MeetingCancelled':
        return [
          { op: 'cancel', jobId: `${e.data.meetingId}:start` },
          { op: 'cancel', jobId: `${e.data.meetingId}:replies` },
        ];
    }
  },
  fire(job): MeetingJobCommand[] {
    const { meetingId, kind, requestId } = job.payload;
    if (kind === 'replies') return [{ type: 'UrgeReplies', data: { meetingId } }];
    if (kind === 'start') return [{ type: 'SendMeetingReminder', data: { meetingId } }];
    return requestId ? [{ type: 'UrgeMaterials', data: { meetingId, requestId } }] : [];
  },
};
