import { describe, it } from 'vitest';
import { reactorSpec, recorded } from '../shared/reactor-spec';
import { establishmentReactor } from './establishment.reactor';

const started = (subjectType: string) =>
  recorded({ type: 'ProcessStarted', data: { subject: { type: subjectType, id: 's1' } } } as never, { streamId: 'process-p1' });
const approved = recorded(
  {
    type: 'TaskApproved',
    data: { taskId: 't1', nodeId: 'review', actorId: 'sun-jianhua', onBehalfOf: null, opinion: '同意立项', at: '2026-03-02T02:00:00.000Z' },
  } as never,
  {
    streamId: 'process-p1',
  },
);
const completed = recorded({ type: 'ProcessCompleted', data: { at: '2026-03-02T02:00:00.000Z' } } as never, { streamId: 'process-p1' });

describe('立项审批 → 督办事项 (reactor)', () => {
  it('R3: a completed 立项 process records the approval with the approver and the opinion', () => {
    reactorSpec(establishmentReactor)
      .given([started('supervision-item'), approved])
      .when(completed)
      .then([
        {
          type: 'RecordSupervisionEstablishment',
          data: {
            itemId: 's1',
            processId: 'p1',
            outcome: 'approved',
            actorId: 'sun-jianhua',
            opinion: '同意立项',
            at: '2026-03-02T02:00:00.000Z',
          },
        },
      ]);
  });
  it('R4: a rejected process records who rejected it and why', () => {
    const rejected = recorded(
      { type: 'ProcessRejected', data: { actorId: 'sun-jianhua', opinion: '不属于督办范围', at: '2026-03-02T03:00:00.000Z' } } as never,
      {
        streamId: 'process-p1',
      },
    );
    reactorSpec(establishmentReactor)
      .given([started('supervision-item')])
      .when(rejected)
      .then([
        {
          type: 'RecordSupervisionEstablishment',
          data: {
            itemId: 's1',
            processId: 'p1',
            outcome: 'rejected',
            actorId: 'sun-jianhua',
            opinion: '不属于督办范围',
            at: '2026-03-02T03:00:00.000Z',
          },
        },
      ]);
  });
  it('R1: other processes are not followed', () => {
    reactorSpec(establishmentReactor)
      .given([started('outgoing-document'), approved])
      .when(completed)
      .then([]);
  });
});
