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
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
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
  /** Creates the tables (IF NOT EXISTS) and their indexes under the physical names `t` gives. */
  setup(db: SqlClient, t: TableNamer): Promise<void>;
  /**
   * Applies events in position order, inside the engine's transaction; the engine writes the
   * checkpoint in that same transaction. Throwing for one event parks it (after retries) and the
   * projection goes on with the next.
   */
  apply(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void>;
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
}
