import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { MeetingEvent } from '../../domain/meetings/meeting.events';
import type { RoomDayEvent } from '../../domain/meetings/room-day.events';
import { addDays } from '../../domain/meetings/time';
import {
  ABSENCE_EVENT_TYPES,
  leaveEnd,
  leaveStart,
  tripRange,
  type LeaveApprovedData,
  type LeaveReportedBackData,
  type TripApprovedData,
} from '../../domain/schedule/absences';
import { CALENDAR_EVENT_TYPES, type CalendarEvent, type EntryFields } from '../../domain/schedule/calendar.events';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 日程 read models (one projection, 'schedule'): everything that appears in a person's calendar.
 *
 * sch_entries     one row per (source, item, person): entry_key, owner_id, source 'own'|'meeting'|
 *                 'booking'|'leave'|'trip', source_id, kind, title, location, notes, start_at, end_at,
 *                 range_end (the end of the last occurrence: for a repeating entry its rule's end, or far
 *                 ahead), repeat (JSON), all_day, private, published, shared (JSON [{userId, level}]),
 *                 by_id, by_name, on_behalf_of, done, hidden (a declined invitation), link, updated_at
 *   own entries come from calendar-<owner>; meetings one organises or is invited to from the meeting
 *   notice (a decline hides it, a cancel removes it); room bookings of the booker and attendees; approved
 *   leave and trips from 考勤 (contract: .helpers/contracts.md A, read by type name).
 * sch_shares      default sharing: owner_id, viewer_id, level 'busy'|'full'
 * sch_secretaries owner_id, secretary_id, secretary_name — who keeps whose calendar
 * sch_feeds       owner_id, token_sha256 — the iCalendar subscription token (hash only)
 */
export const SCHEDULE_TABLES = ['sch_entries', 'sch_shares', 'sch_secretaries', 'sch_feeds'] as const;
const FAR = '9999-12-31T00:00:00.000Z';

const MEETING_TYPES = [
  'MeetingNoticeIssued',
  'MeetingInvitationAnswered',
  'MeetingCancelled',
] as const satisfies readonly MeetingEvent['type'][];
const BOOKING_TYPES = [
  'RoomBooked',
  'BookingRescheduled',
  'BookingRefused',
  'BookingCancelled',
] as const satisfies readonly RoomDayEvent['type'][];

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const e = t('sch_entries');
  await db.run(`CREATE TABLE IF NOT EXISTS ${e} (
    entry_key TEXT PRIMARY KEY, owner_id TEXT NOT NULL, source TEXT NOT NULL, source_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
    location TEXT NOT NULL, notes TEXT NOT NULL, start_at TEXT NOT NULL, end_at TEXT NOT NULL, range_end TEXT NOT NULL, repeat TEXT,
    all_day INTEGER NOT NULL, private INTEGER NOT NULL, published INTEGER NOT NULL, shared TEXT NOT NULL, by_id TEXT NOT NULL, by_name TEXT NOT NULL,
    on_behalf_of TEXT, done INTEGER NOT NULL, hidden INTEGER NOT NULL, link TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${e}_owner ON ${e} (owner_id, start_at)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${e}_source ON ${e} (source_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${e}_published ON ${e} (published, start_at)`);
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${t('sch_shares')} (owner_id TEXT NOT NULL, viewer_id TEXT NOT NULL, level TEXT NOT NULL, PRIMARY KEY (owner_id, viewer_id))`,
  );
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('sch_shares')}_viewer ON ${t('sch_shares')} (viewer_id)`);
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${t('sch_secretaries')} (owner_id TEXT NOT NULL, secretary_id TEXT NOT NULL, secretary_name TEXT NOT NULL, PRIMARY KEY (owner_id, secretary_id))`,
  );
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('sch_secretaries')}_sec ON ${t('sch_secretaries')} (secretary_id)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('sch_feeds')} (owner_id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('sch_feeds')}_token ON ${t('sch_feeds')} (token_sha256)`);
}

interface EntryRow {
  key: string;
  owner: string;
  source: 'own' | 'meeting' | 'booking' | 'leave' | 'trip';
  sourceId: string;
  kind: string;
  title: string;
  location?: string;
  notes?: string;
  start: string;
  end: string;
  rangeEnd?: string;
  repeat?: EntryFields['repeat'];
  allDay?: boolean;
  private?: boolean;
  published?: boolean;
  shared?: unknown[];
  by: string;
  byName: string;
  onBehalfOf?: string | null;
  link: string;
  at: string;
}

