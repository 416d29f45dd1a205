import type { FactRow, FactTable } from './facts';

/** The warehouse port: ClickHouse in production, DuckDB embedded. */
export interface Warehouse {
  readonly dialect: 'clickhouse' | 'duckdb';
  /**
   * Creates the fact tables when missing. `rebuilt`: tables of an older schema were dropped and
   * recreated empty, so whatever feeds them must start again from the beginning.
   */
  ensureSchema(tables: readonly FactTable[]): Promise<{ rebuilt: boolean }>;
  /** Inserts rows; rows whose event_id is already stored never count twice. */
  insert(table: FactTable, rows: readonly FactRow[]): Promise<void>;
  /** Runs a query built by reports/ (values only through reports/warehouse/literal.ts). */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Collapses any duplicate that slipped past the insert check (ClickHouse: OPTIMIZE … FINAL; DuckDB: nothing to do). */
  optimize(tables: readonly FactTable[]): Promise<void>;
  /** Drops every fact table (tests and benchmarks only). */
  dropAll(tables: readonly FactTable[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The batch with each event id once (its first row) and the range of its ids: both adapters look for
 * already-stored ids only within [min, max] (event ids are uuid v7, so a batch's ids lie close together).
 */
export function distinctByEventId(rows: readonly FactRow[]): { rows: FactRow[]; min: string; max: string } {
  const seen = new Set<string>();
  const out: FactRow[] = [];
  let min = String(rows[0]?.event_id ?? '');
  let max = min;
  for (const r of rows) {
    const id = String(r.event_id);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(r);
    if (id < min) min = id;
    if (id > max) max = id;
  }
  return { rows: out, min, max };
}

export async function openWarehouse(url: string): Promise<Warehouse> {
  if (url.startsWith('http://') || url.startsWith('https://') || url.startsWith('clickhouse://')) {
    const { ClickHouseWarehouse } = await import('./clickhouse');
    return ClickHouseWarehouse.open(url.replace(/^clickhouse:/, 'http:'));
  }
  if (url.startsWith('duckdb:')) {
    const { DuckDbWarehouse } = await import('./duckdb');
    return DuckDbWarehouse.open(url.slice('duckdb:'.length));
  }
  throw new Error(`unknown warehouse url: ${url} (use duckdb:<file>|duckdb::memory: or http://clickhouse:8123[/database])`);
}
