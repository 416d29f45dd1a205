/**
 * Concurrent appends against the embedded SQLite store (synchronous=FULL, a temp file): W writers, each
 * appending one event at a time to its own stream for a few seconds, like W commands in flight at once.
 * `npm run bench:store-concurrent` (or `tsx bench/store-concurrent.ts [seconds]`) prints appends/s and
 * p50/p99 latency per writer count. Numbers depend heavily on the disk's fsync time and the machine's load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteEventStore } from '../commands/store/sqlite-event-store';

const seconds = Number(process.argv[2] ?? 3);
const meta = { actorId: 'bench', correlationId: 'bench', occurredAt: '2026-01-01T00:00:00.000Z' };

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const rows: string[] = [];
for (const writers of [1, 8, 50]) {
  const dir = mkdtempSync(join(tmpdir(), 'oa-bench-store-'));
  const store = await createSqliteEventStore({ filename: join(dir, 'events.db') });
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const t0 = performance.now();
        await store.append(`booking-${w}`, [{ type: 'Booked', data: { w, i }, metadata: meta }], { expectedRevision: i - 1 });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  rows.push(
    `| ${writers} | ${latencies.length} | ${Math.round(latencies.length / elapsed)} | ${pct(latencies, 50).toFixed(1)} | ${pct(latencies, 99).toFixed(1)} |`,
  );
}
console.log('| concurrent writers | appends | appends/s | p50 ms | p99 ms (target 30) |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
