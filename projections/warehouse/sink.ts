import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import type { SqlClient } from '../engine/types';
import type { FactBatch, FactRow, FactTable } from './facts';
import type { Warehouse } from './warehouse';

/**
 * Turns events into fact rows and writes them to the warehouse in batches (ARCHITECTURE §8).
 *
 * Delivery is at-least-once and exact in effect:
 *   1. read a batch of events after the checkpoint;
 *   2. in ONE read-store transaction: let each mapper derive fact rows (mappers may keep small state
 *      tables there, e.g. when a task was assigned), insert the rows into the warehouse, then write the
 *      checkpoint, and commit;
 *   3. a crash or a failed commit after the warehouse insert replays the same batch from the same state:
 *      the same rows with the same event ids, which the warehouse keeps once (ClickHouse: the insert skips
 *      ids already in `<table>__ids`; DuckDB: primary key).
 * When the warehouse's tables were rebuilt for a new schema version, the sink empties its mappers' state
 * and replays from position 0.
 * When the warehouse is down the transaction rolls back, the sink backs off (up to 30 s) and retries;
 * commands and the other projections are not affected.
 */
export interface FactMapper {
  readonly name: string;
  /** Only these event types reach `map` (all when absent). */
  readonly eventTypes?: readonly string[];
  /** Creates the mapper's state tables in the read store (IF NOT EXISTS). */
  setup(db: SqlClient): Promise<void>;
  /** Empties the mapper's state tables, for a replay from position 0 (the warehouse was rebuilt). */
  reset?(db: SqlClient): Promise<void>;
  /** Fact rows for one event; runs inside the sink's read-store transaction. */
  map(event: RecordedEvent, db: SqlClient): Promise<FactBatch[]>;
}

export interface WarehouseSinkOptions {
  /** Checkpoint key in the read store. */
  name?: string;
  batchSize?: number;
  maxBackoffMs?: number;
  onError?: (err: unknown) => void;
}

export interface WarehouseSinkStatus {
  name: string;
  position: number;
  headPosition: number;
  lagEvents: number;
  rowsWritten: number;
  state: 'idle' | 'running' | 'backing_off' | 'stopped';
  lastError: string | null;
}

export class WarehouseSink {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;
  private position = 0;
  private head = 0;
  private rowsWritten = 0;
  private optimizedAt = 0;
  private state: WarehouseSinkStatus['state'] = 'idle';
  private lastError: string | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  /** Set when the head moved while we were not sleeping, so that the next idle wait is skipped. */
  private pending = false;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly typeFilter: Set<string> | null;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlClient,
    private readonly warehouse: Warehouse,
    private readonly tables: readonly FactTable[],
    private readonly mappers: readonly FactMapper[],
    private readonly options: WarehouseSinkOptions = {},
  ) {
    this.name = options.name ?? 'warehouse';
    this.batchSize = options.batchSize ?? 2000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    const all = mappers.every((m) => m.eventTypes);
    this.typeFilter = all ? new Set(mappers.flatMap((m) => m.eventTypes ?? [])) : null;
  }

  async setup(): Promise<void> {
    await this.db.run(
      'CREATE TABLE IF NOT EXISTS warehouse_checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL, updated_at TEXT NOT NULL)',
    );
    for (const m of this.mappers) await m.setup(this.db);
    const row = await this.db.get<{ position: number | string }>('SELECT position FROM warehouse_checkpoints WHERE name = ?', [this.name]);
    this.position = row ? Number(row.position) : 0;
  }

  /** Creates the warehouse tables; separate from setup() so that a down warehouse does not block start-up. */
  async ensureWarehouseSchema(): Promise<void> {
    const { rebuilt } = await this.warehouse.ensureSchema(this.tables);
    if (rebuilt) await this.replayFromStart();
  }

  /** The warehouse's tables were recreated empty (a new schema version): derive every fact again. */
  private async replayFromStart(): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const m of this.mappers) await m.reset?.(tx);
      await tx.run(
        'INSERT INTO warehouse_checkpoints (name, position, updated_at) VALUES (?, 0, ?) ' +
          'ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
        [this.name, new Date().toISOString()],
      );
    });
    this.position = 0;
  }

  /** Processes one batch; returns how many events it consumed (0 when caught up). */
  async runBatch(): Promise<number> {
    const events = await this.store.readAll({ fromPosition: this.position + 1, limit: this.batchSize });
    if (events.length === 0) return 0;
    const last = events[events.length - 1].position;
    let written = 0;
    await this.db.transaction(async (tx) => {
      const byTable = new Map<FactTable, FactRow[]>();
      for (const e of events) {
        if (this.typeFilter && !this.typeFilter.has(e.type)) continue;
        for (const m of this.mappers) {
          if (m.eventTypes && !m.eventTypes.includes(e.type)) continue;
          for (const b of await m.map(e, tx)) {
            const list = byTable.get(b.table) ?? [];
            list.push(...b.rows);
            byTable.set(b.table, list);
          }
        }
      }
      for (const [table, rows] of byTable) {
        await this.warehouse.insert(table, rows);
        written += rows.length;
      }
      await tx.run(
        'INSERT INTO warehouse_checkpoints (name, position, updated_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
        [this.name, last, new Date().toISOString()],
      );
    });
    this.position = last;
    this.rowsWritten += written;
    return events.length;
  }

  /** Catches up to the head once (tests, seeding, benchmarks). */
  async drain(): Promise<void> {
    while ((await this.runBatch()) > 0) {
      /* next batch */
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const sub = this.store.watchHead().subscribe((head) => {
      this.head = Math.max(this.head, head);
      this.pending = true;
      this.wake?.();
    });
    this.unsubscribe = () => sub.unsubscribe();
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    let backoff = 500;
    let schemaReady = false;
    while (!this.stopped) {
      try {
        if (!schemaReady) {
          await this.ensureWarehouseSchema();
          schemaReady = true;
        }
        this.state = 'running';
        this.pending = false;
        const n = await this.runBatch();
        this.lastError = null;
        backoff = 500;
        if (n === 0 && !this.pending) {
          if (this.rowsWritten !== this.optimizedAt) {
            // caught up after writing: let the warehouse collapse anything that slipped in twice
            this.optimizedAt = this.rowsWritten;
            await this.warehouse.optimize(this.tables);
          }
          this.state = 'idle';
          await this.sleep(5_000);
        }
      } catch (err) {
        this.state = 'backing_off';
        this.lastError = err instanceof Error ? err.message : String(err);
        this.options.onError?.(err);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
    this.state = 'stopped';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  /** Resolves true once the running sink has reached the store's head (as of the call), false on timeout. */
  async waitUntilCaughtUp(timeoutMs = 30_000): Promise<boolean> {
    const target = await this.store.headPosition();
    const deadline = Date.now() + timeoutMs;
    while (this.position < target) {
      if (Date.now() > deadline) return false;
      this.wake?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  async status(): Promise<WarehouseSinkStatus> {
    this.head = Math.max(this.head, await this.store.headPosition());
    return {
      name: this.name,
      position: this.position,
      headPosition: this.head,
      lagEvents: Math.max(0, this.head - this.position),
      rowsWritten: this.rowsWritten,
      state: this.stopped ? 'stopped' : this.state,
      lastError: this.lastError,
    };
  }
}
