import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { ProjectionEngine, type EngineLogger, type ProjectionEngineOptions } from '../../projections/engine/engine';
import type { Projection, SqlClient } from '../../projections/engine/types';
import { MemoryEventStore } from './memory-store';

/**
 * The projection engine's behaviour, run against each read store (SQLite in the unit project,
 * PostgreSQL in the int project). `open` gives a fresh, empty read store; `reopen` a second client
 * on the same database (PostgreSQL: another pool, as another process would have).
 */
export interface ReadStoreFactory {
  open(): Promise<{ db: SqlClient; reopen: () => Promise<SqlClient>; cleanup: () => Promise<void> }>;
}

const quiet: EngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function until(cond: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface CounterOptions {
  version?: number;
  /** Per-event increment: tells which version built a table. */
  step?: number;
  eventTypes?: string[];
  onApply?: (e: RecordedEvent) => void | Promise<void>;
  name?: string;
  pipelineWrites?: boolean;
  /** At this position, write a row whose key already exists: the SQL (not the JS) fails. */
  duplicateKeyAt?: number;
}

/** thing_events: one row per event (event id PK, so a second apply would fail); thing_counts: per stream. */
export function counterProjection(o: CounterOptions = {}): Projection {
  const step = o.step ?? 1;
  return {
    name: o.name ?? 'things',
    version: o.version ?? 1,
    tables: ['thing_counts', 'thing_events'],
    eventTypes: o.eventTypes,
    pipelineWrites: o.pipelineWrites,
    async setup(db, t) {
      await db.run(`CREATE TABLE IF NOT EXISTS ${t('thing_counts')} (stream_id TEXT PRIMARY KEY, n INTEGER NOT NULL)`);
      await db.run(`CREATE INDEX IF NOT EXISTS ${t('thing_counts')}_by_n ON ${t('thing_counts')} (n)`);
      await db.run(`CREATE TABLE IF NOT EXISTS ${t('thing_events')} (event_id TEXT PRIMARY KEY, stream_id TEXT NOT NULL, position BIGINT NOT NULL)`);
    },
    async apply(db, e, t) {
      await o.onApply?.(e);
      // The first event's row is keyed 'first', so that `duplicateKeyAt` can collide with it.
      const id = e.position === 1 || e.position === o.duplicateKeyAt ? 'first' : e.id;
      await db.run(`INSERT INTO ${t('thing_events')} (event_id, stream_id, position) VALUES (?, ?, ?)`, [id, e.streamId, e.position]);
      await db.run(
        `INSERT INTO ${t('thing_counts')} (stream_id, n) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET n = ${t('thing_counts')}.n + ?`,
        [e.streamId, step, step],
      );
    },
  };
}

async function sumCounts(db: SqlClient, table = 'thing_counts'): Promise<number> {
  const r = await db.get<{ s: number | null }>(`SELECT SUM(n) AS s FROM ${table}`);
  return Number(r?.s ?? 0);
}

async function countRows(db: SqlClient, table: string): Promise<number> {
  return Number((await db.get<{ c: number }>(`SELECT COUNT(*) AS c FROM ${table}`))!.c);
}

async function tableExists(db: SqlClient, table: string): Promise<boolean> {
  const r =
    db.dialect === 'sqlite'
      ? await db.get(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])
      : await db.get(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`, [table]);
  return r !== undefined;
}

async function indexesOf(db: SqlClient, table: string): Promise<string[]> {
  const rows =
    db.dialect === 'sqlite'
      ? await db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [table])
      : await db.all<{ name: string }>(
          `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? AND indexname NOT LIKE '%pkey'`,
          [table],
        );
  return rows.map((r) => r.name).sort();
}

export function engineContract(label: string, factory: ReadStoreFactory | null): void {
  describe.skipIf(factory === null)(`projection engine on ${label}`, () => {
    let store: MemoryEventStore;
    let db: SqlClient;
    let reopen: () => Promise<SqlClient>;
    let cleanup: () => Promise<void>;
    const engines: ProjectionEngine[] = [];
    const extraClients: SqlClient[] = [];

    function engine(projections: Projection[], options: Partial<ProjectionEngineOptions> = {}): ProjectionEngine {
      const e = new ProjectionEngine({ store, db, projections, batchSize: 10, logger: quiet, pollIntervalMs: 200, ...options });
      engines.push(e);
      return e;
    }

    beforeEach(async () => {
      store = new MemoryEventStore();
      ({ db, reopen, cleanup } = await factory!.open());
    });

    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop();
      for (const c of extraClients.splice(0)) await c.close();
      await cleanup();
    });

    it('catches up in batches, then follows the head live', async () => {
      await store.appendMany(95);
      const e = engine([counterProjection()]);
      await e.start();
      expect(await e.waitForHead()).toBe(true);
      expect(await countRows(db, 'thing_events')).toBe(95);
      expect(await sumCounts(db)).toBe(95);
      const cp = await db.get<{ position: number; version: number }>('SELECT position, version FROM projection_checkpoints WHERE name = ?', ['things']);
      expect(cp).toEqual({ position: 95, version: 1 });
      // 95 events in batches of 10: ten reads of 10 or fewer, not one big one.
      expect(store.reads.filter((r) => (r.limit ?? 0) === 10).length).toBeGreaterThanOrEqual(10);

      const { position } = await store.append('thing-x', [{ type: 'Thing', data: {}, metadata: { actorId: 'u', correlationId: 'c', occurredAt: '2026-01-01T00:00:00Z' } }]);
      expect(await e.waitFor(position, { timeoutMs: 5000 })).toBe(true);
      expect(await db.get('SELECT n FROM thing_counts WHERE stream_id = ?', ['thing-x'])).toEqual({ n: 1 });
      const [st] = await e.status();
      expect(st).toMatchObject({ name: 'things', version: 1, position: 96, headPosition: 96, lagEvents: 0, lagSeconds: 0, parked: 0, state: 'live' });
    });

    it('restarts from its checkpoint: no event applied twice, none skipped', async () => {
      await store.appendMany(50);
      const e1 = engine([counterProjection()]);
      await e1.start();
      await e1.waitForHead();
      await e1.stop();
      await store.appendMany(30);
      store.reads = [];
      const e2 = engine([counterProjection()]);
      await e2.start();
      await e2.waitForHead();
      expect(store.reads[0]!.fromPosition).toBe(51);
      expect(await countRows(db, 'thing_events')).toBe(80);
      expect(await sumCounts(db)).toBe(80);
      expect((await e2.status())[0]!.parked).toBe(0);
    });

    it('hands a projection only its event types and still moves its checkpoint past the others', async () => {
      await store.appendMany(25, 'Other');
      await store.appendMany(3, 'Wanted');
      await store.appendMany(25, 'Other');
      for (const storeFilter of [true, false]) {
        const name = storeFilter ? 'wanted_store' : 'wanted_local';
        const seen: string[] = [];
        const p: Projection = { name, version: 1, tables: [], eventTypes: ['Wanted'], setup: async () => undefined, apply: async (_db, ev) => void seen.push(ev.type) };
        const e = engine([p], { storeFilter });
        await e.start();
        expect(await e.waitFor(store.events.length)).toBe(true);
        expect(seen).toEqual(['Wanted', 'Wanted', 'Wanted']);
        const cp = await db.get<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?', [name]);
        expect(cp!.position).toBe(53);
        await e.stop();
      }
    });

    it.each([false, true])('retries a failing event, parks it with its error, and applies the rest of the batch (pipelined writes: %s)', async (pipelineWrites) => {
      await store.appendMany(30);
      let tries = 0;
      let flaky = 0;
      const bad = store.events[14]!;
      const p = counterProjection({
        pipelineWrites,
        onApply: (ev) => {
          if (ev.id === bad.id) {
            tries++;
            throw new Error('数据不一致: bad payload');
          }
          if (ev.position === 22 && flaky++ === 0) throw new Error('transient');
        },
      });
      const e = engine([p], { maxAttempts: 3, retryDelayMs: 1 });
      await e.start();
      await e.waitForHead();
      // One try in the fast path, then maxAttempts in the careful one.
      expect(tries).toBe(4);
      expect(flaky).toBe(2);
      expect(await countRows(db, 'thing_events')).toBe(29);
      expect(await db.get('SELECT 1 AS x FROM thing_events WHERE event_id = ?', [bad.id])).toBeUndefined();
      expect(await sumCounts(db)).toBe(29);
      const parked = await e.parked('things');
      expect(parked).toHaveLength(1);
      expect(parked[0]).toMatchObject({ name: 'things', position: 15, event_id: bad.id, type: 'Thing' });
      expect(parked[0]!.error).toContain('数据不一致: bad payload');
      const [st] = await e.status();
      expect(st).toMatchObject({ position: 30, parked: 1, lagEvents: 0 });
    });

    it.each([false, true])('parks an event whose SQL fails, the failure found even among pipelined writes (%s)', async (pipelineWrites) => {
      await store.appendMany(40);
      const e = engine([counterProjection({ pipelineWrites, duplicateKeyAt: 17 })], { maxAttempts: 2, retryDelayMs: 1 });
      await e.start();
      await e.waitForHead();
      const parked = await e.parked('things');
      expect(parked.map((r) => [r.position, r.event_id])).toEqual([[17, store.events[16]!.id]]);
      expect(parked[0]!.error.toLowerCase()).toMatch(/unique|duplicate/);
      expect(await countRows(db, 'thing_events')).toBe(39);
      expect(await sumCounts(db)).toBe(39);
      expect(await db.get('SELECT position FROM projection_checkpoints WHERE name = ?', ['things'])).toEqual({ position: 40 });
    });

    it('reports lag in events and in seconds from the oldest unprocessed event', async () => {
      await store.appendMany(10);
      const now = new Date('2026-03-01T08:00:00.000Z');
      const e = engine([counterProjection()], { now: () => now });
      await e.start();
      await e.waitForHead();
      await e.stop();
      await store.appendMany(5);
      store.events[10]!.recordedAt = new Date(now.getTime() - 90_000).toISOString();
      const [st] = await e.status();
      expect(st).toMatchObject({ position: 10, headPosition: 15, lagEvents: 5, lagSeconds: 90, state: 'stopped' });
    });

    it('waitFor gives up at its timeout while a projection cannot progress', async () => {
      const e = engine([counterProjection()]);
      await e.start();
      const open = store.hold();
      await store.appendMany(3);
      expect(await e.waitFor(3, { timeoutMs: 150 })).toBe(false);
      open();
      expect(await e.waitFor(3, { timeoutMs: 5000 })).toBe(true);
    });

    it('rebuilds a new version into new tables while the old ones serve, then swaps them in with their indexes', async () => {
      await store.appendMany(100);
      const v1 = engine([counterProjection({ version: 1, step: 1 })]);
      await v1.start();
      await v1.waitForHead();
      await v1.stop();
      expect(await indexesOf(db, 'thing_counts')).toEqual(['thing_counts_by_n']);

      let open: (() => void) | null = null;
      const v2 = engine([
        counterProjection({
          version: 2,
          step: 2,
          onApply: (ev) => {
            if (ev.position === 55 && !open) open = store.hold();
          },
        }),
      ]);
      await v2.start();
      await until(() => store.blockedReads > 0);
      // Frozen after the batch 51..60: the old tables still serve the old answers.
      expect(await sumCounts(db)).toBe(100);
      expect(await sumCounts(db, 'thing_counts__r1')).toBe(120);
      expect(await countRows(db, 'thing_events__r1')).toBe(60);
      const [st] = await v2.status();
      expect(st).toMatchObject({ state: 'rebuilding', version: 2, position: 60, servingPosition: 100, lagEvents: 40 });
      expect(await v2.waitFor(100, { timeoutMs: 50 })).toBe(true); // the rebuilding projection is not waited for
      open!();
      expect(await v2.waitForHead()).toBe(true);
      expect(await sumCounts(db)).toBe(200);
      expect(await countRows(db, 'thing_events')).toBe(100);
      expect(await tableExists(db, 'thing_counts__r1')).toBe(false);
      expect(await tableExists(db, 'thing_events__r1')).toBe(false);
      expect(await indexesOf(db, 'thing_counts')).toEqual(['thing_counts__r1_by_n']);
      const cp = await db.get<{ version: number; position: number; generation: number }>(
        'SELECT version, position, generation FROM projection_checkpoints WHERE name = ?',
        ['things'],
      );
      expect(cp).toEqual({ version: 2, position: 100, generation: 1 });
      expect((await v2.status())[0]).toMatchObject({ state: 'live', version: 2, position: 100 });

      // An explicit rebuild of the same version: a second generation, no index name clash.
      await store.appendMany(7);
      await v2.rebuild('things');
      expect(await sumCounts(db)).toBe(214);
      expect(await indexesOf(db, 'thing_counts')).toEqual(['thing_counts__r2_by_n']);
      expect(await countRows(db, 'projection_rebuilds')).toBe(0);
    });

    it('resumes an interrupted rebuild where it stopped; a newer version discards it', async () => {
      await store.appendMany(100);
      const v1 = engine([counterProjection({ version: 1 })]);
      await v1.start();
      await v1.waitForHead();
      await v1.stop();

      let open: (() => void) | null = null;
      const v2 = engine([counterProjection({ version: 2, step: 2, onApply: (ev) => void (ev.position === 35 && !open && (open = store.hold())) })]);
      await v2.start();
      await until(() => store.blockedReads > 0);
      const stopping = v2.stop();
      open!();
      await stopping;
      const reached = Number((await db.get<{ position: number }>('SELECT position FROM projection_rebuilds WHERE name = ?', ['things']))!.position);
      expect(reached).toBeGreaterThanOrEqual(40);
      expect(reached).toBeLessThan(100);

      store.reads = [];
      const v2again = engine([counterProjection({ version: 2, step: 2 })]);
      await v2again.start();
      await v2again.waitForHead();
      expect(store.reads[0]!.fromPosition).toBe(reached + 1);
      expect(await sumCounts(db)).toBe(200);
      expect(await countRows(db, 'thing_events')).toBe(100);
      await v2again.stop();

      // Interrupt a v3 rebuild, then start v4: v3's half-built tables go, v4 rebuilds from 0.
      open = null;
      store.blockedReads = 0;
      const v3 = engine([counterProjection({ version: 3, step: 3, onApply: (ev) => void (ev.position === 15 && !open && (open = store.hold())) })]);
      await v3.start();
      await until(() => store.blockedReads > 0);
      const stopping3 = v3.stop();
      open!();
      await stopping3;
      expect(await tableExists(db, 'thing_counts__r2')).toBe(true);
      const v4 = engine([counterProjection({ version: 4, step: 4 })]);
      await v4.start();
      await v4.waitForHead();
      expect(await sumCounts(db)).toBe(400);
      expect(await tableExists(db, 'thing_counts__r2')).toBe(false);
      expect(await db.get('SELECT version FROM projection_checkpoints WHERE name = ?', ['things'])).toEqual({ version: 4 });
    });

    it('lets one engine own a projection; another takes over when the owner stops', async () => {
      await store.appendMany(40);
      const db2 = await reopen();
      if (db2 !== db) extraClients.push(db2);
      const a = engine([counterProjection()]);
      await a.start();
      const b = engine([counterProjection()], { db: db2, lockRetryMs: 100 });
      await b.start();
      expect(await b.waitFor(40, { timeoutMs: 5000 })).toBe(true);
      expect((await a.status())[0]!.owner).toBe(true);
      expect((await b.status())[0]).toMatchObject({ owner: false, state: 'stopped', position: 40 });
      await a.stop();
      await store.appendMany(20);
      expect(await b.waitFor(60, { timeoutMs: 5000 })).toBe(true);
      expect((await b.status())[0]).toMatchObject({ owner: true, position: 60 });
      expect(await countRows(db2, 'thing_events')).toBe(60);
      expect(await sumCounts(db2)).toBe(60);
    });
  });
}
