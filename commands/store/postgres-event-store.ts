import pg from 'pg';
import { Observable, Subject, merge } from 'rxjs';
import type { NewEvent, RecordedEvent } from '../../domain/eventstore/envelope';
import { GENESIS_HASH } from '../../domain/eventstore/envelope';
import { sm3Hex } from '../../domain/eventstore/integrity';
import {
  WrongExpectedRevision,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamAppend,
  type SubscribeOptions,
} from '../../domain/eventstore/port';
import { catchUpThenLive, prefixUpperBound, prepareEvents, validateAppend, type PreparedEvent } from './shared';

/**
 * The PostgreSQL event store (ARCHITECTURE §4).
 *
 * Ordering without skips. Each event row carries the id of the transaction that wrote it
 * (`transaction_id xid8 DEFAULT pg_current_xact_id()`), and readers of $all only return rows written
 * by transactions older than the oldest transaction still running
 * (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`, Emmett's technique): a row is never
 * returned while a transaction that could still commit a smaller position is in flight.
 * That alone is not enough: a transaction can get its xid before another one yet draw its positions
 * after it, and then a reader would return the later-drawn (larger) positions of the older xid while
 * the newer xid, holding smaller positions, is still in flight. So `es_append` takes a session-level
 * advisory lock around "take the xid (`pg_current_xact_id()`) and draw the positions (`nextval`)",
 * a few microseconds, and releases it before it writes anything: xid order equals position order
 * among appenders, while the writes and the commits (the fsyncs) run concurrently and group.
 *
 * Positions come from an identity column: a rolled-back append leaves a gap. Positions are strictly
 * increasing in the order readers see them, and never skipped; they are not dense.
 *
 * One round trip per append in the common case: the client keeps the last (revision, hash) it knows
 * for each stream, computes the SM3 chain against it, and `es_append` checks it under the row update;
 * when it is stale the function returns the actual state and the client recomputes once.
 *
 * Live wake-up: after each commit this process wakes its own subscribers, and sends
 * `pg_notify(channel, position)` in a transaction of its own (a NOTIFY inside the append transaction
 * would serialise every commit on PostgreSQL's notify queue lock), at most one every
 * `notifyIntervalMs` under load, the first one at once. Other processes LISTEN on that channel; a slow
 * poll covers lost notifications and transactions that are not appends holding the watermark back.
 */

export interface PostgresEventStoreOptions {
  /** A pg connection string (without our own parameters). */
  connectionString: string;
  /** Schema for the tables (default 'public'); created when missing. */
  schema?: string;
  /** Pool size (default 10). */
  poolSize?: number;
  clock?: () => Date;
  /** Fallback poll while someone watches (ms, default 1000). */
  pollIntervalMs?: number;
  /**
   * Under a stream of appends, at most one NOTIFY to other processes per this many ms (default 10):
   * each costs a statement and a transaction on the server. After a quiet spell the first one goes at once.
   */
  notifyIntervalMs?: number;
}

const INT8 = 20;
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

type Row = [number, string, string, number, string, number, unknown, RecordedEvent['metadata'], string, string, string];
const COLUMNS = 'position, id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

