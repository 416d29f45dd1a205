import type { Subscription } from 'rxjs';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { assertIdentifier } from '../sql/placeholders';
import { ensureSystemTables, type CheckpointRow, type ParkedRow, type RebuildRow } from './system-tables';
import type { Projection, ProjectionStatus, SqlClient, SqlLock, TableNamer } from './types';

/** pino-compatible (`logger.warn({ … }, 'message')`). */
export interface EngineLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ProjectionEngineOptions {
  /** The event log, read only through the port. */
  store: EventStore;
  /** The read store that holds the read models and the engine's checkpoints. */
  db: SqlClient;
  projections?: readonly Projection[];
  /** Events per read and per read-model transaction (default 2000). */
  batchSize?: number;
  /** Tries of one failing event before it is parked (default 3). */
  maxAttempts?: number;
  /** Pause between tries of a failing event, times the try number (default 10 ms). */
  retryDelayMs?: number;
  /** The head is polled this often in case a wake-up was missed, e.g. a writer in another process (default 1000 ms). */
  pollIntervalMs?: number;
  /** A process that does not own a projection tries to take it over this often (default 5000 ms). */
  lockRetryMs?: number;
  /**
   * Projections with `eventTypes` ask the store for those types only (default true): a projection
   * that wants 2 types out of 100 does not decode the other 98. false: read all, filter here.
   */
  storeFilter?: boolean;
  logger?: EngineLogger;
  now?: () => Date;
}

const consoleLogger: EngineLogger = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(`[projections] ${msg}`, obj),
  error: (obj, msg) => console.error(`[projections] ${msg}`, obj),
};

class ApplyFailure extends Error {
  constructor(
    readonly event: RecordedEvent,
    readonly original: unknown,
  ) {
    super(`apply failed at position ${event.position}`);
  }
}

/** Projection.applyBatch threw: the batch goes again event by event, so the poison one is found and parked. */
class BatchFailure extends Error {
  constructor(readonly original: unknown) {
    super('batch apply failed');
  }
}

class LostOwnership extends Error {}

interface Target {
  /** 'serving': the canonical tables; 'rebuild': the new tables being filled. */
  kind: 'serving' | 'rebuild';
  version: number;
  generation: number;
  position: number;
  /** Physical table names. */
  tables: string[];
  namer: TableNamer;
  /**
   * Projection.deferIndexes: the full `setup` (its secondary indexes) is still to be run on these
   * tables, once they have caught up with the head (serving) or before they are swapped in (rebuild).
   */
  indexesPending: boolean;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function namerFor(p: Projection, physical: (logical: string) => string): TableNamer {
  const map = new Map<string, string>();
  for (const l of p.tables) map.set(l, physical(l));
  return (logical: string) => {
    const name = map.get(logical);
    if (name === undefined) throw new Error(`projection ${p.name}: table "${logical}" is not in its tables list`);
    return name;
  };
}

/** Physical name of `logical` in rebuild generation `generation`. */
export function rebuildTableName(logical: string, generation: number): string {
  return `${logical}__r${generation}`;
}

class Runner {
  owned = false;
  lock: SqlLock | null = null;
  state: ProjectionStatus['state'] = 'stopped';
  serving: Target | null = null;
  rebuild: Target | null = null;
  rebuildRequested = false;
  rebuildWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  lastError: string | null = null;
  loop: Promise<void> | null = null;
  private signalled = false;
  private wakeUp: (() => void) | null = null;
  private readonly types: ReadonlySet<string> | null;

  constructor(
    readonly p: Projection,
    private readonly engine: ProjectionEngine,
    private readonly o: Required<Omit<ProjectionEngineOptions, 'projections'>>,
  ) {
    this.types = p.eventTypes ? new Set(p.eventTypes) : null;
  }

  get db(): SqlClient {
    return this.o.db;
  }

  private now(): string {
    return this.o.now().toISOString();
  }

