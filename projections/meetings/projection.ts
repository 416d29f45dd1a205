import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { MEETING_EVENT_TYPES, type MeetingEvent } from '../../domain/meetings/meeting.events';
import { ROOM_DAY_EVENT_TYPES, type RoomDayEvent } from '../../domain/meetings/room-day.events';
import { ROOM_EVENT_TYPES, type RoomEvent } from '../../domain/meetings/room.events';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 会议 read models (one projection, 'meetings'). SQL with `?` only; runs on SQLite and PostgreSQL.
 *
 * mt_rooms         one row per room: room_id, unit_id, unit_name, name, capacity, equipment (JSON),
 *                  location, photo, bookable_by, needs_approval, opens_at, closes_at, admin_ids (JSON), status
 * mt_bookings      one row per booking (a series: one per occurrence): booking_id, room_id, date
 *                  (Asia/Shanghai), start_at, end_at, title, unit_id, booked_by, booked_by_name,
 *                  meeting_id, series_id, status, approver_ids (JSON), attendee_ids (JSON), updated_at
 *                  — the 综合安排 grid reads (date range, rooms) through (date, room_id)
 * mt_meetings      one row per meeting: meeting_id, title, start_at, end_at, room_id, booking_id,
 *                  location, organiser_id, organiser_name, unit_id, status, reply_deadline, units_total,
 *                  units_replied, checked_in, created_at
 * mt_participants  who a meeting concerns (my meetings): meeting_id, user_id, role
 *                  'organiser'|'person'|'contact', answer ('accept'|'decline'|null)
 */
export const MEETING_TABLES = ['mt_rooms', 'mt_bookings', 'mt_meetings', 'mt_participants'] as const;

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const r = t('mt_rooms');
  await db.run(`CREATE TABLE IF NOT EXISTS ${r} (
    room_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, unit_name TEXT NOT NULL, name TEXT NOT NULL, capacity INTEGER NOT NULL, equipment TEXT NOT NULL,
    location TEXT NOT NULL, photo TEXT NOT NULL, bookable_by TEXT NOT NULL, needs_approval INTEGER NOT NULL, opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL, admin_ids TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${r}_unit ON ${r} (unit_id, name)`);
  const b = t('mt_bookings');
  await db.run(`CREATE TABLE IF NOT EXISTS ${b} (
    booking_id TEXT PRIMARY KEY, room_id TEXT NOT NULL, date TEXT NOT NULL, start_at TEXT NOT NULL, end_at TEXT NOT NULL, title TEXT NOT NULL,
    unit_id TEXT NOT NULL, booked_by TEXT NOT NULL, booked_by_name TEXT NOT NULL, meeting_id TEXT, series_id TEXT, status TEXT NOT NULL,
    approver_ids TEXT NOT NULL, attendee_ids TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${b}_room_date ON ${b} (room_id, date)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${b}_booker ON ${b} (booked_by, date)`);
  // 待审批 only (a partial index: a plain status index would lure the grid's query away from room_date)
  await db.run(`CREATE INDEX IF NOT EXISTS ${b}_pending ON ${b} (start_at) WHERE status = 'pending'`);
  const m = t('mt_meetings');
  await db.run(`CREATE TABLE IF NOT EXISTS ${m} (
    meeting_id TEXT PRIMARY KEY, title TEXT NOT NULL, start_at TEXT NOT NULL, end_at TEXT NOT NULL, room_id TEXT, booking_id TEXT,
    location TEXT NOT NULL, organiser_id TEXT NOT NULL, organiser_name TEXT NOT NULL, unit_id TEXT NOT NULL, status TEXT NOT NULL,
    reply_deadline TEXT NOT NULL, units_total INTEGER NOT NULL, units_replied INTEGER NOT NULL, checked_in INTEGER NOT NULL, created_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${m}_start ON ${m} (start_at)`);
  const p = t('mt_participants');
  await db.run(`CREATE TABLE IF NOT EXISTS ${p} (
    meeting_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, answer TEXT, PRIMARY KEY (meeting_id, user_id, role))`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_user ON ${p} (user_id)`);
}

const json = (x: unknown) => JSON.stringify(x);

async function applyRoom(db: SqlClient, e: RoomEvent, t: TableNamer): Promise<void> {
  const r = t('mt_rooms');
  switch (e.type) {
    case 'RoomRegistered':
    case 'RoomUpdated': {
      const p = e.data.profile;
      if (e.type === 'RoomRegistered') {
        await db.run(
          `INSERT INTO ${r} (room_id, unit_id, unit_name, name, capacity, equipment, location, photo, bookable_by, needs_approval, opens_at, closes_at, admin_ids, status, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (room_id) DO NOTHING`,
          [
            e.data.roomId,
            e.data.unitId,
            e.data.unitName,
            p.name,
            p.capacity,
            json(p.equipment),
            p.location,
            p.photo,
            p.bookableBy,
            p.needsApproval ? 1 : 0,
            p.opensAt,
            p.closesAt,
            json(p.adminIds),
            e.data.at,
          ],
        );
      } else {
        await db.run(
          `UPDATE ${r} SET name = ?, capacity = ?, equipment = ?, location = ?, photo = ?, bookable_by = ?, needs_approval = ?, opens_at = ?, closes_at = ?, admin_ids = ? WHERE room_id = ?`,
          [
            p.name,
            p.capacity,
            json(p.equipment),
            p.location,
            p.photo,
            p.bookableBy,
            p.needsApproval ? 1 : 0,
            p.opensAt,
            p.closesAt,
            json(p.adminIds),
            e.data.roomId,
          ],
        );
      }
      return;
    }
    case 'RoomRetired':
      await db.run(`UPDATE ${r} SET status = 'retired' WHERE room_id = ?`, [e.data.roomId]);
      return;
  }
}

async function applyRoomDay(db: SqlClient, e: RoomDayEvent, t: TableNamer): Promise<void> {
  const b = t('mt_bookings');
  const set = (status: string) =>
    db.run(`UPDATE ${b} SET status = ?, updated_at = ? WHERE booking_id = ?`, [status, e.data.at, e.data.bookingId]);
  switch (e.type) {
    case 'RoomBooked': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${b} (booking_id, room_id, date, start_at, end_at, title, unit_id, booked_by, booked_by_name, meeting_id, series_id, status, approver_ids, attendee_ids, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (booking_id) DO NOTHING`,
        [
          d.bookingId,
          d.roomId,
          d.date,
          d.start,
          d.end,
          d.title,
          d.unitId,
          d.bookedBy,
          d.bookedByName,
          d.meetingId,
          d.seriesId,
          d.status,
          json(d.approverIds),
          json(d.attendeeIds),
          d.at,
        ],
      );
      return;
    }
    case 'BookingRescheduled':
      await db.run(`UPDATE ${b} SET start_at = ?, end_at = ?, updated_at = ? WHERE booking_id = ?`, [
        e.data.start,
        e.data.end,
        e.data.at,
        e.data.bookingId,
      ]);
      return;
    case 'BookingApproved':
      await set('confirmed');
      return;
    case 'BookingRefused':
      await set('refused');
      return;
    case 'BookingCancelled':
      await set('cancelled');
      return;
  }
}

