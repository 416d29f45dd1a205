import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { RoomDayEvent } from '../../domain/meetings/room-day.events';
import type { RoomEvent } from '../../domain/meetings/room.events';
import { workingDayRule, type WorkingCalendar } from '../../domain/workflow/calendar';
import type { SqlClient } from '../engine/types';
import type { FactBatch, FactRow, FactTable } from '../warehouse/facts';
import type { FactMapper } from '../warehouse/sink';

/**
 * 会议室使用率事实: hours booked and open hours per room and Shanghai day, as signed deltas.
 *   booked: + a booking's hours when it holds the room confirmed (RoomBooked confirmed, BookingApproved),
 *           ± the difference when a confirmed booking is rescheduled, − its hours when it is cancelled;
 *   open:   the room's open hours for a whole month (working days of the statutory calendar × its daily
 *           opening hours), written once per room and month, the first time the month has a booking
 *           of the room (opening-hour changes after that are not re-counted).
 * `slot_day` is the Shanghai day as a midnight-UTC timestamp, so the warehouse's month = the Shanghai month
 * (the same as GET /api/meetings/utilisation counts).
 */
export const FACT_ROOM_HOURS: FactTable = {
  name: 'fact_room_hours',
  timeColumn: 'slot_day',
  columns: {
    event_id: 'string',
    room_id: 'string',
    room_name: 'string',
    unit_id: 'string',
    unit_name: 'string',
    booked_hours: 'float64',
    open_hours: 'float64',
    slot_day: 'datetime',
  },
};

const TYPES = [
  'RoomRegistered',
  'RoomUpdated',
  'RoomBooked',
  'BookingRescheduled',
  'BookingApproved',
  'BookingCancelled',
] as const satisfies readonly (RoomEvent['type'] | RoomDayEvent['type'])[];

interface RoomRow {
  room_id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  open_minutes: number;
}
interface BookingRow {
  booking_id: string;
  room_id: string;
  date: string;
  minutes: number;
  confirmed: number;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const span = (start: string, end: string) => (Date.parse(end) - Date.parse(start)) / 60_000;
const daysOfMonth = (month: string): string[] => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
};

export function meetingRoomFacts(calendar: WorkingCalendar): FactMapper {
  const isWorking = workingDayRule(calendar);
  return {
    name: 'meeting-rooms',
    eventTypes: TYPES,
    async setup(db: SqlClient) {
      await db.run(
        'CREATE TABLE IF NOT EXISTS wh_mt_rooms (room_id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL, ' +
          'unit_name TEXT NOT NULL, open_minutes INTEGER NOT NULL)',
      );
      await db.run(
        'CREATE TABLE IF NOT EXISTS wh_mt_bookings (booking_id TEXT PRIMARY KEY, room_id TEXT NOT NULL, date TEXT NOT NULL, ' +
          'minutes INTEGER NOT NULL, confirmed INTEGER NOT NULL)',
      );
      await db.run(
        'CREATE TABLE IF NOT EXISTS wh_mt_room_months (room_id TEXT NOT NULL, month TEXT NOT NULL, PRIMARY KEY (room_id, month))',
      );
    },
    async reset(db: SqlClient) {
      await db.run('DELETE FROM wh_mt_rooms');
      await db.run('DELETE FROM wh_mt_bookings');
      await db.run('DELETE FROM wh_mt_room_months');
    },
    async map(recorded: RecordedEvent, db: SqlClient): Promise<FactBatch[]> {
      const e = recorded as unknown as RoomEvent | RoomDayEvent;
      const rows: FactRow[] = [];
      const emit = async (roomId: string, date: string, bookedMinutes: number) => {
        const room = await db.get<RoomRow>('SELECT * FROM wh_mt_rooms WHERE room_id = ?', [roomId]);
        if (!room) return;
        const base = { room_id: roomId, room_name: room.name, unit_id: room.unit_id, unit_name: room.unit_name };
        const month = date.slice(0, 7);
        const seen = await db.get('SELECT room_id FROM wh_mt_room_months WHERE room_id = ? AND month = ?', [roomId, month]);
        if (!seen) {
          await db.run('INSERT INTO wh_mt_room_months (room_id, month) VALUES (?, ?)', [roomId, month]);
          const working = daysOfMonth(month).filter(isWorking).length;
          rows.push({
            event_id: `${recorded.id}:open`,
            ...base,
            booked_hours: 0,
            open_hours: (working * Number(room.open_minutes)) / 60,
            slot_day: `${month}-01 00:00:00`,
          });
        }
        if (bookedMinutes !== 0)
          rows.push({ event_id: recorded.id, ...base, booked_hours: bookedMinutes / 60, open_hours: 0, slot_day: `${date} 00:00:00` });
      };
      const booking = (id: string) => db.get<BookingRow>('SELECT * FROM wh_mt_bookings WHERE booking_id = ?', [id]);
      switch (e.type) {
        case 'RoomRegistered':
        case 'RoomUpdated': {
          const p = e.data.profile;
          const prev = await db.get<RoomRow>('SELECT * FROM wh_mt_rooms WHERE room_id = ?', [e.data.roomId]);
          const unitId = e.type === 'RoomRegistered' ? e.data.unitId : (prev?.unit_id ?? '');
          const unitName = e.type === 'RoomRegistered' ? e.data.unitName : (prev?.unit_name ?? '');
          await db.run(
            'INSERT INTO wh_mt_rooms (room_id, name, unit_id, unit_name, open_minutes) VALUES (?, ?, ?, ?, ?) ' +
              'ON CONFLICT (room_id) DO UPDATE SET name = excluded.name, open_minutes = excluded.open_minutes',
            [e.data.roomId, p.name, unitId, unitName, minutesOf(p.closesAt) - minutesOf(p.opensAt)],
          );
          return [];
        }
        case 'RoomBooked': {
          const confirmed = e.data.status === 'confirmed';
          const minutes = span(e.data.start, e.data.end);
          await db.run(
            'INSERT INTO wh_mt_bookings (booking_id, room_id, date, minutes, confirmed) VALUES (?, ?, ?, ?, ?) ON CONFLICT (booking_id) DO NOTHING',
            [e.data.bookingId, e.data.roomId, e.data.date, minutes, confirmed ? 1 : 0],
          );
          await emit(e.data.roomId, e.data.date, confirmed ? minutes : 0);
          break;
        }
        case 'BookingApproved': {
          const b = await booking(e.data.bookingId);
          if (!b || Number(b.confirmed)) return [];
          await db.run('UPDATE wh_mt_bookings SET confirmed = 1 WHERE booking_id = ?', [b.booking_id]);
          await emit(b.room_id, b.date, Number(b.minutes));
          break;
        }
        case 'BookingRescheduled': {
          const b = await booking(e.data.bookingId);
          if (!b) return [];
          const minutes = span(e.data.start, e.data.end);
          await db.run('UPDATE wh_mt_bookings SET minutes = ? WHERE booking_id = ?', [minutes, b.booking_id]);
          if (Number(b.confirmed)) await emit(b.room_id, b.date, minutes - Number(b.minutes));
          break;
        }
        case 'BookingCancelled': {
          const b = await booking(e.data.bookingId);
          if (!b || !Number(b.confirmed)) return [];
          await db.run('UPDATE wh_mt_bookings SET confirmed = 0 WHERE booking_id = ?', [b.booking_id]);
          await emit(b.room_id, b.date, -Number(b.minutes));
          break;
        }
        default:
          return [];
      }
      return rows.length ? [{ table: FACT_ROOM_HOURS, rows }] : [];
    },
  };
}
