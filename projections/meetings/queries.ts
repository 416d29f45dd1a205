import type { SqlClient } from '../engine/types';

/** Queries of the 'meetings' read models (projection.ts). Bound parameters only. */
export interface RoomRow {
  roomId: string;
  unitId: string;
  unitName: string;
  name: string;
  capacity: number;
  equipment: string[];
  location: string;
  photo: string;
  bookableBy: 'unit' | 'all';
  needsApproval: boolean;
  opensAt: string;
  closesAt: string;
  adminIds: string[];
  status: string;
}

export interface BookingRow {
  bookingId: string;
  roomId: string;
  date: string;
  start: string;
  end: string;
  title: string;
  unitId: string;
  bookedBy: string;
  bookedByName: string;
  meetingId: string | null;
  seriesId: string | null;
  status: string;
  approverIds: string[];
  attendeeIds: string[];
}

export interface MeetingRow {
  meetingId: string;
  title: string;
  start: string;
  end: string;
  roomId: string | null;
  location: string;
  organiserId: string;
  organiserName: string;
  unitId: string;
  status: string;
  replyDeadline: string;
  unitsTotal: number;
  unitsReplied: number;
  checkedIn: number;
}

type Row = Record<string, unknown>;
const parse = (x: unknown): string[] => (typeof x === 'string' ? (JSON.parse(x) as string[]) : []);

const roomOf = (r: Row): RoomRow => ({
  roomId: String(r.room_id),
  unitId: String(r.unit_id),
  unitName: String(r.unit_name),
  name: String(r.name),
  capacity: Number(r.capacity),
  equipment: parse(r.equipment),
  location: String(r.location),
  photo: String(r.photo),
  bookableBy: r.bookable_by as 'unit' | 'all',
  needsApproval: Number(r.needs_approval) === 1,
  opensAt: String(r.opens_at),
  closesAt: String(r.closes_at),
  adminIds: parse(r.admin_ids),
  status: String(r.status),
});

const bookingOf = (r: Row): BookingRow => ({
  bookingId: String(r.booking_id),
  roomId: String(r.room_id),
  date: String(r.date),
  start: String(r.start_at),
  end: String(r.end_at),
  title: String(r.title),
  unitId: String(r.unit_id),
  bookedBy: String(r.booked_by),
  bookedByName: String(r.booked_by_name),
  meetingId: (r.meeting_id as string | null) ?? null,
  seriesId: (r.series_id as string | null) ?? null,
  status: String(r.status),
  approverIds: parse(r.approver_ids),
  attendeeIds: parse(r.attendee_ids),
});

const meetingOf = (r: Row): MeetingRow => ({
  meetingId: String(r.meeting_id),
  title: String(r.title),
  start: String(r.start_at),
  end: String(r.end_at),
  roomId: (r.room_id as string | null) ?? null,
  location: String(r.location),
  organiserId: String(r.organiser_id),
  organiserName: String(r.organiser_name),
  unitId: String(r.unit_id),
  status: String(r.status),
  replyDeadline: String(r.reply_deadline),
  unitsTotal: Number(r.units_total),
  unitsReplied: Number(r.units_replied),
  checkedIn: Number(r.checked_in),
});

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Rooms the caller may see: their unit's and every room open to all units. */
export async function listRooms(
  db: SqlClient,
  f: { unitId: string | null; q?: string; all?: boolean; limit?: number; offset?: number },
): Promise<{ items: RoomRow[]; total: number }> {
  const where: string[] = [`status = 'open'`];
  const params: unknown[] = [];
  if (!f.all) {
    where.push(`(unit_id = ? OR bookable_by = 'all')`);
    params.push(f.unitId ?? '');
  }
  if (f.q) {
    where.push(`(name LIKE ? ESCAPE '\\' OR location LIKE ? ESCAPE '\\' OR unit_name LIKE ? ESCAPE '\\')`);
    params.push(like(f.q), like(f.q), like(f.q));
  }
  const w = where.join(' AND ');
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM mt_rooms WHERE ${w}`, params);
  const rows = await db.all(`SELECT * FROM mt_rooms WHERE ${w} ORDER BY unit_id, name, room_id LIMIT ? OFFSET ?`, [
    ...params,
    f.limit ?? 500,
    f.offset ?? 0,
  ]);
  return { items: rows.map(roomOf), total: Number(total?.n ?? 0) };
}

export async function roomById(db: SqlClient, roomId: string): Promise<RoomRow | null> {
  const r = await db.get(`SELECT * FROM mt_rooms WHERE room_id = ?`, [roomId]);
  return r ? roomOf(r) : null;
}

/** 综合安排: the holding bookings (confirmed, pending) of these rooms on dates [from, to]. */
export async function bookingsOf(db: SqlClient, roomIds: readonly string[], from: string, to: string): Promise<BookingRow[]> {
  if (roomIds.length === 0) return [];
  const out: BookingRow[] = [];
  for (let i = 0; i < roomIds.length; i += 500) {
    const chunk = roomIds.slice(i, i + 500);
    const rows = await db.all(
      `SELECT * FROM mt_bookings WHERE date >= ? AND date <= ? AND room_id IN (${chunk.map(() => '?').join(',')}) AND status IN ('confirmed', 'pending') ORDER BY start_at`,
      [from, to, ...chunk],
    );
    out.push(...rows.map(bookingOf));
  }
  return out;
}

export async function bookingById(db: SqlClient, bookingId: string): Promise<BookingRow | null> {
  const r = await db.get(`SELECT * FROM mt_bookings WHERE booking_id = ?`, [bookingId]);
  return r ? bookingOf(r) : null;
}

/** 我的预约 (newest first) and the bookings waiting for this admin's approval. */
export async function myBookings(
  db: SqlClient,
  userId: string,
  limit: number,
  offset: number,
): Promise<{ items: BookingRow[]; total: number }> {
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM mt_bookings WHERE booked_by = ?`, [userId]);
  const rows = await db.all(`SELECT * FROM mt_bookings WHERE booked_by = ? ORDER BY date DESC, start_at DESC LIMIT ? OFFSET ?`, [
    userId,
    limit,
    offset,
  ]);
  return { items: rows.map(bookingOf), total: Number(total?.n ?? 0) };
}

