import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { createSqliteEventStore } from '../../commands/store/sqlite-event-store';
import { serviceUrl } from '../../test/support/services';
import { pgClientInOwnSchema } from '../../test/projections/pg-read-store';
import { SqliteClient } from '../sql/sqlite-client';
import { cols, insertRows } from '../sql/bulk';
import { ProjectionEngine, rebuildTableName, type EngineLogger } from './engine';
import type { Projection, SetupOptions, SqlClient, TableNamer } from './types';

/**
 * Projection.deferIndexes: a fill far behind the head (first start over an existing log, or a
 * rebuild into new tables) runs without the projection's secondary indexes and gets them before it
 * is reported at the head / swapped in; a fill interrupted half-way still gets them after a restart.
 * On SQLite, and on a PostgreSQL read store when PG_URL is set.
 */
const quiet: EngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const meta = { actorId: 'u', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' };

/** Events counted per stream into `defer_counts`, with a secondary index on n; every setup call recorded. */
function countingProjection(calls: { table: string; options: SetupOptions | undefined }[], version = 1): Projection {
  return {
    name: 'deferring',
    version,
    tables: ['defer_counts'],
    deferIndexes: true,
    async setup(db: SqlClient, t: TableNamer, options?: SetupOptions) {
      calls.push({ table: t('defer_counts'), options });
      await db.run(`CREATE TABLE IF NOT EXISTS ${t('defer_counts')} (stream_id TEXT PRIMARY KEY, n INTEGER NOT NULL)`);
      if (options?.deferIndexes) return;
      await db.run(`CREATE INDEX IF NOT EXISTS ${t('defer_counts')}_by_n ON ${t('defer_counts')} (n)`);
    },
    async apply(db, e, t) {
      await this.applyBatch!(db, [e], t);
    },
    async applyBatch(db: SqlClient, events: readonly RecordedEvent[], t: TableNamer) {
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.streamId, (counts.get(e.streamId) ?? 0) + 1);
      await insertRows(
        db,
        t('defer_counts'),
        cols('stream_id', 'n:integer'),
        [...counts],
        `(stream_id) DO UPDATE SET n = ${t('defer_counts')}.n + excluded.n`,
      );
    },
  };
}

async function hasIndex(db: SqlClient, name: string): Promise<boolean> {
  const sql =
    db.dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?"
      : 'SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?';
  return (await db.all(sql, [name])).length === 1;
}

async function appendEvents(store: EventStore, n: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < n; i++) last = (await store.append(`thing-${i % 7}`, [{ type: 'Thing', data: { i }, metadata: meta }])).position;
  return last;
}

