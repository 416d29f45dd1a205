import { ANNOUNCEMENT_EVENT_TYPES, type AnnouncementEvent } from '../../domain/announcements/announcement.events';
import { RECEIPT_EVENT_TYPES, type ReceiptEvent } from '../../domain/announcements/receipt';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 通知公告 read models (projection 'announcements'). SQL with `?` only; SQLite and PostgreSQL.
 *
 * ann_notices     one row per notice: id, title, category, status, unit_id, department_id, drafter_id,
 *                 drafter_name, process_id, attachment_count, image_count, display_from, display_to,
 *                 pinned 0|1, published_at, publisher_name, withdrawn_at, withdraw_reason,
 *                 recipient_count, read_count, drafted_at, updated_at
 * ann_recipients  one row per recipient of a published notice (from AnnouncementPublished.recipientIds):
 *                 announcement_id, user_id, read_at (the receipt's time, null = unread)
 */
export const ANNOUNCEMENT_TABLES = ['ann_notices', 'ann_recipients'] as const;

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const n = t('ann_notices');
  const r = t('ann_recipients');
  await db.run(`CREATE TABLE IF NOT EXISTS ${n} (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL, status TEXT NOT NULL, unit_id TEXT NOT NULL, department_id TEXT NOT NULL,
    drafter_id TEXT NOT NULL, drafter_name TEXT NOT NULL, process_id TEXT, attachment_count INTEGER NOT NULL, image_count INTEGER NOT NULL,
    display_from TEXT, display_to TEXT, pinned INTEGER NOT NULL, published_at TEXT, publisher_name TEXT, withdrawn_at TEXT, withdraw_reason TEXT,
    recipient_count INTEGER NOT NULL, read_count INTEGER NOT NULL, drafted_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${n}_unit ON ${n} (unit_id, updated_at)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${n}_drafter ON ${n} (drafter_id, updated_at)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${r} (
    announcement_id TEXT NOT NULL, user_id TEXT NOT NULL, read_at TEXT, PRIMARY KEY (announcement_id, user_id))`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${r}_user ON ${r} (user_id, announcement_id)`);
}

async function apply(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  const n = t('ann_notices');
  const r = t('ann_recipients');
  const e = event as unknown as AnnouncementEvent | ReceiptEvent;
  switch (e.type) {
    case 'AnnouncementDrafted': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${n} (id, title, category, status, unit_id, department_id, drafter_id, drafter_name, process_id, attachment_count, image_count,
          display_from, display_to, pinned, published_at, publisher_name, withdrawn_at, withdraw_reason, recipient_count, read_count, drafted_at, updated_at)
         VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [d.announcementId, d.title, d.category, d.unitId, d.departmentId, d.drafterId, d.drafterName, d.at, d.at],
      );
      return;
    }
    case 'AnnouncementEdited':
      await db.run(`UPDATE ${n} SET title = ?, category = ?, updated_at = ? WHERE id = ?`, [
        e.data.title,
        e.data.category,
        e.data.at,
        e.data.announcementId,
      ]);
      return;
    case 'AnnouncementAttachmentAdded':
      await db.run(`UPDATE ${n} SET attachment_count = attachment_count + 1, image_count = image_count + ?, updated_at = ? WHERE id = ?`, [
        e.data.attachment.image ? 1 : 0,
        e.data.at,
        e.data.announcementId,
      ]);
      return;
    case 'AnnouncementAttachmentRemoved':
      // the image count is recomputed lazily by the detail view; the list shows the attachment count
      await db.run(`UPDATE ${n} SET attachment_count = attachment_count - 1, updated_at = ? WHERE id = ?`, [
        e.data.at,
        e.data.announcementId,
      ]);
      return;
    case 'AnnouncementSubmitted':
      await db.run(`UPDATE ${n} SET status = 'in_review', process_id = ?, updated_at = ? WHERE id = ?`, [
        e.data.processId,
        e.data.at,
        e.data.announcementId,
      ]);
      return;
    case 'AnnouncementApproved':
      await db.run(`UPDATE ${n} SET status = 'approved', updated_at = ? WHERE id = ?`, [e.data.at, e.data.announcementId]);
      return;
    case 'AnnouncementSentBack':
      await db.run(`UPDATE ${n} SET status = 'sent_back', updated_at = ? WHERE id = ?`, [e.data.at, e.data.announcementId]);
      return;
    case 'AnnouncementPublished': {
      const d = e.data;
      await db.run(
        `UPDATE ${n} SET status = 'published', display_from = ?, display_to = ?, pinned = ?, published_at = ?, publisher_name = ?, recipient_count = ?, read_count = 0, updated_at = ? WHERE id = ?`,
        [d.displayFrom, d.displayTo, d.pinned ? 1 : 0, d.at, d.publisherName, d.recipientIds.length, d.at, d.announcementId],
      );
      for (let i = 0; i < d.recipientIds.length; i += 500) {
        const chunk = d.recipientIds.slice(i, i + 500);
        await db.run(
          `INSERT INTO ${r} (announcement_id, user_id, read_at) VALUES ${chunk.map(() => '(?, ?, NULL)').join(', ')} ON CONFLICT (announcement_id, user_id) DO NOTHING`,
          chunk.flatMap((u) => [d.announcementId, u]),
        );
      }
      return;
    }
    case 'AnnouncementPinChanged':
      await db.run(`UPDATE ${n} SET pinned = ?, updated_at = ? WHERE id = ?`, [e.data.pinned ? 1 : 0, e.data.at, e.data.announcementId]);
      return;
    case 'AnnouncementWithdrawn':
      await db.run(`UPDATE ${n} SET status = 'withdrawn', withdrawn_at = ?, withdraw_reason = ?, updated_at = ? WHERE id = ?`, [
        e.data.at,
        e.data.reason,
        e.data.at,
        e.data.announcementId,
      ]);
      return;
    case 'AnnouncementRead': {
      const d = e.data;
      const before = await db.get<{ read_at: string | null }>(`SELECT read_at FROM ${r} WHERE announcement_id = ? AND user_id = ?`, [
        d.announcementId,
        d.userId,
      ]);
      if (!before || before.read_at) return;
      await db.run(`UPDATE ${r} SET read_at = ? WHERE announcement_id = ? AND user_id = ?`, [d.at, d.announcementId, d.userId]);
      await db.run(`UPDATE ${n} SET read_count = read_count + 1 WHERE id = ?`, [d.announcementId]);
      return;
    }
  }
}

export function announcementProjection(): Projection {
  return {
    name: 'announcements',
    version: 1,
    tables: ANNOUNCEMENT_TABLES,
    eventTypes: [...ANNOUNCEMENT_EVENT_TYPES, ...RECEIPT_EVENT_TYPES],
    setup,
    apply,
  };
}
