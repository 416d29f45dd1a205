import { dirname, join } from 'node:path';
import { createEventStore } from '../../commands/store/factory';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../domain/eventstore/port';
import { measureCatchUp, streamCountProjection } from '../../projections/engine/bench-support';
import { ProjectionEngine } from '../../projections/engine/engine';
import type { SqlClient } from '../../projections/engine/types';
import { openReadStore } from '../../projections/sql';
import type { Location } from './env';
import type { Subject } from './subject';

/**
 * Ours: the store the application uses (commands/store/factory.ts, `createEventStore(url)`) with its
 * defaults — SM3 hash chain, uuid v7 ids, expected-revision handling, PostgreSQL watermark reads —
 * and the projection engine (projections/engine/bench-support.ts `measureCatchUp`) over a read store
 * (SQLite: its own file beside the log, synchronous=FULL like the others; PostgreSQL: the same database).
 */
export async function oursFactory(loc: Location, opts: { writers: number }): Promise<Subject> {
  const url = loc.backend === 'sqlite' ? `sqlite:${loc.file}` : withPool(loc.url, Math.max(10, opts.writers));
  const store = await createEventStore(url);
  let readStore: Awaited<ReturnType<typeof openReadStore>> | undefined;

  return {
    async append(streamId, events) {
      await store.append(streamId, events, { expectedRevision: 'any' });
    },
    async readAll(limit, expected, deadline) {
      let from = 1;
      let read = 0;
      while (read < expected && performance.now() < deadline) {
        const page = await store.readAll({ fromPosition: from, limit });
        read += page.length;
        if (page.length > 0) from = page[page.length - 1]!.position + 1;
        else await new Promise((r) => setTimeout(r, 1));
      }
      return read;
    },
    async catchUp(upTo, deadline) {
      readStore ??=
        loc.backend === 'sqlite'
          ? await openReadStore(`sqlite:${join(dirname(loc.file), 'read.db')}`, { sqlite: { synchronous: 'FULL' } })
          : await openReadStore(loc.url);
      // measureCatchUp has no time limit: the capped twin below is used when the cap could matter.
      if (process.env.BENCH_OURS_UNCAPPED === '1') {
        const m = await measureCatchUp(store, readStore, upTo);
        return { applied: m.events, seconds: m.seconds };
      }
      return cappedCatchUp(store, readStore, upTo, deadline);
    },
    async close() {
      await readStore?.close();
      await store.close();
    },
  };
}

function withPool(url: string, size: number): string {
  const u = new URL(url);
  if (!u.searchParams.has('pool')) u.searchParams.set('pool', String(size));
  return u.toString();
}

/**
 * projections/engine/bench-support.ts `measureCatchUp` (same projection, same engine, same batch
 * size) with a deadline: when the engine has not reached the n-th event by then, it is stopped and
 * the events it applied so far are counted.
 */
async function cappedCatchUp(
  store: EventStore,
  readStore: SqlClient,
  n: number,
  deadline: number,
): Promise<{ applied: number; seconds: number }> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
  const name = `bench_catchup_${suffix}`;
  const table = `bench_counts_${suffix}`;
  const head = await store.headPosition();
  let target = head;
  if (n < head) {
    const [nth] = await store.readAll({ fromPosition: n, limit: 1 });
    target = nth?.position ?? head;
  }
  const engine = new ProjectionEngine({
    store,
    db: readStore,
    projections: [streamCountProjection(name, table)],
    batchSize: 5000,
    pollIntervalMs: 60_000,
  });
  const t0 = performance.now();
  try {
    await engine.start();
    const reached = await engine.waitFor(target, { timeoutMs: Math.max(1, deadline - performance.now()) });
    let seconds = (performance.now() - t0) / 1000;
    await engine.stop();
    // Capped: what it applied includes the batch that was running at the deadline.
    if (!reached) seconds = (performance.now() - t0) / 1000;
    const row = await readStore.get<{ n: number }>(`SELECT COALESCE(SUM(events), 0) AS n FROM ${table}`);
    return { applied: Number(row?.n ?? 0), seconds };
  } finally {
    await engine.stop();
    await readStore.run(`DROP TABLE IF EXISTS ${table}`);
    await readStore.run('DELETE FROM projection_checkpoints WHERE name = ?', [name]);
    await readStore.run('DELETE FROM projection_parked WHERE name = ?', [name]);
  }
}
