import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import type { Projection, SqlClient, TableNamer } from '../../projections/engine/types';

/**
 * 审计索引: one row per event (who, what type, which stream, both times) so that
 * GET /api/audit/events can filter by actor, type and time without scanning the log.
 * The event itself is read back from the store by position.
 */
export const auditIndexProjection: Projection = {
  name: 'audit_index',
  version: 3,
  tables: ['audit_event_index'],
  async setup(db: SqlClient, t: TableNamer) {
    const tbl = t('audit_event_index');
    await db.run(`CREATE TABLE IF NOT EXISTS ${tbl} (
      position BIGINT PRIMARY KEY, stream_id TEXT NOT NULL, type TEXT NOT NULL, actor_id TEXT,
      on_behalf_of TEXT, unit_id TEXT, client_ip TEXT, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_actor ON ${tbl} (actor_id, position)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_type ON ${tbl} (type, position)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_recorded ON ${tbl} (recorded_at)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_unit ON ${tbl} (unit_id, position)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_stream ON ${tbl} (stream_id, position)`);
  },
  async apply(db: SqlClient, e: RecordedEvent, t: TableNamer) {
    await db.run(
      `INSERT INTO ${t('audit_event_index')} (position, stream_id, type, actor_id, on_behalf_of, unit_id, client_ip, occurred_at, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING`,
      [
        e.position,
        e.streamId,
        e.type,
        e.metadata.actorId ?? null,
        e.metadata.onBehalfOf ?? null,
        e.metadata.unitId ?? null,
        e.metadata.clientIp ?? null,
        e.metadata.occurredAt,
        e.recordedAt,
      ],
    );
  },
};

export interface AuditFilter {
  actor?: string;
  type?: string;
  /** Any of these types. */
  types?: readonly string[];
  /** Units (metadata unitId). */
  unit?: string;
  streamPrefix?: string;
  /** recordedAt ≥ from (ISO) */
  from?: string;
  /** recordedAt < to (ISO) */
  to?: string;
}

export async function queryAuditIndex(
  db: SqlClient,
  f: AuditFilter,
  limit: number,
  offset: number,
): Promise<{ positions: number[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.actor) {
    where.push('(actor_id = ? OR on_behalf_of = ?)');
    params.push(f.actor, f.actor);
  }
  if (f.type) {
    where.push('type = ?');
    params.push(f.type);
  }
  if (f.types && f.types.length) {
    where.push(`type IN (${f.types.map(() => '?').join(', ')})`);
    params.push(...f.types);
  }
  if (f.unit) {
    where.push('unit_id = ?');
    params.push(f.unit);
  }
  if (f.streamPrefix) {
    where.push('stream_id >= ? AND stream_id < ?');
    params.push(f.streamPrefix, f.streamPrefix + '\uffff');
  }
  if (f.from) {
    where.push('recorded_at >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('recorded_at < ?');
    params.push(f.to);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM audit_event_index ${w}`, params);
  const rows = await db.all<{ position: number | string }>(
    `SELECT position FROM audit_event_index ${w} ORDER BY position DESC LIMIT ? OFFSET ?`,
    [...params, limit, offset],
  );
  return { positions: rows.map((r) => Number(r.position)), total: Number(total?.n ?? 0) };
}

/** The moments of some streams (for the timeline's slider), in position order, from the index alone. */
export async function streamMoments(
  db: SqlClient,
  streamIds: readonly string[],
): Promise<{ position: number; recordedAt: string; type: string; streamId: string }[]> {
  if (streamIds.length === 0) return [];
  const rows = await db.all<{ position: number | string; recorded_at: string; type: string; stream_id: string }>(
    `SELECT position, recorded_at, type, stream_id FROM audit_event_index WHERE stream_id IN (${streamIds.map(() => '?').join(', ')}) ORDER BY position`,
    [...streamIds],
  );
  return rows.map((r) => ({ position: Number(r.position), recordedAt: r.recorded_at, type: r.type, streamId: r.stream_id }));
}

/**
 * The events of a page of moments, read per stream as a revision range (a stream's moments, in position
 * order, are its revisions 0, 1, 2 …): one query per stream on the page instead of one per event.
 */
export async function pageEvents(
  store: Pick<EventStore, 'readStream'>,
  moments: readonly { position: number; streamId: string }[],
  offset: number,
  limit: number,
): Promise<RecordedEvent[]> {
  const revisionOf = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const m of moments) {
    const r = seen.get(m.streamId) ?? 0;
    revisionOf.set(m.position, r);
    seen.set(m.streamId, r + 1);
  }
  const page = moments.slice(offset, offset + limit);
  const ranges = new Map<string, { from: number; to: number }>();
  for (const m of page) {
    const r = revisionOf.get(m.position)!;
    const x = ranges.get(m.streamId);
    ranges.set(m.streamId, x ? { from: Math.min(x.from, r), to: Math.max(x.to, r) } : { from: r, to: r });
  }
  const byPosition = new Map<number, RecordedEvent>();
  for (const [id, x] of ranges) {
    for (const e of await store.readStream(id, { fromRevision: x.from, toRevision: x.to })) byPosition.set(e.position, e);
  }
  return page.map((m) => byPosition.get(m.position)).filter((e): e is RecordedEvent => e !== undefined);
}
