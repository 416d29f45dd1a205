/**
 * Catch-up of the bench projection with and without its set-based applyBatch, on SQLite (and on
 * PostgreSQL when PG_URL is set), alternating runs so that machine load hits both alike.
 * Usage: tsx bench/catchup-batch.ts [N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../commands/store/factory';
import type { NewEvent } from '../domain/eventstore/envelope';
import { measureCatchUp } from '../projections/engine/bench-support';
import { openReadStore } from '../projections/sql/open';
import { freshPgReadStore } from '../test/projections/pg-read-store';

const n = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'oa-catchup-batch-'));
const store = await createEventStore(`sqlite:${join(dir, 'events.db')}?synchronous=NORMAL`);
const metadata = { actorId: 'u', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' };
for (let i = 0; i * 100 < n; i++) {
  const events: NewEvent[] = Array.from({ length: 100 }, (_, k) => ({ type: 'Thing', data: { i, k }, metadata }));
  await store.append(`thing-${i % 1000}`, events);
}
const rows: Array<{ readStore: string; batch: boolean; eventsPerSecond: number }> = [];
for (let run = 0; run < 2; run++) {
  for (const batch of [true, false]) {
    const db = await openReadStore(`sqlite:${join(dir, `read-${run}-${batch}.db`)}`);
    rows.push({ readStore: 'sqlite', batch, eventsPerSecond: Math.round((await measureCatchUp(store, db, n, { batch })).eventsPerSecond) });
    await db.close();
  }
}
if (process.env.PG_URL) {
  const { db, cleanup } = await freshPgReadStore(process.env.PG_URL);
  for (let run = 0; run < 2; run++) {
    for (const batch of [true, false]) {
      rows.push({
        readStore: 'postgres',
        batch,
        eventsPerSecond: Math.round((await measureCatchUp(store, db, n, { batch })).eventsPerSecond),
      });
    }
  }
  await cleanup();
}
console.table(rows);
await store.close();
rmSync(dir, { recursive: true, force: true });
