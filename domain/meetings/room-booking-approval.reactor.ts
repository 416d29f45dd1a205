import type { Reactor } from '../shared/reactor';
import type { ProcessCancelled, ProcessCompleted, ProcessRejected, ProcessStarted, ProcessTerminated, TaskApproved } from '../workflow';
import { ROOM_BOOKING_NODES, ROOM_BOOKING_SUBJECT_TYPE } from './room-booking.flow';

/**
 * 会议室预约审批 → 会议室日历 (reactor): when the approval process of a booking ends, its outcome is
 * recorded on the room-day stream — 同意 by the admin who approved, or 不同意 with the admin's opinion;
 * a process terminated or cancelled refuses the booking (its slot is freed).
 *
 * Rules
 *   R1 Only processes whose subject is a room booking are followed (keyed by process id); the room
 *      and day come from the process form (roomId, date).
 *   R2 The approver is the last approver of the 会议室管理员审批 node (the principal when a delegate acted).
 *   R3 ProcessCompleted → RecordBookingApproval 'approved' by that approver.
 *   R4 ProcessRejected → 'refused' with the rejecting admin's opinion (default 不同意);
 *      ProcessTerminated / ProcessCancelled → 'refused' with the reason (流程已终止 / 已撤销).
 * The RoomDay decider ignores an outcome for a booking no longer pending and refuses one from
 * another process (booking.process_mismatch).
 */
type Trigger = ProcessStarted | TaskApproved | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface RoomBookingApprovalState {
  booking: { bookingId: string; roomId: string; date: string } | null;
  approver: { actorId: string; opinion: string; at: string } | null;
  ended: boolean;
}

export type RecordBookingApproval = {
  type: 'RecordBookingApproval';
  data: {
    bookingId: string;
    roomId: string;
    date: string;
    processId: string;
    outcome: 'approved' | 'refused';
    actorId: string;
    opinion: string;
    at: string;
  };
};

export const roomBookingApprovalReactor: Reactor<Trigger, RoomBookingApprovalState, RecordBookingApproval> = {
  name: 'meetings.room-booking-approval',
  eventTypes: ['ProcessStarted', 'TaskApproved', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
  keyOf: (e) => {
    if (e.type === 'ProcessStarted' && e.data.subject?.type !== ROOM_BOOKING_SUBJECT_TYPE) return null;
    return e.streamId;
  },
  initialState: () => ({ booking: null, approver: null, ended: false }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'ProcessStarted':
        return {
          ...s,
          booking: { bookingId: e.data.subject!.id, roomId: String(e.data.form.roomId ?? ''), date: String(e.data.form.date ?? '') },
        };
      case 'TaskApproved':
        if (e.data.nodeId !== ROOM_BOOKING_NODES.approve) return s;
        return { ...s, approver: { actorId: e.data.onBehalfOf ?? e.data.actorId, opinion: e.data.opinion, at: e.data.at } };
      case 'ProcessCompleted':
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return { ...s, ended: true };
    }
  },
  react: (s, e) => {
    if (!s.booking) return []; // R1
    const processId = e.streamId.startsWith('process-') ? e.streamId.slice('process-'.length) : e.streamId;
    const base = { ...s.booking, processId };
    switch (e.type) {
      case 'ProcessStarted':
      case 'TaskApproved':
        return [];
      case 'ProcessCompleted':
        if (!s.approver) return [];
        return [{ type: 'RecordBookingApproval', data: { ...base, outcome: 'approved', ...s.approver } }];
      case 'ProcessRejected':
        return [
          {
            type: 'RecordBookingApproval',
            data: {
              ...base,
              outcome: 'refused',
              actorId: e.data.onBehalfOf ?? e.data.actorId,
              opinion: e.data.opinion?.trim() || '不同意',
              at: e.data.at,
            },
          },
        ];
      case 'ProcessTerminated':
      case 'ProcessCancelled':
        return [
          {
            type: 'RecordBookingApproval',
            data: {
              ...base,
              outcome: 'refused',
              actorId: e.data.actorId,
              opinion: e.data.reason?.trim() || (e.type === 'ProcessTerminated' ? '审批流程已终止' : '审批流程已撤销'),
              at: e.data.at,
            },
          },
        ];
    }
  },
  isDone: (s) => s.ended || s.booking === null,
};
