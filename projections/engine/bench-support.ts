import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../domain/eventstore/port';
import { ProjectionEngine } from './engine';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { cols, insertRows } from '../sql/bulk';
import type { Projection, SqlClient, TableNamer } from './types';

export interface CatchUpMeasurement {
  /** Events the projection applied (counted from its table). */
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * The projection the benchmark catches up: events counted per stream, the
 * checkpoint in the same transaction as each batch — the shape of every real read model.
 * `batch` (default): it also has the set-based `applyBatch` (the whole batch folded per stream, one
 * multi-row upsert); false: `apply` per event only (pipelined on PostgreSQL when `pipelineWrites`).
 */
export function streamCountProjection(name: string, table: string, pipelineWrites = true, batch = true): Projection {
  return {
    name,
    version: 1,
    pipelineWrites,
    tables: [table],
    async setup(db, t) {
      await db.run(
        `CREATE TABLE IF NOT EXISTS ${t(table)} (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL, last_position BIGINT NOT NULL)`,
      );
    },
    async apply(db, e, t) {
      await db.run(
        `INSERT INTO ${t(table)} (stream_id, events, last_position) VALUES (?, 1, ?)
         ON CONFLICT (stream_id) DO UPDATE SET events = ${t(table)}.events + 1, last_position = excluded.last_position`,
        [e.streamId, e.position],
      );
    },
    ...(batch
      ? {
          // The set-based form: fold the batch per stream in memory, then one multi-row upsert.
          async applyBatch(db: SqlClient, events: readonly RecordedEvent[], t: TableNamer) {
            const byStream = new Map<string, [string, number, number]>();
            for (const e of events) {
              const row = byStream.get(e.streamId);
              if (row) {
                row[1] += 1;
                row[2] = e.position;
              } else byStream.set(e.streamId, [e.streamId, 1, e.position]);
            }
            await insertRows(
              db,
              t(table),
              COUNT_COLUMNS,
              [...byStream.values()],
              `(stream_id) DO UPDATE SET events = ${t(table)}.events + excluded.events, last_position = excluded.last_position`,
            );
          },
        }
      : {}),
  };
}

const COUNT_COLUMNS = cols('stream_id:text', 'events:integer', 'last_position:bigint');

/**
 * Catch-up speed of a fresh projection over the first `n` events of `store` (all of them when n is
 * omitted), into `readStore`. The projection's table and checkpoint are dropped afterwards.
 */
export async function measureCatchUp(
  store: EventStore,
  readStore: SqlClient,
  n?: number,
  options: {
    batchSize?: number;
    /** Projection.pipelineWrites (default true; matters on PostgreSQL only). */
    pipelineWrites?: boolean;
    /** Projection.applyBatch (default true); false measures the per-event `apply`. */
    batch?: boolean;
  } = {},
): Promise<CatchUpMeasurement> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
  const name = `bench_catchup_${suffix}`;
  const table = `bench_counts_${suffix}`;
  const head = await store.headPosition();
  let target = head;
  if (n !== undefined && n < head) {
    const [nth] = await store.readAll({ fromPosition: n, limit: 1 });
    target = nth?.position ?? head;
  }
  const engine = new ProjectionEngine({
    store,
    db: readStore,
    projections: [streamCountProjection(name, table, options.pipelineWrites ?? true, options.batch ?? true)],
    batchSize: options.batchSize ?? 5000,
    pollIntervalMs: 60_000,
  });
  const t0 = performance.now();
  try {
    await engine.start();
    if (!(await engine.waitFor(target, { timeoutMs: 600_000 }))) throw new Error('catch-up did not finish in 10 minutes');
    const seconds = (performance.now() - t0) / 1000;
    await engine.stop();
    const row = await readStore.get<{ n: number }>(`SELECT COALESCE(SUM(events), 0) AS n FROM ${table}`);
    const events = Number(row?.n ?? 0);
    return { events, seconds, eventsPerSecond: events / seconds };
  } finally {
    await engine.stop();
    await readStore.run(`DROP TABLE IF EXISTS ${table}`);
    await readStore.run('DELETE FROM projection_checkpoints WHERE name = ?', [name]);
    await readStore.run('DELETE FROM projection_parked WHERE name = ?', [name]);
  }
}
