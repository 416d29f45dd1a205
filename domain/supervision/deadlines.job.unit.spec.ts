import { describe, it } from 'vitest';
import { recorded, scheduledJobSpec } from '../shared/reactor-spec';
import { supervisionDeadlinesJob } from './deadlines.job';
import type { SupervisionEvent } from './item.events';
import { SCHEDULE, assignedHistory } from './testing';

const on = (e: SupervisionEvent) => recorded(e as never, { streamId: 'supervision-item-s1' });
const assigned = on(assignedHistory()[2]!);
const payload = { itemId: 's1' };

describe('督办 scheduled work (deadlines.job)', () => {
  it('J1: 交办 schedules the reminder, the 催办, the 通报 and each unit\u2019s report reminder', () => {
    scheduledJobSpec(supervisionDeadlinesJob)
      .given([assigned])
      .thenDue([
        { jobId: 's1:escalate', dueAt: SCHEDULE.escalateAt, payload },
        { jobId: 's1:overdue', dueAt: SCHEDULE.overdueAt, payload },
        { jobId: 's1:remind', dueAt: SCHEDULE.remindAt, payload },
        { jobId: 's1:report:czj', dueAt: '2026-03-05T01:00:00.000Z', payload },
        { jobId: 's1:report:rsj', dueAt: '2026-03-05T01:00:00.000Z', payload },
      ]);
  });
  it('J4/J5: what was recorded cancels its job, so a later sweep fires only what is still due', () => {
    const reminded = on({
      type: 'SupervisionDeadlineReminderSent',
      data: { itemId: 's1', deadline: '2026-03-13', recipientIds: [], at: SCHEDULE.remindAt },
    });
    const overdue = on({
      type: 'SupervisionItemOverdue',
      data: { itemId: 's1', deadline: '2026-03-13', unitIds: [], recipientIds: [], at: SCHEDULE.overdueAt },
    });
    const rep = (u: string) =>
      on({
        type: 'SupervisionReportReminderSent',
        data: { itemId: 's1', unitId: u, dueDate: '2026-03-09', recipientIds: [], at: SCHEDULE.remindAt },
      });
    scheduledJobSpec(supervisionDeadlinesJob)
      .given([assigned, rep('czj'), rep('rsj'), reminded, overdue])
      .thenDue([{ jobId: 's1:escalate', dueAt: SCHEDULE.escalateAt, payload }]);
    scheduledJobSpec(supervisionDeadlinesJob)
      .given([assigned, rep('czj'), rep('rsj'), reminded, overdue])
      .whenDueAt(SCHEDULE.escalateAt)
      .then([{ type: 'CheckSupervisionItem', data: { itemId: 's1' } }]);
  });
  it('J2: an approved 延期 moves the deadline jobs to the new due times', () => {
    const schedule = {
      remindAt: '2026-03-18T01:00:00.000Z',
      overdueAt: '2026-03-20T16:00:00.000Z',
      escalateAt: '2026-03-24T16:00:00.000Z',
    };
    const decided = on({
      type: 'SupervisionExtensionDecided',
      data: {
        itemId: 's1',
        requestId: 'x',
        approved: true,
        opinion: '',
        oldDeadline: '2026-03-13',
        deadline: '2026-03-20',
        schedule,
        processId: 'p-x',
        actorId: 'w',
        actorName: 'w',
        at: '2026-03-05T01:00:00.000Z',
      },
    });
    const closedReports = ['czj', 'rsj'].map((u) =>
      on({
        type: 'SupervisionProgressReported',
        data: {
          itemId: 's1',
          unitId: u,
          reportId: u,
          content: 'x',
          attachments: [],
          final: false,
          actorId: 'a',
          actorName: 'a',
          at: '2026-03-05T01:00:00.000Z',
          nextReportDue: null,
          reportRemindAt: null,
        },
      }),
    );
    scheduledJobSpec(supervisionDeadlinesJob)
      .given([assigned, ...closedReports, decided])
      .thenDue([
        { jobId: 's1:escalate', dueAt: schedule.escalateAt, payload },
        { jobId: 's1:overdue', dueAt: schedule.overdueAt, payload },
        { jobId: 's1:remind', dueAt: schedule.remindAt, payload },
      ]);
    // the old overdue time passes: nothing is due any more
    scheduledJobSpec(supervisionDeadlinesJob)
      .given([assigned, ...closedReports, decided])
      .whenDueAt(SCHEDULE.overdueAt)
      .then([]);
  });
  it('J6: 审核不通过 sets a check of the item at once', () => {
    const sentBack = on({
      type: 'SupervisionFinalReportSentBack',
      data: { itemId: 's1', reportId: 'f', opinion: '补充', actorId: 'w', actorName: 'w', at: '2026-03-16T02:00:00.000Z' },
    });
    scheduledJobSpec(supervisionDeadlinesJob)
      .given([sentBack])
      .thenDue([{ jobId: 's1:recheck', dueAt: '2026-03-16T02:00:00.000Z', payload }]);
  });
  it('J5: 销号 cancels the deadline jobs', () => {
    const closed = on({
      type: 'SupervisionItemClosed',
      data: {
        itemId: 's1',
        reportId: 'f',
        opinion: '',
        actorId: 'w',
        actorName: 'w',
        deadline: '2026-03-13',
        onTime: true,
        overdueDays: 0,
        at: '2026-03-05T01:00:00.000Z',
      },
    });
    const reports = ['czj', 'rsj'].map((u) =>
      on({
        type: 'SupervisionProgressReported',
        data: {
          itemId: 's1',
          unitId: u,
          reportId: u,
          content: 'x',
          attachments: [],
          final: true,
          actorId: 'a',
          actorName: 'a',
          at: '2026-03-05T01:00:00.000Z',
          nextReportDue: null,
          reportRemindAt: null,
        },
      }),
    );
    scheduledJobSpec(supervisionDeadlinesJob)
      .given([assigned, ...reports, closed])
      .thenDue([]);
  });
});
