import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore } from '../../commands/store/factory';
import type { NewEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import type { SqlClient } from '../../projections/engine/types';
import { openReadStore } from '../../projections/sql/open';
import { CRASH_PROJECTION } from './crash-projection';
import { freshPgReadStore, pgUrlOrSkip } from './pg-read-store';

/**
 * kill -9 in the middle of a 100,000-event catch-up, restart, and prove that every read-model row
 * was applied exactly once: the checkpoint commits with the read-model changes, so the restarted
 * process neither repeats nor skips anything.
 */
const EVENTS = 100_000;
const ROOT = join(import.meta.dirname, '..', '..');

let dir: string;
let eventStoreUrl: string;
let store: EventStore;
/** The truth, from the event log: events per stream. */
const perStream = new Map<string, number>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oa-crash-'));
  eventStoreUrl = `sqlite:${join(dir, 'events.db')}?synchronous=NORMAL`;
  store = await createEventStore(eventStoreUrl);
  const metadata = { actorId: 'user-1', correlationId: 'corr-1', occurredAt: '2026-01-05T02:00:00.000Z' };
  let appended = 0;
  for (let i = 0; appended < EVENTS; i++) {
    const n = Math.min(EVENTS - appended, 20 + (i % 131));
    const events: NewEvent[] = [];
    for (let k = 0; k < n; k++) events.push({ type: k % 3 === 0 ? 'DocumentRegistered' : 'DocumentRouted', data: { i, k }, metadata });
    await store.append(`document-${i % 389}`, events);
    appended += n;
  }
  for (let from = 1; ;) {
    const page = await store.readAll({ fromPosition: from, limit: 10_000 });
    if (page.length === 0) break;
    for (const e of page) perStream.set(e.streamId, (perStream.get(e.streamId) ?? 0) + 1);
    from = page[page.length - 1]!.position + 1;
  }
});

afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startChild(readStoreUrl: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // Its own process group: npx → tsx → node, all killed at once with kill(-pid).
  const child = spawn('npx', ['tsx', 'test/projections/crash-child.ts', eventStoreUrl, readStoreUrl], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function checkpoint(db: SqlClient): Promise<number> {
  try {
    const r = await db.get<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?', [CRASH_PROJECTION]);
    return Number(r?.position ?? 0);
  } catch {
    return 0; // the child has not created the table yet
  }
}

async function crashAndRecover(readStoreUrl: string, db: SqlClient): Promise<void> {
  const head = await store.headPosition();
  expect(head).toBe(EVENTS);

  const first = startChild(readStoreUrl);
  let killedAt = 0;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const p = await checkpoint(db);
    if (p > 0 && p < head) {
      process.kill(-first.child.pid!, 'SIGKILL');
      killedAt = p;
      break;
    }
    if (p >= head) throw new Error(`the child caught up before it could be killed:\n${first.output()}`);
    if (Date.now() > deadline) throw new Error(`no progress:\n${first.output()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await first.exited;
  expect(first.output()).not.toContain('CAUGHT_UP');
  const afterKill = await checkpoint(db);
  expect(afterKill).toBeGreaterThanOrEqual(killedAt);
  expect(afterKill).toBeLessThan(head);
  // What the dead process committed is exactly what its checkpoint says, no more, no less.
  expect(Number((await db.get<{ c: number }>('SELECT COUNT(*) AS c FROM crash_events'))!.c)).toBe(afterKill);

  const second = startChild(readStoreUrl);
  const code = await second.exited;
  expect(code, second.output()).toBe(0);
  expect(second.output()).toContain(`CAUGHT_UP ${EVENTS} parked=0`);

  expect(await checkpoint(db)).toBe(EVENTS);
  const rows = await db.get<{ c: number; d: number; lo: number; hi: number }>(
    'SELECT COUNT(*) AS c, COUNT(DISTINCT event_id) AS d, MIN(position) AS lo, MAX(position) AS hi FROM crash_events',
  );
  expect(rows).toEqual({ c: EVENTS, d: EVENTS, lo: 1, hi: EVENTS });
  const parked = await db.get<{ c: number }>('SELECT COUNT(*) AS c FROM projection_parked WHERE name = ?', [CRASH_PROJECTION]);
  expect(parked!.c).toBe(0);
  const counters = await db.all<{ stream_id: string; events: number }>('SELECT stream_id, events FROM crash_stream_counts');
  expect(new Map(counters.map((r) => [r.stream_id, Number(r.events)]))).toEqual(perStream);
  // And per stream, the event rows agree with the counters.
  const grouped = await db.all<{ stream_id: string; c: number }>('SELECT stream_id, COUNT(*) AS c FROM crash_events GROUP BY stream_id');
  expect(new Map(grouped.map((r) => [r.stream_id, Number(r.c)]))).toEqual(perStream);
}

describe('projection catch-up survives kill -9 (exactly-once effect)', () => {
  it('SQLite read store', async () => {
    const readStoreUrl = `sqlite:${join(dir, 'read.db')}`;
    const db = await openReadStore(readStoreUrl);
    try {
      await crashAndRecover(readStoreUrl, db);
    } finally {
      await db.close();
    }
  });

  const pgUrl = pgUrlOrSkip('crash-restart test');
  it.skipIf(pgUrl === null)(
    'PostgreSQL read store',
    async () => {
      const { url, db, cleanup } = await freshPgReadStore(pgUrl!);
      try {
        await crashAndRecover(url, db);
      } finally {
        await cleanup();
      }
    },
    300_000,
  );
});
