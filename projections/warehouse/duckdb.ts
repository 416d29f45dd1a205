import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckdbDdl, type FactRow, type FactTable } from './facts';
import type { Warehouse } from './warehouse';

/**
 * DuckDB, the embedded warehouse (a file under ./data). Rows are appended to a staging table with
 * the appender (fast), then moved into the fact table skipping event ids already there, so a batch
 * delivered twice counts once.
 */
export class DuckDbWarehouse implements Warehouse {
  readonly dialect = 'duckdb' as const;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<DuckDbWarehouse> {
    const file = path === '' || path === ':memory:' ? ':memory:' : path;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const instance = await DuckDBInstance.create(file);
    const con = await instance.connect();
    return new DuckDbWarehouse(instance, con);
  }

  /** One statement sequence at a time on the single connection. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  ensureSchema(tables: readonly FactTable[]): Promise<{ rebuilt: boolean }> {
    return this.serial(async () => {
      for (const t of tables) {
        await this.con.run(duckdbDdl(t));
        const staging = Object.entries(t.columns)
          .map(([n, ty]) => `${n} ${ty === 'string' || ty === 'datetime' ? 'VARCHAR' : 'DOUBLE'}`)
          .join(', ');
        await this.con.run(`CREATE TEMP TABLE IF NOT EXISTS ${t.name}__staging (${staging})`);
      }
      return { rebuilt: false };
    });
  }

  insert(table: FactTable, rows: readonly FactRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.serial(async () => {
      const cols = Object.entries(table.columns);
      const app = await this.con.createAppender(`${table.name}__staging`);
      for (const row of rows) {
        for (const [name, ty] of cols) {
          const v = row[name];
          if (v === undefined || v === null) app.appendNull();
          else if (ty === 'string' || ty === 'datetime') app.appendVarchar(String(v));
          else app.appendDouble(Number(v));
        }
        app.endRow();
      }
      app.closeSync();
      const select = cols
        .map(([n, ty]) => {
          switch (ty) {
            case 'string':
              return n;
            case 'datetime':
              return `CAST(${n} AS TIMESTAMP)`;
            case 'uint8':
              return `CAST(${n} AS UTINYINT)`;
            case 'uint32':
              return `CAST(${n} AS UINTEGER)`;
            case 'int64':
              return `CAST(${n} AS BIGINT)`;
            case 'float64':
              return n;
          }
        })
        .join(', ');
      await this.con.run('BEGIN TRANSACTION');
      try {
        await this.con.run(
          // ON CONFLICT looks each id up in the primary-key index instead of an anti-join over the
          // whole fact table per batch (the NOT EXISTS before). Measured on a loaded machine at 1M
          // rows: 9.4k → 11.0k rows/s, within noise; the appender into staging is the larger cost.
          `INSERT INTO ${table.name} SELECT ${select} FROM (SELECT DISTINCT ON (event_id) * FROM ${table.name}__staging) s ` +
            `ON CONFLICT DO NOTHING`,
        );
        await this.con.run(`DELETE FROM ${table.name}__staging`);
        await this.con.run('COMMIT');
      } catch (e) {
        await this.con.run('ROLLBACK');
        await this.con.run(`DELETE FROM ${table.name}__staging`);
        throw e;
      }
    });
  }

  query<T>(sql: string): Promise<T[]> {
    return this.serial(async () => {
      const r = await this.con.runAndReadAll(sql);
      return r.getRowObjectsJson() as unknown as T[];
    });
  }

  async optimize(_tables: readonly FactTable[]): Promise<void> {
    // the primary key already keeps one row per event id
  }

  dropAll(tables: readonly FactTable[]): Promise<void> {
    return this.serial(async () => {
      for (const t of tables) await this.con.run(`DROP TABLE IF EXISTS ${t.name}`);
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.con.closeSync();
    this.instance.closeSync();
  }
}
