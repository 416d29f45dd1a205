import { describe, it } from 'vitest';
import { recorded, scheduledJobSpec } from '../shared/reactor-spec';
import { loanOverdueJob as job } from './loan-overdue.job';

const lent = recorded(
  {
    type: 'AssetLent' as const,
    data: {
      assetId: 'a1',
      borrowerId: 'lv-peng',
      borrowerDepartmentId: null,
      dueDate: '2026-03-05',
      by: 'x',
      at: '2026-03-02T01:00:00.000Z',
    },
  },
  { streamId: 'asset-a1' },
);
const returned = recorded(
  {
    type: 'AssetLoanReturned' as const,
    data: { assetId: 'a1', borrowerId: 'lv-peng', overdue: false, by: 'x', at: '2026-03-04T01:00:00.000Z' },
  },
  { streamId: 'asset-a1' },
);

describe('借用逾期提醒', () => {
  it('a loan is due at 00:00 Asia/Shanghai the day after its due date', () => {
    scheduledJobSpec(job)
      .given([lent])
      .thenDue([{ jobId: 'loan:a1', dueAt: '2026-03-05T16:00:00.000Z', payload: { assetId: 'a1', dueDate: '2026-03-05' } }]);
  });
  it('fires RecordLoanOverdue once the time has come, not before', () => {
    const g = scheduledJobSpec(job).given([lent]);
    g.whenDueAt('2026-03-05T15:59:59.000Z').then([]);
    g.whenDueAt('2026-03-05T16:00:00.000Z').then([{ type: 'RecordLoanOverdue', data: { assetId: 'a1', dueDate: '2026-03-05' } }]);
  });
  it('returning the asset cancels the reminder', () => {
    scheduledJobSpec(job).given([lent, returned]).thenDue([]);
  });
});
