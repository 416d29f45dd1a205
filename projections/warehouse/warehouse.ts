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
