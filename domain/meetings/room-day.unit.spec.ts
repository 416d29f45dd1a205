import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { roomDayDecider, type RoomDayCommand, type RoomFacts } from './room-day.decide';
import type { RoomBooked, RoomDayEvent } from './room-day.events';
import { shanghaiInstant } from './time';

const NOW = '2026-03-01T00:00:00.000Z';
const D = '2026-03-02';
const at = (hhmm: string) => shanghaiInstant(D, hhmm);
const room: RoomFacts = {
  status: 'open',
  name: '第一会议室',
  opensAt: '08:00',
  closesAt: '20:00',
  needsApproval: false,
  adminIds: ['admin'],
  mayBook: true,
};
const md = (actorId = 'zhou', now = NOW) => ({ now, actorId, onBehalfOf: null, unitId: null });
const book = (bookingId: string, from: string, to: string, over: Partial<RoomFacts> = {}, actor = 'zhou'): RoomDayCommand => ({
  type: 'BookRoom',
  data: {
    bookingId,
    roomId: 'r1',
    date: D,
    start: at(from),
    end: at(to),
    title: `会议${bookingId}`,
    unitId: 'qzfb',
    bookedByName: '周明',
    meetingId: null,
    seriesId: null,
    attendeeIds: ['wu'],
    room: { ...room, ...over },
  },
  metadata: md(actor),
});
const booked = (bookingId: string, from: string, to: string, status: 'confirmed' | 'pending' = 'confirmed'): RoomBooked => ({
  type: 'RoomBooked',
  data: {
    bookingId,
    roomId: 'r1',
    date: D,
    start: at(from),
    end: at(to),
    title: `会议${bookingId}`,
    unitId: 'qzfb',
    bookedBy: 'zhou',
    bookedByName: '周明',
    onBehalfOf: null,
    meetingId: null,
    seriesId: null,
    attendeeIds: ['wu'],
    status,
    approverIds: status === 'pending' ? ['admin'] : [],
    processId: status === 'pending' ? 'p-b1' : null,
    at: NOW,
  },
});
const cancelled = (bookingId: string): RoomDayEvent => ({
  type: 'BookingCancelled',
  data: { bookingId, roomId: 'r1', date: D, reason: '退订', by: 'zhou', notifyIds: ['wu'], movedTo: null, at: NOW },
});

