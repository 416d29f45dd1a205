import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { canonicalJsonOf, hashOfPrepared } from '../../commands/store/shared';
import { GENESIS_HASH, type NewEvent } from '../../domain/eventstore/envelope';
import type { SqliteLocation } from './env';
import { projectionTableSql, projectionUpsertSql, type Subject } from './subject';

/** WAL, synchronous=FULL, the envelope's columns (and the chain's two hash columns) with UNIQUE(stream_id, revision). */
function openEventsDb(loc: SqliteLocation, chain: boolean): Database.Database {
  const db = new Database(loc.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL,${chain ? '\n    prev_hash TEXT NOT NULL,\n    hash TEXT NOT NULL,' : ''}
    UNIQUE (stream_id, revision))`);
  return db;
}

/**
 * The physical limit on SQLite: better-sqlite3, WAL, synchronous=FULL, one table with the envelope's
 * columns and UNIQUE(stream_id, revision). A single event is one autocommit INSERT; a batch is its
 * INSERTs in one transaction. The writer tracks revisions itself (no read before write, no hashing).
 */
export async function rawSqlite(loc: SqliteLocation, opts: { chain?: boolean } = {}): Promise<Subject> {
  if (opts.chain) return rawSqliteWithChain(loc);
  const db = openEventsDb(loc, false);
  db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const revisions = new Map<string, number>();
  const insertAll = db.transaction((streamId: string, events: readonly NewEvent[], first: number, at: string) => {
    for (let k = 0; k < events.length; k++) {
      const e = events[k]!;
      insert.run(e.id ?? randomUUID(), streamId, first + k, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), at);
    }
  });
  const page = db
    .prepare(
      'SELECT position, id, stream_id, revision, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
    )
    .raw(true);

  return {
    async append(streamId, events) {
      const first = (revisions.get(streamId) ?? -1) + 1;
      const at = new Date().toISOString();
      if (events.length === 1) {
        const e = events[0]!;
        insert.run(e.id ?? randomUUID(), streamId, first, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), at);
      } else {
        insertAll(streamId, events, first, at);
      }
      revisions.set(streamId, first + events.length - 1);
    },
    async readAll(limit, expected, deadline) {
      let after = 0;
      let read = 0;
      while (read < expected && performance.now() < deadline) {
        const rows = page.all(after, limit) as unknown[][];
        for (const r of rows) {
          // Decoded, as every other subject's reader hands events back.
          r[5] = JSON.parse(r[5] as string);
          r[6] = JSON.parse(r[6] as string);
        }
        read += rows.length;
        if (rows.length === 0) break;
        after = rows[rows.length - 1]![0] as number;
      }
      return read;
    },
    async catchUp(upTo, deadline, run) {
      const table = `raw_doc_${run}`;
      const name = `raw-projection-${run}`;
      db.exec(projectionTableSql(table));
      const upsert = db.prepare(projectionUpsertSql(table));
      const saveCheckpoint = db.prepare(
        'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      );
      const applyPage = db.transaction((rows: Array<{ position: number; stream_id: string }>) => {
        for (const r of rows) upsert.run(r.stream_id, r.position);
        saveCheckpoint.run(name, rows[rows.length - 1]!.position);
      });
      const pageTyped = db.prepare('SELECT position, stream_id, type, data FROM events WHERE position > ? ORDER BY position LIMIT ?');
      let after = 0;
      let applied = 0;
      while (applied < upTo && performance.now() < deadline) {
        const rows = pageTyped.all(after, Math.min(1000, upTo - applied)) as Array<{ position: number; stream_id: string; data: string }>;
        for (const r of rows) JSON.parse(r.data); // decoded, as every event handed to a projection is
        if (rows.length === 0) break;
        applyPage(rows);
        applied += rows.length;
        after = rows[rows.length - 1]!.position;
      }
      return applied;
    },
    async close() {
      db.close();
    },
  };
}

/**
 * The raw driver plus the integrity chain ARCHITECTURE §3 asks of every event, and nothing else: a
 * 100-event append as 100 INSERTs in one transaction (as raw), each row carrying canonical JSON of
 * data and metadata and its SM3 hash chained to the stream's previous one (shared.ts
 * `hashOfPrepared`, the same input ours hashes). No expected-revision read (revisions and the last
 * hash are kept in memory), no id index, no idempotency. Measured in the batched SQLite append row
 * only, to show where the chain alone puts the limit for a store that keeps it.
 */
async function rawSqliteWithChain(loc: SqliteLocation): Promise<Subject> {
  const db = openEventsDb(loc, true);
  const insert = db.prepare(
    'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const tips = new Map<string, { revision: number; hash: string }>();
  const insertAll = db.transaction((streamId: string, events: readonly NewEvent[], at: string) => {
    const tip = tips.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
    let prevHash = tip.hash;
    let revision = tip.revision;
    for (const e of events) {
      revision++;
      const row = {
        id: e.id ?? randomUUID(),
        type: e.type,
        schemaVersion: 1,
        revision,
        dataJson: canonicalJsonOf(e.data) ?? 'null',
        metadataJson: canonicalJsonOf(e.metadata) ?? 'null',
        recordedAt: at,
        prevHash,
        streamId,
      };
      const hash = hashOfPrepared(row);
      insert.run(row.id, streamId, revision, row.type, row.dataJson, row.metadataJson, at, prevHash, hash);
      prevHash = hash;
    }
    tips.set(streamId, { revision, hash: prevHash });
  });
  const unsupported = async (): Promise<never> => {
    throw new Error('raw + chain is measured in the append rows only');
  };
  return {
    async append(streamId, events) {
      insertAll(streamId, events, new Date().toISOString());
    },
    readAll: unsupported,
    catchUp: unsupported,
    async close() {
      db.close();
    },
  };
}
