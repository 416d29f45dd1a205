/**
 * RoomDay decider (会议室预约). Pure; the command side passes the room's facts (opening hours,
 * approval, admins, whether the caller may book it) and `metadata.now`.
 *
 * Rules enforced here
 *  - bookRoom: the room is open; start < end, both on this Shanghai day, within the opening hours,
 *    at 5-minute steps, not in the past; the caller may book this room; the slot overlaps no booking
 *    that holds it (confirmed or pending) — half-open intervals, so 10:00–11:00 and 11:00–12:00 both
 *    stand, a booking fully inside another does not; a room needing approval → 待审批 with its admins
 *    as approvers and the approval process id (the slot stays held while it waits); booking the same id
 *    again is a no-op;
 *  - rescheduleBooking: by the booker or a room admin, a holding booking, the new time checked as a
 *    new booking against every other booking;
 *  - approveBooking / refuseBooking: the outcome of the booking's 会议室预约审批 process (workflow engine,
 *    recorded by the room-booking approval reactor as `system`): for that booking's process only, by one of
 *    its recorded approvers; refusal needs a reason; a booking no longer pending ignores it (退订 meanwhile);
 *  - cancelBooking (退订): by the booker or a room admin, a holding booking; notifies the booker and
 *    the attendees (recorded in the event).
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import {
  evolveRoomDay,
  holding,
  initialRoomDayState,
  type Booking,
  type BookingFacts,
  type RoomDayEvent,
  type RoomDayState,
} from './room-day.events';
import { isInstant, minutesOf, overlaps, shanghaiDate, shanghaiTime } from './time';

/** What the command side knows about the room and the caller. */
export interface RoomFacts {
  status: 'none' | 'open' | 'retired';
  name: string;
  opensAt: string;
  closesAt: string;
  needsApproval: boolean;
  adminIds: string[];
  /** The caller may book this room (bookableBy and the caller's unit). */
  mayBook: boolean;
}

export type BookRoom = Command<
  'BookRoom',
  Omit<BookingFacts, 'bookedBy' | 'onBehalfOf'> & {
    room: RoomFacts;
    /** The 会议室预约审批 process the command side starts when the booking needs approval. */
    processId?: string | null;
  }
>;
export type RescheduleBooking = Command<'RescheduleBooking', { bookingId: string; start: string; end: string; room: RoomFacts }>;
/** 同意 / 不同意 as the approval process ended: `approverId` is the admin who acted in the engine. */
export type ApproveBooking = Command<'ApproveBooking', { bookingId: string; processId: string; approverId: string }>;
export type RefuseBooking = Command<'RefuseBooking', { bookingId: string; processId: string; approverId: string; reason: string }>;
export type CancelBooking = Command<'CancelBooking', { bookingId: string; reason: string; adminIds: string[]; movedTo?: string | null }>;
export type RoomDayCommand = BookRoom | RescheduleBooking | ApproveBooking | RefuseBooking | CancelBooking;

const invalid = (field: string, msg: string, code = 'booking.invalid') => new DomainError('invalid', code, msg, field);

/** The conflict answer: which booking holds the slot (time and title) — 409. */
export function conflictError(other: Booking, field = 'start'): DomainError {
  return new DomainError(
    'conflict',
    'booking.conflict',
    `该时段已被预约：${shanghaiTime(other.start)}–${shanghaiTime(other.end)}《${other.title}》`,
    field,
  );
}