  /** Head moved, rebuild asked, or (force) stop. A standby is not woken by the head: it retries its lock on a timer. */
  wake(force = false): void {
    if (!this.owned && !force) return;
    this.signalled = true;
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  /** Waits for a wake-up (head moved, a rebuild asked, stop) or `ms`. */
  private idle(ms: number): Promise<void> {
    if (this.signalled) {
      this.signalled = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.signalled = false;
        resolve();
      };
    });
  }

  /** Takes ownership (PostgreSQL advisory lock), then reads or creates the checkpoint. */
  async tryOwn(): Promise<boolean> {
    if (this.owned) return true;
    const lock = this.db.tryLock ? await this.db.tryLock(`oa.projection:${this.p.name}`) : { release: async () => undefined };
    if (!lock) {
      this.state = 'stopped';
      await this.refreshFromDb();
      return false;
    }
    try {
      await this.init();
    } catch (err) {
      await lock.release();
      throw err;
    }
    this.lock = lock;
    this.owned = true;
    return true;
  }

  async release(): Promise<void> {
    this.owned = false;
    const lock = this.lock;
    this.lock = null;
    if (lock) await lock.release().catch(() => undefined);
  }

  private servingTarget(cp: CheckpointRow, indexesPending = false): Target {
    return {
      kind: 'serving',
      version: Number(cp.version),
      generation: Number(cp.generation),
      position: Number(cp.position),
      tables: JSON.parse(cp.tables) as string[],
      namer: namerFor(this.p, (l) => l),
      indexesPending,
    };
  }

  private rebuildTarget(rb: RebuildRow): Target {
    const generation = Number(rb.generation);
    return {
      kind: 'rebuild',
      version: Number(rb.version),
      generation,
      position: Number(rb.position),
      tables: JSON.parse(rb.tables) as string[],
      namer: namerFor(this.p, (l) => rebuildTableName(l, generation)),
      indexesPending: this.p.deferIndexes === true,
    };
  }

  private async init(): Promise<void> {
    const p = this.p;
    await this.db.transaction(async (tx) => {
      let cp = await tx.get<CheckpointRow>('SELECT * FROM projection_checkpoints WHERE name = ?', [p.name]);
      const rb = await tx.get<RebuildRow>('SELECT * FROM projection_rebuilds WHERE name = ?', [p.name]);
      let resume: RebuildRow | undefined;
      if (rb && cp && Number(rb.version) === p.version) resume = rb;
      else if (rb) await this.dropRebuild(tx, rb);
      // Projection.deferIndexes: tables far behind the head fill without their secondary indexes,
      // built once they have caught up (completeIndexes).
      let indexesPending = false;
      if (!cp) {
        // First start: the canonical tables, built live from position 0 — unindexed when more than a
        // batch behind the head (a new read store over an existing log).
        indexesPending = p.deferIndexes === true && this.engine.head > this.o.batchSize;
        await p.setup(
          tx,
          namerFor(p, (l) => l),
          { deferIndexes: indexesPending },
        );
        await tx.run(
          'INSERT INTO projection_checkpoints (name, version, position, generation, tables, updated_at) VALUES (?, ?, 0, 0, ?, ?)',
          [p.name, p.version, JSON.stringify(p.tables), this.now()],
        );
        cp = (await tx.get<CheckpointRow>('SELECT * FROM projection_checkpoints WHERE name = ?', [p.name]))!;
      } else if (p.deferIndexes === true && Number(cp.version) === p.version) {
        // A restart (tables of another version are replaced by a rebuild: never this version's setup
        // on them). The previous process may have stopped in a deferred fill: far behind, the indexes
        // are built when it catches up; near the head, now (IF NOT EXISTS: usually nothing to do), so
        // that no index build comes after start() in the normal case.
        if (this.engine.head - Number(cp.position) > this.o.batchSize) indexesPending = true;
        else
          await p.setup(
            tx,
            namerFor(p, (l) => l),
          );
      }
      this.serving = this.servingTarget(cp, indexesPending);
      this.rebuild = resume ? this.rebuildTarget(resume) : null;
    });
    if (!this.rebuild && this.serving!.version !== p.version) {
      this.o.logger.info({ projection: p.name, from: this.serving!.version, to: p.version }, 'projection version changed: rebuilding');
      this.rebuildRequested = true;
    }
    this.state = this.rebuild || this.rebuildRequested ? 'rebuilding' : 'catching_up';
  }

