import type { ScheduledJob } from '../shared/scheduled-job';
import type {
  ProcessResubmitted,
  TaskApproved,
  TaskAssigned,
  TaskCancelled,
  TaskEscalated,
  TaskForwarded,
  TaskReassigned,
  TaskRead,
  TaskRejected,
  TaskReminderDue,
  TaskResumed,
  TaskReturned,
} from './instance.events';

/**
 * 办理时限 (node time limits) as scheduled work.
 *
 * Rules
 *   D1 An approval task assigned with a time limit schedules two jobs: `<task>:remind` at its reminder
 *      time (80 % of the limit) and `<task>:escalate` at its deadline. Both times were counted in
 *      working days (statutory holidays and 调休, domain/workflow/calendar.ts) when the task was
 *      assigned, and travel in TaskAssigned.
 *   D2 A due job fires CheckDeadlines on the task's process: the instance decider decides the
 *      reminder (催办提醒) or the escalation (超时上报), each at most once per task (its task flags).
 *   D3 A task that resumes after 加签 (suspended meanwhile: the decider skipped it) is checked again
 *      at once (`<task>:resume`): a reminder or deadline that passed while it waited is acted on then.
 *   D4 The jobs of a task go when it is done (approved, rejected, returned, forwarded, reassigned,
 *      cancelled, read, resubmitted) or when the step they stand for was recorded.
 */
type Trigger =
  | TaskAssigned
  | TaskResumed
  | TaskReminderDue
  | TaskEscalated
  | TaskApproved
  | TaskRejected
  | TaskReturned
  | TaskForwarded
  | TaskCancelled
  | TaskReassigned
  | TaskRead
  | ProcessResubmitted;

export interface DeadlineJobPayload {
  instanceId: string;
  taskId: string;
}

export type CheckProcessDeadlines = { type: 'CheckDeadlines'; data: { instanceId: string } };

const instanceOf = (streamId: string) => (streamId.startsWith('process-') ? streamId.slice('process-'.length) : streamId);

export const workflowDeadlinesJob: ScheduledJob<Trigger, DeadlineJobPayload, CheckProcessDeadlines> = {
  name: 'workflow.deadlines',
  eventTypes: [
    'TaskAssigned',
    'TaskResumed',
    'TaskReminderDue',
    'TaskEscalated',
    'TaskApproved',
    'TaskRejected',
    'TaskReturned',
    'TaskForwarded',
    'TaskCancelled',
    'TaskReassigned',
    'TaskRead',
    'ProcessResubmitted',
  ],
  schedule: (e) => {
    const taskId = e.data.taskId;
    const payload = { instanceId: instanceOf(e.streamId), taskId };
    switch (e.type) {
      case 'TaskAssigned': {
        const d = e.data;
        if (d.kind !== 'approval' || !d.deadline) return [];
        return [
          ...(d.remindAt ? [{ op: 'set' as const, jobId: `${taskId}:remind`, dueAt: d.remindAt, payload }] : []),
          { op: 'set', jobId: `${taskId}:escalate`, dueAt: d.deadline, payload },
        ];
      }
      case 'TaskResumed':
        return [{ op: 'set', jobId: `${taskId}:resume`, dueAt: e.data.at, payload }];
      case 'TaskReminderDue':
        return [{ op: 'cancel', jobId: `${taskId}:remind` }];
      case 'TaskEscalated':
        return [
          { op: 'cancel', jobId: `${taskId}:remind` },
          { op: 'cancel', jobId: `${taskId}:escalate` },
        ];
      case 'TaskApproved':
      case 'TaskRejected':
      case 'TaskReturned':
      case 'TaskForwarded':
      case 'TaskCancelled':
      case 'TaskReassigned':
      case 'TaskRead':
      case 'ProcessResubmitted':
        return [
          { op: 'cancel', jobId: `${taskId}:remind` },
          { op: 'cancel', jobId: `${taskId}:escalate` },
          { op: 'cancel', jobId: `${taskId}:resume` },
        ];
    }
  },
  fire: (job) => [{ type: 'CheckDeadlines', data: { instanceId: job.payload.instanceId } }],
};