async function applyMeeting(db: SqlClient, e: MeetingEvent, t: TableNamer): Promise<void> {
  const m = t('mt_meetings');
  const p = t('mt_participants');
  const addParticipant = (meetingId: string, userId: string, role: string) =>
    db.run(
      `INSERT INTO ${p} (meeting_id, user_id, role, answer) VALUES (?, ?, ?, NULL) ON CONFLICT (meeting_id, user_id, role) DO NOTHING`,
      [meetingId, userId, role],
    );
  switch (e.type) {
    case 'MeetingNoticeIssued': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${m} (meeting_id, title, start_at, end_at, room_id, booking_id, location, organiser_id, organiser_name, unit_id, status, reply_deadline, units_total, units_replied, checked_in, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'notified', ?, ?, 0, 0, ?) ON CONFLICT (meeting_id) DO NOTHING`,
        [
          d.meetingId,
          d.title,
          d.start,
          d.end,
          d.roomId,
          d.bookingId,
          d.location,
          d.organiserId,
          d.organiserName,
          d.unitId,
          d.replyDeadline,
          d.units.length,
          d.at,
        ],
      );
      await addParticipant(d.meetingId, d.organiserId, 'organiser');
      for (const x of d.persons) await addParticipant(d.meetingId, x.userId, 'person');
      for (const u of d.units) for (const c of u.contactIds) await addParticipant(d.meetingId, c, 'contact');
      return;
    }
    case 'MeetingUnitReplied':
      // first reply of the unit counts (a unit replying again replaces its list, not the count)
      await db.run(
        `UPDATE ${m} SET units_replied = units_replied + 1 WHERE meeting_id = ? AND NOT EXISTS (SELECT 1 FROM ${p} WHERE meeting_id = ? AND user_id = ? AND role = 'unit-replied')`,
        [e.data.meetingId, e.data.meetingId, e.data.unitId],
      );
      await addParticipant(e.data.meetingId, e.data.unitId, 'unit-replied');
      return;
    case 'MeetingInvitationAnswered':
      await db.run(`UPDATE ${p} SET answer = ? WHERE meeting_id = ? AND user_id = ? AND role = 'person'`, [
        e.data.answer,
        e.data.meetingId,
        e.data.userId,
      ]);
      return;
    case 'MeetingCheckedIn':
      await db.run(`UPDATE ${m} SET checked_in = checked_in + 1 WHERE meeting_id = ?`, [e.data.meetingId]);
      return;
    case 'MeetingCancelled':
      await db.run(`UPDATE ${m} SET status = 'cancelled' WHERE meeting_id = ?`, [e.data.meetingId]);
      return;
    case 'MeetingRepliesUrged':
    case 'MeetingMaterialDistributed':
    case 'MeetingMaterialsRequested':
    case 'MeetingMaterialSubmitted':
    case 'MeetingMaterialsUrged':
    case 'MeetingReminderSent':
      return;
  }
}

const ROOM = new Set<string>(ROOM_EVENT_TYPES);
const DAY = new Set<string>(ROOM_DAY_EVENT_TYPES);

export function meetingsProjection(): Projection {
  return {
    name: 'meetings',
    version: 1,
    tables: MEETING_TABLES,
    eventTypes: [...ROOM_EVENT_TYPES, ...ROOM_DAY_EVENT_TYPES, ...MEETING_EVENT_TYPES],
    setup,
    async apply(db: SqlClient, event: RecordedEvent, t: TableNamer) {
      if (ROOM.has(event.type)) return applyRoom(db, event as unknown as RoomEvent, t);
      if (DAY.has(event.type)) return applyRoomDay(db, event as unknown as RoomDayEvent, t);
      return applyMeeting(db, event as unknown as MeetingEvent, t);
    },
  };
}