async function upsert(db: SqlClient, t: TableNamer, r: EntryRow): Promise<void> {
  await db.run(
    `INSERT INTO ${t('sch_entries')} (entry_key, owner_id, source, source_id, kind, title, location, notes, start_at, end_at, range_end, repeat, all_day, private, published, shared, by_id, by_name, on_behalf_of, done, hidden, link, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)
     ON CONFLICT (entry_key) DO UPDATE SET kind = excluded.kind, title = excluded.title, location = excluded.location, notes = excluded.notes,
       start_at = excluded.start_at, end_at = excluded.end_at, range_end = excluded.range_end, repeat = excluded.repeat, all_day = excluded.all_day,
       private = excluded.private, published = excluded.published, shared = excluded.shared, by_id = excluded.by_id, by_name = excluded.by_name,
       on_behalf_of = excluded.on_behalf_of, link = excluded.link, updated_at = excluded.updated_at`,
    [
      r.key,
      r.owner,
      r.source,
      r.sourceId,
      r.kind,
      r.title,
      r.location ?? '',
      r.notes ?? '',
      r.start,
      r.end,
      r.rangeEnd ?? r.end,
      r.repeat ? JSON.stringify(r.repeat) : null,
      r.allDay ? 1 : 0,
      r.private ? 1 : 0,
      r.published ? 1 : 0,
      JSON.stringify(r.shared ?? []),
      r.by,
      r.byName,
      r.onBehalfOf ?? null,
      r.link,
      r.at,
    ],
  );
}

/** The end of a repeating entry's last occurrence (its rule's `until` + the duration; far ahead for a count). */
function rangeEndOf(f: EntryFields): string {
  if (!f.repeat) return f.end;
  if (f.repeat.until) return `${addDays(f.repeat.until, 2)}T00:00:00.000Z`;
  return FAR;
}

async function applyCalendar(db: SqlClient, e: CalendarEvent, t: TableNamer): Promise<void> {
  const entries = t('sch_entries');
  switch (e.type) {
    case 'CalendarEntryAdded':
    case 'CalendarEntryChanged': {
      const d = e.data;
      await upsert(db, t, {
        key: `own:${d.entryId}`,
        owner: d.ownerId,
        source: 'own',
        sourceId: d.entryId,
        kind: d.kind,
        title: d.title,
        location: d.location,
        notes: d.notes,
        start: d.start,
        end: d.end,
        rangeEnd: rangeEndOf(d),
        repeat: d.repeat,
        allDay: d.allDay,
        private: d.private,
        published: d.published,
        shared: d.sharedWith,
        by: d.by,
        byName: d.byName,
        onBehalfOf: d.onBehalfOf,
        link: `/schedule?entry=${d.entryId}`,
        at: d.at,
      });
      return;
    }
    case 'CalendarEntryRemoved':
      await db.run(`DELETE FROM ${entries} WHERE entry_key = ?`, [`own:${e.data.entryId}`]);
      return;
    case 'CalendarTaskDone':
      await db.run(`UPDATE ${entries} SET done = 1 WHERE entry_key = ?`, [`own:${e.data.entryId}`]);
      return;
    case 'CalendarSharingSet': {
      const s = t('sch_shares');
      await db.run(`DELETE FROM ${s} WHERE owner_id = ?`, [e.data.ownerId]);
      for (const sh of e.data.shares)
        await db.run(`INSERT INTO ${s} (owner_id, viewer_id, level) VALUES (?, ?, ?)`, [e.data.ownerId, sh.userId, sh.level]);
      return;
    }
    case 'CalendarSecretaryAppointed':
      await db.run(
        `INSERT INTO ${t('sch_secretaries')} (owner_id, secretary_id, secretary_name) VALUES (?, ?, ?) ON CONFLICT (owner_id, secretary_id) DO NOTHING`,
        [e.data.ownerId, e.data.secretaryId, e.data.secretaryName],
      );
      return;
    case 'CalendarSecretaryRevoked':
      await db.run(`DELETE FROM ${t('sch_secretaries')} WHERE owner_id = ? AND secretary_id = ?`, [e.data.ownerId, e.data.secretaryId]);
      return;
    case 'CalendarFeedTokenIssued':
      await db.run(
        `INSERT INTO ${t('sch_feeds')} (owner_id, token_sha256) VALUES (?, ?) ON CONFLICT (owner_id) DO UPDATE SET token_sha256 = excluded.token_sha256`,
        [e.data.ownerId, e.data.tokenSha256],
      );
      return;
    case 'CalendarReminderDelivered':
      return;
  }
}