describe('会议室预约: conflict-free by construction', () => {
  it('a free slot is booked', () => {
    spec(roomDayDecider)
      .given([])
      .when(book('b1', '10:00', '11:00'))
      .then([booked('b1', '10:00', '11:00')]);
  });

  it('back-to-back edges are both allowed (10:00–11:00 and 11:00–12:00)', () => {
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '11:00')])
      .when(book('b2', '11:00', '12:00'))
      .then([booked('b2', '11:00', '12:00')]);
    spec(roomDayDecider)
      .given([booked('b1', '11:00', '12:00')])
      .when(book('b2', '10:00', '11:00'))
      .then([booked('b2', '10:00', '11:00')]);
  });

  it('an overlapping booking is refused (start inside, end inside, same slot)', () => {
    const given = spec(roomDayDecider).given([booked('b1', '10:00', '11:00')]);
    given.when(book('b2', '10:30', '11:30')).thenThrows('booking.conflict');
    given.when(book('b2', '09:30', '10:30')).thenThrows('booking.conflict');
    given.when(book('b2', '10:00', '11:00')).thenThrows('booking.conflict');
  });

  it('a booking fully inside another, or fully around it, is refused', () => {
    const given = spec(roomDayDecider).given([booked('b1', '09:00', '12:00')]);
    const err = given.when(book('b2', '10:00', '10:30')).thenThrows('booking.conflict');
    expect(err.kind).toBe('conflict');
    expect(err.message).toContain('09:00–12:00');
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '10:30')])
      .when(book('b2', '09:00', '12:00'))
      .thenThrows('booking.conflict');
  });

  it('a pending booking holds its slot; a cancelled or refused one frees it', () => {
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '11:00', 'pending')])
      .when(book('b2', '10:00', '11:00'))
      .thenThrows('booking.conflict');
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '11:00'), cancelled('b1')])
      .when(book('b2', '10:00', '11:00'))
      .then([booked('b2', '10:00', '11:00')]);
    const refused: RoomDayEvent = {
      type: 'BookingRefused',
      data: { bookingId: 'b1', roomId: 'r1', date: D, reason: '另有安排', by: 'admin', notifyIds: ['zhou'], at: NOW },
    };
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '11:00', 'pending'), refused])
      .when(book('b2', '10:00', '11:00'))
      .then([booked('b2', '10:00', '11:00')]);
  });

  it("changing a booking's time is re-checked against the others (not against itself)", () => {
    const given = spec(roomDayDecider).given([booked('b1', '09:00', '10:00'), booked('b2', '11:00', '12:00')]);
    const move = (from: string, to: string): RoomDayCommand => ({
      type: 'RescheduleBooking',
      data: { bookingId: 'b1', start: at(from), end: at(to), room },
      metadata: md(),
    });
    given.when(move('10:30', '11:30')).thenThrows('booking.conflict');
    given.when(move('09:30', '11:00')).then([
      {
        type: 'BookingRescheduled',
        data: { bookingId: 'b1', roomId: 'r1', date: D, start: at('09:30'), end: at('11:00'), by: 'zhou', at: NOW },
      },
    ]);
  });

  it('input rules: end after start, same day, opening hours, 5-minute steps, not in the past, who may book', () => {
    const given = spec(roomDayDecider).given([]);
    given.when(book('b', '11:00', '10:00')).thenThrows('booking.invalid');
    given.when(book('b', '07:00', '09:00')).thenThrows('booking.outside_hours');
    given.when(book('b', '19:00', '20:30')).thenThrows('booking.outside_hours');
    given.when(book('b', '10:03', '11:00')).thenThrows('booking.invalid');
    given.when(book('b', '10:00', '11:00', { mayBook: false })).thenThrows('booking.not_allowed');
    given.when(book('b', '10:00', '11:00', { status: 'retired' })).thenThrows('room.retired');
    const late = { ...book('b', '10:00', '11:00'), metadata: md('zhou', '2026-03-03T00:00:00.000Z') } as RoomDayCommand;
    given.when(late).thenThrows('booking.in_past');
  });

  it('a room needing approval: 待审批 with its admins as approvers and the approval process; only its outcome decides', () => {
    const withProcess = (c: RoomDayCommand) => ({ ...c, data: { ...c.data, processId: 'p-b1' } }) as RoomDayCommand;
    const pending = spec(roomDayDecider)
      .given([])
      .when(withProcess(book('b1', '10:00', '11:00', { needsApproval: true })))
      .then([booked('b1', '10:00', '11:00', 'pending')]);
    expect((pending[0] as RoomBooked).data.approverIds).toEqual(['admin']);
    // an admin booking their own room needs no approval; a room needing approval without admins is refused
    spec(roomDayDecider)
      .given([])
      .when(withProcess(book('b1', '10:00', '11:00', { needsApproval: true }, 'admin')))
      .then([{ ...booked('b1', '10:00', '11:00'), data: { ...booked('b1', '10:00', '11:00').data, bookedBy: 'admin' } }]);
    spec(roomDayDecider)
      .given([])
      .when(withProcess(book('b1', '10:00', '11:00', { needsApproval: true, adminIds: [] })))
      .thenThrows('room.no_admin');
    spec(roomDayDecider)
      .given([])
      .when(book('b1', '10:00', '11:00', { needsApproval: true }))
      .thenThrows('booking.no_process');
    // the process's outcome (recorded by the approval reactor as `system`)
    const given = spec(roomDayDecider).given([booked('b1', '10:00', '11:00', 'pending')]);
    const sys = md('system');
    given
      .when({ type: 'ApproveBooking', data: { bookingId: 'b1', processId: 'p-b1', approverId: 'zhou' }, metadata: sys })
      .thenThrows('booking.not_approver');
    given
      .when({ type: 'ApproveBooking', data: { bookingId: 'b1', processId: 'p-other', approverId: 'admin' }, metadata: sys })
      .thenThrows('booking.process_mismatch');
    given
      .when({ type: 'ApproveBooking', data: { bookingId: 'b1', processId: 'p-b1', approverId: 'admin' }, metadata: sys })
      .then([{ type: 'BookingApproved', data: { bookingId: 'b1', roomId: 'r1', date: D, by: 'admin', at: NOW } }]);
    given
      .when({ type: 'RefuseBooking', data: { bookingId: 'b1', processId: 'p-b1', approverId: 'admin', reason: ' ' }, metadata: sys })
      .thenThrows('booking.invalid');
    given
      .when({ type: 'RefuseBooking', data: { bookingId: 'b1', processId: 'p-b1', approverId: 'admin', reason: '另有安排' }, metadata: sys })
      .then([
        {
          type: 'BookingRefused',
          data: { bookingId: 'b1', roomId: 'r1', date: D, reason: '另有安排', by: 'admin', notifyIds: ['zhou'], at: NOW },
        },
      ]);
    // 退订 while waiting: the process's later end records nothing
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '11:00', 'pending'), cancelled('b1')])
      .when({
        type: 'RefuseBooking',
        data: { bookingId: 'b1', processId: 'p-b1', approverId: 'admin', reason: '流程已撤销' },
        metadata: sys,
      })
      .then([]);
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '11:00')])
      .when({ type: 'CancelBooking', data: { bookingId: 'b1', reason: '', adminIds: ['admin'] }, metadata: md('zhou') })
      .then([cancelled('b1')]);
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '11:00')])
      .when({ type: 'CancelBooking', data: { bookingId: 'b1', reason: '', adminIds: ['admin'] }, metadata: md('someone') })
      .thenThrows('booking.not_yours');
  });

  it('booking the same id again (a retried request) records nothing', () => {
    spec(roomDayDecider)
      .given([booked('b1', '10:00', '11:00')])
      .when(book('b1', '10:00', '11:00'))
      .then([]);
  });
});