  private async dropRebuild(tx: SqlClient, rb: RebuildRow): Promise<void> {
    for (const t of JSON.parse(rb.tables) as string[]) await tx.run(`DROP TABLE IF EXISTS ${assertIdentifier(t, 'table name')}`);
    await tx.run('DELETE FROM projection_rebuilds WHERE name = ?', [rb.name]);
    await tx.run('DELETE FROM projection_parked WHERE name = ? AND generation = ?', [rb.name, rb.generation]);
  }

  /** Creates empty new tables `<table>__r<generation>` and a rebuild row at position 0. */
  private async startRebuild(): Promise<void> {
    const p = this.p;
    const generation = Math.max(this.serving!.generation, this.rebuild?.generation ?? 0) + 1;
    const tables = p.tables.map((l) => rebuildTableName(l, generation));
    const target: Target = {
      kind: 'rebuild',
      version: p.version,
      generation,
      position: 0,
      tables,
      namer: namerFor(p, (l) => rebuildTableName(l, generation)),
      indexesPending: p.deferIndexes === true,
    };
    await this.db.transaction(async (tx) => {
      const old = await tx.get<RebuildRow>('SELECT * FROM projection_rebuilds WHERE name = ?', [p.name]);
      if (old) await this.dropRebuild(tx, old);
      for (const t of tables) await tx.run(`DROP TABLE IF EXISTS ${assertIdentifier(t, 'table name')}`);
      await tx.run('DELETE FROM projection_parked WHERE name = ? AND generation = ?', [p.name, generation]);
      // The new tables serve nobody until the swap: filled without secondary indexes (Projection.deferIndexes).
      await p.setup(tx, target.namer, { deferIndexes: p.deferIndexes === true });
      const now = this.now();
      await tx.run(
        'INSERT INTO projection_rebuilds (name, version, generation, position, tables, started_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
        [p.name, p.version, generation, JSON.stringify(tables), now, now],
      );
    });
    this.rebuild = target;
    this.rebuildRequested = false;
    this.state = 'rebuilding';
    this.o.logger.info({ projection: p.name, generation, tables }, 'rebuild started');
  }

  /**
   * Runs the projection's full `setup` on tables filled without their secondary indexes (IF NOT
   * EXISTS: only the indexes are new). One sorted index build instead of millions of B-tree updates.
   */
  private async completeIndexes(target: Target): Promise<void> {
    if (!target.indexesPending) return;
    const started = performance.now();
    await this.db.transaction((tx) => this.p.setup(tx, target.namer));
    target.indexesPending = false;
    this.o.logger.info({ projection: this.p.name, tables: target.tables, ms: Math.round(performance.now() - started) }, 'indexes built');
  }

