import { describe, it } from 'vitest';
import { reactorSpec, recorded } from '../shared/reactor-spec';
import { claimApprovalReactor as reactor } from './claim-approval.reactor';

const P = 'p1';
const stream = `process-${P}`;
const at = '2026-03-17T02:00:00.000Z';
const started = (type = 'expense-claim') =>
  recorded({ type: 'ProcessStarted' as const, data: { instanceId: P, subject: { type, id: 'c1' } } as never }, { streamId: stream });
const approved = (nodeId: string, actorId: string, onBehalfOf: string | null = null) =>
  recorded(
    { type: 'TaskApproved' as const, data: { taskId: `${P}.t1`, nodeId, opinion: '同意', signature: null, actorId, onBehalfOf, at } },
    { streamId: stream },
  );
const completed = recorded({ type: 'ProcessCompleted' as const, data: { at } }, { streamId: stream });

describe('费用报销审批 → 报销单 reactor', () => {
  it('R2: given a claim process approved by the department then the unit leader, when it completes, then approval is recorded with the last approver', () => {
    reactorSpec(reactor)
      .given([started(), approved('dept-leader', 'qin-tao'), approved('unit-leader', 'deputy', 'director')])
      .when(completed)
      .then([
        {
          type: 'RecordClaimApproval',
          data: { claimId: 'c1', processId: P, outcome: 'approved', actorId: 'director', opinion: '同意', at },
        },
      ]);
  });

  it('R3: given a claim process, when it is rejected or withdrawn, then that outcome is recorded', () => {
    const rejected = recorded(
      {
        type: 'ProcessRejected' as const,
        data: { actorId: 'qin-tao', onBehalfOf: null, at, nodeId: 'dept-leader', opinion: '票据不全' } as never,
      },
      { streamId: stream },
    );
    reactorSpec(reactor)
      .given([started()])
      .when(rejected)
      .then([
        {
          type: 'RecordClaimApproval',
          data: { claimId: 'c1', processId: P, outcome: 'rejected', actorId: 'qin-tao', opinion: '票据不全', at },
        },
      ]);
    const cancelled = recorded(
      { type: 'ProcessCancelled' as const, data: { actorId: 'staff', at, reason: '撤回修改' } as never },
      { streamId: stream },
    );
    reactorSpec(reactor)
      .given([started()])
      .when(cancelled)
      .then([
        {
          type: 'RecordClaimApproval',
          data: { claimId: 'c1', processId: P, outcome: 'cancelled', actorId: 'staff', opinion: '撤回修改', at },
        },
      ]);
  });

  it('R1: other processes are not followed', () => {
    reactorSpec(reactor)
      .given([started('outgoing-document'), approved('sign', 'director')])
      .when(completed)
      .then([]);
  });
});
