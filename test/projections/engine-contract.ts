import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { ProjectionEngine, type EngineLogger, type ProjectionEngineOptions } from '../../projections/engine/engine';
import type { Projection, SqlClient, TableNamer } from '../../projections/engine/types';
import { cols, insertRows } from '../../projections/sql/bulk';

/**
 * The projection engine's behaviour, run on real stores: the SQLite event store and read store (in
 * memory) in the unit project, the PostgreSQL ones in the int project. `open` gives a fresh, empty
 * read store; `reopen` a second client on the same database (PostgreSQL: another pool, as another
 * process would have).
 */
export interface ReadStoreFactory {
  open(): Promise<{ db: SqlClient; reopen: () => Promise<SqlClient>; cleanup: () => Promise<void> }>;
}

/** A fresh, empty event store whose `recordedAt` comes from `clock`. */
export interface EventStoreFactory {
  open(clock: () => Date): Promise<{ store: EventStore; cleanup: () => Promise<void> }>;
}

export interface EngineStores {
  events: EventStoreFactory;
  read: ReadStoreFactory;
}

const quiet: EngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function until(cond: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const thingMeta = { actorId: 'u', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' };

/**
 * Waits until `position` is readable. PostgreSQL readers see a position only once every older
 * transaction of the server has ended (the store's xmin watermark), and other sessions share it.
 */
export async function visible(store: EventStore, position: number): Promise<void> {
  await until(async () => (await store.headPosition()) >= position, 60_000);
}

/**
 * Appends `n` events of type `type` over `streams` streams, round-robin, one event per append; the
 * appends of one round (one per stream) run at once. Resolves when all are readable, with the last position.
 */
export async function appendMany(store: EventStore, n: number, type = 'Thing', streams = 10): Promise<number> {
  let last = 0;
  for (let i = 0; i < n; i += streams) {
    const round: Promise<{ position: number }>[] = [];
    for (let j = i; j < Math.min(n, i + streams); j++)
      round.push(store.append(`thing-${j % streams}`, [{ type, data: { i: j }, metadata: thingMeta }]));
    for (const r of await Promise.all(round)) last = Math.max(last, r.position);
  }
  await visible(store, last);
  return last;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The event at `position` (positions are 1, 2, 3… in a fresh store). */
async function eventAt(store: EventStore, position: number): Promise<RecordedEvent> {
  const [e] = await store.readAll({ fromPosition: position, limit: 1 });
  expect(e?.position).toBe(position);
  return e!;
}

export interface WriteHold {
  /** Reads the read store while the hold lasts (SQLite: through the holding transaction). */
  reader: SqlClient;
  release(): Promise<void>;
}

/**
 * Another session holding `table`'s writers back while readers go on: on PostgreSQL a transaction
 * with `LOCK TABLE … IN EXCLUSIVE MODE` (row writers wait; SELECTs pass; it takes no transaction id,
 * so event-store readers are not held back). On SQLite there is one connection: the hold is a
 * transaction of its own on it, and every other call waits behind it (`reader` is that transaction).
 * `queued()` resolves once the request waits behind the transaction in flight (or has the lock);
 * `held` once granted.
 */
export function holdWrites(db: SqlClient, table: string): { queued: () => Promise<void>; held: Promise<WriteHold> } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let grant!: (tx: SqlClient) => void;
  let refuse!: (err: unknown) => void;
  const granted = new Promise<SqlClient>((resolve, reject) => {
    grant = resolve;
    refuse = reject;
  });
  const done = db.transaction(async (tx) => {
    if (db.dialect === 'postgres') await tx.run(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    grant(tx);
    await gate;
  });
  done.catch(refuse);
  const held = granted.then((tx) => ({
    reader: db.dialect === 'sqlite' ? tx : db,
    release: async () => {
      open();
      await done;
    },
  }));
  // SQLite queues the transaction at once (FIFO); PostgreSQL shows the lock request in pg_locks.
  const queued = async (): Promise<void> => {
    if (db.dialect !== 'postgres') return;
    await until(async () => {
      const r = await db.get<{ c: number }>(
        `SELECT COUNT(*) AS c FROM pg_locks WHERE relation = to_regclass(?) AND mode = 'ExclusiveLock'`,
        [table],
      );
      return Number(r?.c ?? 0) > 0;
    });
  };
  return { queued, held };
}

/**
 * Freezes an engine between two batches: when the batch being applied reaches `position`, a hold on
 * `table` is asked for; it is granted when that batch commits, and the next batch waits behind it.
 */
function freezeAt(
  db: SqlClient,
  table: string,
  position: number,
): { onApply: (e: RecordedEvent) => Promise<void>; held: () => Promise<WriteHold> } {
  let request: ReturnType<typeof holdWrites> | undefined;
  return {
    async onApply(e) {
      if (e.position !== position || request) return;
      request = holdWrites(db, table);
      await request.queued();
    },
    async held() {
      await until(() => request !== undefined);
      return request!.held;
    },
  };
}

interface CounterOptions {
  version?: number;
  /** Per-event increment: tells which version built a table. */
  step?: number;
  eventTypes?: string[];
  onApply?: (e: RecordedEvent) => void | Promise<void>;
  /** Called with the batch's transaction, before the event's writes. */
  onApplyIn?: (tx: SqlClient, e: RecordedEvent) => Promise<void>;
  name?: string;
  pipelineWrites?: boolean;
  /** At this position, write a row whose key already exists: the SQL (not the JS) fails. */
  duplicateKeyAt?: number;
  /** Also the set-based Projection.applyBatch (multi-row writes of the folded batch); it counts its calls here. */
  batch?: { calls: number };
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
      await db.run(
        `CREATE TABLE IF NOT EXISTS ${t('thing_events')} (event_id TEXT PRIMARY KEY, stream_id TEXT NOT NULL, position BIGINT NOT NULL)`,
      );
    },
    async apply(db, e, t) {
      await o.onApply?.(e);
      await o.onApplyIn?.(db, e);
      // The first event's row is keyed 'first', so that `duplicateKeyAt` can collide with it.
      const id = e.position === 1 || e.position === o.duplicateKeyAt ? 'first' : e.id;
      await db.run(`INSERT INTO ${t('thing_events')} (event_id, stream_id, position) VALUES (?, ?, ?)`, [id, e.streamId, e.position]);
      await db.run(
        `INSERT INTO ${t('thing_counts')} (stream_id, n) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET n = ${t('thing_counts')}.n + ?`,
        [e.streamId, step, step],
      );
    },
    ...(o.batch
      ? {
          async applyBatch(db: SqlClient, events: readonly RecordedEvent[], t: TableNamer) {
            o.batch!.calls++;
            const rows: unknown[][] = [];
            const counts = new Map<string, number>();
            for (const e of events) {
              await o.onApply?.(e);
              await o.onApplyIn?.(db, e);
              rows.push([e.position === 1 || e.position === o.duplicateKeyAt ? 'first' : e.id, e.streamId, e.position]);
              counts.set(e.streamId, (counts.get(e.streamId) ?? 0) + step);
            }
            await insertRows(db, t('thing_events'), cols('event_id', 'stream_id', 'position:bigint'), rows);
            await insertRows(
              db,
              t('thing_counts'),
              cols('stream_id', 'n:integer'),
              [...counts],
              `(stream_id) DO UPDATE SET n = ${t('thing_counts')}.n + excluded.n`,
            );
          },
        }
      : {}),
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

export function engineContract(label: string, stores: EngineStores | null): void {
  describe.skipIf(stores === null)(`projection engine on ${label}`, () => {
    let store: EventStore;
    /** When set, the event store records this as `recordedAt`. */
    let clockNow: Date | null = null;
    let closeStore: () => Promise<void>;
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
      clockNow = null;
      ({ store, cleanup: closeStore } = await stores!.events.open(() => clockNow ?? new Date()));
      ({ db, reopen, cleanup } = await stores!.read.open());
    });

    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop();
      for (const c of extraClients.splice(0)) await c.close();
      await cleanup();
      await closeStore();
    });

    it('catches up in batches, then follows the head live', async () => {
      await appendMany(store, 95);
      // Inside a batch's transaction the checkpoint row tells the batch apart: events grouped by it
      // are the engine's transactions.
      const batches = new Map<number, number[]>();
      const e = engine([
        counterProjection({
          onApplyIn: async (tx, ev) => {
            const cp = await tx.get<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?', ['things']);
            const key = Number(cp!.position);
            batches.set(key, [...(batches.get(key) ?? []), ev.position]);
          },
        }),
      ]);
      await e.start();
      expect(await e.waitForHead()).toBe(true);
      expect(await countRows(db, 'thing_events')).toBe(95);
      expect(await sumCounts(db)).toBe(95);
      const cp = await db.get<{ position: number; version: number }>(
        'SELECT position, version FROM projection_checkpoints WHERE name = ?',
        ['things'],
      );
      expect(cp).toEqual({ position: 95, version: 1 });
      // 95 events in batches of 10: ten transactions or more of 10 events or fewer, not one big one.
      const sizes = [...batches.values()].map((b) => b.length);
      expect(sizes.length).toBeGreaterThanOrEqual(10);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
      expect([...batches.values()].flat()).toEqual(range(1, 95));

      const { position } = await store.append('thing-x', [{ type: 'Thing', data: {}, metadata: thingMeta }]);
      expect(await e.waitFor(position, { timeoutMs: 5000 })).toBe(true);
      expect(await db.get('SELECT n FROM thing_counts WHERE stream_id = ?', ['thing-x'])).toEqual({ n: 1 });
      await visible(store, position);
      const [st] = await e.status();
      expect(st).toMatchObject({
        name: 'things',
        version: 1,
        position: 96,
        headPosition: 96,
        lagEvents: 0,
        lagSeconds: 0,
        parked: 0,
        state: 'live',
      });
    });

    it('restarts from its checkpoint: no event applied twice, none skipped', async () => {
      await appendMany(store, 50);
      const e1 = engine([counterProjection()]);
      await e1.start();
      await e1.waitForHead();
      await e1.stop();
      await appendMany(store, 30);
      const applied: number[] = [];
      const e2 = engine([counterProjection({ onApply: (ev) => void applied.push(ev.position) })]);
      await e2.start();
      await e2.waitForHead();
      // The second engine starts reading at 51: it applies 51..80, once each, and nothing before.
      expect(applied).toEqual(range(51, 80));
      expect(await countRows(db, 'thing_events')).toBe(80);
      expect(await sumCounts(db)).toBe(80);
      expect((await e2.status())[0]!.parked).toBe(0);
    });

    it('hands a projection only its event types and still moves its checkpoint past the others', async () => {
      await appendMany(store, 25, 'Other');
      await appendMany(store, 3, 'Wanted');
      const head = await appendMany(store, 25, 'Other');
      expect(head).toBe(53);
      for (const storeFilter of [true, false]) {
        const name = storeFilter ? 'wanted_store' : 'wanted_local';
        const seen: string[] = [];
        const p: Projection = {
          name,
          version: 1,
          tables: [],
          eventTypes: ['Wanted'],
          setup: async () => undefined,
          apply: async (_db, ev) => void seen.push(ev.type),
        };
        const e = engine([p], { storeFilter });
        await e.start();
        expect(await e.waitFor(head)).toBe(true);
        expect(seen).toEqual(['Wanted', 'Wanted', 'Wanted']);
        const cp = await db.get<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?', [name]);
        expect(cp!.position).toBe(53);
        await e.stop();
      }
    });

    it.each([false, true])(
      'retries a failing event, parks it with its error, and applies the rest of the batch (pipelined writes: %s)',
      async (pipelineWrites) => {
        await appendMany(store, 30);
        let tries = 0;
        let flaky = 0;
        const bad = await eventAt(store, 15);
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
      },
    );

    it.each([false, true])('parks an event whose SQL fails, the failure found even among pipelined writes (%s)', async (pipelineWrites) => {
      await appendMany(store, 40);
      const e = engine([counterProjection({ pipelineWrites, duplicateKeyAt: 17 })], { maxAttempts: 2, retryDelayMs: 1 });
      await e.start();
      await e.waitForHead();
      const parked = await e.parked('things');
      expect(parked.map((r) => [r.position, r.event_id])).toEqual([[17, (await eventAt(store, 17)).id]]);
      expect(parked[0]!.error.toLowerCase()).toMatch(/unique|duplicate/);
      expect(await countRows(db, 'thing_events')).toBe(39);
      expect(await sumCounts(db)).toBe(39);
      expect(await db.get('SELECT position FROM projection_checkpoints WHERE name = ?', ['things'])).toEqual({ position: 40 });
    });

    it.each(['js', 'sql'])(
      'applyBatch: a batch with a poison event (%s) goes again event by event; only that event is parked',
      async (kind) => {
        await appendMany(store, 45);
        const bad = await eventAt(store, 23);
        const batch = { calls: 0 };
        const p = counterProjection({
          batch,
          pipelineWrites: true,
          ...(kind === 'js'
            ? {
                onApply: (ev: RecordedEvent) => {
                  if (ev.id === bad.id) throw new Error('数据不一致: bad payload');
                },
              }
            : { duplicateKeyAt: 23 }),
        });
        const e = engine([p], { maxAttempts: 2, retryDelayMs: 1 });
        await e.start();
        await e.waitForHead();
        // 5 batches of 10 (the last short), each tried set-based first
        expect(batch.calls).toBe(5);
        const parked = await e.parked('things');
        expect(parked.map((r) => [r.position, r.event_id])).toEqual([[23, bad.id]]);
        expect(await countRows(db, 'thing_events')).toBe(44);
        expect(await sumCounts(db)).toBe(44);
        expect(await db.get('SELECT position FROM projection_checkpoints WHERE name = ?', ['things'])).toEqual({ position: 45 });
      },
    );

    it('reports lag in events and in seconds from the oldest unprocessed event', async () => {
      await appendMany(store, 10);
      const now = new Date('2026-03-01T08:00:00.000Z');
      const e = engine([counterProjection()], { now: () => now });
      await e.start();
      await e.waitForHead();
      await e.stop();
      // The next five are recorded 90 s before the engine's "now".
      clockNow = new Date(now.getTime() - 90_000);
      await appendMany(store, 5);
      expect((await eventAt(store, 11)).recordedAt).toBe('2026-03-01T07:58:30.000Z');
      const [st] = await e.status();
      expect(st).toMatchObject({ position: 10, headPosition: 15, lagEvents: 5, lagSeconds: 90, state: 'stopped' });
    });

    it('waitFor gives up at its timeout while a projection cannot progress (its read store held by another writer)', async () => {
      const e = engine([counterProjection()]);
      await e.start();
      const hold = await holdWrites(db, 'projection_checkpoints').held;
      await appendMany(store, 3);
      expect(await e.waitFor(3, { timeoutMs: 150 })).toBe(false);
      expect(await countRows(hold.reader, 'thing_events')).toBe(0);
      await hold.release();
      expect(await e.waitFor(3, { timeoutMs: 5000 })).toBe(true);
      expect(await countRows(db, 'thing_events')).toBe(3);
    });

    it('rebuilds a new version into new tables while the old ones serve, then swaps them in with their indexes', async () => {
      await appendMany(store, 100);
      const v1 = engine([counterProjection({ version: 1, step: 1 })]);
      await v1.start();
      await v1.waitForHead();
      await v1.stop();
      expect(await indexesOf(db, 'thing_counts')).toEqual(['thing_counts_by_n']);

      const freeze = freezeAt(db, 'projection_rebuilds', 55);
      const v2 = engine([counterProjection({ version: 2, step: 2, onApply: freeze.onApply })]);
      await v2.start();
      const hold = await freeze.held();
      // Frozen after the batch 51..60: the old tables still serve the old answers.
      expect(await sumCounts(hold.reader)).toBe(100);
      expect(await sumCounts(hold.reader, 'thing_counts__r1')).toBe(120);
      expect(await countRows(hold.reader, 'thing_events__r1')).toBe(60);
      // PostgreSQL answers status() while frozen; SQLite's one connection answers once the hold ends
      // (the positions in it are taken now).
      const frozen = v2.status();
      if (db.dialect === 'postgres') await frozen;
      expect(await v2.waitFor(100, { timeoutMs: 50 })).toBe(true); // the rebuilding projection is not waited for
      await hold.release();
      expect((await frozen)[0]).toMatchObject({ state: 'rebuilding', version: 2, position: 60, servingPosition: 100, lagEvents: 40 });
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
      await appendMany(store, 7);
      await v2.rebuild('things');
      expect(await sumCounts(db)).toBe(214);
      expect(await indexesOf(db, 'thing_counts')).toEqual(['thing_counts__r2_by_n']);
      expect(await countRows(db, 'projection_rebuilds')).toBe(0);
    });

    it('resumes an interrupted rebuild where it stopped; a newer version discards it', async () => {
      await appendMany(store, 100);
      const v1 = engine([counterProjection({ version: 1 })]);
      await v1.start();
      await v1.waitForHead();
      await v1.stop();

      const freeze = freezeAt(db, 'projection_rebuilds', 35);
      const v2 = engine([counterProjection({ version: 2, step: 2, onApply: freeze.onApply })]);
      await v2.start();
      const hold = await freeze.held();
      const stopping = v2.stop();
      await hold.release();
      await stopping;
      const reached = Number(
        (await db.get<{ position: number }>('SELECT position FROM projection_rebuilds WHERE name = ?', ['things']))!.position,
      );
      expect(reached).toBeGreaterThanOrEqual(40);
      expect(reached).toBeLessThan(100);

      const applied: number[] = [];
      const v2again = engine([counterProjection({ version: 2, step: 2, onApply: (ev) => void applied.push(ev.position) })]);
      await v2again.start();
      await v2again.waitForHead();
      // It goes on from the rebuild's position: nothing before it again, nothing after it missed.
      expect(applied).toEqual(range(reached + 1, 100));
      expect(await sumCounts(db)).toBe(200);
      expect(await countRows(db, 'thing_events')).toBe(100);
      await v2again.stop();

      // Interrupt a v3 rebuild, then start v4: v3's half-built tables go, v4 rebuilds from 0.
      const freeze3 = freezeAt(db, 'projection_rebuilds', 15);
      const v3 = engine([counterProjection({ version: 3, step: 3, onApply: freeze3.onApply })]);
      await v3.start();
      const hold3 = await freeze3.held();
      const stopping3 = v3.stop();
      await hold3.release();
      await stopping3;
      expect(await tableExists(db, 'thing_counts__r2')).toBe(true);
      const v4 = engine([counterProjection({ version: 4, step: 4 })]);
      await v4.start();
      await v4.waitForHead();
      expect(await sumCounts(db)).toBe(400);
      expect(await tableExists(db, 'thing_counts__r2')).toBe(false);
      expect(await db.get('SELECT version FROM projection_checkpoints WHERE name = ?', ['things'])).toEqual({ version: 4 });
    });

    it('applies each event once even when two engines both think they own the projection', async () => {
      // Without a lock (SQLite across processes, or a PostgreSQL lock lost with its connection) the
      // guarded checkpoint (UPDATE … WHERE position = the one this engine read) makes the second
      // writer of a batch roll back and re-read instead of applying it twice.
      await appendMany(store, 3000, 'Thing', 37);
      const other = await reopen();
      if (other !== db) extraClients.push(other);
      const noLock: SqlClient = {
        dialect: other.dialect,
        run: (sql, p) => other.run(sql, p),
        all: (sql, p) => other.all(sql, p),
        get: (sql, p) => other.get(sql, p),
        transaction: (fn, o) => other.transaction(fn, o),
        close: () => other.close(),
      };
      const lost: string[] = [];
      const logger = { ...quiet, warn: (_o: object, msg: string) => void lost.push(msg) };
      const ea = engine([counterProjection()], { batchSize: 50, logger });
      const eb = engine([counterProjection()], { db: noLock, batchSize: 50, logger });
      await ea.start();
      await eb.start();
      expect(await ea.waitForHead({ timeoutMs: 60_000 })).toBe(true);
      expect(await eb.waitForHead({ timeoutMs: 60_000 })).toBe(true);
      await ea.stop();
      await eb.stop();
      expect(await countRows(db, 'thing_events')).toBe(3000);
      expect(await db.get('SELECT SUM(n) AS s, COUNT(*) AS streams FROM thing_counts')).toEqual({ s: 3000, streams: 37 });
      expect(await countRows(db, 'projection_parked')).toBe(0);
      // They did collide (otherwise this test proves nothing).
      expect(lost.filter((m) => m.includes('ownership lost')).length).toBeGreaterThan(0);
    });

    it('lets one engine own a projection; another takes over when the owner stops', async () => {
      await appendMany(store, 40);
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
      await appendMany(store, 20);
      expect(await b.waitFor(60, { timeoutMs: 5000 })).toBe(true);
      expect((await b.status())[0]).toMatchObject({ owner: true, position: 60 });
      expect(await countRows(db2, 'thing_events')).toBe(60);
      expect(await sumCounts(db2)).toBe(60);
    });
  });
}
