import type { Projection } from '../../projections/engine/types';
import { cols, insertRows } from '../../projections/sql/bulk';

export const CRASH_PROJECTION = 'crash_counts';

/**
 * The projection of the crash test: one row per event (event id primary key: a second apply of an
 * event would fail and be parked) and a per-stream counter (a second apply would over-count).
 * The engine uses its set-based `applyBatch`; `apply` is the per-event fallback.
 */
export function crashProjection(options: { pauseEvery?: number } = {}): Projection {
  const pauseEvery = options.pauseEvery ?? 0;
  return {
    name: CRASH_PROJECTION,
    version: 1,
    // Its apply never reads `changes`: on PostgreSQL its writes go many per round trip.
    pipelineWrites: true,
    tables: ['crash_events', 'crash_stream_counts'],
    async setup(db, t) {
      await db.run(
        `CREATE TABLE IF NOT EXISTS ${t('crash_events')} (event_id TEXT PRIMARY KEY, stream_id TEXT NOT NULL, position BIGINT NOT NULL)`,
      );
      await db.run(`CREATE TABLE IF NOT EXISTS ${t('crash_stream_counts')} (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL)`);
    },
    async apply(db, e, t) {
      await db.run(`INSERT INTO ${t('crash_events')} (event_id, stream_id, position) VALUES (?, ?, ?)`, [e.id, e.streamId, e.position]);
      await db.run(
        `INSERT INTO ${t('crash_stream_counts')} (stream_id, events) VALUES (?, 1)
         ON CONFLICT (stream_id) DO UPDATE SET events = ${t('crash_stream_counts')}.events + 1`,
        [e.streamId],
      );
      // A short pause now and then, inside the transaction: the kill lands mid-batch more often.
      if (pauseEvery > 0 && e.position % pauseEvery === 0) await new Promise((r) => setTimeout(r, 2));
    },
    // The engine's main path: the batch folded, two multi-row writes (the kill lands in either).
    async applyBatch(db, events, t) {
      const rows: unknown[][] = [];
      const counts = new Map<string, number>();
      for (const e of events) {
        rows.push([e.id, e.streamId, e.position]);
        counts.set(e.streamId, (counts.get(e.streamId) ?? 0) + 1);
        if (pauseEvery > 0 && e.position % pauseEvery === 0) await new Promise((r) => setTimeout(r, 2));
      }
      await insertRows(db, t('crash_events'), cols('event_id', 'stream_id', 'position:bigint'), rows);
      if (pauseEvery > 0) await new Promise((r) => setTimeout(r, 2));
      await insertRows(
        db,
        t('crash_stream_counts'),
        cols('stream_id', 'events:integer'),
        [...counts],
        `(stream_id) DO UPDATE SET events = ${t('crash_stream_counts')}.events + excluded.events`,
      );
    },
  };
}
