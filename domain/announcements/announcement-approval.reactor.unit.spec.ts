import { describe, it } from 'vitest';
import { reactorSpec, recorded } from '../shared/reactor-spec';
import type { ProcessStarted, TaskApproved } from '../workflow';
import { announcementApprovalReactor } from './announcement-approval.reactor';

const at = '2026-03-03T02:00:00.000Z';
const stream = { streamId: 'process-p1' };
const started = (type = 'announcement') =>
  recorded({ type: 'ProcessStarted', data: { instanceId: 'p1', subject: { type, id: 'a1' } } } as unknown as ProcessStarted, stream);
const approved = recorded<TaskApproved>(
  {
    type: 'TaskApproved',
    data: { taskId: 't1', nodeId: 'review', actorId: 'wang-fang', onBehalfOf: 'li-wenjing', opinion: '同意发布', signature: null, at },
  },
  stream,
);

describe('通知公告审核 → 通知公告', () => {
  it('a completed review records approved with the approver (the principal when a delegate acted)', () => {
    reactorSpec(announcementApprovalReactor)
      .given([started(), approved])
      .when(recorded({ type: 'ProcessCompleted', data: { at } }, stream))
      .then([
        {
          type: 'RecordAnnouncementApprovalOutcome',
          data: { announcementId: 'a1', processId: 'p1', outcome: 'approved', actorId: 'li-wenjing', opinion: '同意发布', at },
        },
      ]);
  });
  it('a rejected review sends it back with the opinion', () => {
    reactorSpec(announcementApprovalReactor)
      .given([started()])
      .when(
        recorded(
          { type: 'ProcessRejected', data: { actorId: 'yang-fan', onBehalfOf: null, nodeId: 'review', opinion: '请修改', at } },
          stream,
        ),
      )
      .then([
        {
          type: 'RecordAnnouncementApprovalOutcome',
          data: { announcementId: 'a1', processId: 'p1', outcome: 'rejected', actorId: 'yang-fan', opinion: '请修改', at },
        },
      ]);
  });
  it('a withdrawn (cancelled) process goes back too; other processes are not followed', () => {
    reactorSpec(announcementApprovalReactor)
      .given([started()])
      .when(recorded({ type: 'ProcessCancelled', data: { actorId: 'zhu-li', onBehalfOf: null, reason: '撤回修改', at } }, stream))
      .then([
        {
          type: 'RecordAnnouncementApprovalOutcome',
          data: { announcementId: 'a1', processId: 'p1', outcome: 'cancelled', actorId: 'zhu-li', opinion: '撤回修改', at },
        },
      ]);
    reactorSpec(announcementApprovalReactor)
      .given([started('outgoing-document')])
      .when(recorded({ type: 'ProcessCompleted', data: { at } }, stream))
      .then([]);
  });
});
