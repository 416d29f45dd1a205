import { Observable, Subject } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';
import { GENESIS_HASH, type NewEvent, type RecordedEvent } from '../../domain/eventstore/envelope';
import { eventHash } from '../../domain/eventstore/integrity';
import {
  WrongExpectedRevision,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
} from '../../domain/eventstore/port';

/**
 * An in-memory event store over a plain array, for the audit unit tests: it hashes and chains like the
 * real adapters, and its `events` array can be tampered with directly (edit, splice, swap) to play the
 * attacker with database access. Not for production (no idempotency, no subscriptions).
 */
export class MemoryStore implements EventStore {
  readonly kind = 'memory';
  readonly events: RecordedEvent[] = [];
  private readonly head$ = new Subject<number>();
  constructor(public clock: () => Date = () => new Date('2026-01-05T08:00:00.000Z')) {}

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const mine = this.events.filter((e) => e.streamId === streamId);
    const actual = mine.length === 0 ? -1 : mine[mine.length - 1].revision;
    const expected = options.expectedRevision ?? 'any';
    const holds = expected === 'any' || (expected === 'no_stream' ? actual === -1 : expected === 'exists' ? actual >= 0 : actual === expected);
    if (!holds) throw new WrongExpectedRevision(streamId, expected, actual);
    let prevHash = mine.length === 0 ? GENESIS_HASH : mine[mine.length - 1].hash;
    const recordedAt = this.clock().toISOString();
    let revision = actual;
    let position = this.events.length === 0 ? 0 : this.events[this.events.length - 1].position;
    for (const n of events) {
      revision++;
      position++;
      const body = {
        id: n.id ?? uuidv7(),
        type: n.type,
        schemaVersion: n.schemaVersion ?? 1,
        streamId,
        revision,
        data: JSON.parse(JSON.stringify(n.data)) as unknown,
        metadata: JSON.parse(JSON.stringify(n.metadata)) as RecordedEvent['metadata'],
        recordedAt,
        prevHash,
      };
      const hash = eventHash(body);
      this.events.push({ ...body, position, hash });
      prevHash = hash;
    }
    this.head$.next(position);
    return { nextRevision: revision, position };
  }

  async readStream(streamId: string, o: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = o.fromRevision ?? 0;
    const to = o.toRevision ?? Number.MAX_SAFE_INTEGER;
    return this.events
      .filter((e) => e.streamId === streamId && e.revision >= from && e.revision <= to)
      .sort((a, b) => a.revision - b.revision)
      .map((e) => structuredClone(e));
  }

  async readAll(o: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = o.fromPosition ?? 1;
    return [...this.events]
      .sort((a, b) => a.position - b.position)
      .filter((e) => e.position >= from && (!o.types || o.types.includes(e.type)) && (!o.streamPrefix || e.streamId.startsWith(o.streamPrefix)))
      .slice(0, o.limit ?? 1000)
      .map((e) => structuredClone(e));
  }

  subscribeAll(): Observable<RecordedEvent> {
    throw new Error('MemoryStore: no subscriptions');
  }

  watchHead(): Observable<number> {
    return this.head$.asObservable();
  }

  async headPosition(): Promise<number> {
    return this.events.reduce((m, e) => Math.max(m, e.position), 0);
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.events.filter((e) => e.streamId === streamId).reduce((m, e) => Math.max(m, e.revision), -1);
  }

  async commandResult(): Promise<{ found: false }> {
    return { found: false };
  }

  async close(): Promise<void> {
    this.head$.complete();
  }
}

export const meta = (actorId = 'u-zhangsan', occurredAt = '2026-01-05T08:00:00.000Z') => ({
  actorId,
  correlationId: uuidv7(),
  occurredAt,
});
