import { randomUUID } from 'node:crypto';
import { BehaviorSubject, Observable } from 'rxjs';
import type { NewEvent, RecordedEvent } from '../../domain/eventstore/envelope';
import { GENESIS_HASH } from '../../domain/eventstore/envelope';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, SubscribeOptions } from '../../domain/eventstore/port';

/**
 * An EventStore on an array, for projection-engine tests only (no hashing, no expected-revision
 * rules beyond 'any'). The crash test uses the real SQLite store.
 */
export class MemoryEventStore implements EventStore {
  readonly kind = 'memory';
  readonly events: RecordedEvent[] = [];
  private readonly head$ = new BehaviorSubject(0);
  /** Incremented per readAll: lets tests see how the engine reads. */
  reads: ReadAllOptions[] = [];
  /** While set, batch reads (limit ≠ 1) wait for it: freezes the engine between batches. */
  gate: Promise<void> | null = null;
  /** Calls made to readAll while `gate` was set. */
  blockedReads = 0;

  /** Closes the gate; returns the function that opens it. */
  hold(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    return () => {
      this.gate = null;
      open();
    };
  }

  async append(streamId: string, events: readonly NewEvent[], _options?: AppendOptions): Promise<AppendResult> {
    let revision = await this.streamRevision(streamId);
    const recordedAt = new Date().toISOString();
    for (const e of events) {
      revision++;
      this.events.push({
        id: e.id ?? randomUUID(),
        type: e.type,
        schemaVersion: e.schemaVersion ?? 1,
        streamId,
        revision,
        position: this.events.length + 1,
        data: e.data,
        metadata: e.metadata,
        recordedAt,
        prevHash: GENESIS_HASH,
        hash: GENESIS_HASH,
      });
    }
    this.head$.next(this.events.length);
    return { nextRevision: revision, position: this.events.length };
  }

  /** Appends `n` events of type `type` over `streams` streams, round-robin. */
  async appendMany(n: number, type = 'Thing', streams = 10): Promise<void> {
    for (let i = 0; i < n; i++) {
      await this.append(`thing-${i % streams}`, [{ type, data: { i }, metadata: { actorId: 'u', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' } }]);
    }
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.events.filter((e) => e.streamId === streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // The gate freezes batch reads only; status()'s one-event peek for the lag goes through.
    if (this.gate && options.limit !== 1) {
      this.blockedReads++;
      await this.gate;
    }
    this.reads.push(options);
    const from = options.fromPosition ?? 1;
    const limit = options.limit ?? 1000;
    const out: RecordedEvent[] = [];
    for (let i = Math.max(0, from - 1); i < this.events.length && out.length < limit; i++) {
      const e = this.events[i]!;
      if (options.types && !options.types.includes(e.type)) continue;
      if (options.streamPrefix && !e.streamId.startsWith(options.streamPrefix)) continue;
      out.push(e);
    }
    return out;
  }

  subscribeAll(_options?: SubscribeOptions): Observable<RecordedEvent> {
    throw new Error('not used by the engine');
  }

  watchHead(): Observable<number> {
    return this.head$.asObservable();
  }

  async headPosition(): Promise<number> {
    return this.events.length;
  }

  async streamRevision(streamId: string): Promise<number> {
    let r = -1;
    for (const e of this.events) if (e.streamId === streamId) r = e.revision;
    return r;
  }

  async commandResult(): Promise<{ found: false }> {
    return { found: false };
  }

  async close(): Promise<void> {
    this.head$.complete();
  }
}