/** Checks a time slot for this day and room; returns the booking it collides with, if any. */
export function checkSlot(
  s: RoomDayState,
  slot: { date: string; start: string; end: string },
  room: RoomFacts,
  now: string,
  ignoreBookingId: string | null = null,
): Booking | null {
  if (room.status === 'none') throw new DomainError('not_found', 'room.not_found', '会议室不存在', 'roomId');
  if (room.status === 'retired') throw new DomainError('rule', 'room.retired', '会议室已停用', 'roomId');
  if (!isInstant(slot.start)) throw invalid('start', '开始时间格式不正确');
  if (!isInstant(slot.end)) throw invalid('end', '结束时间格式不正确');
  if (Date.parse(slot.end) <= Date.parse(slot.start)) throw invalid('end', '结束时间须晚于开始时间');
  if (shanghaiDate(slot.start) !== slot.date) throw invalid('start', '开始时间不在预约日期内');
  const endDate = shanghaiDate(slot.end);
  const endMin = endDate === slot.date ? minutesOf(shanghaiTime(slot.end)) : shanghaiTime(slot.end) === '00:00' ? 1440 : -1;
  if (endMin < 0) throw invalid('end', '预约不能跨天');
  const startMin = minutesOf(shanghaiTime(slot.start));
  if (startMin % 5 !== 0 || endMin % 5 !== 0 || Date.parse(slot.start) % 60000 !== 0 || Date.parse(slot.end) % 60000 !== 0)
    throw invalid('start', '预约时间须以 5 分钟为单位');
  if (startMin < minutesOf(room.opensAt) || endMin > minutesOf(room.closesAt))
    throw new DomainError('rule', 'booking.outside_hours', `超出会议室开放时间（${room.opensAt}–${room.closesAt}）`, 'start');
  if (Date.parse(slot.start) < Date.parse(now)) throw new DomainError('rule', 'booking.in_past', '不能预约已过去的时段', 'start');
  return holding(s).find((b) => b.bookingId !== ignoreBookingId && overlaps(b.start, b.end, slot.start, slot.end)) ?? null;
}

export function bookRoom(cmd: BookRoom, s: RoomDayState): RoomDayEvent[] {
  const { room, processId, ...facts } = cmd.data;
  if (s.bookings[facts.bookingId]) return [];
  if (!facts.title?.trim()) throw invalid('title', '请填写会议主题');
  if (facts.title.length > 100) throw invalid('title', '会议主题不超过 100 字');
  if (room.status === 'open' && !room.mayBook)
    throw new DomainError('forbidden', 'booking.not_allowed', '该会议室仅限本单位预约', 'roomId');
  const other = checkSlot(s, facts, room, cmd.metadata.now);
  if (other) throw conflictError(other);
  const pending = room.needsApproval && !room.adminIds.includes(cmd.metadata.actorId);
  if (pending && !room.adminIds.length)
    throw new DomainError('rule', 'room.no_admin', '该会议室需审批但未设置管理员，请联系管理员', 'roomId');
  if (pending && !processId) throw invalid('processId', '缺少审批流程', 'booking.no_process');
  return [
    {
      type: 'RoomBooked',
      data: {
        ...facts,
        title: facts.title.trim(),
        bookedBy: cmd.metadata.actorId,
        onBehalfOf: cmd.metadata.onBehalfOf ?? null,
        status: pending ? 'pending' : 'confirmed',
        approverIds: pending ? [...room.adminIds] : [],
        processId: pending ? processId! : null,
        at: cmd.metadata.now,
      },
    },
  ];
}

function holdingBooking(s: RoomDayState, bookingId: string): Booking {
  const b = s.bookings[bookingId];
  if (!b) throw new DomainError('not_found', 'booking.not_found', '预约不存在', 'bookingId');
  if (b.status !== 'confirmed' && b.status !== 'pending')
    throw new DomainError('rule', 'booking.closed', b.status === 'cancelled' ? '该预约已退订' : '该预约未通过审批');
  return b;
}

const mayManage = (b: Booking, actorId: string, adminIds: readonly string[]) =>
  b.bookedBy === actorId || b.onBehalfOf === actorId || adminIds.includes(actorId);

