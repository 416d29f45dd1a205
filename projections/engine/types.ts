import type { RecordedEvent } from '../../domain/eventstore/envelope';

/**
 * Read side contracts (ARCHITECTURE §7). Read models live in SQLite (default) or PostgreSQL,
 * both reached through SqlClient so that a projection is written once.
 *
 * SQL rules for projection authors: `?` placeholders only (the PostgreSQL client rewrites them to $n),
 * the common subset of SQLite and PostgreSQL (INSERT … ON CONFLICT … DO UPDATE, TEXT/INTEGER/BIGINT/REAL,
 * no AUTOINCREMENT/SERIAL), never a value concatenated into SQL.
 */
export interface SqlClient {
  readonly dialect: 'sqlite' | 'postgres';
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * (Added by the projection engine.) An exclusive lock on `key`, held until released or until this
   * client's process/connection ends — PostgreSQL: a session advisory lock on a dedicated connection;
   * SQLite: in-process only (one process owns the file). Resolves null when someone else holds it.
   */
  tryLock?(key: string): Promise<SqlLock | null>;
  close(): Promise<void>;
}

/** (Added by the projection engine.) */
export interface TransactionOptions {
  /**
   * PostgreSQL only (SQLite ignores it): `run` statements are sent in batches, many per round trip,
   * and flushed before any `all`/`get` and before COMMIT — so reads still see earlier writes. The
   * price: `run` cannot report `changes` (reading it throws), and an error surfaces at the next
   * flush rather than at its own statement.
   */
  pipelineWrites?: boolean;
}

export interface SqlLock {
  release(): Promise<void>;
}

/** Physical table name for a logical one: the canonical name normally, a fresh one during a rebuild. */
export type TableNamer = (logical: string) => string;

export interface Projection {
  /** Unique, stable: also the checkpoint key, e.g. 'inbox'. */
  readonly name: string;
  /** Bump when the tables or the logic change: the engine rebuilds into new tables, then swaps. */
  readonly version: number;
  /** Logical names of the tables this projection owns. */
  readonly tables: readonly string[];
  /** Only these event types are handed to apply (all when absent). */
  readonly eventTypes?: readonly string[];
  /**
   * Creates the tables (IF NOT EXISTS) and their indexes under the physical names `t` gives.
   * `options.deferIndexes` (only for a projection that declares `deferIndexes`): the tables only.
   */
  setup(db: SqlClient, t: TableNamer, options?: SetupOptions): Promise<void>;
  /**
   * Applies events in position order, inside the engine's transaction; the engine writes the
   * checkpoint in that same transaction. Throwing for one event parks it (after retries) and the
   * projection goes on with the next.
   */
  apply(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void>;
  /**
   * (Added by the projection engine.) Optional set-based form of `apply`: the whole batch (position
   * order, only `eventTypes`), in the same transaction as the checkpoint. Its effect must equal
   * `apply` called for each event in order — fold the events in memory, then write each table with
   * a few multi-row statements (projections/sql/bulk.ts). If it throws (or its SQL fails), the engine
   * rolls the batch back and applies it again event by event with `apply`, so only a poison event is
   * parked. Rebuilds use it too.
   */
  applyBatch?(db: SqlClient, events: readonly RecordedEvent[], t: TableNamer): Promise<void>;
  /**
   * (Added by the projection engine.) true: this projection's `apply` never reads `changes` from
   * `run`, so on PostgreSQL the engine may batch its writes (TransactionOptions.pipelineWrites) —
   * several times faster catch-up. A failing event is still found and parked one by one.
   */
  readonly pipelineWrites?: boolean;
  /**
   * (Added by the projection engine.) true: `setup` honours `options.deferIndexes` (no index that
   * only queries use) and may run again on existing tables (IF NOT EXISTS throughout). The engine
   * then fills a rebuild, and a first start more than one batch behind the head, without those
   * indexes and runs the full `setup` once the fill has caught up (before a rebuild is swapped in):
   * one sorted index build instead of a B-tree update per row, the bulk of a large fill's cost.
   * While such a first start catches up, queries of its tables run unindexed.
   */
  readonly deferIndexes?: boolean;
}

/** (Added by the projection engine.) */
export interface SetupOptions {
  /**
   * Create the tables with what ON CONFLICT needs (primary keys, unique constraints) and the indexes
   * the projection's own apply/applyBatch look rows up by, not the indexes only queries use.
   */
  deferIndexes?: boolean;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  position: number;
  headPosition: number;
  lagEvents: number;
  /** Seconds between now and the recordedAt of the oldest unprocessed event (0 when caught up). */
  lagSeconds: number;
  parked: number;
  state: 'catching_up' | 'live' | 'rebuilding' | 'stopped';
  /** (Added by the engine.) False when another process owns this projection (PostgreSQL advisory lock). */
  owner?: boolean;
  /** (Added by the engine.) While rebuilding: the position the old, still-serving tables reflect. */
  servingPosition?: number;
  /** (Added by the engine.) The last infrastructure error (the loop retries with back-off), or null. */
  lastError?: string | null;
}
