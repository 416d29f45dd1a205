/**
 * RoomDay (会议室日历): one room's bookings on one Asia/Shanghai day. Stream `room-day-<roomId>-<YYYY-MM-DD>`.
 *
 * A booking is a command against this stream, decided on its folded state and appended with the
 * folded revision as the expected revision: two overlapping bookings can never both be recorded
 * (the second one's append fails, is decided again on the new state and refused).
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';

export const roomDayStreamId = (roomId: string, date: string) => `room-day-${roomId}-${date}`;

export type BookingStatus = 'confirmed' | 'pending' | 'refused' | 'cancelled';
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  confirmed: '已预约',
  pending: '待审批',
  refused: '未通过',
  cancelled: '已退订',
};

export interface BookingFacts {
  bookingId: string;
  roomId: string;
  date: string;
  start: string;
  end: string;
  title: string;
  unitId: string;
  bookedBy: string;
  bookedByName: string;
  onBehalfOf: string | null;
  meetingId: string | null;
  /** 周期预约: the series this occurrence belongs to. */
  seriesId: string | null;
  attendeeIds: string[];
}

export type RoomBooked = DomainEvent<
  'RoomBooked',
  BookingFacts & {
    status: 'confirmed' | 'pending';
    /** Who must approve (the room's admins) when the room needs approval; [] otherwise. */
    approverIds: string[];
    /** 会议室预约审批: the workflow process the booking waits on (pending only; null otherwise). */
    processId?: string | null;
    at: string;
  }
>;
export type BookingRescheduled = DomainEvent<
  'BookingRescheduled',
  { bookingId: string; roomId: string; date: string; start: string; end: string; by: string; at: string }
>;
export type BookingApproved = DomainEvent<'BookingApproved', { bookingId: string; roomId: string; date: string; by: string; at: string }>;
export type BookingRefused = DomainEvent<
  'BookingRefused',
  { bookingId: string; roomId: string; date: string; reason: string; by: string; notifyIds: string[]; at: string }
>;
export type BookingCancelled = DomainEvent<
  'BookingCancelled',
  {
    bookingId: string;
    roomId: string;
    date: string;
    reason: string;
    by: string;
    /** 退订 notifies these (the booker and the attendees). */
    notifyIds: string[];
    /** Set when the booking moved to another day (its new booking id there). */
    movedTo: string | null;
    at: string;
  }
>;

export type RoomDayEvent = RoomBooked | BookingRescheduled | BookingApproved | BookingRefused | BookingCancelled;
export const ROOM_DAY_EVENT_TYPES = [
  'RoomBooked',
  'BookingRescheduled',
  'BookingApproved',
  'BookingRefused',
  'BookingCancelled',
] as const satisfies readonly RoomDayEvent['type'][];

export interface Booking extends BookingFacts {
  status: BookingStatus;
  approverIds: string[];
  processId: string | null;
}

export interface RoomDayState {
  bookings: Record<string, Booking>;
}

export const initialRoomDayState = (): RoomDayState => ({ bookings: {} });

/** Bookings that hold their slot (pending ones too: the admin decides, nobody else may take it meanwhile). */
export const holding = (s: RoomDayState): Booking[] =>
  Object.values(s.bookings).filter((b) => b.status === 'confirmed' || b.status === 'pending');

export function evolveRoomDay(s: RoomDayState, e: RoomDayEvent): RoomDayState {
  const put = (id: string, f: (b: Booking) => Booking): RoomDayState => {
    const b = s.bookings[id];
    return b ? { bookings: { ...s.bookings, [id]: f(b) } } : s;
  };
  switch (e.type) {
    case 'RoomBooked': {
      const { status, approverIds, processId, at: _at, ...facts } = e.data;
      return { bookings: { ...s.bookings, [e.data.bookingId]: { ...facts, status, approverIds, processId: processId ?? null } } };
    }
    case 'BookingRescheduled':
      return put(e.data.bookingId, (b) => ({ ...b, start: e.data.start, end: e.data.end }));
    case 'BookingApproved':
      return put(e.data.bookingId, (b) => ({ ...b, status: 'confirmed' }));
    case 'BookingRefused':
      return put(e.data.bookingId, (b) => ({ ...b, status: 'refused' }));
    case 'BookingCancelled':
      return put(e.data.bookingId, (b) => ({ ...b, status: 'cancelled' }));
    default:
      return assertNever(e);
  }
}