export async function pendingApprovals(db: SqlClient, userId: string): Promise<BookingRow[]> {
  const rows = await db.all(`SELECT * FROM mt_bookings WHERE status = 'pending' AND approver_ids LIKE ? ORDER BY start_at`, [
    `%${JSON.stringify(userId)}%`,
  ]);
  return rows.map(bookingOf).filter((b) => b.approverIds.includes(userId));
}

/** Meetings that concern the user (organiser, invited, or their unit's contact), by start. */
export async function meetingsOf(
  db: SqlClient,
  userId: string,
  f: { q?: string; from?: string; to?: string; limit: number; offset: number },
): Promise<{ items: (MeetingRow & { roles: string[] })[]; total: number }> {
  const where = [
    `m.meeting_id IN (SELECT meeting_id FROM mt_participants WHERE user_id = ? AND role IN ('organiser', 'person', 'contact'))`,
  ];
  const params: unknown[] = [userId];
  if (f.q) {
    where.push(`(m.title LIKE ? ESCAPE '\\' OR m.location LIKE ? ESCAPE '\\')`);
    params.push(like(f.q), like(f.q));
  }
  if (f.from) {
    where.push(`m.end_at >= ?`);
    params.push(f.from);
  }
  if (f.to) {
    where.push(`m.start_at < ?`);
    params.push(f.to);
  }
  const w = where.join(' AND ');
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM mt_meetings m WHERE ${w}`, params);
  const rows = await db.all(`SELECT m.* FROM mt_meetings m WHERE ${w} ORDER BY m.start_at DESC, m.meeting_id LIMIT ? OFFSET ?`, [
    ...params,
    f.limit,
    f.offset,
  ]);
  const items = rows.map(meetingOf);
  const roles = items.length
    ? await db.all<{ meeting_id: string; role: string }>(
        `SELECT meeting_id, role FROM mt_participants WHERE user_id = ? AND meeting_id IN (${items.map(() => '?').join(',')})`,
        [userId, ...items.map((i) => i.meetingId)],
      )
    : [];
  return {
    items: items.map((i) => ({ ...i, roles: roles.filter((r) => r.meeting_id === i.meetingId).map((r) => r.role) })),
    total: Number(total?.n ?? 0),
  };
}

/** 会议室使用率: minutes booked (confirmed) per room on dates [from, to], for the rooms given. */
export async function bookedMinutes(db: SqlClient, roomIds: readonly string[], from: string, to: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < roomIds.length; i += 500) {
    const chunk = roomIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db.all<{ room_id: string; start_at: string; end_at: string }>(
      `SELECT room_id, start_at, end_at FROM mt_bookings WHERE date >= ? AND date <= ? AND room_id IN (${chunk.map(() => '?').join(',')}) AND status = 'confirmed'`,
      [from, to, ...chunk],
    );
    for (const r of rows) out.set(r.room_id, (out.get(r.room_id) ?? 0) + (Date.parse(r.end_at) - Date.parse(r.start_at)) / 60_000);
  }
  return out;
}
