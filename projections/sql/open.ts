import type { SqlClient } from '../engine/types';
import { PostgresClient } from './postgres-client';
import { SqliteClient, type SqliteClientOptions } from './sqlite-client';

/**
 * Opens the read store named by a URL (config `READ_STORE`):
 * - `sqlite:./data/read.db`, `sqlite:/abs/path.db`, `sqlite::memory:` — one better-sqlite3 connection, WAL;
 * - `postgres://user:pass@host:port/db` (or `postgresql://…`), optionally `?schema=name` to use
 *   (and create) a schema other than `public`.
 */
export async function openReadStore(url: string, options: { sqlite?: SqliteClientOptions; pgPoolSize?: number } = {}): Promise<SqlClient> {
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '' || path === ':memory:') return new SqliteClient(':memory:', options.sqlite);
    return new SqliteClient(decodeURIComponent(path), options.sqlite);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const u = new URL(url);
    const schema = u.searchParams.get('schema') ?? undefined;
    u.searchParams.delete('schema');
    return PostgresClient.open({ connectionString: u.toString(), schema, max: options.pgPoolSize });
  }
  throw new Error(`unsupported read store URL "${url.replace(/\/\/[^@/]*@/, '//***@')}": use sqlite:<file> or postgres://…`);
}
