import { describe, it } from 'vitest';
import { reactorSpec, recorded, scheduledJobSpec } from '../shared/reactor-spec';
import type { ProcessStarted } from '../workflow';
import { applicationOutcomeReactor } from './application-outcome.reactor';
import { carryOverExpiryJob } from './carry-over.job';
import { NOW } from './testing';

const started = (subjectType = 'attendance-application') =>
  recorded(
    {
      type: 'ProcessStarted' as const,
      data: { instanceId: 'p1', subject: { type: subjectType, id: 'a1' } } as unknown as ProcessStarted['data'],
    },
    { streamId: 'process-p1' },
  );

describe('attendance.application-outcome reactor (R1–R3)', () => {
  it('R2: a completed process approves the application', () => {
    reactorSpec(applicationOutcomeReactor)
      .given([started()])
      .when(recorded({ type: 'ProcessCompleted', data: { at: NOW } }, { streamId: 'process-p1' }))
      .then([
        {
          type: 'RecordAttendanceOutcome',
          data: { applicationId: 'a1', processId: 'p1', outcome: 'approved', actorId: 'system', opinion: '', at: NOW },
        },
      ]);
  });

  it('R3: a rejection and a withdrawal (撤回) carry who and why', () => {
    reactorSpec(applicationOutcomeReactor)
      .given([started()])
      .when(
        recorded({ type: 'ProcessRejected', data: { actorId: 'wei-jian', at: NOW, nodeId: 'dept-leader', opinion: '工作忙' } } as never, {
          streamId: 'process-p1',
        }),
      )
      .then([
        {
          type: 'RecordAttendanceOutcome',
          data: { applicationId: 'a1', processId: 'p1', outcome: 'rejected', actorId: 'wei-jian', opinion: '工作忙', at: NOW },
        },
      ]);
    reactorSpec(applicationOutcomeReactor)
      .given([started()])
      .when(
        recorded({ type: 'ProcessCancelled', data: { actorId: 'tao-ran', at: NOW, reason: '不去了' } } as never, {
          streamId: 'process-p1',
        }),
      )
      .then([
        {
          type: 'RecordAttendanceOutcome',
          data: { applicationId: 'a1', processId: 'p1', outcome: 'cancelled', actorId: 'tao-ran', opinion: '不去了', at: NOW },
        },
      ]);
  });

  it('R1: other processes are not followed', () => {
    reactorSpec(applicationOutcomeReactor)
      .given([started('outgoing-document')])
      .when(recorded({ type: 'ProcessCompleted', data: { at: NOW } }, { streamId: 'process-p1' }))
      .then([]);
  });
});

describe('attendance.carry-over-expiry job (J1, J2)', () => {
  const granted = recorded({
    type: 'CarryOverGranted' as const,
    data: { personId: 'tao-ran', year: 2026, days: 3, unusedLastYear: 3, limit: 5, expiresOn: '2026-03-31', at: NOW },
  });
  it('J1: due at the end of the expiry day (Asia/Shanghai) and fires ExpireCarryOver', () => {
    scheduledJobSpec(carryOverExpiryJob)
      .given([granted])
      .thenDue([{ jobId: 'tao-ran:2026:carry-over', dueAt: '2026-03-31T16:00:00.000Z', payload: { personId: 'tao-ran', year: 2026 } }]);
    scheduledJobSpec(carryOverExpiryJob)
      .given([granted])
      .whenDueAt('2026-03-31T16:00:00.000Z')
      .then([{ type: 'ExpireCarryOver', data: { personId: 'tao-ran', year: 2026 } }]);
  });
  it('J2: expired → nothing due', () => {
    scheduledJobSpec(carryOverExpiryJob)
      .given([
        granted,
        recorded({
          type: 'CarryOverExpired' as const,
          data: { personId: 'tao-ran', year: 2026, days: 3, expiresOn: '2026-03-31', at: NOW },
        }),
      ])
      .thenDue([]);
  });
});
