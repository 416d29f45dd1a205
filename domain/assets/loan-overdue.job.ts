import type { ScheduledJob } from '../shared/scheduled-job';
import type { AssetDisposed, AssetLent, AssetLoanOverdue, AssetLoanReturned } from './asset.events';

/**
 * 借用逾期提醒 (scheduled work): when an asset is lent with a due date, a job is set for the start of
 * the day after the due date (00:00 Asia/Shanghai = 16:00 UTC of the due date); returning the asset,
 * the reminder itself or a disposal cancels it. At the due time it fires RecordLoanOverdue once; the
 * decider records AssetLoanOverdue with who must act (borrower and custodian) — or nothing when the
 * loan is no longer out.
 */
type Trigger = AssetLent | AssetLoanReturned | AssetLoanOverdue | AssetDisposed;
export interface LoanOverduePayload {
  assetId: string;
  dueDate: string;
}
export type CheckLoanOverdue = { type: 'RecordLoanOverdue'; data: LoanOverduePayload };

export const loanOverdueJob: ScheduledJob<Trigger, LoanOverduePayload, CheckLoanOverdue> = {
  name: 'assets.loan-overdue',
  eventTypes: ['AssetLent', 'AssetLoanReturned', 'AssetLoanOverdue', 'AssetDisposed'],
  schedule: (e) => {
    const jobId = `loan:${e.data.assetId}`;
    if (e.type === 'AssetLent') {
      return [
        { op: 'set', jobId, dueAt: `${e.data.dueDate}T16:00:00.000Z`, payload: { assetId: e.data.assetId, dueDate: e.data.dueDate } },
      ];
    }
    return [{ op: 'cancel', jobId }];
  },
  fire: (job) => [{ type: 'RecordLoanOverdue', data: job.payload }],
};
