import { describe, it } from 'vitest';
import { reactorSpec, recorded } from '../shared/reactor-spec';
import { abroadApprovalReactor as reactor } from './abroad-approval.reactor';

const stream = 'process-p1';
const at = '2026-03-05T02:00:00.000Z';
const started = (type = 'abroad-application') =>
  recorded({ type: 'ProcessStarted' as const, data: { instanceId: 'p1', subject: { type, id: 'a1' } } as never }, { streamId: stream });
const approved = (nodeId: string, actorId: string, onBehalfOf: string | null = null) =>
  recorded(
    {
      type: 'TaskApproved' as const,
      data: { taskId: 'p1.t1', nodeId, opinion: `${actorId}同意`, signature: null, actorId, onBehalfOf, at },
    },
    { streamId: stream },
  );
const completed = recorded({ type: 'ProcessCompleted' as const, data: { at } } as never, { streamId: stream });

describe('出国境审批 → 申请 reactor', () => {
  it('R2: when the process completes, the last approver (the principal of a delegate) approves the application', () => {
    reactorSpec(reactor)
      .given([started(), approved('unit-head', 'caojun'), approved('charge-leader', 'mishu', 'qianhui')])
      .when(completed)
      .then([
        {
          type: 'RecordAbroadOutcome',
          data: { applicationId: 'a1', processId: 'p1', outcome: 'approved', actorId: 'qianhui', opinion: 'mishu同意', at },
        },
      ]);
  });
  it('R3: a rejection is recorded with who and why', () => {
    const rejected = recorded({ type: 'ProcessRejected' as const, data: { actorId: 'liwenjing', opinion: '行程不合规', at } } as never, {
      streamId: stream,
    });
    reactorSpec(reactor)
      .given([started()])
      .when(rejected)
      .then([
        {
          type: 'RecordAbroadOutcome',
          data: { applicationId: 'a1', processId: 'p1', outcome: 'rejected', actorId: 'liwenjing', opinion: '行程不合规', at },
        },
      ]);
  });
  it('R1: other processes are not followed', () => {
    reactorSpec(reactor)
      .given([started('outgoing-document')])
      .when(completed)
      .then([]);
  });
});