async function applyMeeting(db: SqlClient, e: MeetingEvent, t: TableNamer): Promise<void> {
  const entries = t('sch_entries');
  switch (e.type) {
    case 'MeetingNoticeIssued': {
      const d = e.data;
      for (const owner of new Set([d.organiserId, ...d.persons.map((p) => p.userId)]))
        await upsert(db, t, {
          key: `meeting:${d.meetingId}:${owner}`,
          owner,
          source: 'meeting',
          sourceId: d.meetingId,
          kind: 'meeting',
          title: d.title,
          location: d.location,
          notes: d.agenda,
          start: d.start,
          end: d.end,
          by: d.organiserId,
          byName: d.organiserName,
          link: `/meetings/${d.meetingId}`,
          at: d.at,
        });
      return;
    }
    case 'MeetingInvitationAnswered':
      await db.run(`UPDATE ${entries} SET hidden = ? WHERE entry_key = ?`, [
        e.data.answer === 'decline' ? 1 : 0,
        `meeting:${e.data.meetingId}:${e.data.userId}`,
      ]);
      return;
    case 'MeetingCancelled':
      await db.run(`DELETE FROM ${entries} WHERE source = 'meeting' AND source_id = ?`, [e.data.meetingId]);
      return;
    default:
      return;
  }
}

async function applyBooking(db: SqlClient, e: RoomDayEvent, t: TableNamer): Promise<void> {
  const entries = t('sch_entries');
  switch (e.type) {
    case 'RoomBooked': {
      const d = e.data;
      if (d.meetingId) return; // the meeting's own entry shows it
      for (const owner of new Set([d.bookedBy, ...d.attendeeIds]))
        await upsert(db, t, {
          key: `booking:${d.bookingId}:${owner}`,
          owner,
          source: 'booking',
          sourceId: d.bookingId,
          kind: 'booking',
          title: d.title,
          location: '',
          start: d.start,
          end: d.end,
          by: d.bookedBy,
          byName: d.bookedByName,
          link: `/meetings/rooms?date=${d.date}`,
          at: d.at,
        });
      return;
    }
    case 'BookingRescheduled':
      await db.run(`UPDATE ${entries} SET start_at = ?, end_at = ?, range_end = ? WHERE source = 'booking' AND source_id = ?`, [
        e.data.start,
        e.data.end,
        e.data.end,
        e.data.bookingId,
      ]);
      return;
    case 'BookingRefused':
    case 'BookingCancelled':
      await db.run(`DELETE FROM ${entries} WHERE source = 'booking' AND source_id = ?`, [e.data.bookingId]);
      return;
    default:
      return;
  }
}

async function applyAbsence(db: SqlClient, e: RecordedEvent, t: TableNamer): Promise<void> {
  const actor = e.metadata.actorId;
  if (e.type === 'LeaveApproved') {
    const d = e.data as LeaveApprovedData;
    await upsert(db, t, {
      key: `leave:${d.applicationId}:${d.personId}`,
      owner: d.personId,
      source: 'leave',
      sourceId: d.applicationId,
      kind: 'leave',
      title: `请假（${d.leaveType}，${d.days} 天）`,
      start: leaveStart(d.startDate, d.startHalf),
      end: leaveEnd(d.endDate, d.endHalf),
      allDay: true,
      by: actor,
      byName: '考勤',
      link: `/attendance`,
      at: e.recordedAt,
    });
  } else if (e.type === 'LeaveReportedBack') {
    const d = e.data as LeaveReportedBackData;
    const end = leaveEnd(d.actualEndDate, d.actualEndHalf);
    await db.run(`UPDATE ${t('sch_entries')} SET end_at = ?, range_end = ? WHERE entry_key = ?`, [
      end,
      end,
      `leave:${d.applicationId}:${d.personId}`,
    ]);
  } else if (e.type === 'TripApproved') {
    const d = e.data as TripApprovedData;
    const r = tripRange(d.startDate, d.endDate);
    for (const owner of new Set([d.personId, ...d.companions]))
      await upsert(db, t, {
        key: `trip:${d.tripId}:${owner}`,
        owner,
        source: 'trip',
        sourceId: d.tripId,
        kind: 'trip',
        title: `出差：${d.destinations.join('、')}`,
        notes: d.purpose,
        location: d.destinations.join('、'),
        start: r.start,
        end: r.end,
        allDay: true,
        by: actor,
        byName: '考勤',
        link: `/attendance`,
        at: e.recordedAt,
      });
  }
}

const CAL = new Set<string>(CALENDAR_EVENT_TYPES);
const MEET = new Set<string>(MEETING_TYPES);
const BOOK = new Set<string>(BOOKING_TYPES);

export function scheduleProjection(): Projection {
  return {
    name: 'schedule',
    version: 1,
    tables: SCHEDULE_TABLES,
    eventTypes: [...CALENDAR_EVENT_TYPES, ...MEETING_TYPES, ...BOOKING_TYPES, ...ABSENCE_EVENT_TYPES],
    setup,
    async apply(db: SqlClient, event: RecordedEvent, t: TableNamer) {
      if (CAL.has(event.type)) return applyCalendar(db, event as unknown as CalendarEvent, t);
      if (MEET.has(event.type)) return applyMeeting(db, event as unknown as MeetingEvent, t);
      if (BOOK.has(event.type)) return applyBooking(db, event as unknown as RoomDayEvent, t);
      return applyAbsence(db, event, t);
    },
  };
}