  /** Old tables out, new tables in under the canonical names, checkpoint moved: one transaction. */
  private async swap(): Promise<void> {
    const p = this.p;
    const rb = this.rebuild!;
    const serving = this.serving!;
    // The new tables with all their indexes, before they serve.
    await this.completeIndexes(rb);
    await this.db.transaction(async (tx) => {
      for (const t of serving.tables) await tx.run(`DROP TABLE IF EXISTS ${assertIdentifier(t, 'table name')}`);
      for (const l of p.tables)
        await tx.run(`ALTER TABLE ${assertIdentifier(rb.namer(l), 'table name')} RENAME TO ${assertIdentifier(l, 'table name')}`);
      const r = await tx.run(
        'UPDATE projection_checkpoints SET version = ?, position = ?, generation = ?, tables = ?, updated_at = ? WHERE name = ? AND generation = ? AND position = ?',
        [rb.version, rb.position, rb.generation, JSON.stringify(p.tables), this.now(), p.name, serving.generation, serving.position],
      );
      if (r.changes !== 1) throw new LostOwnership(`projection ${p.name}: checkpoint changed under us`);
      await tx.run('DELETE FROM projection_rebuilds WHERE name = ?', [p.name]);
      await tx.run('DELETE FROM projection_parked WHERE name = ? AND generation <> ?', [p.name, rb.generation]);
    });
    this.serving = {
      kind: 'serving',
      version: rb.version,
      generation: rb.generation,
      position: rb.position,
      tables: [...p.tables],
      namer: namerFor(p, (l) => l),
      indexesPending: false,
    };
    this.rebuild = null;
    this.state = 'catching_up';
    this.o.logger.info({ projection: p.name, version: rb.version, position: rb.position }, 'rebuild swapped in');
    for (const w of this.rebuildWaiters.splice(0)) w.resolve();
    this.engine.progressed();
  }

  /**
   * Moves the target's position in `tx`, guarded by the position this runner last committed: a
   * second writer (a lost lock, a second process on one SQLite file) fails here and rolls back.
   */
  private async writePosition(tx: SqlClient, target: Target, position: number): Promise<void> {
    const table = target.kind === 'rebuild' ? 'projection_rebuilds' : 'projection_checkpoints';
    const rows = await tx.all(
      `UPDATE ${table} SET position = ?, updated_at = ? WHERE name = ? AND generation = ? AND position = ? RETURNING name`,
      [position, this.now(), this.p.name, target.generation, target.position],
    );
    if (rows.length !== 1) throw new LostOwnership(`projection ${this.p.name}: checkpoint moved by someone else`);
  }

  /** Applies `events` and moves the checkpoint to `to`, in one transaction. */
  private async applyBatch(target: Target, events: readonly RecordedEvent[], to: number): Promise<void> {
    const p = this.p;
    const pipelined = p.pipelineWrites === true && this.db.dialect === 'postgres';
    const batched = p.applyBatch !== undefined && events.length > 0;
    try {
      await this.db.transaction(
        async (tx) => {
          // The guarded checkpoint first: it locks the checkpoint row for this transaction, and a
          // second writer finds out before it applies anything.
          await this.writePosition(tx, target, to);
          if (batched) {
            try {
              await p.applyBatch!(tx, events, target.namer);
            } catch (err) {
              throw new BatchFailure(err);
            }
            return;
          }
          for (const e of events) {
            try {
              await p.apply(tx, e, target.namer);
            } catch (err) {
              throw new ApplyFailure(e, err);
            }
          }
        },
        { pipelineWrites: pipelined },
      );
    } catch (err) {
      // Pipelined writes report a failure at the next flush, maybe past its event; a failed batch
      // handler does not say which event was bad: either way, the batch again one event at a time.
      if (err instanceof LostOwnership) throw err;
      if (!(err instanceof ApplyFailure) && !(err instanceof BatchFailure) && !pipelined && !batched) throw err;
      if (batched) {
        this.o.logger.warn(
          {
            projection: p.name,
            from: events[0]!.position,
            to,
            error: errorText(err instanceof BatchFailure ? err.original : err).split('\n')[0],
          },
          'batch apply failed; applying the batch event by event',
        );
      }
      await this.applyCarefully(target, events, to);
    }
    target.position = to;
  }

