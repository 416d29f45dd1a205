import { describe, it } from 'vitest';
import { reactorSpec, recorded } from '../shared/reactor-spec';
import { extensionReactor } from './extension.reactor';

const T = '2026-03-09T02:00:00.000Z';
const started = (subjectType: string) =>
  recorded({ type: 'ProcessStarted', data: { subject: { type: subjectType, id: 's1' } } } as never, { streamId: 'process-x1' });
const approved = recorded(
  {
    type: 'TaskApproved',
    data: { taskId: 't1', nodeId: 'review', actorId: 'li-mishu', onBehalfOf: 'wei-dong', opinion: '同意延期两周', at: T },
  } as never,
  { streamId: 'process-x1' },
);
const completed = recorded({ type: 'ProcessCompleted', data: { at: T } } as never, { streamId: 'process-x1' });

describe('延期审批 → 督办事项 (reactor)', () => {
  it('X2/X3: a completed 延期 process records the approval by the principal (a delegate acted) with the opinion', () => {
    reactorSpec(extensionReactor)
      .given([started('supervision-extension'), approved])
      .when(completed)
      .then([
        {
          type: 'RecordSupervisionExtensionDecision',
          data: { itemId: 's1', processId: 'x1', approved: true, actorId: 'wei-dong', opinion: '同意延期两周', at: T },
        },
      ]);
  });
  it('X4: a rejected process records the refusal with the rejecter and the opinion', () => {
    const rejected = recorded(
      { type: 'ProcessRejected', data: { actorId: 'wei-dong', opinion: '理由不充分，请按期办结', at: T } } as never,
      { streamId: 'process-x1' },
    );
    reactorSpec(extensionReactor)
      .given([started('supervision-extension')])
      .when(rejected)
      .then([
        {
          type: 'RecordSupervisionExtensionDecision',
          data: { itemId: 's1', processId: 'x1', approved: false, actorId: 'wei-dong', opinion: '理由不充分，请按期办结', at: T },
        },
      ]);
  });
  it('X4: a withdrawn request closes it as not approved, saying so', () => {
    const cancelled = recorded({ type: 'ProcessCancelled', data: { actorId: 'qin-tao', reason: '', at: T } } as never, {
      streamId: 'process-x1',
    });
    reactorSpec(extensionReactor)
      .given([started('supervision-extension')])
      .when(cancelled)
      .then([
        {
          type: 'RecordSupervisionExtensionDecision',
          data: { itemId: 's1', processId: 'x1', approved: false, actorId: 'qin-tao', opinion: '延期申请已撤回', at: T },
        },
      ]);
  });
  it('X1: other processes (the 立项 approval, 公文) are not followed', () => {
    reactorSpec(extensionReactor)
      .given([started('supervision-item'), approved])
      .when(completed)
      .then([]);
    reactorSpec(extensionReactor)
      .given([started('outgoing-document'), approved])
      .when(completed)
      .then([]);
  });
});
