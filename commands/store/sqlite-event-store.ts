import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Observable, Subject, merge, map } from 'rxjs';
import type { NewEvent, RecordedEvent } from '../../domain/eventstore/envelope';
import { GENESIS_HASH } from '../../domain/eventstore/envelope';
import {
  WrongExpectedRevision,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamAppend,
  type SubscribeOptions,
} from '../../domain/eventstore/port';
import { catchUpThenLive, expectedRevisionHolds, prefixUpperBound, prepareEvents, validateAppend, type PreparedEvent } from './shared';

/**
 * The embedded event store (ARCHITECTURE §4): one better-sqlite3 connection, WAL, `synchronous=FULL` by
 * default. `position` is the INTEGER PRIMARY KEY: SQLite serialises writers (BEGIN IMMEDIATE) and a
 * rolled-back insert gives its rowid back, so positions are gap-free and in commit order. Subscribers in
 * this process are woken after each commit; commits by other connections (another process on the same
 * file) are noticed by polling `PRAGMA data_version` while someone watches.
 *
 * Group commit: `append()` queues; on the next macrotask (setImmediate) every queued append runs in ONE
 * `BEGIN IMMEDIATE … COMMIT` (one fsync), each inside its own SAVEPOINT, in call order. An append that
 * fails (WrongExpectedRevision, …) is rolled back to its savepoint and rejects alone; the others commit.
 * Promises settle only after COMMIT; a failed BEGIN/COMMIT rejects the whole batch. A later append sees
 * the earlier ones of its batch, so two appends to one stream behave exactly like sequential appends.
 */

