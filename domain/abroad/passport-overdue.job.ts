import type { ScheduledJob } from '../shared/scheduled-job';
import type { PassportCheckedOut, PassportReturnOverdue, PassportReturned } from './passport.events';

/**
 * 证照逾期未还 as scheduled work.
 *
 * Rules
 *   J1 A 领用 schedules `<passport>:<application>` at its due time (the end of the last day allowed,
 *      computed in the domain when it was checked out and carried in PassportCheckedOut.dueBack).
 *   J2 The due job fires RemindPassportOverdue for that 领用: the passport decider records the
 *      reminder once, to the holder and the keeper (P4).
 *   J3 归还 or the recorded reminder cancels the job.
 */
type Trigger = PassportCheckedOut | PassportReturned | PassportReturnOverdue;

export interface PassportOverduePayload {
  passportId: string;
  applicationId: string;
}
export type RemindOverdueCommand = { type: 'RemindPassportOverdue'; data: PassportOverduePayload };

const jobId = (d: PassportOverduePayload) => `${d.passportId}:${d.applicationId}`;

export const passportOverdueJob: ScheduledJob<Trigger, PassportOverduePayload, RemindOverdueCommand> = {
  name: 'abroad.passport-overdue',
  eventTypes: ['PassportCheckedOut', 'PassportReturned', 'PassportReturnOverdue'],
  schedule: (e) => {
    const payload = { passportId: e.data.passportId, applicationId: e.data.applicationId };
    switch (e.type) {
      case 'PassportCheckedOut':
        return [{ op: 'set', jobId: jobId(payload), dueAt: e.data.dueBack, payload }];
      case 'PassportReturned':
      case 'PassportReturnOverdue':
        return [{ op: 'cancel', jobId: jobId(payload) }];
    }
  },
  fire: (job) => [{ type: 'RemindPassportOverdue', data: job.payload }],
};
