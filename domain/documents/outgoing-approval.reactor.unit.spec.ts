import { describe, it, expect } from 'vitest';
import { reactorSpec, recorded } from '../shared/reactor-spec';
import { runReactor } from '../shared/reactor';
import { outgoingApprovalReactor as reactor } from './outgoing-approval.reactor';
import { OUTGOING_NODES } from './flow';

const P = 'p1';
const stream = `process-${P}`;
const at = '2026-03-05T02:00:00.000Z';
const started = (subjectType = 'outgoing-document') =>
  recorded(
    {
      type: 'ProcessStarted' as const,
      data: { instanceId: P, subject: { type: subjectType, id: 'd1' } } as never,
    },
    { streamId: stream },
  );
const approved = (nodeId: string, actorId: string, onBehalfOf: string | null = null) =>
  recorded(
    { type: 'TaskApproved' as const, data: { taskId: `${P}.t1`, nodeId, opinion: '同意', signature: null, actorId, onBehalfOf, at } },
    { streamId: stream },
  );
const completed = recorded({ type: 'ProcessCompleted' as const, data: { at } }, { streamId: stream });

describe('发文审批 → 发文 reactor', () => {
  it('R3: given a 发文 process whose 签发 node was approved, when it completes, then the signature is recorded', () => {
    reactorSpec(reactor)
      .given([started(), approved(OUTGOING_NODES.deptReview, 'kezhang'), approved(OUTGOING_NODES.sign, 'director')])
      .when(completed)
      .then([
        {
          type: 'RecordOutgoingApprovalOutcome',
          data: { documentId: 'd1', processId: P, outcome: 'signed', actorId: 'director', opinion: '同意', at },
        },
      ]);
  });

  it('R2: a delegate approving 签发 records the principal as signer', () => {
    reactorSpec(reactor)
      .given([started(), approved(OUTGOING_NODES.sign, 'deputy', 'director')])
      .when(completed)
      .then([
        {
          type: 'RecordOutgoingApprovalOutcome',
          data: { documentId: 'd1', processId: P, outcome: 'signed', actorId: 'director', opinion: '同意', at },
        },
      ]);
  });

  it('R4: given a 发文 process, when it is rejected, then 不同意 is recorded with who and why', () => {
    const rejected = recorded(
      { type: 'ProcessRejected' as const, data: { actorId: 'director', onBehalfOf: null, at, nodeId: 'sign', opinion: '暂缓' } },
      { streamId: stream },
    );
    reactorSpec(reactor)
      .given([started()])
      .when(rejected)
      .then([
        {
          type: 'RecordOutgoingApprovalOutcome',
          data: { documentId: 'd1', processId: P, outcome: 'rejected', actorId: 'director', opinion: '暂缓', at },
        },
      ]);
  });

  it('R4: cancellation and termination carry the reason', () => {
    const cancelled = recorded(
      { type: 'ProcessCancelled' as const, data: { actorId: 'staff', onBehalfOf: null, at, reason: '重拟' } },
      { streamId: stream },
    );
    reactorSpec(reactor)
      .given([started()])
      .when(cancelled)
      .then([
        {
          type: 'RecordOutgoingApprovalOutcome',
          data: { documentId: 'd1', processId: P, outcome: 'cancelled', actorId: 'staff', opinion: '重拟', at },
        },
      ]);
  });

  it('R1: a process about something else (通用审批) is not followed and leaves no state', () => {
    reactorSpec(reactor)
      .given([started('leave-request'), approved(OUTGOING_NODES.sign, 'director')])
      .when(completed)
      .then([]);
    const { commands, states } = runReactor(reactor, [started('leave-request'), approved('sign', 'director'), completed]);
    expect(commands).toEqual([]);
    expect(reactor.isDone!(states.get(stream)!)).toBe(true);
  });

  it('R3: a completed process with no 签发 approval records nothing', () => {
    reactorSpec(reactor)
      .given([started(), approved(OUTGOING_NODES.deptReview, 'kezhang')])
      .when(completed)
      .then([]);
  });

  it('approvals before the end react with nothing; the state is done after the end', () => {
    reactorSpec(reactor).given([started()]).when(approved(OUTGOING_NODES.sign, 'director')).then([]);
    reactorSpec(reactor)
      .given([started(), approved(OUTGOING_NODES.sign, 'director')])
      .when(completed)
      .thenState((s) => expect(reactor.isDone!(s!)).toBe(true));
  });
});