  /** The batch again, one savepoint per event: a failing event is retried, then parked; the rest commits. */
  private async applyCarefully(target: Target, events: readonly RecordedEvent[], to: number): Promise<void> {
    const p = this.p;
    const parked: Array<{ e: RecordedEvent; error: string }> = [];
    await this.db.transaction(async (tx) => {
      parked.length = 0;
      await this.writePosition(tx, target, to);
      for (const e of events) {
        for (let attempt = 1; ; attempt++) {
          await tx.run('SAVEPOINT projection_event');
          try {
            await p.apply(tx, e, target.namer);
            await tx.run('RELEASE SAVEPOINT projection_event');
            break;
          } catch (err) {
            await tx.run('ROLLBACK TO SAVEPOINT projection_event');
            await tx.run('RELEASE SAVEPOINT projection_event');
            if (attempt < this.o.maxAttempts) {
              await sleep(this.o.retryDelayMs * attempt);
              continue;
            }
            const error = errorText(err).slice(0, 4000);
            await tx.run(
              `INSERT INTO projection_parked (name, version, generation, position, event_id, type, error, parked_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, generation, position) DO NOTHING`,
              [p.name, target.version, target.generation, e.position, e.id, e.type, error, this.now()],
            );
            parked.push({ e, error });
            break;
          }
        }
      }
    });
    for (const { e, error } of parked) {
      this.o.logger.warn({ projection: p.name, position: e.position, eventId: e.id, type: e.type, error }, 'event parked');
    }
  }

  /**
   * Reads the batch that starts after `from`: the events to apply (only this projection's types)
   * and the position the checkpoint may move to once they are applied.
   */
  private async readBatch(from: number): Promise<{ events: RecordedEvent[]; to: number; read: number }> {
    const store = this.o.store;
    const batch = this.o.batchSize;
    if (this.types && this.o.storeFilter) {
      // Everything up to `head` is readable now; a short filtered read therefore covers all of it.
      const head = await store.headPosition();
      this.engine.noteHead(head);
      const events = await store.readAll({ fromPosition: from + 1, limit: batch, types: this.p.eventTypes });
      const last = events.length > 0 ? events[events.length - 1]!.position : 0;
      return { events, read: events.length, to: events.length === batch ? last : Math.max(head, last) };
    }
    const all = await store.readAll({ fromPosition: from + 1, limit: batch });
    const to = all.length > 0 ? all[all.length - 1]!.position : from;
    return { events: this.types ? all.filter((e) => this.types!.has(e.type)) : all, read: all.length, to };
  }

  /** The next batch, read while the current one is being applied (catch-up only: a full batch came before). */
  private readAhead: { target: Target; from: number; result: Promise<{ events: RecordedEvent[]; to: number; read: number }> } | null = null;

  /** One batch. Returns true when there may be more to read at once. */
  private async step(): Promise<boolean> {
    const target = this.rebuild ?? this.serving!;
    const batch = this.o.batchSize;
    this.signalled = false;
    if (this.engine.head <= target.position) {
      this.readAhead = null;
      if (target.kind === 'rebuild') await this.swap();
      else await this.completeIndexes(target);
      return false;
    }
    const ahead = this.readAhead;
    this.readAhead = null;
    const { events, to, read } =
      ahead && ahead.target === target && ahead.from === target.position ? await ahead.result : await this.readBatch(target.position);
    if (this.engine.stopping) return false;
    if (read === batch && to > target.position) {
      // Catching up: fetch the next batch from the store while this one is written to the read store.
      const result = this.readBatch(to);
      result.catch(() => undefined); // reported when (if) it is used
      this.readAhead = { target, from: to, result };
    }
    if (to > target.position) {
      await this.applyBatch(target, events, to);
      // Caught up: the serving tables get their indexes before anyone is told they are at the head.
      if (target.kind === 'serving' && (read < batch || to >= this.engine.head)) await this.completeIndexes(target);
      this.engine.progressed();
    }
    if (read < batch) {
      if (target.kind === 'rebuild') await this.swap();
      return false;
    }
    return true;
  }

