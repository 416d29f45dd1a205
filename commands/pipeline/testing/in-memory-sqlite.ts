import type { Observable } from 'rxjs';
import type { NewEvent, RecordedEvent } from '../../../domain/eventstore/envelope';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
} from '../../../domain/eventstore/port';
import { createSqliteEventStore, type SqliteEventStore } from '../../store/sqlite-event-store';
import type { Clock } from '../clock';

/**
 * The real embedded event store (commands/store/sqlite-event-store.ts) on an in-memory SQLite database,
 * for the fast unit tests of the command pipeline, commands/org and commands/workflow. `recordedAt`
 * comes from the given clock (the same one the handler stamps `occurredAt` with), so tests are
 * deterministic.
 */
export function inMemorySqliteStore(clock?: Clock): Promise<SqliteEventStore> {
  return createSqliteEventStore({ filename: ':memory:', clock: clock ? () => new Date(clock.now()) : undefined });
}

/**
 * Delegates every call to a real store, counting appends and running `beforeAppend` just before each
 * one reaches the store. The hook lets a test play a competing writer (a real append through the same
 * store, which commits first) or a process that dies before its write commits (the hook throws).
 * Nothing is simulated: the appends, conflicts and reads are the real store's.
 */
export class InterleavingEventStore implements EventStore {
  beforeAppend: ((streamId: string) => Promise<void> | void) | null = null;
  appendCalls = 0;

  constructor(readonly inner: EventStore) {}

  get kind(): string {
    return this.inner.kind;
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    this.appendCalls += 1;
    if (this.beforeAppend) await this.beforeAppend(streamId);
    return this.inner.append(streamId, events, options);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeAll(options?: SubscribeOptions): Observable<RecordedEvent> {
    return this.inner.subscribeAll(options);
  }

  watchHead(): Observable<number> {
    return this.inner.watchHead();
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  streamRevision(streamId: string): Promise<number> {
    return this.inner.streamRevision(streamId);
  }

  commandResult(commandId: string): Promise<{ found: false } | { found: true; result: unknown }> {
    return this.inner.commandResult(commandId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
