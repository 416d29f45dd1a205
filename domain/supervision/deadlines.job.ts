import type { ScheduledJob } from '../shared/scheduled-job';
import type {
  SupervisionDeadlineReminderSent,
  SupervisionExtensionDecided,
  SupervisionFinalReportSentBack,
  SupervisionItemAssigned,
  SupervisionItemClosed,
  SupervisionItemEscalated,
  SupervisionItemOverdue,
  SupervisionPartReassigned,
  SupervisionProgressReported,
  SupervisionReportReminderSent,
} from './item.events';
import { SUPERVISION_STREAM_PREFIX } from './item.events';

/**
 * 督办的自动提醒、催办与通报 as scheduled work.
 *
 * Rules
 *   J1 交办 (SupervisionItemAssigned) sets `<item>:remind` (N working days before the deadline),
 *      `<item>:overdue` (the deadline day ends) and `<item>:escalate` (M working days later), from the
 *      due times recorded in the event (schedule.ts), and `<item>:report:<unit>` at each part's next
 *      阶段反馈 reminder.
 *   J2 An approved 延期 moves the three deadline jobs to the new due times (the same ids: the old times
 *      never fire; the new ones fire once each).
 *   J3 A 阶段反馈 moves its unit's report job to the next due date's reminder (or cancels it); a
 *      重新交办 moves the report job to the new unit.
 *   J4 A due job fires CheckSupervisionDeadlines on the item: the decider decides 到期提醒, 自动催办,
 *      通报 or 反馈提醒, each at most once for the current deadline / due date (its state flags).
 *   J5 What was recorded cancels its job; 销号 cancels the deadline jobs.
 *   J6 审核不通过 (back to 办理中) checks the item again at once (`<item>:recheck`): a deadline or a 通报
 *      time that passed while the 办结报告 was under review (when nothing is urged) is acted on then.
 */
type Trigger =
  | SupervisionItemAssigned
  | SupervisionExtensionDecided
  | SupervisionProgressReported
  | SupervisionPartReassigned
  | SupervisionDeadlineReminderSent
  | SupervisionItemOverdue
  | SupervisionItemEscalated
  | SupervisionReportReminderSent
  | SupervisionItemClosed
  | SupervisionFinalReportSentBack;

export interface SupervisionJobPayload {
  itemId: string;
}

export type CheckSupervisionItem = { type: 'CheckSupervisionItem'; data: { itemId: string } };

const itemOf = (streamId: string) =>
  streamId.startsWith(SUPERVISION_STREAM_PREFIX) ? streamId.slice(SUPERVISION_STREAM_PREFIX.length) : streamId;

export const supervisionDeadlinesJob: ScheduledJob<Trigger, SupervisionJobPayload, CheckSupervisionItem> = {
  name: 'supervision.deadlines',
  eventTypes: [
    'SupervisionItemAssigned',
    'SupervisionExtensionDecided',
    'SupervisionProgressReported',
    'SupervisionPartReassigned',
    'SupervisionDeadlineReminderSent',
    'SupervisionItemOverdue',
    'SupervisionItemEscalated',
    'SupervisionReportReminderSent',
    'SupervisionItemClosed',
    'SupervisionFinalReportSentBack',
  ],
  schedule: (e) => {
    const itemId = itemOf(e.streamId);
    const payload = { itemId };
    const deadlineJobs = (sc: { remindAt: string | null; overdueAt: string; escalateAt: string }) => [
      sc.remindAt
        ? { op: 'set' as const, jobId: `${itemId}:remind`, dueAt: sc.remindAt, payload }
        : { op: 'cancel' as const, jobId: `${itemId}:remind` },
      { op: 'set' as const, jobId: `${itemId}:overdue`, dueAt: sc.overdueAt, payload },
      { op: 'set' as const, jobId: `${itemId}:escalate`, dueAt: sc.escalateAt, payload },
    ];
    const reportJob = (unitId: string, at: string | null) =>
      at
        ? { op: 'set' as const, jobId: `${itemId}:report:${unitId}`, dueAt: at, payload }
        : { op: 'cancel' as const, jobId: `${itemId}:report:${unitId}` };
    switch (e.type) {
      case 'SupervisionItemAssigned':
        return [
          ...deadlineJobs(e.data.schedule),
          ...e.data.parts.filter((p) => p.reportRemindAt).map((p) => reportJob(p.unitId, p.reportRemindAt)),
        ];
      case 'SupervisionExtensionDecided':
        return e.data.approved && e.data.schedule ? deadlineJobs(e.data.schedule) : [];
      case 'SupervisionProgressReported':
        return [reportJob(e.data.unitId, e.data.reportRemindAt)];
      case 'SupervisionPartReassigned':
        return [
          { op: 'cancel', jobId: `${itemId}:report:${e.data.fromUnitId}` },
          ...(e.data.part.reportRemindAt ? [reportJob(e.data.part.unitId, e.data.part.reportRemindAt)] : []),
        ];
      case 'SupervisionDeadlineReminderSent':
        return [{ op: 'cancel', jobId: `${itemId}:remind` }];
      case 'SupervisionItemOverdue':
        return [
          { op: 'cancel', jobId: `${itemId}:remind` },
          { op: 'cancel', jobId: `${itemId}:overdue` },
        ];
      case 'SupervisionItemEscalated':
        return [{ op: 'cancel', jobId: `${itemId}:escalate` }];
      case 'SupervisionReportReminderSent':
        return [{ op: 'cancel', jobId: `${itemId}:report:${e.data.unitId}` }];
      case 'SupervisionFinalReportSentBack':
        return [{ op: 'set', jobId: `${itemId}:recheck`, dueAt: e.data.at, payload }];
      case 'SupervisionItemClosed':
        return [
          { op: 'cancel', jobId: `${itemId}:remind` },
          { op: 'cancel', jobId: `${itemId}:overdue` },
          { op: 'cancel', jobId: `${itemId}:escalate` },
        ];
    }
  },
  fire: (job) => [{ type: 'CheckSupervisionItem', data: { itemId: job.payload.itemId } }],
};