  async refreshFromDb(): Promise<void> {
    const cp = await this.db.get<CheckpointRow>('SELECT * FROM projection_checkpoints WHERE name = ?', [this.p.name]);
    this.serving = cp ? this.servingTarget(cp) : null;
    const rb = await this.db.get<RebuildRow>('SELECT * FROM projection_rebuilds WHERE name = ?', [this.p.name]);
    this.rebuild = rb ? this.rebuildTarget(rb) : null;
  }

  async run(): Promise<void> {
    let backoff = 0;
    while (!this.engine.stopping) {
      try {
        if (!this.owned) {
          if (!(await this.tryOwn())) {
            await this.idle(this.o.lockRetryMs);
            continue;
          }
        }
        if (this.rebuildRequested) await this.startRebuild();
        const more = await this.step();
        backoff = 0;
        this.lastError = null;
        if (more) {
          if (!this.rebuild) this.state = 'catching_up';
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else {
          if (!this.rebuild) this.state = 'live';
          await this.idle(this.o.pollIntervalMs);
        }
      } catch (err) {
        if (this.engine.stopping) break;
        this.lastError = errorText(err).split('\n')[0]!;
        if (err instanceof LostOwnership) {
          // Someone else moved the checkpoint (a second process on the same SQLite file, or a lost
          // PostgreSQL lock): nothing was applied; re-read the checkpoint and carry on from there.
          this.o.logger.warn({ projection: this.p.name, error: this.lastError }, 'projection ownership lost; re-reading checkpoint');
          await this.release();
          await this.idle(Math.floor(Math.random() * 20));
          continue;
        }
        this.o.logger.error({ projection: this.p.name, error: this.lastError }, 'projection loop error; retrying');
        backoff = Math.min(Math.max(100, backoff * 2), 5000);
        await this.idle(backoff);
      }
    }
    for (const w of this.rebuildWaiters.splice(0)) w.reject(new Error('projection engine stopped'));
    this.state = 'stopped';
  }

  position(): number {
    return (this.rebuild ?? this.serving)?.position ?? 0;
  }
}

/**
 * Runs projections (ARCHITECTURE §7): each catches up from its checkpoint in batches, then follows
 * the head; every batch's read-model changes and the new checkpoint commit in one transaction, so
 * a crash at any point neither loses nor repeats an effect.
 *
 * ```ts
 * const engine = new ProjectionEngine({ store, db: await openReadStore(url), projections: [inbox, registry] });
 * await engine.start();                 // tables exist when this resolves; catch-up runs in background
 * await engine.waitFor(result.position) // read-your-writes after a command
 * await engine.status()                 // for /api/health
 * await engine.stop();
 * ```
 */
export class ProjectionEngine {
  /** The highest head position seen (from watchHead, polling, waitFor). */
  head = 0;
  stopping = false;
  private readonly runners = new Map<string, Runner>();
  private readonly o: Required<Omit<ProjectionEngineOptions, 'projections'>>;
  private started = false;
  private headSub: Subscription | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private progressWaiters = new Set<() => void>();

  constructor(options: ProjectionEngineOptions) {
    this.o = {
      store: options.store,
      db: options.db,
      batchSize: options.batchSize ?? 2000,
      maxAttempts: options.maxAttempts ?? 3,
      retryDelayMs: options.retryDelayMs ?? 10,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      lockRetryMs: options.lockRetryMs ?? 5000,
      storeFilter: options.storeFilter ?? true,
      logger: options.logger ?? consoleLogger,
      now: options.now ?? (() => new Date()),
    };
    for (const p of options.projections ?? []) this.register(p);
  }

