import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
