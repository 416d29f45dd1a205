import { occurrencesBetween } from '../../domain/schedule/occurrences';
import type { RepeatRule } from '../../domain/meetings/recurrence';
import type { SqlClient } from '../engine/types';

/** Queries of the 'schedule' read models (projection.ts). */
export interface CalendarItem {
  key: string;
  ownerId: string;
  source: 'own' | 'meeting' | 'booking' | 'leave' | 'trip';
  sourceId: string;
  kind: string;
  title: string;
  location: string;
  notes: string;
  /** This occurrence. */
  start: string;
  end: string;
  repeat: RepeatRule | null;
  allDay: boolean;
  private: boolean;
  published: boolean;
  sharedWith: { userId: string; level: 'busy' | 'full' }[];
  byId: string;
  byName: string;
  onBehalfOf: string | null;
  done: boolean;
  link: string;
}

type Row = Record<string, unknown>;

/** Every occurrence of the owners' calendar items overlapping [from, to), in start order. */
export async function calendarItems(
  db: SqlClient,
  ownerIds: readonly string[],
  from: string,
  to: string,
  options: { publishedOnly?: boolean } = {},
): Promise<CalendarItem[]> {
  if (ownerIds.length === 0) return [];
  const rows = await db.all<Row>(
    `SELECT * FROM sch_entries WHERE owner_id IN (${ownerIds.map(() => '?').join(',')}) AND start_at < ? AND range_end > ? AND hidden = 0${options.publishedOnly ? ' AND published = 1' : ''} ORDER BY start_at`,
    [...ownerIds, to, from],
  );
  const out: CalendarItem[] = [];
  for (const r of rows) {
    const repeat = r.repeat ? (JSON.parse(String(r.repeat)) as RepeatRule) : null;
    const base = {
      key: String(r.entry_key),
      ownerId: String(r.owner_id),
      source: r.source as CalendarItem['source'],
      sourceId: String(r.source_id),
      kind: String(r.kind),
      title: String(r.title),
      location: String(r.location),
      notes: String(r.notes),
      repeat,
      allDay: Number(r.all_day) === 1,
      private: Number(r.private) === 1,
      published: Number(r.published) === 1,
      sharedWith: JSON.parse(String(r.shared)) as CalendarItem['sharedWith'],
      byId: String(r.by_id),
      byName: String(r.by_name),
      onBehalfOf: (r.on_behalf_of as string | null) ?? null,
      done: Number(r.done) === 1,
      link: String(r.link),
    };
    for (const o of occurrencesBetween({ start: String(r.start_at), end: String(r.end_at), repeat }, from, to))
      out.push({ ...base, start: o.start, end: o.end });
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key));
}

/** Whose calendars this viewer was given by default sharing (owner → level). */
export async function sharedWithMe(db: SqlClient, viewerId: string): Promise<{ ownerId: string; level: 'busy' | 'full' }[]> {
  const rows = await db.all<{ owner_id: string; level: 'busy' | 'full' }>(`SELECT owner_id, level FROM sch_shares WHERE viewer_id = ?`, [
    viewerId,
  ]);
  return rows.map((r) => ({ ownerId: r.owner_id, level: r.level }));
}

export async function sharesOf(db: SqlClient, ownerId: string): Promise<{ userId: string; level: 'busy' | 'full' }[]> {
  const rows = await db.all<{ viewer_id: string; level: 'busy' | 'full' }>(
    `SELECT viewer_id, level FROM sch_shares WHERE owner_id = ? ORDER BY viewer_id`,
    [ownerId],
  );
  return rows.map((r) => ({ userId: r.viewer_id, level: r.level }));
}

/** The calendars this user keeps as a secretary (owner ids). */
export async function keptBy(db: SqlClient, secretaryId: string): Promise<string[]> {
  const rows = await db.all<{ owner_id: string }>(`SELECT owner_id FROM sch_secretaries WHERE secretary_id = ? ORDER BY owner_id`, [
    secretaryId,
  ]);
  return rows.map((r) => r.owner_id);
}

export async function secretariesOf(db: SqlClient, ownerId: string): Promise<{ userId: string; name: string }[]> {
  const rows = await db.all<{ secretary_id: string; secretary_name: string }>(
    `SELECT secretary_id, secretary_name FROM sch_secretaries WHERE owner_id = ?`,
    [ownerId],
  );
  return rows.map((r) => ({ userId: r.secretary_id, name: r.secretary_name }));
}

/** The owner of an iCalendar subscription token (by its hash), or null. */
export async function feedOwner(db: SqlClient, tokenSha256: string): Promise<string | null> {
  const r = await db.get<{ owner_id: string }>(`SELECT owner_id FROM sch_feeds WHERE token_sha256 = ?`, [tokenSha256]);
  return r?.owner_id ?? null;
}

/** Owners with published entries in [from, to) — the leaders of the published week. */
export async function publishedOwners(db: SqlClient, from: string, to: string): Promise<string[]> {
  const rows = await db.all<{ owner_id: string }>(
    `SELECT DISTINCT owner_id FROM sch_entries WHERE published = 1 AND start_at < ? AND range_end > ?`,
    [to, from],
  );
  return rows.map((r) => r.owner_id);
}
