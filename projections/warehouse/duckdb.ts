import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckdbDdl, type FactColumnType, type FactRow, type FactTable } from './facts';
import { distinctByEventId, type Warehouse } from './warehouse';

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
    // Checkpoint (WAL → compressed row groups in the file) every 256 MB of WAL instead of DuckDB's
    // 16 MB: at the default, every sink batch ended in a checkpoint that rewrote the table's last,
    // partly filled row group (bench:warehouse, 1M rows: 111k → 160k rows/s). The WAL is as durable;
    // a crash replays at most that much on the next open.
    await con.run("SET checkpoint_threshold = '256MB'");
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
        const { text, numeric } = splitColumns(t);
        const staging = [...text.map((n) => `${n} VARCHAR`), ...numeric.map((n) => `${n} DOUBLE`)].join(', ');
        await this.con.run(`CREATE TEMP TABLE IF NOT EXISTS ${t.name}__staging (${staging})`);
        const packed = [`${PACKED} VARCHAR`, ...numeric.map((n) => `${n} DOUBLE`)].join(', ');
        await this.con.run(`CREATE TEMP TABLE IF NOT EXISTS ${t.name}__packed (${packed})`);
      }
      return { rebuilt: false };
    });
  }

  /**
   * Appends the rows to a staging table, then moves the new ones into the fact table in one
   * transaction. The appender crosses into DuckDB once per value, which made it most of an insert's
   * cost; so the text columns of a row normally travel as one value, joined by U+001F (the unit
   * separator), and DuckDB splits them again (`__packed`). A batch with a text that holds U+001F, or
   * any missing value (NULL), goes column by column instead (`__staging`): same rows either way.
   * An event id repeated within the batch keeps its first row.
   */
  insert(table: FactTable, rowsIn: readonly FactRow[]): Promise<void> {
    if (rowsIn.length === 0) return Promise.resolve();
    return this.serial(async () => {
      const { text, numeric } = splitColumns(table);
      const { rows, min, max } = distinctByEventId(rowsIn);
      const missing = (v: unknown) => v === undefined || v === null;
      const packable = rows.every(
        (row) => text.every((n) => !missing(row[n]) && !String(row[n]).includes(UNIT_SEPARATOR)) && numeric.every((n) => !missing(row[n])),
      );
      const cast = (n: string, e: string): string => castTo(table.columns[n]!, e);
      let source: string;
      if (packable) {
        const app = await this.con.createAppender(`${table.name}__packed`);
        const parts: string[] = new Array(text.length);
        for (const row of rows) {
          // joined once from an array: appending piece by piece builds a rope the appender must flatten
          for (let c = 0; c < text.length; c++) parts[c] = String(row[text[c]!]);
          app.appendVarchar(parts.join(UNIT_SEPARATOR));
          for (const n of numeric) app.appendDouble(Number(row[n]));
          app.endRow();
        }
        app.closeSync();
        const select = Object.keys(table.columns).map((n) => {
          const i = text.indexOf(n);
          return `${cast(n, i >= 0 ? `f[${i + 1}]` : n)} AS ${n}`;
        });
        source = `SELECT ${select.join(', ')} FROM (SELECT string_split(${PACKED}, chr(31)) AS f, * FROM ${table.name}__packed) p`;
      } else {
        const app = await this.con.createAppender(`${table.name}__staging`);
        for (const row of rows) {
          for (const n of text) {
            const v = row[n];
            if (v === undefined || v === null) app.appendNull();
            else app.appendVarchar(String(v));
          }
          for (const n of numeric) {
            const v = row[n];
            if (v === undefined || v === null) app.appendNull();
            else app.appendDouble(Number(v));
          }
          app.endRow();
        }
        app.closeSync();
        source = `SELECT ${Object.keys(table.columns)
          .map((n) => `${cast(n, n)} AS ${n}`)
          .join(', ')} FROM ${table.name}__staging`;
      }
      const staged = packable ? `${table.name}__packed` : `${table.name}__staging`;
      await this.con.run('BEGIN TRANSACTION');
      try {
        // the id range as bound parameters (the DuckDB driver takes them; ClickHouse 18.16 has none)
        await this.con.run(
          `INSERT INTO ${table.name} SELECT * FROM (${source}) s ` +
            `WHERE event_id NOT IN (SELECT event_id FROM ${table.name} WHERE event_id BETWEEN $1 AND $2)`,
          [min, max],
        );
        await this.con.run(`DELETE FROM ${staged}`);
        await this.con.run('COMMIT');
      } catch (e) {
        await this.con.run('ROLLBACK');
        await this.con.run(`DELETE FROM ${staged}`);
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

const UNIT_SEPARATOR = '\u001f';
const PACKED = 'packed__';

/** The fact table's columns that travel as text (strings, times) and as numbers, in declaration order. */
function splitColumns(t: FactTable): { text: string[]; numeric: string[] } {
  const text: string[] = [];
  const numeric: string[] = [];
  for (const [n, ty] of Object.entries(t.columns)) (ty === 'string' || ty === 'datetime' ? text : numeric).push(n);
  return { text, numeric };
}

/** A staged value (VARCHAR or DOUBLE) as the fact column's type. */
function castTo(ty: FactColumnType, e: string): string {
  switch (ty) {
    case 'string':
      return e;
    case 'datetime':
      return `CAST(${e} AS TIMESTAMP)`;
    case 'uint8':
      return `CAST(${e} AS UTINYINT)`;
    case 'uint32':
      return `CAST(${e} AS UINTEGER)`;
    case 'int64':
      return `CAST(${e} AS BIGINT)`;
    case 'float64':
      return e;
  }
}
