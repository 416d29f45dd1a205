import type { NewEvent } from '../../domain/eventstore/envelope';
import type { Location } from './env';

/** One row family of the table: ours, the raw driver, or Emmett, on one backend. */
export interface Subject {
  /** Appends events to one stream, durably (returns when committed). */
  append(streamId: string, events: readonly NewEvent[]): Promise<void>;
  /** Untimed bulk load (defaults to `append` in the caller when absent). */
  load?(streamId: string, events: readonly NewEvent[]): Promise<void>;
  /**
   * Reads the log from its first event in pages of `page` until it has read `expected` events or
   * `deadline` (performance.now() ms) passed. A short page is not the end: on PostgreSQL, readers
   * that respect in-flight transactions (ours, Emmett) may return less while another transaction of
   * the cluster is open. Returns the number of events read (parsed into objects).
   */
  readAll(page: number, expected: number, deadline: number): Promise<number>;
  /**
   * Runs the bench projection (see projectionUpsertSql) on a fresh table and checkpoint
   * from the start of the log until it has applied `upTo` events or `deadline` passed.
   * Returns the number of events applied (and its own timing, when it has one).
   */
  catchUp(upTo: number, deadline: number, run: number): Promise<number | { applied: number; seconds: number }>;
  close(): Promise<void>;
}

/** `rawChain`: raw plus the integrity chain (raw-sqlite.ts), measured in the SQLite batched append row only. */
export type SubjectName = 'ours' | 'raw' | 'emmett' | 'rawChain';

export type SubjectFactory = (location: Location, options: { writers: number }) => Promise<Subject>;

/**
 * The read model every subject builds — the same as ours (projections/engine/bench-support.ts
 * `streamCountProjection`): events counted per stream, the checkpoint in the same transaction as the
 * batch (ours folds each batch with its set-based applyBatch; raw and Emmett upsert per event). Same
 * table on SQLite and PostgreSQL.
 */
export const projectionTableSql = (table: string): string =>
  `CREATE TABLE IF NOT EXISTS ${table} (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL, last_position BIGINT NOT NULL)`;

/** `?` placeholders (stream_id, position); PostgreSQL callers rewrite them to $n. */
export const projectionUpsertSql = (table: string): string =>
  `INSERT INTO ${table} (stream_id, events, last_position) VALUES (?, 1, ?) ` +
  `ON CONFLICT (stream_id) DO UPDATE SET events = ${table}.events + 1, last_position = excluded.last_position`;

export const toDollarParams = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};