function toEvent(r: Row): RecordedEvent {
  return {
    id: r[1],
    type: r[4],
    schemaVersion: r[5],
    streamId: r[2],
    revision: r[3],
    position: r[0],
    data: r[6],
    metadata: r[7],
    recordedAt: r[8],
    prevHash: r[9],
    hash: r[10],
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A stable int4 from a string (first 4 bytes of its SM3), for advisory-lock keys. */
function int4Of(s: string): number {
  return Buffer.from(sm3Hex(s).slice(0, 8), 'hex').readInt32BE(0);
}

/** Parts of `appendMany` sent in one statement. */
const APPEND_MANY_CHUNK = 2000;

const LOCK_CLASS = 0x0e5e_7100; // classid of our advisory locks: (LOCK_CLASS, key)

function tablesSql(schema: string): string {
  const s = quoteIdent(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.es_events (
  position       bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
  transaction_id xid8   NOT NULL DEFAULT pg_current_xact_id(),
  id             text   COLLATE "C" NOT NULL,
  stream_id      text   COLLATE "C" NOT NULL,
  revision       bigint NOT NULL,
  type           text   COLLATE "C" NOT NULL,
  schema_version integer NOT NULL,
  data           json   NOT NULL,
  metadata       json   NOT NULL,
  recorded_at    text   NOT NULL,
  prev_hash      text   NOT NULL,
  hash           text   NOT NULL,
  CONSTRAINT es_events_id_key UNIQUE (id),
  CONSTRAINT es_events_stream_revision_key UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS ${s}.es_streams (
  stream_id text   COLLATE "C" PRIMARY KEY,
  revision  bigint NOT NULL,
  hash      text   NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.es_commands (
  command_id    text   COLLATE "C" PRIMARY KEY,
  stream_id     text   COLLATE "C" NOT NULL,
  result        text,
  next_revision bigint NOT NULL,
  position      bigint NOT NULL,
  recorded_at   text   NOT NULL
);
`;
}

/** `es_append`; `positionSeq` is the (quoted, qualified) name of es_events.position's sequence. */
function appendFunctionSql(schema: string, positionSeq: string): string {
  const s = quoteIdent(schema);
  const appendLock = int4Of(`append:${schema}`);
  const seq = `'${positionSeq.replace(/'/g, "''")}'::regclass`;
  // Data, metadata and hashes arrive as one text each, joined by '\n', which canonical JSON (every
  // control character escaped) and hex never contain: no array quoting to build or parse. Each
  // event's prev_hash is the hash before it, the first one's the stream tip the append was checked against.
  const insertEvents = `INSERT INTO ${s}.es_events (position, id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
      OVERRIDING SYSTEM VALUE
      SELECT v_positions[u.ord], u.id, p_stream, p_assumed_revision + u.ord, u.type, u.ver, u.data::json, u.meta::json, p_recorded_at,
             CASE WHEN u.ord = 1 THEN p_assumed_hash ELSE v_hashes[u.ord - 1] END, u.hash
        FROM unnest(p_ids, p_types, p_versions, string_to_array(p_data, E'\\n'), string_to_array(p_metadata, E'\\n'), v_hashes)
             WITH ORDINALITY AS u(id, type, ver, data, meta, hash, ord)
       WHERE EXISTS (SELECT FROM w)`;
  return `
-- The earlier signature (data, metadata and both hash columns as arrays).
DROP FUNCTION IF EXISTS ${s}.es_append(text, bigint, bigint, text, boolean, text[], text[], integer[], text[], text[], text[], text[], text, text, text);
-- p_expected: a revision >= -1, or -2 'any', -3 'exists' ('no_stream' is -1).
-- status: ok | command (already recorded) | duplicate (all event ids stored) | partial (some stored)
--         | conflict (expected revision does not hold) | stale (assumed state was not the stream's).
CREATE OR REPLACE FUNCTION ${s}.es_append(
  p_stream text, p_expected bigint, p_assumed_revision bigint, p_assumed_hash text, p_check_ids boolean,
  p_ids text[], p_types text[], p_versions integer[], p_data text, p_metadata text, p_hashes text,
  p_recorded_at text, p_command text, p_result text,
  OUT status text, OUT o_revision bigint, OUT o_position bigint, OUT o_hash text, OUT o_result text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_n integer := coalesce(array_length(p_ids, 1), 0);
  v_hashes text[] := string_to_array(p_hashes, E'\\n');
  v_rev bigint;
  v_hash text;
  v_count integer;
  v_foreign integer;
  v_void text;
  v_unlocked boolean;
  v_xid xid8;
  v_positions bigint[];
BEGIN
  IF p_command IS NOT NULL THEN
    SELECT 'command', c.next_revision, c.position, c.result INTO status, o_revision, o_position, o_result
      FROM ${s}.es_commands c WHERE c.command_id = p_command;
    IF FOUND THEN RETURN; END IF;
  END IF;
  IF p_check_ids AND v_n > 0 THEN
    SELECT count(*), count(*) FILTER (WHERE e.stream_id <> p_stream) INTO v_count, v_foreign
      FROM ${s}.es_events e WHERE e.id = ANY (p_ids);
    IF v_count > 0 THEN
      SELECT e.revision, e.position INTO o_revision, o_position
        FROM ${s}.es_events e WHERE e.id = ANY (p_ids) ORDER BY e.position DESC LIMIT 1;
      status := CASE WHEN v_count = v_n AND v_foreign = 0 THEN 'duplicate' ELSE 'partial' END;
      RETURN;
    END IF;
  END IF;
  -- Fast path, the common case: the client's assumed tip satisfies the expected revision.
  IF v_n > 0 AND (p_expected = -2 OR p_expected = p_assumed_revision OR (p_expected = -3 AND p_assumed_revision >= 0)) THEN
    -- Critical section, as short as it gets: take the transaction's xid and draw its positions, in
    -- one serialised step (assignments: plpgsql evaluates them directly, where a PERFORM or a query
    -- goes through SPI). Nothing in it fails short of the connection or the server; if it does, the
    -- client releases the lock on this connection (pg_advisory_unlock_all) before reusing it: no
    -- EXCEPTION block, which would cost a subtransaction per append.
    v_void := pg_advisory_lock(${LOCK_CLASS}, ${appendLock})::text;
    v_xid := pg_current_xact_id();
    IF v_n = 1 THEN
      v_positions := ARRAY[nextval(${seq})];
    ELSE
      SELECT array_agg(nextval(${seq})) INTO v_positions FROM generate_series(1, v_n);
    END IF;
    v_unlocked := pg_advisory_unlock(${LOCK_CLASS}, ${appendLock});
    -- One statement: the stream row written only if the assumed tip is the stream's, then the events
    -- only if it was. A concurrent append to the same stream is waited for here, outside the lock.
    IF p_assumed_revision = -1 THEN
      WITH w AS (INSERT INTO ${s}.es_streams VALUES (p_stream, v_n - 1, v_hashes[v_n]) ON CONFLICT DO NOTHING RETURNING 1)
      ${insertEvents};
    ELSE
      WITH w AS (
        UPDATE ${s}.es_streams SET revision = p_assumed_revision + v_n, hash = v_hashes[v_n]
         WHERE stream_id = p_stream AND revision = p_assumed_revision AND hash = p_assumed_hash RETURNING 1)
      ${insertEvents};
    END IF;
    IF FOUND THEN
      o_position := v_positions[v_n];
      o_revision := p_assumed_revision + v_n;
      IF p_command IS NOT NULL THEN
        INSERT INTO ${s}.es_commands VALUES (p_command, p_stream, p_result, o_revision, o_position, p_recorded_at);
      END IF;
      status := 'ok'; RETURN;
    END IF;
    -- The assumed tip is not the stream's: nothing written (the drawn positions stay unused, a gap);
    -- report the actual state.
  END IF;
  SELECT st.revision, st.hash INTO v_rev, v_hash FROM ${s}.es_streams st WHERE st.stream_id = p_stream;
  IF NOT FOUND THEN v_rev := -1; v_hash := '${GENESIS_HASH}'; END IF;
  IF NOT (p_expected = -2 OR (p_expected = -3 AND v_rev >= 0) OR p_expected = v_rev) THEN
    status := 'conflict'; o_revision := v_rev; RETURN;
  END IF;
  IF v_n = 0 THEN
    o_revision := v_rev;
    SELECT coalesce(max(e.position), 0) INTO o_position FROM ${s}.es_events e WHERE e.stream_id = p_stream AND e.revision = v_rev;
    IF p_command IS NOT NULL THEN
      INSERT INTO ${s}.es_commands VALUES (p_command, p_stream, p_result, o_revision, o_position, p_recorded_at);
    END IF;
    status := 'ok'; RETURN;
  END IF;
  -- The expected revision holds against the actual tip, which is not the one the client assumed.
  status := 'stale'; o_revision := v_rev; o_hash := v_hash;
END
$fn$;
`;
}

function withIds(events: readonly NewEvent[], ids: readonly string[]): NewEvent[] {
  return events.map((e, i) => (e.id === ids[i] ? e : { ...e, id: ids[i] }));
}

/**
 * One field of every row joined by '\n' (see es_append): canonical JSON escapes every control
 * character and a hash is hex, so no value contains one.
 */
function joinLines(rows: readonly PreparedEvent[], key: 'dataJson' | 'metadataJson' | 'hash'): string {
  let out = '';
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i][key];
    if (v.includes('\n')) throw new Error(`es_append: a ${key} contains a line feed`); // never: see above
    out += i === 0 ? v : '\n' + v;
  }
  return out;
}

function encodeExpected(e: ExpectedRevision): number {
  if (e === 'any') return -2;
  if (e === 'exists') return -3;
  if (e === 'no_stream') return -1;
  return e;
}

interface StreamTip {
  revision: number;
  hash: string;
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly table: string;
  private readonly channel: string;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly committed = new Subject<number>();
  private readonly woken = new Subject<number>();
  /** Last known (revision, hash) per stream: the SM3 chain is computed against it, and checked in SQL. */
  private readonly tips = new Map<string, StreamTip>();
  private listener: pg.Client | undefined;
  private listenerReady: Promise<void> | undefined;
  private notifyPending: number | undefined;
  private notifying = false;
  private notifyTimer: NodeJS.Timeout | undefined;
  private lastNotifyAt = -Infinity;
  private readonly notifyIntervalMs: number;
  private watchers = 0;
  private poller: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'public';
    this.table = `${quoteIdent(this.schema)}.es_events`;
    this.channel = `es_events_${this.schema}`.slice(0, 63);
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.notifyIntervalMs = options.notifyIntervalMs ?? 10;
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, types });
    this.pool.on('error', () => {
      /* an idle client died; the pool replaces it */
    });
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.migrate();
    } catch (err) {
      await store.pool.end().catch(() => undefined);
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Several processes may open the store at once: one of them creates, the others wait and see it.
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, int4Of(`ddl:${this.schema}`)]);
      await client.query(tablesSql(this.schema));
      const seq = await client.query<{ seq: string }>(`SELECT pg_get_serial_sequence($1, 'position') AS seq`, [
        `${quoteIdent(this.schema)}.es_events`,
      ]);
      if (!seq.rows[0]?.seq) throw new Error(`${this.schema}.es_events.position has no sequence (not an identity column)`);
      await client.query(appendFunctionSql(this.schema, seq.rows[0].seq));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    validateAppend(streamId, events, expected);
    const command = options.command;
    const checkIds = events.some((e) => e.id !== undefined);
    const resultJson = command && command.result !== undefined ? JSON.stringify(command.result) : null;
    let tip: StreamTip = this.tips.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
    let ids: string[] | undefined; // ids generated on the first attempt, kept across retries
    for (let attempt = 0; ; attempt++) {
      const recordedAt = this.clock().toISOString();
      const source = ids === undefined ? events : withIds(events, ids);
      const rows: PreparedEvent[] = prepareEvents(streamId, tip.revision, tip.hash, source, recordedAt);
      ids ??= rows.map((x) => x.id);
      let r: { status: string; o_revision: number | null; o_position: number | null; o_hash: string | null; o_result: string | null };
      try {
        const res = await this.appendQuery({
          name: `es_append_${this.schema}`,
          text: `SELECT status, o_revision, o_position, o_hash, o_result FROM ${quoteIdent(this.schema)}.es_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          values: [
            streamId,
            encodeExpected(expected),
            tip.revision,
            tip.hash,
            checkIds,
            rows.map((x) => x.id),
            rows.map((x) => x.type),
            rows.map((x) => x.schemaVersion),
            joinLines(rows, 'dataJson'),
            joinLines(rows, 'metadataJson'),
            joinLines(rows, 'hash'),
            recordedAt,
            command?.id ?? null,
            resultJson,
          ],
        });
        r = res.rows[0];
      } catch (err) {
        const code = (err as { code?: string }).code;
        // A concurrent append stored the same event ids or command id first: the next attempt sees it.
        if (code === '23505' && attempt < 50) continue;
        throw err;
      }
      switch (r.status) {
        case 'ok': {
          const nextRevision = r.o_revision!;
          const position = r.o_position!;
          if (rows.length > 0) {
            this.rememberTip(streamId, { revision: nextRevision, hash: rows[rows.length - 1].hash });
            this.afterCommit(position);
          }
          return command ? { nextRevision, position, commandResult: command.result } : { nextRevision, position };
        }
        case 'command':
          return {
            nextRevision: r.o_revision!,
            position: r.o_position!,
            duplicate: true,
            commandResult: r.o_result === null ? undefined : JSON.parse(r.o_result),
          };
        case 'duplicate':
          return { nextRevision: r.o_revision!, position: r.o_position!, duplicate: true };
        case 'partial':
          // Some of these ids are stored, some not: not a retry of one append.
          throw new WrongExpectedRevision(streamId, expected, await this.streamRevision(streamId));
        case 'conflict':
          this.tips.delete(streamId);
          throw new WrongExpectedRevision(streamId, expected, r.o_revision!);
        case 'stale':
          if (attempt >= 50) throw new WrongExpectedRevision(streamId, expected, r.o_revision ?? -1);
          tip = r.o_revision === null ? { revision: -1, hash: GENESIS_HASH } : { revision: r.o_revision, hash: r.o_hash! };
          continue;
        default:
          throw new Error(`es_append: unexpected status ${r.status}`);
      }
    }
  }

  /**
   * Several streams in ONE transaction (see the port): `es_append` once per part on one connection
   * between BEGIN and COMMIT. The append lock is held from before the first part's positions are
   * drawn until after the last part's: no other transaction can take an xid and draw positions in
   * between, so "a reader never sees position p while a smaller one may still commit" keeps holding
   * (with the lock released between parts, a later xid could draw a position below this
   * transaction's later parts). Other appends wait for the batch meanwhile: meant for bulk work
   * (an Excel import), not for every command. Any refusal rolls everything back.
   */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    for (const a of appends) validateAppend(a.streamId, a.events, a.options?.expectedRevision ?? 'any');
    const lockKey = int4Of(`append:${this.schema}`);
    const written = new Map<string, StreamTip>();
    const results: AppendResult[] = [];
    let head = 0;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, lockKey]);
      for (let from = 0; from < appends.length; from += APPEND_MANY_CHUNK) {
        const chunk = appends.slice(from, from + APPEND_MANY_CHUNK);
        for (const r of await this.appendChunk(client, chunk, written)) results.push(r);
      }
      results.forEach((r, i) => {
        if (!r.duplicate && appends[i]!.events.length > 0) head = Math.max(head, r.position);
      });
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, lockKey]);
      await client.query('COMMIT');
      client.release();
    } catch (err) {
      try {
        await client.query('ROLLBACK');
        await client.query('SELECT pg_advisory_unlock_all()');
        client.release();
      } catch (e) {
        client.release(e instanceof Error ? e : new Error(String(e)));
      }
      if (err instanceof WrongExpectedRevision) this.tips.delete(err.streamId);
      throw err;
    }
    for (const [streamId, tip] of written) this.rememberTip(streamId, tip);
    if (head > 0) this.afterCommit(head);
    return results;
  }

  /**
   * Parts of `appendMany` in ONE statement (one round trip for thousands of streams): `es_append` is
   * called per part, in order, through a LATERAL join over the parts' arrays, each against the tip
   * this client assumes (a new stream: genesis). Parts whose assumed tip was not the stream's
   * ('stale': nothing written) are appended again one by one afterwards, in order, in the same transaction.
   */
  private async appendChunk(
    client: pg.PoolClient,
    parts: readonly StreamAppend[],
    written: Map<string, StreamTip>,
  ): Promise<AppendResult[]> {
    const recordedAt = this.clock().toISOString();
    const assumed = new Map<string, StreamTip>();
    const cols = {
      stream: [] as string[],
      expected: [] as number[],
      rev: [] as number[],
      hash: [] as string[],
      check: [] as boolean[],
      ids: [] as string[],
      types: [] as string[],
      versions: [] as string[],
      data: [] as string[],
      meta: [] as string[],
      hashes: [] as string[],
      command: [] as (string | null)[],
      result: [] as (string | null)[],
    };
    const prepared = parts.map((a) => {
      const tip = assumed.get(a.streamId) ?? written.get(a.streamId) ?? this.tips.get(a.streamId) ?? { revision: -1, hash: GENESIS_HASH };
      const rows = prepareEvents(a.streamId, tip.revision, tip.hash, a.events, recordedAt);
      if (rows.length > 0) assumed.set(a.streamId, { revision: rows[rows.length - 1]!.revision, hash: rows[rows.length - 1]!.hash });
      const command = a.options?.command;
      cols.stream.push(a.streamId);
      cols.expected.push(encodeExpected(a.options?.expectedRevision ?? 'any'));
      cols.rev.push(tip.revision);
      cols.hash.push(tip.hash);
      cols.check.push(a.events.some((e) => e.id !== undefined));
      for (const r of rows)
        if (r.id.includes('\n') || r.type.includes('\n')) throw new Error('appendMany: an event id or type contains a line feed');
      cols.ids.push(rows.map((r) => r.id).join('\n'));
      cols.types.push(rows.map((r) => r.type).join('\n'));
      cols.versions.push(rows.map((r) => String(r.schemaVersion)).join('\n'));
      cols.data.push(joinLines(rows, 'dataJson'));
      cols.meta.push(joinLines(rows, 'metadataJson'));
      cols.hashes.push(joinLines(rows, 'hash'));
      cols.command.push(command?.id ?? null);
      cols.result.push(command && command.result !== undefined ? JSON.stringify(command.result) : null);
      return rows;
    });
    const s = quoteIdent(this.schema);
    const res = await client.query<{
      status: string;
      o_revision: number | null;
      o_position: number | null;
      o_hash: string | null;
      o_result: string | null;
    }>({
      text: `SELECT r.status, r.o_revision, r.o_position, r.o_hash, r.o_result
               FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[],
                           $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
                    WITH ORDINALITY AS u(stream, expected, rev, hash, check_ids, ids, types, versions, data, meta, hashes, command, result, ord)
              CROSS JOIN LATERAL ${s}.es_append(u.stream, u.expected, u.rev, u.hash, u.check_ids,
                    CASE WHEN u.ids = '' THEN '{}'::text[] ELSE string_to_array(u.ids, E'\\n') END,
                    CASE WHEN u.types = '' THEN '{}'::text[] ELSE string_to_array(u.types, E'\\n') END,
                    CASE WHEN u.versions = '' THEN '{}'::integer[] ELSE string_to_array(u.versions, E'\\n')::integer[] END,
                    u.data, u.meta, u.hashes, $14, u.command, u.result) AS r
              ORDER BY u.ord`,
      values: [
        cols.stream,
        cols.expected,
        cols.rev,
        cols.hash,
        cols.check,
        cols.ids,
        cols.types,
        cols.versions,
        cols.data,
        cols.meta,
        cols.hashes,
        cols.command,
        cols.result,
        recordedAt,
      ],
    });
    const out: (AppendResult | null)[] = [];
    res.rows.forEach((r, i) => {
      const a = parts[i]!;
      const expected = a.options?.expectedRevision ?? 'any';
      const command = a.options?.command;
      const rows = prepared[i]!;
      switch (r.status) {
        case 'ok': {
          const nextRevision = r.o_revision!;
          const position = r.o_position!;
          if (rows.length > 0) written.set(a.streamId, { revision: nextRevision, hash: rows[rows.length - 1]!.hash });
          out.push(command ? { nextRevision, position, commandResult: command.result } : { nextRevision, position });
          return;
        }
        case 'command':
          out.push({
            nextRevision: r.o_revision!,
            position: r.o_position!,
            duplicate: true,
            commandResult: r.o_result === null ? undefined : JSON.parse(r.o_result),
          });
          return;
        case 'duplicate':
          out.push({ nextRevision: r.o_revision!, position: r.o_position!, duplicate: true });
          return;
        case 'partial':
          throw new WrongExpectedRevision(a.streamId, expected, cols.rev[i]!);
        case 'conflict':
          throw new WrongExpectedRevision(a.streamId, expected, r.o_revision!);
        case 'stale':
          out.push(null);
          return;
        default:
          throw new Error(`es_append: unexpected status ${r.status}`);
      }
    });
    for (let i = 0; i < out.length; i++) if (out[i] === null) out[i] = await this.appendPart(client, parts[i]!, written);
    return out as AppendResult[];
  }

  /** One part of `appendMany` inside its transaction; `written` holds the tips this transaction made. */
  private async appendPart(client: pg.PoolClient, a: StreamAppend, written: Map<string, StreamTip>): Promise<AppendResult> {
    const { streamId, events } = a;
    const expected = a.options?.expectedRevision ?? 'any';
    const command = a.options?.command;
    const checkIds = events.some((e) => e.id !== undefined);
    const resultJson = command && command.result !== undefined ? JSON.stringify(command.result) : null;
    let tip: StreamTip = written.get(streamId) ?? this.tips.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
    let ids: string[] | undefined;
    for (let attempt = 0; ; attempt++) {
      const recordedAt = this.clock().toISOString();
      const rows = prepareEvents(streamId, tip.revision, tip.hash, ids === undefined ? events : withIds(events, ids), recordedAt);
      ids ??= rows.map((x) => x.id);
      const res = await client.query<{
        status: string;
        o_revision: number | null;
        o_position: number | null;
        o_hash: string | null;
        o_result: string | null;
      }>({
        name: `es_append_${this.schema}`,
        text: `SELECT status, o_revision, o_position, o_hash, o_result FROM ${quoteIdent(this.schema)}.es_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        values: [
          streamId,
          encodeExpected(expected),
          tip.revision,
          tip.hash,
          checkIds,
          rows.map((x) => x.id),
          rows.map((x) => x.type),
          rows.map((x) => x.schemaVersion),
          joinLines(rows, 'dataJson'),
          joinLines(rows, 'metadataJson'),
          joinLines(rows, 'hash'),
          recordedAt,
          command?.id ?? null,
          resultJson,
        ],
      });
      const r = res.rows[0]!;
      switch (r.status) {
        case 'ok': {
          const nextRevision = r.o_revision!;
          const position = r.o_position!;
          if (rows.length > 0) written.set(streamId, { revision: nextRevision, hash: rows[rows.length - 1]!.hash });
          return command ? { nextRevision, position, commandResult: command.result } : { nextRevision, position };
        }
        case 'command':
          return {
            nextRevision: r.o_revision!,
            position: r.o_position!,
            duplicate: true,
            commandResult: r.o_result === null ? undefined : JSON.parse(r.o_result),
          };
        case 'duplicate':
          return { nextRevision: r.o_revision!, position: r.o_position!, duplicate: true };
        case 'partial':
          throw new WrongExpectedRevision(streamId, expected, tip.revision);
        case 'conflict':
          throw new WrongExpectedRevision(streamId, expected, r.o_revision!);
        case 'stale':
          if (attempt >= 50) throw new WrongExpectedRevision(streamId, expected, r.o_revision ?? -1);
          tip = r.o_revision === null ? { revision: -1, hash: GENESIS_HASH } : { revision: r.o_revision, hash: r.o_hash! };
          continue;
        default:
          throw new Error(`es_append: unexpected status ${r.status}`);
      }
    }
  }

  /**
   * Runs `es_append` on a pooled connection. When it fails, the connection may still hold the session
   * lock `es_append` takes around "xid + positions" (it has no EXCEPTION block: a subtransaction per
   * append costs more than this): release it before the connection is reused, or drop the connection
   * (the server releases a session's locks when it ends).
   */
  private async appendQuery(q: pg.QueryConfig): Promise<pg.QueryResult> {
    const client = await this.pool.connect();
    try {
      const res = await client.query(q);
      client.release();
      return res;
    } catch (err) {
      try {
        await client.query('SELECT pg_advisory_unlock_all()');
        client.release();
      } catch (e) {
        client.release(e instanceof Error ? e : new Error(String(e)));
      }
      throw err;
    }
  }

  private rememberTip(streamId: string, tip: StreamTip): void {
    if (this.tips.size >= 10_000) this.tips.delete(this.tips.keys().next().value!);
    this.tips.delete(streamId);
    this.tips.set(streamId, tip);
  }

  private afterCommit(position: number): void {
    this.committed.next(position);
    this.chase(position);
    // Tell other processes, off the append's path, coalescing bursts into one notification.
    this.notifyPending = Math.max(this.notifyPending ?? 0, position);
    this.scheduleNotify();
  }

  private scheduleNotify(): void {
    if (this.notifying || this.notifyTimer || this.notifyPending === undefined || this.closed) return;
    const wait = this.lastNotifyAt + this.notifyIntervalMs - performance.now();
    if (wait <= 0) {
      void this.flushNotify();
      return;
    }
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      void this.flushNotify();
    }, wait);
    this.notifyTimer.unref?.();
  }

  private async flushNotify(): Promise<void> {
    const p = this.notifyPending;
    if (p === undefined || this.notifying) return;
    this.notifying = true;
    this.notifyPending = undefined;
    this.lastNotifyAt = performance.now();
    try {
      await this.sendNotify(p);
    } finally {
      this.notifying = false;
      this.scheduleNotify();
    }
  }

  private async sendNotify(position: number): Promise<void> {
    try {
      // A NOTIFY needs its transaction to have an xid, so committing it would flush WAL like an append:
      // one more fsync for a wake-up hint that writes no data. Its transaction alone commits
      // asynchronously (set_config(..., true) is local to it); every append stays synchronous, and
      // listeners receive the notification at its commit either way.
      await this.pool.query({
        name: 'es_notify',
        text: `SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)`,
        values: [this.channel, String(position)],
      });
    } catch {
      /* the poll fallback covers a lost notification */
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const res = await this.pool.query<Row>({
      name: `es_read_stream_${this.schema}`,
      text: `SELECT ${COLUMNS} FROM ${this.table} WHERE stream_id = $1 AND revision >= $2 AND revision <= $3 ORDER BY revision`,
      values: [streamId, options.fromRevision ?? 0, options.toRevision ?? Number.MAX_SAFE_INTEGER],
      rowMode: 'array',
    });
    return res.rows.map(toEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = Math.max(1, options.fromPosition ?? 1);
    const limit = Math.max(0, Math.floor(options.limit ?? 1000));
    if (limit === 0) return [];
    const values: unknown[] = [from, limit];
    let where = 'position >= $1 AND transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))';
    let shape = '';
    const prefix = options.streamPrefix;
    if (prefix) {
      values.push(prefix);
      where += ` AND stream_id >= $${values.length}`;
      const upper = prefixUpperBound(prefix);
      if (upper !== null) {
        values.push(upper);
        where += ` AND stream_id < $${values.length}`;
      }
      shape += upper === null ? 'p1' : 'p2';
    }
    // An empty `types` list means no type filter, like an absent one.
    if (options.types && options.types.length > 0) {
      values.push(options.types);
      where += ` AND type = ANY ($${values.length}::text[])`;
      shape += 't';
    }
    const res = await this.pool.query<Row>({
      name: `es_read_all_${shape}_${this.schema}`,
      text: `SELECT ${COLUMNS} FROM ${this.table} WHERE ${where} ORDER BY position LIMIT $2`,
      values,
      rowMode: 'array',
    });
    return res.rows.map(toEvent);
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
      const sub = merge(this.committed, this.woken).subscribe(subscriber);
      return () => {
        sub.unsubscribe();
        this.stopWatching();
      };
    });
  }

  /**
   * A position announced as committed may not be readable yet: readers wait for the server's oldest
   * in-flight transaction (any transaction, in any schema). Re-check soon, backing off, and wake the
   * watchers when it is — rather than leaving them to the slow poll.
   */
  private chasing = 0;
  private chase(position: number): void {
    if (this.watchers === 0 || position <= this.chasing) return;
    this.chasing = position;
    let delay = 5;
    const tick = async () => {
      if (this.closed || this.watchers === 0) return;
      const head = await this.headPosition().catch(() => -1);
      if (head >= position) {
        this.woken.next(head);
        return;
      }
      delay *= 2;
      if (delay <= 2560) setTimeout(() => void tick(), delay).unref?.();
    };
    setTimeout(() => void tick(), delay).unref?.();
  }

  private startWatching(): void {
    if (this.watchers++ > 0 || this.closed) return;
    this.poller = setInterval(() => {
      if (!this.closed) this.woken.next(0);
    }, this.pollIntervalMs);
    this.poller.unref?.();
    this.listenerReady ??= this.listen();
  }

  private stopWatching(): void {
    if (--this.watchers > 0) return;
    this.watchers = 0;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }

  /** One dedicated connection LISTENs for positions committed by other processes; reconnects when lost. */
  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.options.connectionString });
    const retry = () => {
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.closed) return;
      setTimeout(() => {
        this.listenerReady = this.listen();
      }, 1000).unref?.();
    };
    client.on('error', retry);
    client.on('notification', (n) => {
      const p = Number(n.payload);
      this.woken.next(Number.isFinite(p) ? p : 0);
      if (Number.isFinite(p)) this.chase(p);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(this.channel)}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listener = client;
      this.woken.next(0); // anything committed while we were not listening
    } catch {
      retry();
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const res = await this.pool.query<[number]>({
      name: `es_head_${this.schema}`,
      text: `SELECT coalesce(max(position), 0) FROM ${this.table} WHERE transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))`,
      rowMode: 'array',
    });
    return res.rows[0][0];
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    const res = await this.pool.query<[number]>({
      name: `es_stream_revision_${this.schema}`,
      text: `SELECT revision FROM ${quoteIdent(this.schema)}.es_streams WHERE stream_id = $1`,
      values: [streamId],
      rowMode: 'array',
    });
    return res.rows.length === 0 ? -1 : res.rows[0][0];
  }

  async commandResult(commandId: string): Promise<{ found: false } | { found: true; result: unknown }> {
    this.assertOpen();
    const res = await this.pool.query<[string | null]>({
      name: `es_command_${this.schema}`,
      text: `SELECT result FROM ${quoteIdent(this.schema)}.es_commands WHERE command_id = $1`,
      values: [commandId],
      rowMode: 'array',
    });
    if (res.rows.length === 0) return { found: false };
    const text = res.rows[0][0];
    return { found: true, result: text === null ? undefined : JSON.parse(text) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    // A notification held back by the interval still goes out before the pool ends.
    const pending = this.notifyPending;
    this.notifyPending = undefined;
    if (pending !== undefined) await this.sendNotify(pending);
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    this.committed.complete();
    this.woken.complete();
    await this.listenerReady?.catch(() => undefined);
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/**
 * `postgres://user:pw@host:port/db?schema=oa_events&pool=20` (also `postgresql://`). `schema` and
 * `pool` are ours and are removed before the string reaches pg; every other parameter is pg's.
 */
export function parsePostgresUrl(url: string): PostgresEventStoreOptions {
  const u = new URL(url);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`not a postgres URL: ${url}`);
  const schema = u.searchParams.get('schema') ?? undefined;
  const pool = u.searchParams.get('pool');
  u.searchParams.delete('schema');
  u.searchParams.delete('pool');
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name: ${schema}`);
  return {
    connectionString: u.toString(),
    schema,
    poolSize: pool ? Math.max(1, Number.parseInt(pool, 10)) : undefined,
  };
}

export async function createPostgresEventStore(urlOrOptions: string | PostgresEventStoreOptions): Promise<PostgresEventStore> {
  return PostgresEventStore.open(typeof urlOrOptions === 'string' ? parsePostgresUrl(urlOrOptions) : urlOrOptions);
}
