import { Observable, Subject, concat, defer, filter, from, map, mergeMap } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';
import { GENESIS_HASH, type NewEvent, type RecordedEvent } from '../../../domain/eventstore/envelope';
import { eventHash } from '../../../domain/eventstore/integrity';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  WrongExpectedRevision,
} from '../../../domain/eventstore/port';

/**
 * A test double of the EventStore port, kept in memory: the unit tests of the command pipeline and of
 * commands/org run against it (the int tests run against the real SQLite store). It follows the
 * port's rules (expected revision, idempotent event ids, command id recorded with the events, hash
 * chain) but is not durable and not meant for production.
 *
 * `beforeAppend` lets a test interleave a competing write just before an append commits.
 */
export class MemoryEventStore implements EventStore {
  readonly kind = 'memory';
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly commands = new Map<string, { result: unknown; nextRevision: number; position: number }>();
  private readonly head$ = new Subject<number>();
  beforeAppend: ((streamId: string) => Promise<void> | void) | null = null;
  appendCalls = 0;

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.appendCalls += 1;
    if (this.beforeAppend) await this.beforeAppend(streamId);
    const cmd = options.command;
    if (cmd) {
      const seen = this.commands.get(cmd.id);
      if (seen) return { nextRevision: seen.nextRevision, position: seen.position, duplicate: true, commandResult: seen.result };
    }
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length - 1;
    const expected = options.expectedRevision ?? 'any';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === -1) ||
      (expected === 'exists' && actual >= 0) ||
      (typeof expected === 'number' && expected === actual);
    if (!ok) throw new WrongExpectedRevision(streamId, expected, actual);
    const ids = new Set(this.all.map((e) => e.id));
    const fresh = events.filter((e) => !e.id || !ids.has(e.id));
    if (fresh.length === 0) {
      return { nextRevision: actual, position: this.all.length, duplicate: true };
    }
    const recordedAt = new Date().toISOString();
    let prevHash = stream.length ? stream[stream.length - 1].hash : GENESIS_HASH;
    for (const e of fresh) {
      const base = {
        id: e.id ?? uuidv7(),
        type: e.type,
        schemaVersion: e.schemaVersion ?? 1,
        streamId,
        revision: stream.length,
        data: structuredClone(e.data),
        metadata: structuredClone(e.metadata),
        recordedAt,
        prevHash,
      };
      const rec: RecordedEvent = { ...base, position: this.all.length + 1, hash: eventHash(base) };
      prevHash = rec.hash;
      stream.push(rec);
      this.all.push(rec);
    }
    this.streams.set(streamId, stream);
    const res = { nextRevision: stream.length - 1, position: this.all.length };
    if (cmd) this.commands.set(cmd.id, { result: cmd.result, ...res });
    this.head$.next(this.all.length);
    return res;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    return (this.streams.get(streamId) ?? []).filter((e) => e.revision >= from && e.revision <= to).map((e) => structuredClone(e));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromPosition ?? 1;
    const limit = options.limit ?? 1000;
    const out: RecordedEvent[] = [];
    for (const e of this.all.slice(from - 1)) {
      if (options.types && !options.types.includes(e.type)) continue;
      if (options.streamPrefix && !e.streamId.startsWith(options.streamPrefix)) continue;
      out.push(structuredClone(e));
      if (out.length >= limit) break;
    }
    return out;
  }

  subscribeAll(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    let next = options.fromPosition ?? 1;
    const pull = () =>
      defer(() => from(this.readAll({ fromPosition: next, limit: Number.MAX_SAFE_INTEGER }))).pipe(
        mergeMap((es) => from(es)),
        map((e) => {
          next = e.position + 1;
          return e;
        }),
        filter((e) => (!options.types || options.types.includes(e.type)) && (!options.streamPrefix || e.streamId.startsWith(options.streamPrefix))),
      );
    return concat(pull(), this.head$.pipe(mergeMap(() => pull(), 1)));
  }

  watchHead(): Observable<number> {
    return this.head$.asObservable();
  }

  async headPosition(): Promise<number> {
    return this.all.length;
  }

  async streamRevision(streamId: string): Promise<number> {
    return (this.streams.get(streamId)?.length ?? 0) - 1;
  }

  async commandResult(commandId: string): Promise<{ found: false } | { found: true; result: unknown }> {
    const seen = this.commands.get(commandId);
    return seen ? { found: true, result: seen.result } : { found: false };
  }

  async close(): Promise<void> {
    this.head$.complete();
  }
}