  register(p: Projection): this {
    if (this.started) throw new Error('register projections before start()');
    assertIdentifier(p.name, 'projection name');
    if (!Number.isInteger(p.version) || p.version < 1) throw new Error(`projection ${p.name}: version must be a positive integer`);
    for (const t of p.tables) {
      assertIdentifier(t, 'table name');
      if (/__r\d+$/.test(t)) throw new Error(`projection ${p.name}: table name ${t} looks like a rebuild table`);
    }
    if (this.runners.has(p.name)) throw new Error(`projection ${p.name} registered twice`);
    this.runners.set(p.name, new Runner(p, this, this.o));
    return this;
  }

  /** Creates the engine's tables, takes ownership and sets up each projection, then runs them in the background. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await ensureSystemTables(this.o.db);
    this.noteHead(await this.o.store.headPosition());
    for (const r of this.runners.values()) await r.tryOwn();
    this.headSub = this.o.store.watchHead().subscribe({
      next: (h) => this.noteHead(h),
      error: (err) => this.o.logger.error({ error: errorText(err) }, 'watchHead failed; polling only'),
    });
    this.pollTimer = setInterval(() => {
      this.o.store.headPosition().then(
        (h) => this.noteHead(h, true),
        () => undefined,
      );
    }, this.o.pollIntervalMs);
    this.pollTimer.unref();
    for (const r of this.runners.values()) r.loop = r.run();
  }

  /** Stops every loop after its current batch and releases ownership. Closes neither the store nor the db. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.headSub?.unsubscribe();
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const r of this.runners.values()) r.wake(true);
    for (const r of this.runners.values()) await r.loop;
    for (const r of this.runners.values()) await r.release();
    this.progressed();
  }

  /** @internal */
  noteHead(head: number, always = false): void {
    if (head > this.head || always) {
      this.head = Math.max(this.head, head);
      for (const r of this.runners.values()) r.wake();
    }
  }

  /** @internal */
  progressed(): void {
    const ws = [...this.progressWaiters];
    this.progressWaiters.clear();
    for (const w of ws) w();
  }

  private runnersFor(names?: readonly string[]): Runner[] {
    if (!names) return [...this.runners.values()];
    return names.map((n) => {
      const r = this.runners.get(n);
      if (!r) throw new Error(`unknown projection ${n}`);
      return r;
    });
  }

