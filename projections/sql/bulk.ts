import type { SqlClient } from '../engine/types';
import { assertIdentifier } from './placeholders';

/**
 * Set-based writes for batch projections (Projection.applyBatch): many rows in one statement.
 *
 * - PostgreSQL: one statement per call whatever the row count — `INSERT … SELECT FROM unnest(?::text[],
 *   ?::bigint[], …)`, `UPDATE … FROM unnest(…)`, `DELETE … WHERE (k) IN (SELECT FROM unnest(…))`,
 *   `SELECT … WHERE k = ANY(?::text[])`. Each column travels as ONE parameter, an array literal built
 *   here (elements quoted and escaped, never SQL text), so 5,000 rows cost one round trip.
 * - SQLite: statements cost no round trip; multi-row `VALUES` in chunks of 64 rows (fewer calls into
 *   the driver), the remainder row by row with the cached one-row statement.
 *
 * Rows are arrays in the order of `columns`. The keys of one upsert call must be distinct (PostgreSQL
 * refuses to touch a row twice in one statement): fold first, then write.
 */
export type ColumnType = 'text' | 'bigint' | 'integer' | 'real';
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

/** Shorthand: `cols('task_id:text', 'assigned_pos:bigint', 'title')` (type defaults to text). */
export function cols(...specs: string[]): Column[] {
  return specs.map((s) => {
    const [name, type = 'text'] = s.split(':') as [string, ColumnType | undefined];
    if (!['text', 'bigint', 'integer', 'real'].includes(type)) throw new Error(`unknown column type ${type}`);
    return { name: assertIdentifier(name, 'column name'), type: type as ColumnType };
  });
}

const SQLITE_CHUNK = 64;

/** A PostgreSQL array literal (`{"a","b",NULL}` / `{1,2,NULL}`) of one column's values. */
export function pgArrayLiteral(values: readonly unknown[], type: ColumnType): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) {
      out += 'NULL';
    } else if (type === 'text') {
      const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
      out += '"' + s.replace(/[\\"]/g, (c) => '\\' + c) + '"';
    } else {
      const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
      if (typeof n !== 'number' && typeof n !== 'bigint') throw new TypeError(`column of type ${type}: not a number: ${String(v)}`);
      if (typeof n === 'number' && !Number.isFinite(n)) throw new TypeError(`cannot bind ${n}`);
      out += String(n);
    }
  }
  return out + '}';
}

function columnArrays(columns: readonly Column[], rows: readonly (readonly unknown[])[]): string[] {
  return columns.map((c, i) =>
    pgArrayLiteral(
      rows.map((r) => r[i]),
      c.type,
    ),
  );
}

function unnestOf(columns: readonly Column[]): string {
  return `unnest(${columns.map((c) => `?::${c.type}[]`).join(', ')})`;
}

const sqliteText = new Map<string, string>();
function memo(key: string, build: () => string): string {
  let s = sqliteText.get(key);
  if (s === undefined) {
    if (sqliteText.size > 2000) sqliteText.clear();
    s = build();
    sqliteText.set(key, s);
  }
  return s;
}

/**
 * INSERT of many rows. `conflict` is the tail after `ON CONFLICT`, e.g.
 * `(stream_id) DO UPDATE SET events = t.events + excluded.events` or `(task_id) DO NOTHING`
 * (code-built: never put a value in it). Rows must be distinct on the conflict key.
 */
export async function insertRows(
  db: SqlClient,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  conflict?: string,
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name).join(', ');
  const tail = conflict ? ` ON CONFLICT ${conflict}` : '';
  if (db.dialect === 'postgres') {
    await db.run(`INSERT INTO ${table} (${names}) SELECT * FROM ${unnestOf(columns)}${tail}`, columnArrays(columns, rows));
    return;
  }
  const one = `(${columns.map(() => '?').join(', ')})`;
  let i = 0;
  if (rows.length >= SQLITE_CHUNK) {
    const sql = memo(
      `i|${table}|${names}|${tail}|${SQLITE_CHUNK}`,
      () => `INSERT INTO ${table} (${names}) VALUES ${Array(SQLITE_CHUNK).fill(one).join(', ')}${tail}`,
    );
    for (; i + SQLITE_CHUNK <= rows.length; i += SQLITE_CHUNK) {
      const params: unknown[] = [];
      for (let k = i; k < i + SQLITE_CHUNK; k++) for (const v of rows[k]!) params.push(v);
      await db.run(sql, params);
    }
  }
  const sql1 = `INSERT INTO ${table} (${names}) VALUES ${one}${tail}`;
  for (; i < rows.length; i++) await db.run(sql1, rows[i]!);
}

/** UPDATE table SET set… WHERE key… = the row's, for many rows (columns: the keys first, then the set columns). */
export async function updateRows(
  db: SqlClient,
  table: string,
  keys: readonly Column[],
  set: readonly Column[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (db.dialect === 'postgres') {
    const all = [...keys, ...set];
    await db.run(
      `UPDATE ${table} AS u SET ${set.map((c) => `${c.name} = x.${c.name}`).join(', ')}
       FROM ${unnestOf(all)} AS x(${all.map((c) => c.name).join(', ')})
       WHERE ${keys.map((c) => `u.${c.name} = x.${c.name}`).join(' AND ')}`,
      columnArrays(all, rows),
    );
    return;
  }
  const sql = `UPDATE ${table} SET ${set.map((c) => `${c.name} = ?`).join(', ')} WHERE ${keys.map((c) => `${c.name} = ?`).join(' AND ')}`;
  for (const r of rows) await db.run(sql, [...r.slice(keys.length), ...r.slice(0, keys.length)]);
}

/** DELETE FROM table WHERE (keys) = each row's. */
export async function deleteRows(
  db: SqlClient,
  table: string,
  keys: readonly Column[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const k = keys.map((c) => c.name).join(', ');
  if (db.dialect === 'postgres') {
    await db.run(`DELETE FROM ${table} WHERE (${k}) IN (SELECT * FROM ${unnestOf(keys)})`, columnArrays(keys, rows));
    return;
  }
  const sql = `DELETE FROM ${table} WHERE ${keys.map((c) => `${c.name} = ?`).join(' AND ')}`;
  for (const r of rows) await db.run(sql, r);
}

/**
 * `SELECT <select> FROM table WHERE key IN (keys)` in one statement (key: one text column).
 * `select` is code-built column text, e.g. `*` or `task_id, status`.
 */
export async function selectByKeys<T>(db: SqlClient, table: string, select: string, key: string, keys: Iterable<string>): Promise<T[]> {
  const list = [...new Set(keys)];
  if (list.length === 0) return [];
  if (db.dialect === 'postgres')
    return db.all<T>(`SELECT ${select} FROM ${table} WHERE ${key} = ANY(?::text[])`, [pgArrayLiteral(list, 'text')]);
  return db.all<T>(`SELECT ${select} FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?))`, [JSON.stringify(list)]);
}
