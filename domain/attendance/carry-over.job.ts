import type { ScheduledJob } from '../shared/scheduled-job';
import type { CarryOverExpired, CarryOverGranted } from './balance.events';
import type { ExpireCarryOver } from './balance.decide';

/**
 * 结转年休假到期 (scheduled work): the carry-over of last year's 年休假 expires at the end of its
 * `expiresOn` day (Asia/Shanghai): at 24:00 of that day the unused carry-over days expire (CarryOverExpired).
 *
 * Rules
 *   J1 CarryOverGranted sets the job `<person>:<year>:carry-over` due at `expiresOn` + 1 day 00:00 Asia/Shanghai.
 *   J2 CarryOverExpired cancels it; the decider expires only what is unused, once (balance.decide.ts B2).
 */
type Trigger = CarryOverGranted | CarryOverExpired;
export interface CarryOverPayload {
  personId: string;
  year: number;
}

export const carryOverExpiryJob: ScheduledJob<Trigger, CarryOverPayload, { type: 'ExpireCarryOver'; data: ExpireCarryOver['data'] }> = {
  name: 'attendance.carry-over-expiry',
  eventTypes: ['CarryOverGranted', 'CarryOverExpired'],
  schedule: (e) => {
    const jobId = `${e.data.personId}:${e.data.year}:carry-over`;
    if (e.type === 'CarryOverExpired') return [{ op: 'cancel', jobId }];
    const dueAt = new Date(Date.parse(`${e.data.expiresOn}T00:00:00+08:00`) + 86_400_000).toISOString();
    return [{ op: 'set', jobId, dueAt, payload: { personId: e.data.personId, year: e.data.year } }];
  },
  fire: (job) => [{ type: 'ExpireCarryOver', data: { personId: job.payload.personId, year: job.payload.year } }],
};
