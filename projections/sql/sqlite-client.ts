import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { SqlClient, SqlLock, TransactionOptions } from '../engine/types';
import { normalizeParams } from './placeholders';

export interface SqliteClientOptions {
  /**
   * 'NORMAL' (default): in WAL mode a commit is atomic and never torn; a power cut may lose the
   * last transactions, but the read model and its checkpoint go back together (the engine replays).
   */
  synchronous?: 'OFF' | 'NORMAL' | 'FULL';
  busyTimeoutMs?: number;
  /**
   * Page cache in MiB (default 256, or READ_STORE_CACHE_MB). SQLite's own default is 2 MiB, which
   * makes index maintenance hit the disk once the inbox tables outgrow it (a 1M-task rebuild ran
   * ~5× slower); pages are only allocated as they are used.
   */
  cacheMb?: number;
  /**
   * Page size in bytes of a NEW database file (default 16384; an existing file keeps its own). Read
   * models are wide rows in tables of a million and more, written in bulk: 16 KiB pages mean fewer
   * B-tree pages to split and fewer WAL frames per commit (a bulk insert of inbox-sized rows took
   * 20–30% less time than with SQLite's default 4 KiB; bench:inbox's HTTP p99 stayed under target).
   */
  pageSize?: 4096 | 8192 | 16384 | 32768 | 65536;
}

/**
 * SqlClient over one better-sqlite3 connection (WAL). better-sqlite3 is synchronous; this class
 * gives it the async SqlClient shape. A transaction holds the connection: calls made outside it
 * while it runs wait until it ends (FIFO), so no outside write ever lands inside someone else's
 * transaction.
 */
export class SqliteClient implements SqlClient {
  readonly dialect = 'sqlite' as const;
  readonly db: Db;
  private readonly statements = new Map<string, Statement>();
  private held = false;
  private readonly waiters: Array<() => void> = [];
  private readonly locks = new Set<string>();
  private closed = false;

  constructor(filename: string, options: SqliteClientOptions = {}) {
    if (filename !== ':memory:' && filename !== '') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    // Only takes effect before the first table exists (and before WAL mode is on): new files only.
    this.db.pragma(`page_size = ${Math.trunc(options.pageSize ?? 16384)}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    this.db.pragma('foreign_keys = ON');
    const cacheMb = Math.max(2, Math.trunc(options.cacheMb ?? (Number(process.env.READ_STORE_CACHE_MB) || 256)));
    this.db.pragma(`cache_size = ${-cacheMb * 1024}`);
    this.db.pragma('temp_store = MEMORY');
  }

  /** The prepared statement for `sql` (cached), or null when `sql` holds several statements. */
  private prepare(sql: string): Statement | null {
    let st = this.statements.get(sql);
    if (st) return st;
    try {
      st = this.db.prepare(sql);
    } catch (err) {
      if (err instanceof RangeError && /more than one statement/.test(err.message)) return null;
      throw err;
    }
    if (this.statements.size >= 1000) this.statements.clear();
    this.statements.set(sql, st);
    return st;
  }

  /** @internal Synchronous execution, used by this client and its transaction view. */
  runSync(sql: string, params?: readonly unknown[]): { changes: number } {
    const st = this.prepare(sql);
    if (st === null) {
      if (params && params.length > 0) throw new Error('parameters are not allowed with several statements');
      this.db.exec(sql);
      return { changes: 0 };
    }
    const r = params && params.length > 0 ? st.run(...normalizeParams(params)) : st.run();
    return { changes: r.changes };
  }

  /** @internal */
  allSync<T>(sql: string, params?: readonly unknown[]): T[] {
    const st = this.prepare(sql);
    if (st === null) throw new Error('all(): one statement only');
    if (!st.reader) {
      if (params && params.length > 0) st.run(...normalizeParams(params));
      else st.run();
      return [];
    }
    return (params && params.length > 0 ? st.all(...normalizeParams(params)) : st.all()) as T[];
  }

  /** @internal */
  getSync<T>(sql: string, params?: readonly unknown[]): T | undefined {
    const st = this.prepare(sql);
    if (st === null) throw new Error('get(): one statement only');
    if (!st.reader) {
      if (params && params.length > 0) st.run(...normalizeParams(params));
      else st.run();
      return undefined;
    }
    return (params && params.length > 0 ? st.get(...normalizeParams(params)) : st.get()) as T | undefined;
  }

  private acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }

  private async queued<T>(fn: () => T): Promise<T> {
    await this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }> {
    if (this.held) return this.queued(() => this.runSync(sql, params));
    try {
      return Promise.resolve(this.runSync(sql, params));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    if (this.held) return this.queued(() => this.allSync<T>(sql, params));
    try {
      return Promise.resolve(this.allSync<T>(sql, params));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    if (this.held) return this.queued(() => this.getSync<T>(sql, params));
    try {
      return Promise.resolve(this.getSync<T>(sql, params));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** `options.pipelineWrites` changes nothing here: SQLite statements cost no round trip. */
  async transaction<T>(fn: (tx: SqlClient) => Promise<T>, _options?: TransactionOptions): Promise<T> {
    await this.acquire();
    const tx = new SqliteTx(this);
    try {
      this.runSync('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        this.runSync('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.runSync('ROLLBACK');
        throw err;
      }
    } finally {
      tx.ended = true;
      this.release();
    }
  }

  /** One process owns the SQLite file: the lock only keeps two engines of this process apart. */
  tryLock(key: string): Promise<SqlLock | null> {
    if (this.locks.has(key)) return Promise.resolve(null);
    this.locks.add(key);
    return Promise.resolve({ release: async () => void this.locks.delete(key) });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.acquire();
    this.closed = true;
    this.statements.clear();
    this.db.close();
    this.release();
  }
}

/** The view of a SqliteClient inside its transaction: runs at once, nested transactions join. */
class SqliteTx implements SqlClient {
  readonly dialect = 'sqlite' as const;
  ended = false;
  constructor(private readonly owner: SqliteClient) {}

  private check(): void {
    if (this.ended) throw new Error('transaction already ended');
  }

  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }> {
    try {
      this.check();
      return Promise.resolve(this.owner.runSync(sql, params));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    try {
      this.check();
      return Promise.resolve(this.owner.allSync<T>(sql, params));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    try {
      this.check();
      return Promise.resolve(this.owner.getSync<T>(sql, params));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    this.check();
    return fn(this);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('close() the client, not its transaction'));
  }
}
