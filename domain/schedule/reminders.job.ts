/**
 * 日程提醒 (scheduled, each firing once): one pending reminder per entry, job id `<owner>:<entry>` —
 * set to the entry's next reminder when it is added or changed, moved on to the next one when a
 * reminder is delivered (CalendarReminderDelivered.next), cancelled when the entry is removed or a
 * task is done. Fires DeliverReminder; the executor puts the notification on the owner's SSE stream.
 */
import type { ReactionCommand, ReactorInput } from '../shared/reactor';
import type { ScheduledJob, ScheduleChange } from '../shared/scheduled-job';
import type {
  CalendarEntryAdded,
  CalendarEntryChanged,
  CalendarEntryRemoved,
  CalendarReminderDelivered,
  CalendarTaskDone,
} from './calendar.events';
import { nextReminder } from './occurrences';

type Trigger = CalendarEntryAdded | CalendarEntryChanged | CalendarEntryRemoved | CalendarTaskDone | CalendarReminderDelivered;
export interface ReminderPayload {
  ownerId: string;
  entryId: string;
  occurrenceStart: string;
  minutesBefore: number;
}
export type DeliverReminderCommand = ReactionCommand<'DeliverReminder', ReminderPayload>;

const jobId = (ownerId: string, entryId: string) => `${ownerId}:${entryId}`;

export const calendarRemindersJob: ScheduledJob<Trigger, ReminderPayload, DeliverReminderCommand> = {
  name: 'schedule.reminders',
  eventTypes: ['CalendarEntryAdded', 'CalendarEntryChanged', 'CalendarEntryRemoved', 'CalendarTaskDone', 'CalendarReminderDelivered'],
  schedule(e: ReactorInput<Trigger>): ScheduleChange<ReminderPayload>[] {
    const id = jobId(e.data.ownerId, e.data.entryId);
    switch (e.type) {
      case 'CalendarEntryAdded':
      case 'CalendarEntryChanged': {
        const next = nextReminder(e.data, e.data.at, true);
        if (!next) return [{ op: 'cancel', jobId: id }];
        return [
          {
            op: 'set',
            jobId: id,
            dueAt: next.dueAt,
            payload: {
              ownerId: e.data.ownerId,
              entryId: e.data.entryId,
              occurrenceStart: next.occurrenceStart,
              minutesBefore: next.minutesBefore,
            },
          },
        ];
      }
      case 'CalendarReminderDelivered': {
        const next = e.data.next;
        if (!next) return [{ op: 'cancel', jobId: id }];
        return [
          {
            op: 'set',
            jobId: id,
            dueAt: next.dueAt,
            payload: {
              ownerId: e.data.ownerId,
              entryId: e.data.entryId,
              occurrenceStart: next.occurrenceStart,
              minutesBefore: next.minutesBefore,
            },
          },
        ];
      }
      case 'CalendarEntryRemoved':
      case 'CalendarTaskDone':
        return [{ op: 'cancel', jobId: id }];
    }
  },
  fire(job): DeliverReminderCommand[] {
    return [{ type: 'DeliverReminder', data: job.payload }];
  },
};