function suite(name: string, open: () => Promise<SqlClient | null>) {
  describe(`deferred indexes (${name})`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function stores(): Promise<{ store: EventStore; db: SqlClient } | null> {
      const db = await open();
      if (!db) return null;
      const store = await createSqliteEventStore({ filename: ':memory:' });
      cleanups.push(
        () => store.close(),
        () => db.close(),
      );
      return { store, db };
    }

    const engineOn = (store: EventStore, db: SqlClient, p: Projection) =>
      new ProjectionEngine({ store, db, projections: [p], batchSize: 10, logger: quiet, pollIntervalMs: 50 });

    /** A previous process that ran the projection up to the head and stopped. */
    async function caughtUpOnce(s: { store: EventStore; db: SqlClient }, head: number): Promise<void> {
      const earlier = engineOn(s.store, s.db, countingProjection([]));
      await earlier.start();
      expect(await earlier.waitFor(head)).toBe(true);
      await earlier.stop();
    }

    it('a first start more than a batch behind fills without the index and has it once at the head', async (ctx) => {
      const s = await stores();
      if (!s) return ctx.skip();
      const head = await appendEvents(s.store, 95);
      const calls: { table: string; options: SetupOptions | undefined }[] = [];
      const engine = engineOn(s.store, s.db, countingProjection(calls));
      await engine.start();
      expect(calls[0]).toEqual({ table: 'defer_counts', options: { deferIndexes: true } });
      expect(await engine.waitFor(head)).toBe(true);
      // told "at the head" only with the index in place
      expect(await hasIndex(s.db, 'defer_counts_by_n')).toBe(true);
      expect(calls.slice(1).map((c) => c.options?.deferIndexes ?? false)).toEqual([false]);
      expect(Number((await s.db.get<{ n: number }>('SELECT SUM(n) AS n FROM defer_counts'))?.n)).toBe(95);
      await engine.stop();
    });

    it('a first start within one batch of the head creates the index at once', async (ctx) => {
      const s = await stores();
      if (!s) return ctx.skip();
      await appendEvents(s.store, 5);
      const calls: { table: string; options: SetupOptions | undefined }[] = [];
      const engine = engineOn(s.store, s.db, countingProjection(calls));
      await engine.start();
      expect(calls[0]!.options).toEqual({ deferIndexes: false });
      expect(await hasIndex(s.db, 'defer_counts_by_n')).toBe(true);
      await engine.stop();
    });

    it('a fill stopped half-way gets its index when the restarted engine reaches the head', async (ctx) => {
      const s = await stores();
      if (!s) return ctx.skip();
      const head = await appendEvents(s.store, 200);
      const calls: { table: string; options: SetupOptions | undefined }[] = [];
      const first = engineOn(s.store, s.db, countingProjection(calls));
      await first.start();
      await first.stop();
      const position = Number(
        (await s.db.get<{ position: number }>("SELECT position FROM projection_checkpoints WHERE name = 'deferring'"))?.position,
      );
      expect(position).toBeLessThan(head);
      expect(await hasIndex(s.db, 'defer_counts_by_n')).toBe(false);
      const second = engineOn(s.store, s.db, countingProjection(calls));
      await second.start();
      expect(await second.waitFor(head)).toBe(true);
      expect(await hasIndex(s.db, 'defer_counts_by_n')).toBe(true);
      expect(Number((await s.db.get<{ n: number }>('SELECT SUM(n) AS n FROM defer_counts'))?.n)).toBe(200);
      await second.stop();
    });

    it('a restart near the head builds a missing index during start()', async (ctx) => {
      const s = await stores();
      if (!s) return ctx.skip();
      await caughtUpOnce(s, await appendEvents(s.store, 30));
      // as if the previous process had stopped between its last batch and the index build
      await s.db.run('DROP INDEX defer_counts_by_n');
      const second = engineOn(s.store, s.db, countingProjection([]));
      await second.start();
      expect(await hasIndex(s.db, 'defer_counts_by_n')).toBe(true);
      await second.stop();
    });

    it('a rebuild fills its new tables without the index and swaps them in with it', async (ctx) => {
      const s = await stores();
      if (!s) return ctx.skip();
      await caughtUpOnce(s, await appendEvents(s.store, 40)); // version 1
      const calls: { table: string; options: SetupOptions | undefined }[] = [];
      const v2 = engineOn(s.store, s.db, countingProjection(calls, 2));
      await v2.start();
      expect(await v2.waitForHead({ timeoutMs: 20_000 })).toBe(true);
      const rebuilt = rebuildTableName('defer_counts', 1);
      expect(calls[0]).toEqual({ table: rebuilt, options: { deferIndexes: true } });
      // the full setup on the new tables came before the swap (the index keeps its __r name)
      expect(calls.slice(1)).toEqual([{ table: rebuilt, options: undefined }]);
      expect(await hasIndex(s.db, `${rebuilt}_by_n`)).toBe(true);
      expect(Number((await s.db.get<{ n: number }>('SELECT SUM(n) AS n FROM defer_counts'))?.n)).toBe(40);
      const cp = await s.db.get<{ version: number }>("SELECT version FROM projection_checkpoints WHERE name = 'deferring'");
      expect(Number(cp?.version)).toBe(2);
      await v2.stop();
    });
  });
}

suite('SQLite', async () => new SqliteClient(':memory:'));
const pgUrl = serviceUrl('PG_URL');
suite('PostgreSQL', async () => (pgUrl ? pgClientInOwnSchema(pgUrl, 'deferred_idx') : null));
