import { describe, it } from 'vitest';
import { reactorSpec, recorded } from '../shared/reactor-spec';
import { roomBookingApprovalReactor as reactor } from './room-booking-approval.reactor';
import { ROOM_BOOKING_NODES } from './room-booking.flow';

const P = 'p1';
const stream = `process-${P}`;
const at = '2026-03-05T02:00:00.000Z';
const started = (subjectType = 'meeting-room-booking') =>
  recorded(
    {
      type: 'ProcessStarted' as const,
      data: { instanceId: P, subject: { type: subjectType, id: 'b1' }, form: { roomId: 'r1', date: '2026-03-06' } } as never,
    },
    { streamId: stream },
  );
const approved = (actorId: string, onBehalfOf: string | null = null) =>
  recorded(
    {
      type: 'TaskApproved' as const,
      data: { taskId: `${P}.t1`, nodeId: ROOM_BOOKING_NODES.approve, opinion: '同意', signature: null, actorId, onBehalfOf, at },
    },
    { streamId: stream },
  );
const completed = recorded({ type: 'ProcessCompleted' as const, data: { at } }, { streamId: stream });
const booking = { bookingId: 'b1', roomId: 'r1', date: '2026-03-06', processId: P };

describe('会议室预约审批 → 会议室日历 reactor', () => {
  it('R3: given a booking process approved by the room admin, when it completes, then 同意 is recorded by that admin', () => {
    reactorSpec(reactor)
      .given([started(), approved('admin1')])
      .when(completed)
      .then([{ type: 'RecordBookingApproval', data: { ...booking, outcome: 'approved', actorId: 'admin1', opinion: '同意', at } }]);
  });

  it('R2: a delegate approving records the principal (the admin) as approver', () => {
    reactorSpec(reactor)
      .given([started(), approved('deputy', 'admin1')])
      .when(completed)
      .then([{ type: 'RecordBookingApproval', data: { ...booking, outcome: 'approved', actorId: 'admin1', opinion: '同意', at } }]);
  });

  it('R4: given a booking process, when the admin rejects it, then 不同意 is recorded with the opinion', () => {
    const rejected = recorded(
      {
        type: 'ProcessRejected' as const,
        data: { actorId: 'admin1', onBehalfOf: null, at, nodeId: ROOM_BOOKING_NODES.approve, opinion: '当天另有安排' },
      },
      { streamId: stream },
    );
    reactorSpec(reactor)
      .given([started()])
      .when(rejected)
      .then([{ type: 'RecordBookingApproval', data: { ...booking, outcome: 'refused', actorId: 'admin1', opinion: '当天另有安排', at } }]);
  });

  it('R4: a terminated process refuses the booking with the reason', () => {
    const terminated = recorded(
      { type: 'ProcessTerminated' as const, data: { actorId: 'sysadmin', onBehalfOf: null, at, reason: '' } },
      { streamId: stream },
    );
    reactorSpec(reactor)
      .given([started()])
      .when(terminated)
      .then([
        { type: 'RecordBookingApproval', data: { ...booking, outcome: 'refused', actorId: 'sysadmin', opinion: '审批流程已终止', at } },
      ]);
  });

  it("R1: another module's process is not followed", () => {
    reactorSpec(reactor)
      .given([started('outgoing-document'), approved('admin1')])
      .when(completed)
      .then([]);
  });
});
