import { describe, it } from 'vitest';
import { recorded, scheduledJobSpec } from '../shared/reactor-spec';
import { workflowDeadlinesJob as job } from './deadlines.job';
import { addWorkingDays, fractionBetween } from './calendar';

const stream = 'process-p1';
// Friday 2026-09-25 10:00 Beijing; 2 working days over the 国庆 holiday (10-01..10-08, 调休 on 09-27 and 10-10)
const assignedAt = '2026-09-25T02:00:00.000Z';
const deadline = addWorkingDays(assignedAt, 2);
const remindAt = fractionBetween(assignedAt, deadline, 0.8);
const assigned = (taskId = 'p1.t1', kind = 'approval', withDeadline = true) =>
  recorded(
    {
      type: 'TaskAssigned' as const,
      data: { taskId, instanceId: 'p1', kind, deadline: withDeadline ? deadline : null, remindAt: withDeadline ? remindAt : null } as never,
    },
    { streamId: stream },
  );
const payload = { instanceId: 'p1', taskId: 'p1.t1' };

describe('办理时限 as scheduled work', () => {
  it('D1: an approval task with a time limit is due for a reminder and an escalation at its working-day times', () => {
    scheduledJobSpec(job)
      .given([assigned()])
      .thenDue([
        { jobId: 'p1.t1:escalate', dueAt: deadline, payload },
        { jobId: 'p1.t1:remind', dueAt: remindAt, payload },
      ]);
  });

  it('D1: a task without a time limit, or a 待阅, schedules nothing', () => {
    scheduledJobSpec(job)
      .given([assigned('p1.t1', 'approval', false), assigned('p1.t2', 'read')])
      .thenDue([]);
  });

  it('D2: when the reminder time has come, CheckDeadlines is fired on the process; before it, nothing', () => {
    const given = scheduledJobSpec(job).given([assigned()]);
    given.whenDueAt(new Date(Date.parse(remindAt) - 1000).toISOString()).then([]);
    given.whenDueAt(remindAt).then([{ type: 'CheckDeadlines', data: { instanceId: 'p1' } }]);
  });

  it('D4: a reminder recorded removes its job; an approval removes them all', () => {
    const reminded = recorded({ type: 'TaskReminderDue' as const, data: { taskId: 'p1.t1' } as never }, { streamId: stream });
    scheduledJobSpec(job)
      .given([assigned(), reminded])
      .thenDue([{ jobId: 'p1.t1:escalate', dueAt: deadline, payload }]);
    const approved = recorded({ type: 'TaskApproved' as const, data: { taskId: 'p1.t1' } as never }, { streamId: stream });
    scheduledJobSpec(job).given([assigned(), approved]).thenDue([]);
  });

  it('D3: a task resuming after 加签 is checked again at once', () => {
    const at = '2026-10-12T03:00:00.000Z';
    const resumed = recorded({ type: 'TaskResumed' as const, data: { taskId: 'p1.t1', at } }, { streamId: stream });
    scheduledJobSpec(job)
      .given([assigned(), resumed])
      .thenDue([
        { jobId: 'p1.t1:escalate', dueAt: deadline, payload },
        { jobId: 'p1.t1:remind', dueAt: remindAt, payload },
        { jobId: 'p1.t1:resume', dueAt: at, payload },
      ]);
  });
});
