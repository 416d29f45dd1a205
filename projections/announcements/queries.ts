import type { SqlClient } from '../engine/types';

/**
 * Queries over the 通知公告 read models (projection.ts). Values are always bound parameters.
 *
 *   strip(db, userId, now, limit)          → the notices showing now for a recipient (pinned first, newest first)
 *   received(db, userId, { q, unread, page, pageSize }) → the notices a person received (published or withdrawn)
 *   managed(db, { drafterId, unitIds, q, status, page, pageSize }) → what a drafter / a unit's publisher manages
 *   receipts(db, id, { read?, page, pageSize }) → recipients with name, department and read time (unread first)
 */
export interface NoticeRow {
  id: string;
  title: string;
  category: string;
  status: string;
  unitId: string;
  drafterId: string;
  drafterName: string;
  attachmentCount: number;
  displayFrom: string | null;
  displayTo: string | null;
  pinned: boolean;
  publishedAt: string | null;
  publisherName: string | null;
  withdrawnAt: string | null;
  recipientCount: number;
  readCount: number;
  updatedAt: string;
}

interface Raw {
  id: string;
  title: string;
  category: string;
  status: string;
  unit_id: string;
  drafter_id: string;
  drafter_name: string;
  attachment_count: number | string;
  display_from: string | null;
  display_to: string | null;
  pinned: number | string;
  published_at: string | null;
  publisher_name: string | null;
  withdrawn_at: string | null;
  recipient_count: number | string;
  read_count: number | string;
  updated_at: string;
  read_at?: string | null;
}

const COLS = `n.id, n.title, n.category, n.status, n.unit_id, n.drafter_id, n.drafter_name, n.attachment_count, n.display_from, n.display_to, n.pinned,
  n.published_at, n.publisher_name, n.withdrawn_at, n.recipient_count, n.read_count, n.updated_at`;

const row = (r: Raw): NoticeRow => ({
  id: r.id,
  title: r.title,
  category: r.category,
  status: r.status,
  unitId: r.unit_id,
  drafterId: r.drafter_id,
  drafterName: r.drafter_name,
  attachmentCount: Number(r.attachment_count),
  displayFrom: r.display_from,
  displayTo: r.display_to,
  pinned: Number(r.pinned) === 1,
  publishedAt: r.published_at,
  publisherName: r.publisher_name,
  withdrawnAt: r.withdrawn_at,
  recipientCount: Number(r.recipient_count),
  readCount: Number(r.read_count),
  updatedAt: r.updated_at,
});

function like(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function strip(db: SqlClient, userId: string, now: string, limit = 20): Promise<(NoticeRow & { read: boolean })[]> {
  const rows = await db.all<Raw>(
    `SELECT ${COLS}, r.read_at FROM ann_recipients r JOIN ann_notices n ON n.id = r.announcement_id
     WHERE r.user_id = ? AND n.status = 'published' AND n.display_from <= ? AND (n.display_to IS NULL OR n.display_to > ?)
     ORDER BY n.pinned DESC, n.published_at DESC, n.id LIMIT ?`,
    [userId, now, now, limit],
  );
  return rows.map((r) => ({ ...row(r), read: !!r.read_at }));
}

export async function received(
  db: SqlClient,
  userId: string,
  f: { q?: string; unread?: boolean; page: number; pageSize: number },
): Promise<{ items: (NoticeRow & { read: boolean; readAt: string | null })[]; total: number }> {
  const where = [`r.user_id = ?`, `n.status IN ('published', 'withdrawn')`];
  const params: unknown[] = [userId];
  if (f.q?.trim()) {
    where.push(`n.title LIKE ? ESCAPE '\\'`);
    params.push(like(f.q.trim()));
  }
  if (f.unread) where.push(`r.read_at IS NULL AND n.status = 'published'`);
  const cond = where.join(' AND ');
  const total = await db.get<{ c: number | string }>(
    `SELECT count(*) AS c FROM ann_recipients r JOIN ann_notices n ON n.id = r.announcement_id WHERE ${cond}`,
    params,
  );
  const rows = await db.all<Raw>(
    `SELECT ${COLS}, r.read_at FROM ann_recipients r JOIN ann_notices n ON n.id = r.announcement_id WHERE ${cond}
     ORDER BY CASE WHEN n.status = 'published' THEN 0 ELSE 1 END, n.pinned DESC, n.published_at DESC, n.id LIMIT ? OFFSET ?`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return { items: rows.map((r) => ({ ...row(r), read: !!r.read_at, readAt: r.read_at ?? null })), total: Number(total?.c ?? 0) };
}

export async function managed(
  db: SqlClient,
  f: { drafterId: string; unitIds: string[] | 'all'; q?: string; status?: string; page: number; pageSize: number },
): Promise<{ items: NoticeRow[]; total: number }> {
  const who: string[] = ['n.drafter_id = ?'];
  const params: unknown[] = [f.drafterId];
  if (f.unitIds === 'all') who.push('1 = 1');
  else if (f.unitIds.length) {
    who.push(`(n.unit_id IN (${f.unitIds.map(() => '?').join(', ')}) AND n.status <> 'draft')`);
    params.push(...f.unitIds);
  }
  const where = [`(${who.join(' OR ')})`];
  if (f.q?.trim()) {
    where.push(`n.title LIKE ? ESCAPE '\\'`);
    params.push(like(f.q.trim()));
  }
  if (f.status) {
    where.push('n.status = ?');
    params.push(f.status);
  }
  const cond = where.join(' AND ');
  const total = await db.get<{ c: number | string }>(`SELECT count(*) AS c FROM ann_notices n WHERE ${cond}`, params);
  const rows = await db.all<Raw>(`SELECT ${COLS} FROM ann_notices n WHERE ${cond} ORDER BY n.updated_at DESC, n.id LIMIT ? OFFSET ?`, [
    ...params,
    f.pageSize,
    (f.page - 1) * f.pageSize,
  ]);
  return { items: rows.map(row), total: Number(total?.c ?? 0) };
}

export interface ReceiptRow {
  userId: string;
  readAt: string | null;
}

/** The recipients of a notice, unread first (names come from the org directory at the API). */
export async function receipts(
  db: SqlClient,
  announcementId: string,
  f: { read?: boolean; page: number; pageSize: number },
): Promise<{ items: ReceiptRow[]; total: number; readCount: number; recipientCount: number }> {
  const where = ['r.announcement_id = ?'];
  if (f.read === true) where.push('r.read_at IS NOT NULL');
  if (f.read === false) where.push('r.read_at IS NULL');
  const cond = where.join(' AND ');
  const total = await db.get<{ c: number | string }>(`SELECT count(*) AS c FROM ann_recipients r WHERE ${cond}`, [announcementId]);
  const counts = await db.get<{ recipient_count: number | string; read_count: number | string }>(
    `SELECT recipient_count, read_count FROM ann_notices WHERE id = ?`,
    [announcementId],
  );
  const rows = await db.all<{ user_id: string; read_at: string | null }>(
    `SELECT r.user_id, r.read_at FROM ann_recipients r WHERE ${cond}
     ORDER BY CASE WHEN r.read_at IS NULL THEN 0 ELSE 1 END, r.read_at, r.user_id LIMIT ? OFFSET ?`,
    [announcementId, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return {
    items: rows.map((x) => ({ userId: x.user_id, readAt: x.read_at })),
    total: Number(total?.c ?? 0),
    readCount: Number(counts?.read_count ?? 0),
    recipientCount: Number(counts?.recipient_count ?? 0),
  };
}