  /**
   * Resolves true when every projection (or those named) has applied everything up to `position`
   * to the tables it serves; false on timeout. A projection that is rebuilding serves its old tables
   * and is not waited for. The read-your-writes helper: `await engine.waitFor(appendResult.position)`.
   */
  async waitFor(position: number, options: { timeoutMs?: number; projections?: readonly string[] } = {}): Promise<boolean> {
    const runners = this.runnersFor(options.projections);
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    this.noteHead(position);
    for (;;) {
      const standby = runners.filter((r) => !r.owned);
      for (const r of standby) await r.refreshFromDb().catch(() => undefined);
      const done = runners.every((r) => r.rebuild !== null || r.rebuildRequested || (r.serving?.position ?? 0) >= position);
      if (done) return true;
      const left = deadline - Date.now();
      if (left <= 0 || this.stopping) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, standby.length > 0 ? Math.min(left, 50) : left);
        this.progressWaiters.add(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits until every projection has reached the store's current head (rebuilds included). */
  async waitForHead(options: { timeoutMs?: number } = {}): Promise<boolean> {
    const head = await this.o.store.headPosition();
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    this.noteHead(head);
    for (;;) {
      const runners = [...this.runners.values()];
      for (const r of runners) if (!r.owned) await r.refreshFromDb().catch(() => undefined);
      if (runners.every((r) => r.rebuild === null && !r.rebuildRequested && (r.serving?.position ?? 0) >= head)) return true;
      const left = deadline - Date.now();
      if (left <= 0 || this.stopping) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.progressWaiters.add(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Rebuilds a projection into new tables from position 0 while the current ones keep serving, then
   * swaps them in. Resolves when swapped. Only in the process that owns the projection.
   */
  rebuild(name: string): Promise<void> {
    const r = this.runnersFor([name])[0]!;
    if (!this.started || this.stopping) return Promise.reject(new Error('engine not running'));
    if (!r.owned) return Promise.reject(new Error(`projection ${name} is owned by another process`));
    return new Promise<void>((resolve, reject) => {
      r.rebuildWaiters.push({ resolve, reject });
      if (!r.rebuildRequested) {
        r.rebuildRequested = true;
        r.state = 'rebuilding';
        r.wake();
      }
    });
  }

  /** One row per projection for /api/health. */
  async status(): Promise<ProjectionStatus[]> {
    const store = this.o.store;
    const db = this.o.db;
    const head = await store.headPosition();
    this.noteHead(head);
    const now = this.o.now().getTime();
    const out: ProjectionStatus[] = [];
    for (const r of this.runners.values()) {
      if (!r.owned) await r.refreshFromDb();
      const target = r.rebuild ?? r.serving;
      const position = target?.position ?? 0;
      const lagEvents = Math.max(0, head - position);
      let lagSeconds = 0;
      if (lagEvents > 0) {
        const [next] = await store.readAll({ fromPosition: position + 1, limit: 1 });
        if (next) lagSeconds = Math.max(0, (now - Date.parse(next.recordedAt)) / 1000);
      }
      const parked = target
        ? Number(
            (
              await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM projection_parked WHERE name = ? AND generation = ?', [
                r.p.name,
                target.generation,
              ])
            )?.n ?? 0,
          )
        : 0;
      out.push({
        name: r.p.name,
        version: target?.version ?? r.p.version,
        position,
        headPosition: head,
        lagEvents,
        lagSeconds: Math.round(lagSeconds * 1000) / 1000,
        parked,
        state: r.owned ? r.state : 'stopped',
        owner: r.owned,
        servingPosition: r.serving?.position ?? 0,
        lastError: r.lastError,
      });
    }
    return out;
  }

  /**
   * 重试: applies one parked event again (in the generation it was parked in, i.e. the current target);
   * on success the parked row goes, on failure its error is updated. Only in the owning process.
   */
  async retryParked(name: string, position: number): Promise<{ ok: true } | { ok: false; error: string }> {
    const r = this.runnersFor([name])[0]!;
    if (!r.owned) return { ok: false, error: `projection ${name} is owned by another process` };
    const target = r.rebuild ?? r.serving;
    if (!target) return { ok: false, error: 'projection not started' };
    const row = await this.o.db.get<{ position: number }>(
      'SELECT position FROM projection_parked WHERE name = ? AND generation = ? AND position = ?',
      [name, target.generation, position],
    );
    if (!row) return { ok: false, error: 'not parked' };
    const [e] = await this.o.store.readAll({ fromPosition: position, limit: 1 });
    if (!e || e.position !== position) return { ok: false, error: 'event not found' };
    try {
      await this.o.db.transaction(async (tx) => {
        await r.p.apply(tx, e, target.namer);
        await tx.run('DELETE FROM projection_parked WHERE name = ? AND generation = ? AND position = ?', [
          name,
          target.generation,
          position,
        ]);
      });
      return { ok: true };
    } catch (err) {
      const error = errorText(err).slice(0, 4000);
      await this.o.db.run('UPDATE projection_parked SET error = ?, parked_at = ? WHERE name = ? AND generation = ? AND position = ?', [
        error,
        this.o.now().toISOString(),
        name,
        target.generation,
        position,
      ]);
      return { ok: false, error };
    }
  }

  /** The parked events of a projection (its current generation), oldest first. */
  async parked(name: string): Promise<ParkedRow[]> {
    const r = this.runnersFor([name])[0]!;
    const target = r.rebuild ?? r.serving;
    return this.o.db.all<ParkedRow>('SELECT * FROM projection_parked WHERE name = ? AND generation = ? ORDER BY position', [
      name,
      target?.generation ?? 0,
    ]);
  }
}
