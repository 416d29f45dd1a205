import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONType,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { Observable, share } from 'rxjs';
import { GENESIS_HASH, type EventMetadata, type NewEvent, type RecordedEvent } from '../../domain/eventstore/envelope';
import {
  WrongExpectedRevision,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
} from '../../domain/eventstore/port';
import { expectedRevisionHolds, prepareEvents, validateAppend, type PreparedEvent } from './shared';

/**
 * EventStoreDB / KurrentDB adapter (@eventstore/db-client 6, gRPC). Same port as SQLite/PostgreSQL.
 * No server runs on the build machines: test/contract/esdb.int.spec.ts runs the shared contract suite
 * when ESDB_URL is set.
 *
 * Mapping
 * - Event: ESDB event id = our id; ESDB type = our type; ESDB data = our data (JSON; a non-object value
 *   is stored as {"v": value} and flagged `wrapped`); ESDB metadata = our envelope extras:
 *   {oa: 1, schemaVersion, recordedAt, prevHash, hash, metadata: <EventMetadata>, $correlationId,
 *   $causationId} — the `oa` marker is how our events are told apart from ESDB's own ($stats, $>, …),
 *   which readAll / subscribeAll skip. ESDB's own `created` time is not used: recordedAt is set by this
 *   adapter (client clock) before the append, because the SM3 hash covers it.
 * - Position: our numeric position = the event's $all COMMIT position (a byte offset in the ESDB
 *   transaction log; unique per event for gRPC appends, where each event is an implicitly committed
 *   prepare record, so commit = prepare), converted to a JS number (fails above 2^53 bytes = 8 PiB).
 *   Positions are therefore increasing but NOT dense: consumers must never assume p+1 exists.
 *   Reading from `fromPosition` p: {commit: p, prepare: p} when p is a position we handed out; when p is
 *   "last seen + 1" (checkpoint + 1) we read from the last seen position and drop it. Positions are
 *   remembered for that; an unknown p is probed, and as a last resort read from the start (logged).
 *   readStream on servers that do not return positions for stream reads (older than 22.10) yields
 *   position 0 for those events: use readAll/subscribeAll when positions matter.
 * - expectedRevision: 'no_stream' → NO_STREAM, n → BigInt(n); 'any' and 'exists' (ANY, STREAM_EXISTS)
 *   are checked here and then PINNED to the exact revision read, because the SM3 chain needs the
 *   previous event's hash: a concurrent writer makes ESDB refuse, and we re-read and retry (bounded).
 * - Idempotent event ids: before appending events that carry ids, the stream's last 256 (or 4 × batch)
 *   events are read: all ids there → duplicate no-op; some → WrongExpectedRevision (as SQLite/PG).
 *   Older duplicates are not found (ESDB's own idempotence is windowed too).
 * - Command idempotency: stream `$command-<id>`: `CommandClaimed` appended with NO_STREAM before the
 *   events, `CommandCompleted` {result, nextRevision, position} after; a failed append writes
 *   `CommandAbandoned` so that a retry may claim again. ESDB has no multi-stream transaction: after a
 *   crash between the events and `CommandCompleted`, a retry after 30 s re-runs the command, which is
 *   a no-op when its events carry ids (the pipeline gives them deterministic ids for that reason).
 * - `$`-prefixed streams are system streams: on a secure cluster the connection's user must be in
 *   $admins (or $systemStreamAcl must allow it) to write `$system-seals` and `$command-…`.
 * - subscribeAll: catch-up by readAll pages, then live with subscribeToAll from the last position read
 *   (exclusive), server-side excludeSystemEvents filter, our own filters client-side.
 */

const OA = 1;
const COMMAND_STREAM = (id: string) => `$command-${id}`;
const STALE_CLAIM_MS = 30_000;
const RETRIES = 8;

interface EsdbMeta {
  oa: typeof OA;
  schemaVersion: number;
  recordedAt: string;
  prevHash: string;
  hash: string;
  metadata: EventMetadata;
  wrapped?: true;
  $correlationId?: string;
  $causationId?: string;
}