export function rescheduleBooking(cmd: RescheduleBooking, s: RoomDayState): RoomDayEvent[] {
  const b = holdingBooking(s, cmd.data.bookingId);
  if (!mayManage(b, cmd.metadata.actorId, cmd.data.room.adminIds))
    throw new DomainError('forbidden', 'booking.not_yours', '只有预约人或会议室管理员可以修改预约');
  if (b.start === cmd.data.start && b.end === cmd.data.end) return [];
  const other = checkSlot(
    s,
    { date: b.date, start: cmd.data.start, end: cmd.data.end },
    { ...cmd.data.room, mayBook: true },
    cmd.metadata.now,
    b.bookingId,
  );
  if (other) throw conflictError(other);
  return [
    {
      type: 'BookingRescheduled',
      data: {
        bookingId: b.bookingId,
        roomId: b.roomId,
        date: b.date,
        start: cmd.data.start,
        end: cmd.data.end,
        by: cmd.metadata.actorId,
        at: cmd.metadata.now,
      },
    },
  ];
}

/** The pending booking an approval outcome is for; null when it is no longer pending (nothing to record). */
function pendingFor(s: RoomDayState, bookingId: string, processId: string, approverId: string): Booking | null {
  const b = s.bookings[bookingId];
  if (!b) throw new DomainError('not_found', 'booking.not_found', '预约不存在', 'bookingId');
  if (b.status !== 'pending') return null;
  if (b.processId !== processId) throw new DomainError('rule', 'booking.process_mismatch', '审批流程与该预约不符', 'processId');
  if (!b.approverIds.includes(approverId)) throw new DomainError('forbidden', 'booking.not_approver', '只有会议室管理员可以审批');
  return b;
}

export function approveBooking(cmd: ApproveBooking, s: RoomDayState): RoomDayEvent[] {
  const b = pendingFor(s, cmd.data.bookingId, cmd.data.processId, cmd.data.approverId);
  if (!b) return [];
  return [
    {
      type: 'BookingApproved',
      data: { bookingId: b.bookingId, roomId: b.roomId, date: b.date, by: cmd.data.approverId, at: cmd.metadata.now },
    },
  ];
}

export function refuseBooking(cmd: RefuseBooking, s: RoomDayState): RoomDayEvent[] {
  const reason = cmd.data.reason?.trim() ?? '';
  if (!reason) throw invalid('reason', '请填写不同意的理由');
  const b = pendingFor(s, cmd.data.bookingId, cmd.data.processId, cmd.data.approverId);
  if (!b) return [];
  return [
    {
      type: 'BookingRefused',
      data: {
        bookingId: b.bookingId,
        roomId: b.roomId,
        date: b.date,
        reason,
        by: cmd.data.approverId,
        notifyIds: [b.bookedBy],
        at: cmd.metadata.now,
      },
    },
  ];
}

export function cancelBooking(cmd: CancelBooking, s: RoomDayState): RoomDayEvent[] {
  const existing = s.bookings[cmd.data.bookingId];
  if (existing?.status === 'cancelled') return [];
  const b = holdingBooking(s, cmd.data.bookingId);
  if (!mayManage(b, cmd.metadata.actorId, cmd.data.adminIds))
    throw new DomainError('forbidden', 'booking.not_yours', '只有预约人或会议室管理员可以退订');
  const notifyIds = [...new Set([b.bookedBy, ...b.attendeeIds])].filter((id) => id !== cmd.metadata.actorId);
  return [
    {
      type: 'BookingCancelled',
      data: {
        bookingId: b.bookingId,
        roomId: b.roomId,
        date: b.date,
        reason: cmd.data.reason?.trim() || '退订',
        by: cmd.metadata.actorId,
        notifyIds,
        movedTo: cmd.data.movedTo ?? null,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function decideRoomDay(cmd: RoomDayCommand, s: RoomDayState): RoomDayEvent[] {
  switch (cmd.type) {
    case 'BookRoom':
      return bookRoom(cmd, s);
    case 'RescheduleBooking':
      return rescheduleBooking(cmd, s);
    case 'ApproveBooking':
      return approveBooking(cmd, s);
    case 'RefuseBooking':
      return refuseBooking(cmd, s);
    case 'CancelBooking':
      return cancelBooking(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const roomDayDecider: Decider<RoomDayCommand, RoomDayEvent, RoomDayState> = {
  initialState: initialRoomDayState,
  decide: decideRoomDay,
  evolve: evolveRoomDay,
};
