import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { clickhouseDdl, type FactRow, type FactTable } from './facts';
import type { Warehouse } from './warehouse';

/**
 * ClickHouse over HTTP. Written for 18.16 (Debian's) and current servers alike: inserts as
 * JSONEachRow, tables ReplacingMergeTree keyed by event_id. 64-bit numbers come back as strings:
 * reports convert them.
 */
export class ClickHouseWarehouse implements Warehouse {
  readonly dialect = 'clickhouse' as const;
  private constructor(private readonly client: ClickHouseClient) {}

  static async open(url: string): Promise<ClickHouseWarehouse> {
    const u = new URL(url);
    const database = u.pathname.replace(/^\//, '') || 'default';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`bad ClickHouse database name: ${database}`);
    const base = `${u.protocol}//${u.host}`;
    if (database !== 'default') {
      const admin = createClient({ url: base, username: decodeURIComponent(u.username) || 'default', password: decodeURIComponent(u.password) });
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
      await admin.close();
    }
    const client = createClient({
      url: base,
      database,
      username: decodeURIComponent(u.username) || 'default',
      password: decodeURIComponent(u.password),
      request_timeout: 60_000,
    });
    return new ClickHouseWarehouse(client);
  }

  async ensureSchema(tables: readonly FactTable[]): Promise<void> {
    for (const t of tables) await this.client.command({ query: clickhouseDdl(t) });
  }

  async insert(table: FactTable, rows: readonly FactRow[]): Promise<void> {
    if (rows.length === 0) return;
    // TabSeparated: several times cheaper to produce and parse than JSONEachRow, and 18.16 reads it.
    const cols = Object.keys(table.columns);
    const lines: string[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      let line = '';
      for (let c = 0; c < cols.length; c++) {
        const v = r[cols[c]];
        if (c) line += '\t';
        line += typeof v === 'number' ? String(v) : tsvEscape(v === undefined || v === null ? '' : String(v));
      }
      lines[i] = line;
    }
    const body = Buffer.from(lines.join('\n') + '\n', 'utf8');
    await this.client.insert({
      table: table.name,
      values: Readable.from([body], { objectMode: false }),
      format: 'TabSeparated',
      columns: cols as [string, ...string[]],
    });
  }

  async query<T>(sql: string): Promise<T[]> {
    const rs = await this.client.query({ query: sql, format: 'JSONEachRow' });
    return rs.json<T>();
  }

  async dropAll(tables: readonly FactTable[]): Promise<void> {
    for (const t of tables) await this.client.command({ query: `DROP TABLE IF EXISTS ${t.name}` });
  }

  /** Merges parts now, so that queries without FINAL would also see one row per key (tests, benchmarks). */
  async optimize(table: FactTable): Promise<void> {
    await this.client.command({ query: `OPTIMIZE TABLE ${table.name} FINAL` });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

const TSV_SPECIAL = /[\\\t\n\r\0]/;
/** Escapes a value for ClickHouse's TabSeparated input format. */
export function tsvEscape(s: string): string {
  if (!TSV_SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r\0]/g, (m) => (m === '\\' ? '\\\\' : m === '\t' ? '\\t' : m === '\n' ? '\\n' : m === '\r' ? '\\r' : '\\0'));
}