/** ESDB Position → our number (commit position). */
export function positionToNumber(p: Position | undefined): number {
  // Absent, or the "unknown" sentinel (2^64 - 1) that servers older than 22.10 send on stream reads: 0.
  if (!p || p.commit >= 2n ** 63n) return 0;
  if (p.commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`ESDB commit position ${p.commit} exceeds 2^53`);
  return Number(p.commit);
}

/** Our number → ESDB Position (commit = prepare, true for every event written by a gRPC append). */
export function numberToPosition(n: number): Position {
  return { commit: BigInt(n), prepare: BigInt(n) };
}

export function toEsdbExpected(expected: ExpectedRevision, actual: number): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (typeof expected === 'number') return expected === -1 ? NO_STREAM : BigInt(expected);
  // 'any' / 'exists': pinned to what was read, see the header.
  return actual === -1 ? NO_STREAM : BigInt(actual);
}

/** A prepared event (hash chain computed) as ESDB event data. */
export function toEsdbEvent(p: PreparedEvent) {
  // The stored texts, parsed: exactly the values the hash was computed over.
  const data = JSON.parse(p.dataJson) as unknown;
  const metadata = JSON.parse(p.metadataJson) as EventMetadata;
  const plain = data !== null && typeof data === 'object';
  const meta: EsdbMeta = {
    oa: OA,
    schemaVersion: p.schemaVersion,
    recordedAt: p.recordedAt,
    prevHash: p.prevHash,
    hash: p.hash,
    metadata,
    $correlationId: metadata.correlationId,
    ...(metadata.causationId ? { $causationId: metadata.causationId } : {}),
    ...(plain ? {} : { wrapped: true as const }),
  };
  return jsonEvent({
    id: p.id,
    type: p.type,
    data: (plain ? data : { v: data }) as JSONType,
    metadata: meta as unknown as JSONType,
  });
}

/** An ESDB resolved event → ours, or undefined when it is not one of our envelope events. */
export function fromEsdb(r: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = r.event;
  if (!e || !e.isJson) return undefined;
  const m = e.metadata as Partial<EsdbMeta> | undefined;
  if (!m || typeof m !== 'object' || m.oa !== OA || typeof m.hash !== 'string') return undefined;
  return {
    id: e.id,
    type: e.type,
    schemaVersion: m.schemaVersion ?? 1,
    streamId: e.streamId,
    revision: Number(e.revision),
    position: positionToNumber(e.position),
    data: m.wrapped ? (e.data as { v: unknown }).v : e.data,
    metadata: m.metadata as EventMetadata,
    recordedAt: m.recordedAt as string,
    prevHash: m.prevHash as string,
    hash: m.hash,
  };
}

/** Our filters (applied client-side: ESDB's readAll has no server filter in client 6). */
export function matches(e: RecordedEvent, o: { types?: readonly string[]; streamPrefix?: string }): boolean {
  if (o.types && o.types.length > 0 && !o.types.includes(e.type)) return false;
  if (o.streamPrefix && !e.streamId.startsWith(o.streamPrefix)) return false;
  return true;
}

