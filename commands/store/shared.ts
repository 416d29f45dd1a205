import { Observable, type Subscription } from 'rxjs';
import type { NewEvent, RecordedEvent } from '../../domain/eventstore/envelope';
import { sm3Hex } from '../../domain/eventstore/integrity';
import type { ExpectedRevision, ReadAllOptions, SubscribeOptions } from '../../domain/eventstore/port';
import { uuidv7 } from './uuid';

/**
 * Pieces shared by the event-store adapters (SQLite, PostgreSQL; the ESDB adapter may use them too):
 * preparing rows (ids, hash chain), the expected-revision rule, the stream-prefix range and the
 * catch-up-then-live subscription.
 */

/** A new event ready to insert: canonical JSON, its revision and its place in the stream's SM3 chain. */
export interface PreparedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  revision: number;
  /** Canonical JSON text as stored (sorted keys): reading it back gives a value whose canonicalJson is this text. */
  dataJson: string;
  metadataJson: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/**
 * What `canonicalJson(JSON.parse(JSON.stringify(value)))` gives, in one pass: JSON.stringify's
 * semantics (`toJSON`, so a Date becomes its ISO string; undefined/functions dropped from objects and
 * null in arrays; boxed primitives unboxed) with object keys sorted as canonicalJson sorts them.
 * Storing this text makes the stored row and the hash agree: an auditor that parses the row and runs
 * `eventHash` gets the same hash. Non-finite numbers and bigints are refused, as canonicalJson does.
 *
 * It runs twice per appended event, so it is built for speed: the value is copied into plain objects
 * whose keys are inserted in sorted order, and the native JSON.stringify, which writes such keys in
 * insertion order, serialises the copy. Keys a plain object would not keep in insertion order
 * (integer-like keys, which JavaScript enumerates first and in numeric order; `__proto__`, a setter
 * on `{}`) send the value to the string-building twin, canonicalJsonText. Both give the same text,
 * property-tested against integrity.ts canonicalJson.
 */
export function canonicalJsonOf(value: unknown): string | undefined {
  const copy = sortedCopy(value);
  if (copy === UNORDERABLE) return canonicalJsonText(value);
  return copy === undefined ? undefined : JSON.stringify(copy);
}

/** Returned by sortedCopy for a value with a key that a plain object would not keep in sorted order. */
const UNORDERABLE: unique symbol = Symbol('unorderable');

/**
 * The JSON-ready copy of a value (strings, finite numbers, booleans, null, arrays, plain objects with
 * their keys inserted sorted), `undefined` for what JSON drops, or UNORDERABLE. Case by case the same
 * as canonicalJsonText.
 */
function sortedCopy(value: unknown): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON(): unknown }).toJSON();
  }
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError('non-finite number in event');
      return v;
    case 'bigint':
      throw new TypeError('bigint in event: use a string or a number of fen');
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) {
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const item = sortedCopy(v[i]);
          if (item === UNORDERABLE) return UNORDERABLE;
          out[i] = item === undefined ? null : item;
        }
        return out;
      }
      if (v instanceof Number || v instanceof String || v instanceof Boolean) return sortedCopy(v.valueOf());
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const c = k.charCodeAt(0);
        if ((c >= 0x30 && c <= 0x39) || k === '__proto__') return UNORDERABLE; // starts with a digit 0-9
        const item = sortedCopy(obj[k]);
        if (item === UNORDERABLE) return UNORDERABLE;
        if (item !== undefined) out[k] = item;
      }
      return out;
    }
    default:
      return undefined; // undefined, function, symbol
  }
}

/** canonicalJsonOf written out as text: slower, but right for any key. */
function canonicalJsonText(value: unknown): string | undefined {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON(): unknown }).toJSON();
  }
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError('non-finite number in event');
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('bigint in event: use a string or a number of fen');
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ',';
          out += canonicalJsonText(v[i]) ?? 'null';
        }
        return out + ']';
      }
      if (v instanceof Number || v instanceof String || v instanceof Boolean) return canonicalJsonText(v.valueOf());
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const item = canonicalJsonText(obj[k]);
        if (item === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(k) + ':' + item;
        first = false;
      }
      return out + '}';
    }
    default:
      return undefined; // undefined, function, symbol
  }
}

/**
 * `eventHash` (integrity.ts) over the canonical texts already made for storage, without serialising
 * the data twice: the covered envelope's keys in canonicalJson's (sorted) order.
 */
export function hashOfPrepared(e: Omit<PreparedEvent, 'hash'> & { streamId: string }): string {
  return sm3Hex(
    hashInput(
      e.dataJson,
      JSON.stringify(e.id),
      e.metadataJson,
      e.prevHash,
      JSON.stringify(e.recordedAt),
      e.revision,
      e.schemaVersion,
      JSON.stringify(e.streamId),
      JSON.stringify(e.type),
    ),
  );
}

/** prevHash ‖ canonical JSON of the covered envelope. Parameters ending in `Q` are JSON string literals already. */
function hashInput(
  dataJson: string,
  idQ: string,
  metadataJson: string,
  prevHash: string,
  recordedAtQ: string,
  revision: number,
  schemaVersion: number,
  streamIdQ: string,
  typeQ: string,
): string {
  return (
    `${prevHash}{"data":${dataJson},"id":${idQ},"metadata":${metadataJson},"prevHash":${JSON.stringify(prevHash)}` +
    `,"recordedAt":${recordedAtQ},"revision":${revision},"schemaVersion":${schemaVersion},"streamId":${streamIdQ}` +
    `,"type":${typeQ}}`
  );
}

