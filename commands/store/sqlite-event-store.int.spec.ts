import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, type RecordedEvent } from '../../domain/eventstore/envelope';
import { eventHash } from '../../domain/eventstore/integrity';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { appendManySpecs } from './append-many.spec-kit';
import { createSqliteEventStore, parseSqliteUrl } from './sqlite-event-store';

const meta = { actorId: 'u1', correlationId: 'c1', occurredAt: '2024-01-01T00:00:00.000Z' };
const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oa-sqlite-'));
  dirs.push(dir);
  return join(dir, 'events.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runWriter(file: string, prefix: string, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/contract/sqlite-writer.ts', file, prefix, String(count)], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

/**
 * Commits recorded in the WAL file: frames whose "database size after commit" is set (one per
 * transaction, each one fsync under synchronous=FULL), counting only frames of the current WAL
 * generation (their salts equal the header's).
 */
function walCommits(file: string): number {
  const wal = readFileSync(`${file}-wal`);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}

function appendInChild(file: string, count: number): Promise<{ out: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/contract/sqlite-burst-writer.ts', file, String(count)], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => {
      out += b;
      // kill -9 the moment it reports its appends resolved: no close(), no checkpoint, no exit handlers
      if (out.includes('resolved')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (b) => (err += b));
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal ? resolve({ out, signal }) : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

describe('SqliteEventStore group commit', () => {
  it('N concurrent appends to different streams commit in one transaction (one WAL commit, one fsync)', async () => {
    const file = tempFile();
    const store = await createSqliteEventStore({ filename: file });
    const heads: number[] = [];
    const sub = store.watchHead().subscribe((h) => heads.push(h));
    try {
      await store.append('warm-up', [{ type: 'A', data: {}, metadata: meta }]);
      const before = walCommits(file);
      const n = 20;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          store.append(`s-${i}`, [{ type: 'A', data: { i }, metadata: meta }], { expectedRevision: 'no_stream' }),
        ),
      );
      expect(walCommits(file) - before).toBe(1);
      expect(results.map((r) => r.position)).toEqual(Array.from({ length: n }, (_, i) => i + 2));
      // The committed head is published once for the batch, with its highest position.
      expect(heads).toEqual([1, n + 1]);
      const all = await store.readAll();
      expect(all.map((e) => [e.streamId, e.position])).toEqual([['warm-up', 1], ...Array.from({ length: n }, (_, i) => [`s-${i}`, i + 2])]);
    } finally {
      sub.unsubscribe();
      await store.close();
    }
  });

  it('a conflicting append fails alone: the others of its batch commit, gap-free', async () => {
    const file = tempFile();
    const store = await createSqliteEventStore({ filename: file });
    try {
      await store.append('taken', [{ type: 'A', data: {}, metadata: meta }]);
      const before = walCommits(file);
      const settled = await Promise.allSettled([
        store.append('a', [{ type: 'A', data: {}, metadata: meta }], { expectedRevision: 'no_stream' }),
        store.append('taken', [{ type: 'B', data: {}, metadata: meta }], { expectedRevision: 'no_stream' }),
        store.append('b', [{ type: 'A', data: {}, metadata: meta }], { expectedRevision: 'no_stream' }),
        store.append('c', [{ type: 'A', data: {}, metadata: meta }], { command: { id: 'cmd-c', result: { ok: 1 } } }),
      ]);
      expect(walCommits(file) - before).toBe(1);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
      expect(settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.position] : []))).toEqual([2, 3, 4]);
      expect((await store.readStream('taken')).map((e) => e.type)).toEqual(['A']);
      expect(await store.commandResult('cmd-c')).toEqual({ found: true, result: { ok: 1 } });
      // Idempotency by command id is unchanged, also inside a batch.
      const [again, twice] = await Promise.all([
        store.append('c', [{ type: 'A', data: {}, metadata: meta }], { command: { id: 'cmd-c' } }),
        store.append('d', [{ type: 'A', data: {}, metadata: meta }], { command: { id: 'cmd-d' } }),
        store.append('d', [{ type: 'A', data: {}, metadata: meta }], { command: { id: 'cmd-d' } }),
      ]).then((r) => [r[0], r[2]]);
      expect(again).toEqual({ nextRevision: 0, position: 4, duplicate: true, commandResult: { ok: 1 } });
      expect(twice).toMatchObject({ nextRevision: 0, position: 5, duplicate: true });
      expect(await store.headPosition()).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('appends to the same stream in one batch behave like sequential appends: order, revisions, hash chain', async () => {
    const file = tempFile();
    const store = await createSqliteEventStore({ filename: file });
    try {
      const before = walCommits(file);
      const settled = await Promise.allSettled([
        store.append('s', [{ type: 'A', data: { k: 0 }, metadata: meta }], { expectedRevision: 'no_stream' }),
        store.append(
          's',
          [
            { type: 'A', data: { k: 1 }, metadata: meta },
            { type: 'A', data: { k: 2 }, metadata: meta },
          ],
          { expectedRevision: 0 },
        ),
        store.append('s', [{ type: 'A', data: { k: 3 }, metadata: meta }], { expectedRevision: 0 }), // stale: sees the one before
        store.append('s', [{ type: 'A', data: { k: 4 }, metadata: meta }], { expectedRevision: 2 }),
        store.append('s', [{ type: 'A', data: { k: 5 }, metadata: meta }]),
      ]);
      expect(walCommits(file) - before).toBe(1);
      expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'rejected'))).toEqual([
        { nextRevision: 0, position: 1 },
        { nextRevision: 2, position: 3 },
        'rejected',
        { nextRevision: 3, position: 4 },
        { nextRevision: 4, position: 5 },
      ]);
      const events = await store.readStream('s');
      expect(events.map((e) => [e.revision, e.position, (e.data as { k: number }).k])).toEqual([
        [0, 1, 0],
        [1, 2, 1],
        [2, 3, 2],
        [3, 4, 4],
        [4, 5, 5],
      ]);
      let prev = GENESIS_HASH;
      for (const e of events) {
        expect(e.prevHash).toBe(prev);
        expect(e.hash).toBe(eventHash(e));
        prev = e.hash;
      }
    } finally {
      await store.close();
    }
  });

  it('appends queued when close() is called are committed before the connection closes', async () => {
    const file = tempFile();
    const store = await createSqliteEventStore({ filename: file });
    const pending = [
      store.append('x', [{ type: 'A', data: {}, metadata: meta }]),
      store.append('y', [{ type: 'A', data: {}, metadata: meta }]),
    ];
    await store.close();
    expect((await Promise.all(pending)).map((r) => r.position)).toEqual([1, 2]);
    await expect(store.append('z', [{ type: 'A', data: {}, metadata: meta }])).rejects.toThrow(/closed/);
  });

  it('durable once resolved: a writer killed with SIGKILL right after its appends resolved loses none of them', async () => {
    const file = tempFile();
    const count = 40;
    const { out, signal } = await appendInChild(file, count);
    expect(signal).toBe('SIGKILL');
    const positions = out
      .match(/resolved (.*)/)![1]
      .split(',')
      .map(Number);
    expect(positions).toHaveLength(count);
    const store = await createSqliteEventStore({ filename: file });
    try {
      const all = await store.readAll({ limit: 1000 });
      expect(all.map((e) => e.position)).toEqual(positions.slice().sort((a, b) => a - b));
      expect(new Set(all.map((e) => e.streamId)).size).toBe(count);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('SqliteEventStore specifics', () => {
  it('two writer processes on one file: gap-free positions, and a subscriber in a third sees them all in order', async () => {
    const file = tempFile();
    const store = await createSqliteEventStore({ filename: file, pollIntervalMs: 20 });
    const seen: RecordedEvent[] = [];
    const sub = store.subscribeAll().subscribe((e) => seen.push(e));
    try {
      const outs = await Promise.all([runWriter(file, 'a-', 300), runWriter(file, 'b-', 300)]);
      expect(outs.every((o) => o.startsWith('done '))).toBe(true);
      const until = Date.now() + 20_000;
      while (seen.length < 600 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((e) => e.position)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
      for (const p of ['a-', 'b-']) {
        const seqs = seen.filter((e) => e.streamId.startsWith(p)).map((e) => (e.data as { seq: number }).seq);
        expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => i));
      }
    } finally {
      sub.unsubscribe();
      await store.close();
    }
  }, 120_000);

  it('a conflict rolls back without leaving a gap in positions', async () => {
    const store = await createSqliteEventStore({ filename: tempFile() });
    await store.append('s-1', [{ type: 'A', data: {}, metadata: meta }]);
    await expect(store.append('s-1', [{ type: 'B', data: {}, metadata: meta }], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      WrongExpectedRevision,
    );
    const r = await store.append('s-2', [{ type: 'C', data: {}, metadata: meta }]);
    expect(r.position).toBe(2);
    await store.close();
  });

  it('opens in WAL with synchronous FULL by default, NORMAL when asked', async () => {
    const full = tempFile();
    const s1 = await createSqliteEventStore(`sqlite:${full}`);
    await s1.append('x', [{ type: 'A', data: {}, metadata: meta }]);
    const db = new Database(full, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // synchronous is per connection: look at the store's own
    expect((s1 as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    await s1.close();
    const s2 = await createSqliteEventStore(`sqlite:${tempFile()}?synchronous=NORMAL`);
    expect((s2 as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(1);
    await s2.close();
  });

  it('parses sqlite: URLs', () => {
    expect(parseSqliteUrl('sqlite:./data/oa.db')).toEqual({ filename: './data/oa.db', synchronous: undefined });
    expect(parseSqliteUrl('sqlite::memory:')).toEqual({ filename: ':memory:', synchronous: undefined });
    expect(parseSqliteUrl('sqlite:///var/lib/oa.db?synchronous=normal')).toEqual({ filename: '/var/lib/oa.db', synchronous: 'NORMAL' });
    expect(() => parseSqliteUrl('sqlite:')).toThrow();
    expect(() => parseSqliteUrl('sqlite:x.db?synchronous=OFF')).toThrow();
  });

  it('appends of any size (multi-row INSERT chunks) store every event in order, gap-free, chained', async () => {
    const store = await createSqliteEventStore({ filename: tempFile(), synchronous: 'NORMAL' });
    try {
      // 1, 2, 3, 63, 64, 65, 100 and 130 events: every chunk size and remainder path.
      const sizes = [1, 2, 3, 63, 64, 65, 100, 130];
      let position = 0;
      for (const [k, n] of sizes.entries()) {
        const events = Array.from({ length: n }, (_, i) => ({ type: `T${i % 3}`, data: { k, i, 名称: `第${i}件` }, metadata: meta }));
        const r = await store.append(`batch-${k}`, events, { expectedRevision: 'no_stream' });
        position += n;
        expect(r).toEqual({ nextRevision: n - 1, position });
        const back = await store.readStream(`batch-${k}`);
        expect(back.map((e) => [e.revision, e.position, e.type, e.data])).toEqual(
          events.map((e, i) => [i, position - n + 1 + i, e.type, e.data]),
        );
        let prev = GENESIS_HASH;
        for (const e of back) {
          expect(e.prevHash).toBe(prev);
          expect(e.hash).toBe(eventHash(e));
          prev = e.hash;
        }
      }
      const all = await store.readAll({ limit: 10_000 });
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: position }, (_, i) => i + 1));
      // A conflicting batch writes nothing: the next append continues gap-free.
      const two = [
        { type: 'X', data: {}, metadata: meta },
        { type: 'X', data: {}, metadata: meta },
      ];
      await expect(store.append('batch-7', two, { expectedRevision: 3 })).rejects.toBeInstanceOf(WrongExpectedRevision);
      const r = await store.append(
        'after',
        Array.from({ length: 5 }, () => ({ type: 'Y', data: {}, metadata: meta })),
      );
      expect(r.position).toBe(position + 5);
    } finally {
      await store.close();
    }
  });

  it('a batch with one id already stored in another stream is refused whole: none of its events is stored', async () => {
    const store = await createSqliteEventStore({ filename: tempFile(), synchronous: 'NORMAL' });
    try {
      const id = '0193a000-0000-7000-8000-0000000000aa';
      await store.append('other', [{ id, type: 'A', data: {}, metadata: meta }]);
      const events = Array.from({ length: 10 }, (_, i) => ({ ...(i === 7 ? { id } : {}), type: 'B', data: { i }, metadata: meta }));
      await expect(store.append('s', events)).rejects.toThrow(/already stored in stream other/);
      expect(await store.streamRevision('s')).toBe(-1);
      expect((await store.append('s', [{ type: 'C', data: {}, metadata: meta }])).position).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('works in memory', async () => {
    const store = await createSqliteEventStore('sqlite::memory:');
    await store.append('m-1', [{ type: 'A', data: { n: 1 }, metadata: meta }], { expectedRevision: 'no_stream' });
    expect((await store.readAll()).map((e) => e.data)).toEqual([{ n: 1 }]);
    await store.close();
  });
});

describe('SqliteEventStore.appendMany (several streams, one transaction)', () => {
  appendManySpecs(() => createSqliteEventStore({ filename: tempFile() }));
});