/** `esdb://…`; `kurrentdb://`, `kdb://` (and `+discover`) are accepted and spoken as esdb. */
export function normaliseEsdbUrl(url: string): string {
  return url.replace(/^(kurrentdb|kdb)(\+discover)?:\/\//i, (_m, _s, d: string | undefined) => `esdb${d ?? ''}://`);
}

interface Claim {
  revision: number;
}

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  private closed = false;
  /** Positions handed out recently (to resolve `fromPosition` without probing). FIFO, bounded. */
  private readonly seen = new Set<number>();
  private readonly live$: Observable<number>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.live$ = new Observable<number>((subscriber) => {
      const sub = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
      sub.on('data', (r: AllStreamResolvedEvent) => {
        const e = fromEsdb(r);
        if (e) {
          this.remember(e.position);
          subscriber.next(e.position);
        }
      });
      sub.on('error', (err: Error) => subscriber.error(err));
      sub.on('end', () => subscriber.complete());
      return () => void sub.unsubscribe().catch(() => undefined);
    }).pipe(share());
  }

  private remember(p: number): void {
    if (p <= 0) return;
    this.seen.add(p);
    if (this.seen.size > 50_000) {
      const oldest = this.seen.values().next().value as number;
      this.seen.delete(oldest);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }

  // ---- reads ---------------------------------------------------------------------------------------

  private async readStreamRaw(
    streamId: string,
    from: bigint | typeof START | typeof END,
    maxCount: number,
    backwards = false,
  ): Promise<ResolvedEvent[]> {
    const out: ResolvedEvent[] = [];
    try {
      for await (const r of this.client.readStream(streamId, {
        fromRevision: from,
        maxCount,
        direction: backwards ? BACKWARDS : FORWARDS,
      })) {
        out.push(r);
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
    return out;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = Math.max(0, options.fromRevision ?? 0);
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    if (to < from) return [];
    const max = to === Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : to - from + 1;
    const raw = await this.readStreamRaw(streamId, BigInt(from), max);
    const out: RecordedEvent[] = [];
    for (const r of raw) {
      const e = fromEsdb(r);
      if (e && e.revision <= to) {
        this.remember(e.position);
        out.push(e);
      }
    }
    return out;
  }

  private async readAllRaw(from: ReadPosition, maxCount: number): Promise<AllStreamResolvedEvent[]> {
    const out: AllStreamResolvedEvent[] = [];
    for await (const r of this.client.readAll({ fromPosition: from, maxCount, direction: FORWARDS })) out.push(r);
    return out;
  }

  /** Where to start reading so that every event with position >= p is read (and which to drop). */
  private async resolveFrom(p: number): Promise<{ start: ReadPosition; dropBelow: number }> {
    if (p <= 1) return { start: START, dropBelow: p };
    if (this.seen.has(p)) return { start: numberToPosition(p), dropBelow: p };
    if (this.seen.has(p - 1)) return { start: numberToPosition(p - 1), dropBelow: p };
    for (const candidate of [p, p - 1]) {
      try {
        await this.readAllRaw(numberToPosition(candidate), 1);
        return { start: numberToPosition(candidate), dropBelow: p };
      } catch {
        // not a record boundary: try the next candidate
      }
    }
    console.warn(`esdb: position ${p} is not a known $all position; reading from the start`);
    return { start: START, dropBelow: p };
  }

  /** Pages of $all from `fromPosition`, ours only, filtered; `onRaw` sees every raw position read. */
  private async readOurs(options: ReadAllOptions, onRaw?: (p: Position) => void): Promise<RecordedEvent[]> {
    const limit = Math.max(0, Math.floor(options.limit ?? 1000));
    if (limit === 0) return [];
    const { start, dropBelow } = await this.resolveFrom(Math.max(1, options.fromPosition ?? 1));
    const out: RecordedEvent[] = [];
    let from: ReadPosition = start;
    let last: Position | undefined;
    const chunk = Math.max(limit, 256);
    for (;;) {
      const page = await this.readAllRaw(from, chunk);
      let fresh = 0;
      for (const r of page) {
        const pos = r.event?.position;
        if (!pos) continue;
        if (last && pos.commit <= last.commit && pos.prepare <= last.prepare) continue; // the inclusive start
        last = pos;
        fresh++;
        onRaw?.(pos);
        const e = fromEsdb(r);
        if (!e || e.position < dropBelow || !matches(e, options)) continue;
        this.remember(e.position);
        out.push(e);
        if (out.length >= limit) return out;
      }
      if (page.length < chunk || fresh === 0 || !last) return out;
      from = last;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readOurs(options);
  }

  subscribeAll(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      let closed = false;
      let live: { unsubscribe(): Promise<void> } | undefined;
      const run = async (): Promise<void> => {
        let next = Math.max(1, options.fromPosition ?? 1);
        let lastRaw: Position | undefined;
        // Catch-up by pages.
        for (;;) {
          let rawThisPage: Position | undefined;
          const page = await this.readOurs({ fromPosition: next, limit: 1000 }, (p) => (rawThisPage = p));
          if (closed) return;
          for (const e of page) {
            next = e.position + 1;
            if (matches(e, options)) subscriber.next(e);
            if (closed) return;
          }
          if (rawThisPage) lastRaw = rawThisPage;
          if (page.length < 1000) break;
        }
        // Live, from the last position read (exclusive). With nothing read, from the current end of $all,
        // after making sure no event >= next slipped in meanwhile.
        if (!lastRaw) {
          const tail = await this.readTailRaw();
          if (tail && positionToNumber(tail) >= next) return run(); // something arrived: catch up again
          lastRaw = tail;
        }
        const sub = this.client.subscribeToAll({ fromPosition: lastRaw ?? START, filter: excludeSystemEvents() });
        live = sub;
        sub.on('data', (r: AllStreamResolvedEvent) => {
          const e = fromEsdb(r);
          if (!e || closed || e.position < next) return;
          next = e.position + 1;
          this.remember(e.position);
          if (matches(e, options)) subscriber.next(e);
        });
        sub.on('error', (err: Error) => {
          if (!closed) subscriber.error(err);
        });
      };
      run().catch((err) => {
        if (!closed) subscriber.error(err);
      });
      return () => {
        closed = true;
        void live?.unsubscribe().catch(() => undefined);
      };
    });
  }

  /** The raw position of the last record in $all (any event), or undefined when $all is empty. */
  private async readTailRaw(): Promise<Position | undefined> {
    for await (const r of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
      return r.event?.position;
    }
    return undefined;
  }

  watchHead(): Observable<number> {
    return this.live$;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    // The last of OUR events (ESDB writes its own system events too); scans back at most 4096 records.
    let n = 0;
    let tail: Position | undefined;
    for await (const r of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 4096 })) {
      n++;
      tail ??= r.event?.position;
      const e = fromEsdb(r);
      if (e) {
        this.remember(e.position);
        return e.position;
      }
    }
    // None of ours in the last 4096 records: either there are none at all (0), or ours are older; then
    // the raw tail is still a correct upper bound for "readable now".
    return n < 4096 ? 0 : positionToNumber(tail);
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    const [last] = await this.readStreamRaw(streamId, END, 1, true);
    return last?.event ? Number(last.event.revision) : -1;
  }

  // ---- commands ------------------------------------------------------------------------------------

  private async commandEvents(commandId: string): Promise<ResolvedEvent[]> {
    return this.readStreamRaw(COMMAND_STREAM(commandId), START, 1000);
  }

  async commandResult(commandId: string): Promise<{ found: false } | { found: true; result: unknown }> {
    this.assertOpen();
    const evs = await this.commandEvents(commandId);
    const done = evs.map((r) => r.event).find((e) => e?.type === 'CommandCompleted');
    if (!done) return { found: false };
    return { found: true, result: (done.data as { result?: unknown }).result };
  }

  /** Claims the command, or returns the first append's result when it is already done. */
  private async claim(commandId: string, streamId: string): Promise<Claim | AppendResult> {
    const stream = COMMAND_STREAM(commandId);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const evs = (await this.commandEvents(commandId)).map((r) => r.event).filter((e) => e !== undefined);
      const done = evs.find((e) => e.type === 'CommandCompleted');
      if (done) {
        const d = done.data as { result?: unknown; nextRevision: number; position: number };
        return { nextRevision: d.nextRevision, position: d.position, duplicate: true, commandResult: d.result };
      }
      const last = evs.at(-1);
      const stale = last?.type === 'CommandClaimed' && this.clock().getTime() - last.created.getTime() > STALE_CLAIM_MS;
      if (last === undefined || last.type === 'CommandAbandoned' || stale) {
        try {
          const res = await this.client.appendToStream(
            stream,
            jsonEvent({ type: 'CommandClaimed', data: { streamId, at: this.clock().toISOString() } }),
            { expectedRevision: last === undefined ? NO_STREAM : last.revision },
          );
          return { revision: Number(res.nextExpectedRevision) };
        } catch (e) {
          if (!(e instanceof WrongExpectedVersionError)) throw e;
        }
      }
      if (Date.now() > deadline) throw new Error(`command ${commandId} is being processed by another request`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // ---- append --------------------------------------------------------------------------------------

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    validateAppend(streamId, events, expected);
    const command = options.command;
    let claim: Claim | undefined;
    if (command) {
      const c = await this.claim(command.id, streamId);
      if ('nextRevision' in c) return c;
      claim = c;
    }
    let result: AppendResult;
    try {
      result = await this.appendEvents(streamId, events, expected);
    } catch (e) {
      if (claim && command) {
        await this.client
          .appendToStream(
            COMMAND_STREAM(command.id),
            jsonEvent({ type: 'CommandAbandoned', data: { error: String((e as Error).message) } }),
            {
              expectedRevision: BigInt(claim.revision),
            },
          )
          .catch(() => undefined);
      }
      throw e;
    }
    if (claim && command) {
      await this.client.appendToStream(
        COMMAND_STREAM(command.id),
        jsonEvent({
          type: 'CommandCompleted',
          data: { streamId, nextRevision: result.nextRevision, position: result.position, result: command.result ?? null } as JSONType,
        }),
        { expectedRevision: BigInt(claim.revision) },
      );
      return { ...result, commandResult: command.result };
    }
    return result;
  }

  private async appendEvents(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const ids = events.map((e) => e.id).filter((id): id is string => id !== undefined);
    for (let attempt = 0; ; attempt++) {
      const window = Math.max(256, events.length * 4);
      const tail = (await this.readStreamRaw(streamId, END, ids.length > 0 ? window : 1, true))
        .map(fromEsdb)
        .filter((e): e is RecordedEvent => e !== undefined);
      const last = tail[0];
      const actual = last ? last.revision : -1;
      if (ids.length > 0) {
        const stored = tail.filter((e) => ids.includes(e.id));
        if (stored.length === events.length) {
          const top = stored.reduce((a, b) => (a.revision > b.revision ? a : b));
          return { nextRevision: top.revision, position: top.position, duplicate: true };
        }
        if (stored.length > 0) throw new WrongExpectedRevision(streamId, expected, actual);
      }
      if (!expectedRevisionHolds(expected, actual)) throw new WrongExpectedRevision(streamId, expected, actual);
      if (events.length === 0) return { nextRevision: actual, position: last?.position ?? 0 };
      const prepared = prepareEvents(streamId, actual, last ? last.hash : GENESIS_HASH, events, this.clock().toISOString());
      try {
        const res = await this.client.appendToStream(streamId, prepared.map(toEsdbEvent), {
          expectedRevision: toEsdbExpected(expected, actual),
        });
        const position = positionToNumber(res.position);
        this.remember(position);
        return { nextRevision: Number(res.nextExpectedRevision), position };
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError)) throw e;
        // Someone appended between our read and our write. A specific expectation is now simply false;
        // 'any' / 'exists' re-read the chain's head and try again.
        if ((expected !== 'any' && expected !== 'exists') || attempt >= RETRIES) {
          const current = e.actualVersion === NO_STREAM ? -1 : Number(e.actualVersion);
          throw new WrongExpectedRevision(streamId, expected, current);
        }
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.dispose();
  }
}

/** `esdb://host:2113?tls=false` (also esdb+discover://, kurrentdb://). */
export async function createEsdbEventStore(url: string): Promise<EventStore> {
  const client = EventStoreDBClient.connectionString(normaliseEsdbUrl(url));
  return new EsdbEventStore(client);
}
