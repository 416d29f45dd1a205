import { describe, it } from 'vitest';
import { reactorSpec, recorded } from '../shared/reactor-spec';
import { assetApprovalReactor as reactor } from './approval.reactor';

const P = 'p1';
const stream = `process-${P}`;
const at = '2026-03-05T02:00:00.000Z';
const started = (type: string, id = 'a1') =>
  recorded({ type: 'ProcessStarted' as const, data: { instanceId: P, subject: { type, id } } as never }, { streamId: stream });
const completed = recorded({ type: 'ProcessCompleted' as const, data: { at } }, { streamId: stream });
const rejected = recorded(
  { type: 'ProcessRejected' as const, data: { nodeId: 'admin', opinion: '预算不足', actorId: 'yang-fan', onBehalfOf: null, at } as never },
  { streamId: stream },
);

describe('资产审批 → 资产 reactor', () => {
  it('R2: given a transfer process, when it completes, then approved is recorded on the asset', () => {
    reactorSpec(reactor)
      .given([started('asset-transfer')])
      .when(completed)
      .then([
        {
          type: 'RecordAssetApprovalOutcome',
          data: { subjectType: 'asset-transfer', subjectId: 'a1', processId: P, outcome: 'approved', opinion: '', at },
        },
      ]);
  });
  it('R2: given a purchase process, when it is rejected, then the rejection with its opinion is recorded', () => {
    reactorSpec(reactor)
      .given([started('asset-purchase', 'pu1')])
      .when(rejected)
      .then([
        {
          type: 'RecordAssetApprovalOutcome',
          data: { subjectType: 'asset-purchase', subjectId: 'pu1', processId: P, outcome: 'rejected', opinion: '预算不足', at },
        },
      ]);
  });
  it('R1: another module’s process is not followed', () => {
    reactorSpec(reactor)
      .given([started('outgoing-document', 'd1')])
      .when(completed)
      .then([]);
  });
});
