import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckdbDdl, type FactRow, type FactTable } from './facts';
import { stringLiteral } from './literal';
import type { Warehouse } from './warehouse';

/**
 * DuckDB, the embedded warehouse (a file under ./data). Rows are appended to a staging table with
 * the appender, then moved into the fact table skipping event ids already there, so a batch
 * delivered twice counts once. The ids already there are looked for only within the batch's own id
 * range (event ids are uuid v7, so a batch's ids are close together and DuckDB's per-row-group min/max
 * skips the rest of the table); the sink is a warehouse's only writer, so no other insert can slip
 * an id in between the check and the insert. Tables made before this kept their primary key, which
 * does no harm: the check leaves it nothing to refuse.
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
      let min = String(rows[0].event_id);
      let max = min;
      for (const row of rows) {
        const id = String(row.event_id);
        if (id < min) min = id;
        if (id > max) max = id;
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
          `INSERT INTO ${table.name} SELECT ${select} FROM (SELECT DISTINCT ON (event_id) * FROM ${table.name}__staging) s ` +
            `WHERE event_id NOT IN (SELECT event_id FROM ${table.name} ` +
            `WHERE event_id BETWEEN ${stringLiteral(min, 'duckdb')} AND ${stringLiteral(max, 'duckdb')})`,
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
