import pg from 'pg';
import type { SqlClient, SqlLock, TransactionOptions } from '../engine/types';
import { assertIdentifier, normalizeParams, toNumberedPlaceholders } from './placeholders';

const INT8 = 20;
const NUMERIC = 1700;

/** BIGINT (COUNT(*), positions) and NUMERIC (SUM of integers) come back as numbers, as on SQLite. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return format ? pg.types.getTypeParser(oid, format) : pg.types.getTypeParser(oid);
  },
};

export interface PostgresClientOptions {
  connectionString: string;
  /** Every connection's search_path; created when missing. */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
}

/**
 * Every SQL text becomes a named prepared statement (parsed once per connection, then only bound
 * and executed: about twice as fast per statement). A statement whose cached plan went stale with
 * a changed result type (code 0A000, e.g. `SELECT *` after a rebuild swapped in new columns) is
 * given a fresh name, so the next execution prepares it again.
 */
interface Prepared {
  name: string;
  text: string;
}
const prepared = new Map<string, Prepared>();
let statementCounter = 0;
function statement(sql: string): Prepared {
  let p = prepared.get(sql);
  if (p === undefined) {
    if (prepared.size >= 5000) prepared.clear();
    p = { name: `oa_${(++statementCounter).toString(36)}`, text: toNumberedPlaceholders(sql).text };
    prepared.set(sql, p);
  }
  return p;
}

function params(values?: readonly unknown[]): unknown[] | undefined {
  return values && values.length > 0 ? normalizeParams(values) : undefined;
}

type Queryable = pg.Pool | pg.PoolClient;

async function queryOn(q: Queryable, sql: string, values: readonly unknown[] | undefined, retry: boolean): Promise<pg.QueryResult> {
  const st = statement(sql);
  // Without parameters: the simple protocol (several statements allowed, e.g. a setup script).
  if (!values || values.length === 0) return q.query(st.text);
  try {
    return await q.query({ name: st.name, text: st.text, values: params(values) });
  } catch (err) {
    if ((err as { code?: string }).code !== '0A000') throw err;
    prepared.delete(sql);
    if (!retry) throw err;
    return q.query({ name: statement(sql).name, text: st.text, values: params(values) });
  }
}

async function runOn(q: Queryable, sql: string, values: readonly unknown[] | undefined, retry: boolean): Promise<{ changes: number }> {
  const r = await queryOn(q, sql, values, retry);
  return { changes: r.rowCount ?? 0 };
}
async function allOn<T>(q: Queryable, sql: string, values: readonly unknown[] | undefined, retry: boolean): Promise<T[]> {
  return (await queryOn(q, sql, values, retry)).rows as T[];
}

/** SqlClient over a pg Pool: `?` placeholders, a transaction pinned to one pooled connection. */
export class PostgresClient implements SqlClient {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  /** Connections in pg's pipeline mode, for transactions that pipeline their writes (created on first use). */
  private pipelinePool: pg.Pool | null = null;
  private lockConnection: Promise<pg.Client> | null = null;
  private readonly held = new Set<string>();

  private constructor(private readonly options: PostgresClientOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle client's connection error must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  static async open(options: PostgresClientOptions): Promise<PostgresClient> {
    if (options.schema) assertIdentifier(options.schema, 'schema name');
    const client = new PostgresClient(options);
    if (options.schema) {
      try {
        await client.pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      } catch (err) {
        // Two processes creating it at once: one wins, the other sees a unique violation.
        if ((err as { code?: string }).code !== '23505') throw err;
      }
    }
    return client;
  }

  run(sql: string, values?: readonly unknown[]): Promise<{ changes: number }> {
    return runOn(this.pool, sql, values, true);
  }

  all<T = Record<string, unknown>>(sql: string, values?: readonly unknown[]): Promise<T[]> {
    return allOn<T>(this.pool, sql, values, true);
  }

  async get<T = Record<string, unknown>>(sql: string, values?: readonly unknown[]): Promise<T | undefined> {
    return (await allOn<T>(this.pool, sql, values, true))[0];
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const pipelined = options.pipelineWrites === true;
    const conn = await (pipelined ? this.pipelined() : this.pool).connect();
    const tx = new PostgresTx(conn, pipelined);
    // A connection whose BEGIN/COMMIT/ROLLBACK failed is destroyed instead of going back to the pool.
    let discard: Error | undefined;
    try {
      await conn.query('BEGIN').catch((e: Error) => {
        discard = e;
        throw e;
      });
      let result: T;
      try {
        result = await fn(tx);
        await tx.flush();
      } catch (err) {
        await conn.query('ROLLBACK').catch((e: Error) => {
          discard = e;
        });
        throw err;
      }
      await conn.query('COMMIT').catch((e: Error) => {
        discard = e;
        throw e;
      });
      return result;
    } finally {
      tx.ended = true;
      conn.release(discard);
    }
  }

