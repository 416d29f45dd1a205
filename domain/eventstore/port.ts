import type { Observable } from 'rxjs';
import type { NewEvent, RecordedEvent } from './envelope';

/**
 * The event-store port (ARCHITECTURE §4, EventStoreDB semantics). Adapters live in commands/store/.
 * `rxjs` is used here only as a type: the port stays free of I/O.
 */

/** 'no_stream': the stream must not exist; 'exists': it must; 'any': no check; n: its last revision must be n. */
export type ExpectedRevision = 'no_stream' | 'any' | 'exists' | number;

export interface AppendOptions {
  /** Defaults to 'any'. */
  expectedRevision?: ExpectedRevision;
  /**
   * Idempotency: the command id (the HTTP `Idempotency-Key`) is recorded in the same transaction as
   * the events. Appending again with a command id that is already recorded writes nothing and
   * returns the first append's result (with `duplicate: true`).
   */
  command?: { id: string; result?: unknown };
}

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision). */
  nextRevision: number;
  /** The global position of the last event appended (or already stored). */
  position: number;
  /** True when nothing was written because the event ids or the command id were already stored. */
  duplicate?: boolean;
  /** With `command`: the result recorded by the first append of that command. */
  commandResult?: unknown;
}

/** One stream's part of a multi-stream append (`EventStore.appendMany`). */
export interface StreamAppend {
  streamId: string;
  events: readonly NewEvent[];
  options?: AppendOptions;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Inclusive. */
  toRevision?: number;
}

export interface ReadAllOptions {
  /** Inclusive; defaults to 1 (the first event). */
  fromPosition?: number;
  /** Defaults to 1000. */
  limit?: number;
  /** Only these event types. */
  types?: readonly string[];
  /** Only streams whose id starts with this prefix, e.g. `outgoing-document-`. */
  streamPrefix?: string;
}

export interface SubscribeOptions {
  /** Inclusive; defaults to 1. */
  fromPosition?: number;
  types?: readonly string[];
  streamPrefix?: string;
}

export interface EventStore {
  /** A short name for health output and logs: 'sqlite', 'postgres', 'esdb'. */
  readonly kind: string;
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several streams in ONE transaction: every part is checked and written as `append`
   * would (expected revision, idempotent event ids and command id: such a part comes back with
   * `duplicate: true`), and when any part is refused (WrongExpectedRevision) or the process dies
   * midway, nothing of any part is stored. Results in the order of `appends`. Optional: EventStoreDB
   * has no multi-stream transaction (callers fall back to one `append` per stream there).
   */
  appendMany?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Returns [] for a stream that does not exist. Events are upcast by the caller, not here. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Events in position order. Never returns an event at position p while an event at a smaller
   * position may still commit later (PostgreSQL: read only below the oldest in-flight transaction).
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `fromPosition`, then live. Every event exactly once, in position order. */
  subscribeAll(options?: SubscribeOptions): Observable<RecordedEvent>;
  /** Emits (at least) whenever new events may be readable: a cheap wake-up signal, carrying the head position. */
  watchHead(): Observable<number>;
  /** The highest position readers may read now (0 when empty). */
  headPosition(): Promise<number>;
  /** The last revision of a stream, or -1 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  /** The result recorded for a command id, when that command was already appended. */
  commandResult(commandId: string): Promise<{ found: false } | { found: true; result: unknown }>;
  close(): Promise<void>;
}

/** Raised by `append` when `expectedRevision` does not hold. The HTTP layer maps it to 409. */
export class WrongExpectedRevision extends Error {
  override readonly name = 'WrongExpectedRevision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
  }
}
