import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { GOVINFO_REPORT_EVENT_TYPES, type GovInfoReportEvent } from '../../domain/govinfo/report';
import { GOVINFO_CALL_EVENT_TYPES, type GovInfoCallEvent } from '../../domain/govinfo/rules';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 信息报送 read models (projection 'govinfo'). SQL with `?` only.
 *
 * gi_reports  id, title, unit_id (submitting), submitter_id, submitter_name, receiver_unit_id, call_id, status
 *             submitted|adopted|rejected, levels (comma list of district,city,endorsed), points, submitted_at, updated_at
 * gi_points   one row per points-earning event: event_id, report_id, unit_id, kind submitted|district|city|endorsed,
 *             points, month 'YYYY-MM' and year 'YYYY' in Asia/Shanghai — the 积分排名 sums these
 * gi_calls    id, topic, deadline, unit_id, issuer_name, status open|closed, report_count, issued_at
 */
export const GOVINFO_TABLES = ['gi_reports', 'gi_points', 'gi_calls'] as const;

/** 'YYYY-MM' of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export const shanghaiMonth = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 7);

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const r = t('gi_reports');
  await db.run(`CREATE TABLE IF NOT EXISTS ${r} (id TEXT PRIMARY KEY, title TEXT NOT NULL, unit_id TEXT NOT NULL, submitter_id TEXT NOT NULL,
    submitter_name TEXT NOT NULL, receiver_unit_id TEXT NOT NULL, call_id TEXT, status TEXT NOT NULL, levels TEXT NOT NULL, points INTEGER NOT NULL,
    submitted_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${r}_unit ON ${r} (unit_id, submitted_at)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${r}_receiver ON ${r} (receiver_unit_id, status, submitted_at)`);
  const p = t('gi_points');
  await db.run(`CREATE TABLE IF NOT EXISTS ${p} (event_id TEXT PRIMARY KEY, report_id TEXT NOT NULL, unit_id TEXT NOT NULL, kind TEXT NOT NULL,
    points INTEGER NOT NULL, month TEXT NOT NULL, year TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_month ON ${p} (month, unit_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_year ON ${p} (year, unit_id)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('gi_calls')} (id TEXT PRIMARY KEY, topic TEXT NOT NULL, deadline TEXT NOT NULL, unit_id TEXT NOT NULL,
    issuer_name TEXT NOT NULL, status TEXT NOT NULL, report_count INTEGER NOT NULL, issued_at TEXT NOT NULL)`);
}

async function apply(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  const r = t('gi_reports');
  const p = t('gi_points');
  const e = event as unknown as GovInfoReportEvent | GovInfoCallEvent;
  switch (e.type) {
    case 'GovInfoSubmitted': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${r} (id, title, unit_id, submitter_id, submitter_name, receiver_unit_id, call_id, status, levels, points, submitted_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', '', ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [d.reportId, d.title, d.unitId, d.submitterId, d.submitterName, d.receiverUnitId, d.callId, d.points, d.at, d.at],
      );
      const m = shanghaiMonth(d.at);
      await db.run(
        `INSERT INTO ${p} (event_id, report_id, unit_id, kind, points, month, year) VALUES (?, ?, ?, 'submitted', ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
        [event.id, d.reportId, d.unitId, d.points, m, m.slice(0, 4)],
      );
      if (d.callId) await db.run(`UPDATE ${t('gi_calls')} SET report_count = report_count + 1 WHERE id = ?`, [d.callId]);
      return;
    }
    case 'GovInfoEdited':
      await db.run(`UPDATE ${r} SET title = ?, updated_at = ? WHERE id = ?`, [e.data.title, e.data.at, e.data.reportId]);
      return;
    case 'GovInfoAdopted': {
      const d = e.data;
      const row = await db.get<{ levels: string }>(`SELECT levels FROM ${r} WHERE id = ?`, [d.reportId]);
      const levels = [...(row?.levels ? row.levels.split(',') : []), d.level].join(',');
      await db.run(`UPDATE ${r} SET status = 'adopted', levels = ?, points = points + ?, updated_at = ? WHERE id = ?`, [
        levels,
        d.points,
        d.at,
        d.reportId,
      ]);
      const m = shanghaiMonth(d.at);
      await db.run(
        `INSERT INTO ${p} (event_id, report_id, unit_id, kind, points, month, year) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
        [event.id, d.reportId, d.unitId, d.level, d.points, m, m.slice(0, 4)],
      );
      return;
    }
    case 'GovInfoRejected':
      await db.run(`UPDATE ${r} SET status = 'rejected', updated_at = ? WHERE id = ?`, [e.data.at, e.data.reportId]);
      return;
    case 'GovInfoCallIssued': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${t('gi_calls')} (id, topic, deadline, unit_id, issuer_name, status, report_count, issued_at) VALUES (?, ?, ?, ?, ?, 'open', 0, ?) ON CONFLICT (id) DO NOTHING`,
        [d.callId, d.topic, d.deadline, d.unitId, d.issuerName, d.at],
      );
      return;
    }
    case 'GovInfoCallClosed':
      await db.run(`UPDATE ${t('gi_calls')} SET status = 'closed' WHERE id = ?`, [e.data.callId]);
      return;
  }
}

export function govInfoProjection(): Projection {
  return {
    name: 'govinfo',
    version: 1,
    tables: GOVINFO_TABLES,
    eventTypes: [...GOVINFO_REPORT_EVENT_TYPES, ...GOVINFO_CALL_EVENT_TYPES],
    setup,
    apply,
  };
}