  private pipelined(): pg.Pool {
    if (!this.pipelinePool) {
      this.pipelinePool = new pg.Pool({
        connectionString: this.options.connectionString,
        max: Math.max(1, Math.ceil((this.options.max ?? 10) / 2)),
        types,
        pipeline: true,
        ...(this.options.schema ? { options: `-c search_path=${this.options.schema}` } : {}),
      });
      this.pipelinePool.on('error', () => undefined);
    }
    return this.pipelinePool;
  }

  private lockClient(): Promise<pg.Client> {
    if (!this.lockConnection) {
      const c = new pg.Client({ connectionString: this.options.connectionString, types });
      c.on('error', () => {
        // The session ended: every advisory lock it held is gone.
        this.held.clear();
        this.lockConnection = null;
      });
      this.lockConnection = c.connect().then(() => c);
      this.lockConnection.catch(() => {
        this.lockConnection = null;
      });
    }
    return this.lockConnection;
  }

  /** A session advisory lock (pg_try_advisory_lock) on one dedicated connection per client. */
  async tryLock(name: string): Promise<SqlLock | null> {
    // Advisory locks are per database: two read stores in two schemas must not share keys.
    const key = `${this.options.schema ?? 'public'}:${name}`;
    if (this.held.has(key)) return null;
    const c = await this.lockClient();
    const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key]);
    if (!r.rows[0]?.ok) return null;
    this.held.add(key);
    return {
      release: async () => {
        if (!this.held.delete(key)) return;
        await c.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    const lc = this.lockConnection;
    this.lockConnection = null;
    this.held.clear();
    if (lc) await lc.then((c) => c.end()).catch(() => undefined);
    await this.pipelinePool?.end();
    await this.pool.end();
  }
}

/** What `run` returns while writes are pipelined. */
const PIPELINED_RESULT: { changes: number } = Object.freeze({
  get changes(): number {
    throw new Error('changes is not known when writes are pipelined (Projection.pipelineWrites): do not read it');
  },
});

/** Statements per write-behind round trip. */
const PIPELINE_DEPTH = 200;

/** The view of a PostgresClient inside its transaction: one pinned connection, nested calls join. */
class PostgresTx implements SqlClient {
  readonly dialect = 'postgres' as const;
  ended = false;
  private pending: Promise<void>[] = [];
  private failed: Error | undefined;
  constructor(
    private readonly conn: pg.PoolClient,
    private readonly pipelined: boolean,
  ) {}

  private check(): void {
    if (this.ended) throw new Error('transaction already ended');
  }

  /**
   * Waits for the pipelined writes: they went out at once (pg's pipeline mode) as prepared statements
   * with bound parameters — no SQL literal is built by hand — and are answered in order.
   */
  async flush(): Promise<void> {
    if (this.pending.length === 0 && !this.failed) return;
    const sent = this.pending;
    this.pending = [];
    await Promise.all(sent);
    const failed = this.failed;
    this.failed = undefined;
    if (failed) throw failed;
  }

  async run(sql: string, values?: readonly unknown[]): Promise<{ changes: number }> {
    this.check();
    if (this.pipelined) {
      const st = statement(sql);
      this.pending.push(
        this.conn.query({ name: st.name, text: st.text, values: params(values) ?? [] }).then(
          () => undefined,
          (e: Error) => {
            this.failed ??= e;
          },
        ),
      );
      if (this.pending.length >= PIPELINE_DEPTH) await this.flush();
      return PIPELINED_RESULT;
    }
    return runOn(this.conn, sql, values, false);
  }

  async all<T = Record<string, unknown>>(sql: string, values?: readonly unknown[]): Promise<T[]> {
    this.check();
    await this.flush();
    return allOn<T>(this.conn, sql, values, false);
  }

  async get<T = Record<string, unknown>>(sql: string, values?: readonly unknown[]): Promise<T | undefined> {
    this.check();
    await this.flush();
    return (await allOn<T>(this.conn, sql, values, false))[0];
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    this.check();
    return fn(this);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('close() the client, not its transaction'));
  }
}
