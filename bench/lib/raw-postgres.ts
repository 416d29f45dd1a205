import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { NewEvent } from '../../domain/eventstore/envelope';
import type { PostgresLocation } from './env';
import { projectionTableSql, projectionUpsertSql, toDollarParams, type Subject } from './subject';

/**
 * The physical limit on PostgreSQL: `pg`, one table with the envelope's columns, an identity
 * position and UNIQUE(stream_id, revision). A single event is BEGIN / INSERT / COMMIT; a batch is one
 * `INSERT … SELECT FROM unnest(...)`. The writer tracks revisions itself; readers read by position
 * with no in-flight-transaction watermark (so this reader could skip a late commit: ours may not).
 */
export async function rawPostgres(loc: PostgresLocation, opts: { writers: number }): Promise<Subject> {
  const pool = new pg.Pool({ connectionString: loc.url, max: Math.max(2, opts.writers) });
  pool.on('error', (e) => console.warn(`raw pg pool: ${e.message}`));
  await pool.query(`CREATE TABLE IF NOT EXISTS events (
    position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id UUID NOT NULL,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data JSONB NOT NULL,
    metadata JSONB NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (stream_id, revision))`);
  await pool.query('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL)');
  const revisions = new Map<string, number>();
  const insertOne = 'INSERT INTO events (id, stream_id, revision, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)';
  const insertMany =
    'INSERT INTO events (id, stream_id, revision, type, data, metadata) ' +
    'SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[])';

  return {
    async append(streamId, events: readonly NewEvent[]) {
      const first = (revisions.get(streamId) ?? -1) + 1;
      revisions.set(streamId, first + events.length - 1);
      if (events.length === 1) {
        const e = events[0]!;
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query(insertOne, [e.id ?? randomUUID(), streamId, first, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
        return;
      }
      await pool.query(insertMany, [
        events.map((e) => e.id ?? randomUUID()),
        events.map(() => streamId),
        events.map((_, k) => first + k),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
      ]);
    },
    async readAll(limit, expected, deadline) {
      let after = 0;
      let read = 0;
      while (read < expected && performance.now() < deadline) {
        const { rows } = await pool.query<[string, ...unknown[]]>({
          name: 'raw-page',
          rowMode: 'array',
          text: 'SELECT position, id, stream_id, revision, type, data, metadata, recorded_at FROM events WHERE position > $1 ORDER BY position LIMIT $2',
          values: [after, limit],
        });
        read += rows.length;
        if (rows.length === 0) break;
        after = Number(rows[rows.length - 1]![0]);
      }
      return read;
    },
    async catchUp(upTo, deadline, run) {
      const table = `raw_doc_${run}`;
      const name = `raw-projection-${run}`;
      await pool.query(projectionTableSql(table));
      const upsert = toDollarParams(projectionUpsertSql(table));
      let after = 0;
      let applied = 0;
      const c = await pool.connect();
      try {
        while (applied < upTo && performance.now() < deadline) {
          const { rows } = await c.query<{ position: string; stream_id: string }>(
            'SELECT position, stream_id, type, data FROM events WHERE position > $1 ORDER BY position LIMIT $2',
            [after, Math.min(1000, upTo - applied)],
          );
          if (rows.length === 0) break;
          await c.query('BEGIN');
          for (const r of rows) {
            await c.query({ name: `raw-upsert-${run}`, text: upsert, values: [r.stream_id, r.position] });
          }
          await c.query(
            'INSERT INTO checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
            [name, rows[rows.length - 1]!.position],
          );
          await c.query('COMMIT');
          applied += rows.length;
          after = Number(rows[rows.length - 1]!.position);
        }
      } finally {
        c.release();
      }
      return applied;
    },
    async close() {
      await pool.end();
    },
  };
}