export interface SqliteEventStoreOptions {
  /** A file path or ':memory:'. */
  filename: string;
  /** 'FULL' (default: a commit survives power loss) or 'NORMAL' (WAL: survives a crash of the process). */
  synchronous?: 'FULL' | 'NORMAL';
  /** Clock for `recordedAt`. */
  clock?: () => Date;
  /** How often other connections' commits are looked for while someone watches (ms, default 50). */
  pollIntervalMs?: number;
  /** How long a writer waits for another connection's write lock (ms, default 10 000). */
  busyTimeoutMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  id             TEXT    NOT NULL,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  prev_hash      TEXT    NOT NULL,
  hash           TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
CREATE TABLE IF NOT EXISTS commands (
  command_id    TEXT    PRIMARY KEY,
  stream_id     TEXT    NOT NULL,
  result        TEXT,
  next_revision INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  recorded_at   TEXT    NOT NULL
) WITHOUT ROWID;
`;

const INSERT_COLUMN_LIST = 'id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash';
const INSERT_COLUMNS = 10;
/** The largest multi-row INSERT (64 × 10 bound parameters, well under SQLite's limit of 32 766). */
const MAX_ROWS_PER_INSERT = 64;

const COLUMNS = 'position, id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash';
type Row = [number, string, string, number, string, number, string, string, string, string, string];

function toEvent(r: Row): RecordedEvent {
  return {
    id: r[1],
    type: r[4],
    schemaVersion: r[5],
    streamId: r[2],
    revision: r[3],
    position: r[0],
    data: JSON.parse(r[6]),
    metadata: JSON.parse(r[7]),
    recordedAt: r[8],
    prevHash: r[9],
    hash: r[10],
  };
}

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  options: AppendOptions;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly committed = new Subject<number>();
  private readonly pollIntervalMs: number;
  private closed = false;
  private watchers = 0;
  private poller: NodeJS.Timeout | undefined;
  private lastDataVersion = 0;

  private readonly stmt: {
    last: Database.Statement<[string], { revision: number; hash: string; position: number }>;
    byId: Database.Statement<[string], { stream_id: string; revision: number; position: number }>;
    insert: Database.Statement<unknown[]>;
    command: Database.Statement<[string], { result: string | null; next_revision: number; position: number }>;
    insertCommand: Database.Statement<unknown[]>;
    head: Database.Statement<[], { p: number | null }>;
    stream: Database.Statement<[string, number, number], Row>;
    all: Database.Statement<[number, number], Row>;
    dataVersion: Database.Statement<[], { data_version: number }>;
  };
  private readonly filtered = new Map<string, Database.Statement<unknown[], Row>>();
  /** Multi-row INSERTs by number of rows (powers of two, 2 … MAX_ROWS_PER_INSERT). */
  private readonly insertMany = new Map<number, Database.Statement<unknown[]>>();
  private readonly appendManyTx: (appends: readonly StreamAppend[]) => AppendResult[];
  /** Appends waiting for the next group commit (flushed on setImmediate). */
  private pending: PendingAppend[] = [];
  private readonly tx: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;

  constructor(options: SqliteEventStoreOptions) {
    const file = options.filename;
    if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 10_000))}`);
    this.db.exec(SCHEMA);
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    const d = this.db;
    this.stmt = {
      last: d.prepare('SELECT revision, hash, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      byId: d.prepare('SELECT stream_id, revision, position FROM events WHERE id = ?'),
      insert: d.prepare(`INSERT INTO events (${INSERT_COLUMN_LIST}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      command: d.prepare('SELECT result, next_revision, position FROM commands WHERE command_id = ?'),
      insertCommand: d.prepare(
        'INSERT INTO commands (command_id, stream_id, result, next_revision, position, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      head: d.prepare('SELECT max(position) AS p FROM events'),
      stream: d
        .prepare<[string, number, number], Row>(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision`,
        )
        .raw(true) as unknown as Database.Statement<[string, number, number], Row>,
      all: d
        .prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`)
        .raw(true) as unknown as Database.Statement<[number, number], Row>,
      dataVersion: d.prepare('PRAGMA data_version'),
    };
    // One BEGIN IMMEDIATE around every part: a refusal (thrown) rolls all of them back, and a crash
    // before COMMIT leaves none in the WAL.
    const many = d.transaction((appends: readonly StreamAppend[]) =>
      appends.map((a) => this.appendInTx(a.streamId, a.events, a.options ?? {})),
    );
    this.appendManyTx = (a) => many.immediate(a);
    this.tx = {
      begin: d.prepare('BEGIN IMMEDIATE'),
      commit: d.prepare('COMMIT'),
      rollback: d.prepare('ROLLBACK'),
      savepoint: d.prepare('SAVEPOINT append'),
      release: d.prepare('RELEASE append'),
      rollbackTo: d.prepare('ROLLBACK TO append'),
    };
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    for (const a of appends) validateAppend(a.streamId, a.events, a.options?.expectedRevision ?? 'any');
    // appends queued for the group commit go first (call order), then this batch in a transaction of its own
    this.flush();
    const results = this.appendManyTx(appends);
    let head = 0;
    results.forEach((r, i) => {
      if (!r.duplicate && appends[i]!.events.length > 0) head = Math.max(head, r.position);
    });
    if (head > 0) this.committed.next(head);
    return results;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    try {
      this.assertOpen();
      validateAppend(streamId, events, options.expectedRevision ?? 'any');
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      if (this.pending.push({ streamId, events, options, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  /** One group commit: every queued append in one transaction, each in its own savepoint. */
  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; result: AppendResult } | { ok: false; error: unknown })[] = [];
    try {
      this.assertOpen();
      this.tx.begin.run();
      try {
        for (const a of batch) {
          this.tx.savepoint.run();
          try {
            outcomes.push({ ok: true, result: this.appendInTx(a.streamId, a.events, a.options) });
            this.tx.release.run();
          } catch (error) {
            // Some errors (SQLITE_FULL, …) roll back the whole transaction: then the batch fails as one.
            if (!this.db.inTransaction) throw error;
            this.tx.rollbackTo.run();
            this.tx.release.run();
            outcomes.push({ ok: false, error });
          }
        }
        this.tx.commit.run();
      } catch (error) {
        if (this.db.inTransaction) this.tx.rollback.run();
        throw error;
      }
    } catch (error) {
      for (const a of batch) a.reject(error);
      return;
    }
    let head = 0;
    batch.forEach((a, i) => {
      const o = outcomes[i];
      if (!o.ok) return a.reject(o.error);
      if (!o.result.duplicate && a.events.length > 0) head = Math.max(head, o.result.position);
      a.resolve(o.result);
    });
    if (head > 0) this.committed.next(head);
  }

  private appendInTx(streamId: string, events: readonly NewEvent[], options: AppendOptions): AppendResult {
    const s = this.stmt;
    const command = options.command;
    if (command) {
      const known = s.command.get(command.id);
      if (known) {
        return {
          nextRevision: known.next_revision,
          position: known.position,
          duplicate: true,
          commandResult: known.result === null ? undefined : JSON.parse(known.result),
        };
      }
    }
    // Idempotent retries: events whose ids are all stored already.
    let stored = 0;
    let dupRevision = -1;
    let dupPosition = 0;
    for (const e of events) {
      if (e.id === undefined) continue;
      const hit = s.byId.get(e.id);
      if (!hit) continue;
      if (hit.stream_id !== streamId) throw new Error(`event id ${e.id} is already stored in stream ${hit.stream_id}`);
      stored++;
      if (hit.position > dupPosition) {
        dupPosition = hit.position;
        dupRevision = hit.revision;
      }
    }
    const last = s.last.get(streamId);
    const actual = last ? last.revision : -1;
    if (stored > 0) {
      if (stored === events.length) {
        return { nextRevision: dupRevision, position: dupPosition, duplicate: true };
      }
      // Some ids stored, some not: a different append than the one that was stored.
      throw new WrongExpectedRevision(streamId, options.expectedRevision ?? 'any', actual);
    }
    const expected = options.expectedRevision ?? 'any';
    if (!expectedRevisionHolds(expected, actual)) throw new WrongExpectedRevision(streamId, expected, actual);
    const recordedAt = this.clock().toISOString();
    let position = last ? last.position : 0;
    let nextRevision = actual;
    if (events.length > 0) {
      const rows = prepareEvents(streamId, actual, last ? last.hash : GENESIS_HASH, events, recordedAt);
      position = this.insertRows(streamId, rows);
      nextRevision = rows[rows.length - 1].revision;
    }
    if (command) {
      const resultJson = command.result === undefined ? null : JSON.stringify(command.result);
      s.insertCommand.run(command.id, streamId, resultJson, nextRevision, position, recordedAt);
      return { nextRevision, position, commandResult: command.result };
    }
    return { nextRevision, position };
  }

  /**
   * Inserts the rows in order and returns the position of the last one. Several rows go in one
   * multi-row INSERT (chunks of 64, 32, … 2 rows, one prepared statement per size): one call into
   * SQLite per chunk instead of one per event. Rowids follow the VALUES order, so positions are the
   * same as row-by-row inserts would give.
   */
  private insertRows(streamId: string, rows: readonly PreparedEvent[]): number {
    let position = 0;
    let i = 0;
    while (i < rows.length) {
      const left = rows.length - i;
      if (left === 1) {
        const r = rows[i];
        const info = this.stmt.insert.run(
          r.id,
          streamId,
          r.revision,
          r.type,
          r.schemaVersion,
          r.dataJson,
          r.metadataJson,
          r.recordedAt,
          r.prevHash,
          r.hash,
        );
        position = Number(info.lastInsertRowid);
        i++;
        continue;
      }
      let n = MAX_ROWS_PER_INSERT;
      while (n > left) n >>= 1;
      const params = new Array<unknown>(n * INSERT_COLUMNS);
      for (let k = 0, j = 0; k < n; k++) {
        const r = rows[i + k];
        params[j++] = r.id;
        params[j++] = streamId;
        params[j++] = r.revision;
        params[j++] = r.type;
        params[j++] = r.schemaVersion;
        params[j++] = r.dataJson;
        params[j++] = r.metadataJson;
        params[j++] = r.recordedAt;
        params[j++] = r.prevHash;
        params[j++] = r.hash;
      }
      position = Number(this.insertStatement(n).run(params).lastInsertRowid);
      i += n;
    }
    return position;
  }

  private insertStatement(rows: number): Database.Statement<unknown[]> {
    let st = this.insertMany.get(rows);
    if (!st) {
      const values = new Array<string>(rows).fill(`(${new Array<string>(INSERT_COLUMNS).fill('?').join(', ')})`).join(', ');
      st = this.db.prepare(`INSERT INTO events (${INSERT_COLUMN_LIST}) VALUES ${values}`);
      this.insertMany.set(rows, st);
    }
    return st;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = options.fromRevision ?? 0;
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    return this.stmt.stream.all(streamId, from, to).map(toEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options);
  }

  private readAllSync(options: ReadAllOptions): RecordedEvent[] {
    this.assertOpen();
    const from = Math.max(1, options.fromPosition ?? 1);
    const limit = Math.max(0, Math.floor(options.limit ?? 1000));
    if (limit === 0) return [];
    // An empty `types` list means no type filter, like an absent one.
    const types = options.types && options.types.length > 0 ? options.types : undefined;
    const prefix = options.streamPrefix;
    if (!types && !prefix) return this.stmt.all.all(from, limit).map(toEvent);
    const params: unknown[] = [from];
    let where = 'position >= ?';
    let key = `t${types?.length ?? 0}`;
    if (prefix) {
      const upper = prefixUpperBound(prefix);
      key += upper === null ? 'p1' : 'p2';
      // A range (no LIKE: `%` and `_` are literal). `+stream_id` keeps SQLite walking the position order
      // and filtering: a broad prefix through the stream index would sort every match on each page.
      where += upper === null ? ' AND +stream_id >= ?' : ' AND +stream_id >= ? AND +stream_id < ?';
      params.push(prefix);
      if (upper !== null) params.push(upper);
    }
    if (types) {
      where += ` AND type IN (${types.map(() => '?').join(',')})`;
      params.push(...types);
    }
    params.push(limit);
    let st = this.filtered.get(key);
    if (!st) {
      st = this.db
        .prepare<unknown[], Row>(`SELECT ${COLUMNS} FROM events WHERE ${where} ORDER BY position LIMIT ?`)
        .raw(true) as unknown as Database.Statement<unknown[], Row>;
      this.filtered.set(key, st);
    }
    return st.all(...params).map(toEvent);
  }

  subscribeAll(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return catchUpThenLive(
      (o) => this.readAll(o),
      () => this.watchHead(),
      options,
      1000,
      () => this.headPosition(),
    );
  }

  watchHead(): Observable<number> {
    return new Observable<number>((subscriber) => {
      this.startWatching();
      const sub = merge(this.committed, this.externalCommits()).subscribe(subscriber);
      return () => {
        sub.unsubscribe();
        this.stopWatching();
      };
    });
  }

  private readonly external = new Subject<void>();
  private externalCommits(): Observable<number> {
    return this.external.pipe(map(() => this.headSync()));
  }

  private startWatching(): void {
    if (this.watchers++ > 0 || this.closed) return;
    this.lastDataVersion = this.stmt.dataVersion.get()!.data_version;
    this.poller = setInterval(() => {
      if (this.closed) return;
      // data_version changes when another connection commits (our own commits do not change it).
      const v = this.stmt.dataVersion.get()!.data_version;
      if (v !== this.lastDataVersion) {
        this.lastDataVersion = v;
        this.external.next();
      }
    }, this.pollIntervalMs);
    this.poller.unref?.();
  }

  private stopWatching(): void {
    if (--this.watchers > 0) return;
    this.watchers = 0;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }

  private headSync(): number {
    return this.closed ? 0 : (this.stmt.head.get()?.p ?? 0);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.headSync();
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    return this.stmt.last.get(streamId)?.revision ?? -1;
  }

  async commandResult(commandId: string): Promise<{ found: false } | { found: true; result: unknown }> {
    this.assertOpen();
    const row = this.stmt.command.get(commandId);
    if (!row) return { found: false };
    return { found: true, result: row.result === null ? undefined : JSON.parse(row.result) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush(); // appends already accepted are committed (or rejected) before the connection closes
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    this.committed.complete();
    this.external.complete();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/** `sqlite:./data/oa.db`, `sqlite:/abs/path.db`, `sqlite::memory:`; `?synchronous=NORMAL` is honoured. */
export function parseSqliteUrl(url: string): SqliteEventStoreOptions {
  if (!url.startsWith('sqlite:')) throw new Error(`not a sqlite: URL: ${url}`);
  let rest = url.slice('sqlite:'.length);
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === '') throw new Error(`sqlite URL without a file: ${url}`);
  const params = new URLSearchParams(query);
  const sync = params.get('synchronous')?.toUpperCase();
  if (sync !== undefined && sync !== 'FULL' && sync !== 'NORMAL') throw new Error(`synchronous must be FULL or NORMAL: ${url}`);
  return { filename: rest, synchronous: sync as 'FULL' | 'NORMAL' | undefined };
}

export async function createSqliteEventStore(urlOrOptions: string | SqliteEventStoreOptions): Promise<SqliteEventStore> {
  return new SqliteEventStore(typeof urlOrOptions === 'string' ? parseSqliteUrl(urlOrOptions) : urlOrOptions);
}
