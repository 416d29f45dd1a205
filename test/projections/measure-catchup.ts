/**
 * Quick catch-up measurement (the real benchmark is bench/store.ts): appends N events to a temp
 * SQLite event store, then catches a fresh projection up into a SQLite read store and, when PG_URL
 * is set, a PostgreSQL one. Usage: tsx test/projections/measure-catchup.ts [N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../../commands/store/factory';
import type { NewEvent } from '../../domain/eventstore/envelope';
import { measureCatchUp } from '../../projections/engine/bench-support';
import { openReadStore } from '../../projections/sql/open';
import { freshPgReadStore } from './pg-read-store';

const n = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'oa-catchup-'));
const store = await createEventStore(`sqlite:${join(dir, 'events.db')}?synchronous=NORMAL`);
const metadata = { actorId: 'u', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' };
for (let i = 0; i * 100 < n; i++) {
  const events: NewEvent[] = Array.from({ length: 100 }, (_, k) => ({ type: 'Thing', data: { i, k }, metadata }));
  await store.append(`thing-${i % 1000}`, events);
}
const t0 = performance.now();
let read = 0;
for (let from = 1; ;) {
  const page = await store.readAll({ fromPosition: from, limit: 5000 });
  if (page.length === 0) break;
  read += page.length;
  from = page[page.length - 1]!.position + 1;
}
console.log(`readAll alone: ${Math.round(read / ((performance.now() - t0) / 1000))} ev/s`);
const rows: Array<{ readStore: string; events: number; seconds: number; eventsPerSecond: number }> = [];
for (let run = 0; run < 3; run++) {
  const db = await openReadStore(`sqlite:${join(dir, `read-${run}.db`)}`);
  rows.push({ readStore: 'sqlite', ...(await measureCatchUp(store, db, n)) });
  await db.close();
}
if (process.env.PG_URL) {
  const { db, cleanup } = await freshPgReadStore(process.env.PG_URL);
  rows.push({ readStore: 'postgres (pipelined writes)', ...(await measureCatchUp(store, db, n)) });
  rows.push({
    readStore: 'postgres (one round trip per write)',
    ...(await measureCatchUp(store, db, Math.min(n, 20_000), { pipelineWrites: false })),
  });
  await cleanup();
}
console.table(rows.map((r) => ({ ...r, seconds: r.seconds.toFixed(2), eventsPerSecond: Math.round(r.eventsPerSecond) })));
await store.close();
rmSync(dir, { recursive: true, force: true });