export function prepareEvents(
  streamId: string,
  lastRevision: number,
  lastHash: string,
  events: readonly NewEvent[],
  recordedAt: string,
): PreparedEvent[] {
  const out: PreparedEvent[] = new Array(events.length);
  let prevHash = lastHash;
  // The same in every event of the append: quoted once.
  const streamIdQ = JSON.stringify(streamId);
  const recordedAtQ = JSON.stringify(recordedAt);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const dataJson = canonicalJsonOf(e.data) ?? 'null';
    const metadataJson = canonicalJsonOf(e.metadata) ?? 'null';
    const id = e.id ?? uuidv7();
    const schemaVersion = e.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) throw new TypeError('schemaVersion must be an integer >= 1');
    const revision = lastRevision + 1 + i;
    const hash = sm3Hex(
      hashInput(
        dataJson,
        JSON.stringify(id),
        metadataJson,
        prevHash,
        recordedAtQ,
        revision,
        schemaVersion,
        streamIdQ,
        JSON.stringify(e.type),
      ),
    );
    out[i] = { id, type: e.type, schemaVersion, revision, dataJson, metadataJson, recordedAt, prevHash, hash };
    prevHash = hash;
  }
  return out;
}

/** EventStoreDB's rule. `actual` is the stream's last revision, -1 when it does not exist. */
export function expectedRevisionHolds(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'exists') return actual >= 0;
  return actual === expected;
}

export function validateAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < -1)) {
    throw new TypeError(`expectedRevision must be an integer >= -1, 'no_stream', 'any' or 'exists'`);
  }
  const seen = new Set<string>();
  for (const e of events) {
    if (typeof e.type !== 'string' || e.type.length === 0) throw new TypeError('event type must be a non-empty string');
    if (e.id !== undefined) {
      if (seen.has(e.id)) throw new TypeError(`event id ${e.id} appears twice in one append`);
      seen.add(e.id);
    }
  }
}

/**
 * The smallest string greater than every string that starts with `prefix` (code-point order, which is
 * byte order of UTF-8, i.e. SQLite BINARY and PostgreSQL COLLATE "C"), or null when there is none.
 * `stream_id >= prefix AND stream_id < upper` is an index range: no LIKE, so `%` and `_` are literal.
 */
export function prefixUpperBound(prefix: string): string | null {
  const cps = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (cps.length > 0) {
    const last = cps.pop()!;
    if (last < 0x10ffff) {
      let next = last + 1;
      if (next >= 0xd800 && next <= 0xdfff) next = 0xe000; // lone surrogates are not valid UTF-8
      cps.push(next);
      return String.fromCodePoint(...cps);
    }
  }
  return null;
}

export function nowIso(clock: () => Date): string {
  return clock().toISOString();
}

/**
 * Catch-up then live over any store that has `readAll` and a wake-up signal. Reads batches from the
 * next position; a wake-up while a read is running schedules one more pass, so no commit is missed and
 * every event is emitted once, in position order (it relies on `readAll` never returning a position
 * while a smaller one may still commit). Yields to the event loop between batches so a long catch-up
 * does not starve I/O.
 */
export function catchUpThenLive(
  readAll: (o: ReadAllOptions) => Promise<RecordedEvent[]>,
  wakeUps: () => Observable<unknown>,
  options: SubscribeOptions = {},
  batchSize = 1000,
  /**
   * The store's `headPosition` (readers' head: no smaller position can commit later). With a filter,
   * it lets a pass that found fewer than `batchSize` matches skip past everything it scanned, so a
   * narrow subscription does not rescan the non-matching tail on every wake-up.
   */
  head?: () => Promise<number>,
): Observable<RecordedEvent> {
  const filtered = (options.types !== undefined && options.types.length > 0) || !!options.streamPrefix;
  return new Observable<RecordedEvent>((subscriber) => {
    let next = Math.max(1, options.fromPosition ?? 1);
    let closed = false;
    let running = false;
    let again = false;
    const pump = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          for (;;) {
            const scannedUpTo = filtered && head ? await head() : undefined;
            const batch = await readAll({
              fromPosition: next,
              limit: batchSize,
              types: options.types,
              streamPrefix: options.streamPrefix,
            });
            for (const e of batch) {
              if (closed) return;
              if (e.position < next) continue; // defensive: never re-emit
              next = e.position + 1;
              subscriber.next(e);
            }
            if (closed) return;
            if (batch.length < batchSize) {
              if (scannedUpTo !== undefined && scannedUpTo >= next) next = scannedUpTo + 1;
              break;
            }
            await new Promise<void>((r) => setImmediate(r));
            if (closed) return;
          }
        } while (again && !closed);
      } catch (err) {
        if (!closed) subscriber.error(err);
      } finally {
        running = false;
      }
    };
    let wake: Subscription | undefined = wakeUps().subscribe({
      next: () => void pump(),
      error: (err) => {
        if (!closed) subscriber.error(err);
      },
      // The store was closed: the subscription ends.
      complete: () => {
        if (closed) return;
        closed = true;
        subscriber.complete();
      },
    });
    void pump();
    return () => {
      closed = true;
      wake?.unsubscribe();
      wake = undefined;
    };
  });
}
