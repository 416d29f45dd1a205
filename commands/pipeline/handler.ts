import type { EventMetadata, NewEvent, RecordedEvent } from '../../domain/eventstore/envelope';
import { type EventStore, WrongExpectedRevision } from '../../domain/eventstore/port';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider';
import { type Clock, systemClock } from './clock';
import { UpcasterRegistry } from './upcasters';

/**
 * The command pipeline (ARCHITECTURE §5): load the stream → upcast → fold → decide → append with the
 * folded revision as `expectedRevision`, the command id recorded in the same transaction.
 *
 * Public API
 *   const handler = new CommandHandler(store, { clock, upcasters, maxAttempts });
 *   const r = await handler.handle({
 *     streamId: 'unit-czj', decider: unitDecider,
 *     command: { type: 'RenameUnit', data: { name: '区财政局' } },   // metadata.now is stamped here
 *     commandId: idempotencyKey,                                      // optional
 *     metadata: { actorId, onBehalfOf, unitId, correlationId, causationId, clientIp, occurredAt? },
 *     expectedRevision: 3,                                            // optional: the caller's view (If-Match)
 *   });
 *   // r = { streamId, nextRevision, position, events: RecordedEvent[], state, duplicate }
 *   await handler.load(streamId, decider, { at? })  // { state, revision, events } without deciding
 *   await handler.previousResult(commandId)         // the first HandleResult of that command id, or null
 *
 * Behaviour
 *  - Idempotency: when `commandId` was already recorded (checked first; again when `append`
 *    reports a duplicate from a racing request; and again before any error is rethrown, since a
 *    racing request with the same id may have committed between the check and the load, making
 *    decide refuse) the first result is returned with duplicate: true and nothing is decided again. The recorded result is { streamId, fromRevision, nextRevision }.
 *  - Concurrency: WrongExpectedRevision from append → reload, decide again, retry, up to
 *    `maxAttempts` (default 4) with a small random back-off; after that it is rethrown (HTTP 409).
 *    A caller-supplied `expectedRevision` that does not match the stream throws WrongExpectedRevision
 *    at once (the caller's view is stale: retrying would act on data the user did not see).
 *  - DomainError from decide propagates unchanged; nothing is appended.
 *  - A decision with no events appends nothing (and records no command id): the result carries the
 *    current revision and events: [].
 *  - Upcasting: every event read is lifted by the registry; new events are written at
 *    `upcasters.currentVersion(type)`.
 */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What the caller knows about who acts (EventMetadata minus what the pipeline fills in). */
export interface CommandCallMetadata {
  actorId: string;
  onBehalfOf?: string | null;
  unitId?: string | null;
  correlationId: string;
  causationId?: string | null;
  clientIp?: string | null;
  /** Back-dated business time (a clerk registering a paper document); defaults to the clock's now. */
  occurredAt?: string;
}

export interface HandleRequest<C extends Command, E extends DomainEvent, S> {
  streamId: string;
  decider: Decider<C, E, S>;
  command: DistributiveOmit<C, 'metadata'>;
  commandId?: string | null;
  metadata: CommandCallMetadata;
  /** The revision the caller saw (-1 or 'no_stream': it must not exist). Omit to act on the latest. */
  expectedRevision?: number | 'no_stream';
}

export interface HandleResult<S> {
  streamId: string;
  /** The stream's last revision after the command (-1 if the stream still does not exist). */
  nextRevision: number;
  /** Global position of the last event appended (of the stream's last event when nothing was appended; 0 when none). */
  position: number;
  events: RecordedEvent[];
  state: S;
  /** True when the command id had already been handled and this is the first result again. */
  duplicate: boolean;
}

/** What the pipeline records with the events under the command id. */
export interface StoredCommandResult {
  streamId: string;
  fromRevision: number;
  nextRevision: number;
}

export interface CommandHandlerOptions {
  clock?: Clock;
  upcasters?: UpcasterRegistry;
  /** Total attempts on WrongExpectedRevision (default 4 = 1 + 3 retries). */
  maxAttempts?: number;
  /** Upper bound of the random back-off before retry n, in ms (default 10·n + 10). */
  backoffMs?: (attempt: number) => number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isStoredResult(x: unknown): x is StoredCommandResult {
  const r = x as StoredCommandResult | null;
  return (
    !!r && typeof r === 'object' && typeof r.streamId === 'string' && Number.isInteger(r.fromRevision) && Number.isInteger(r.nextRevision)
  );
}

export class CommandHandler {
  readonly clock: Clock;
  readonly upcasters: UpcasterRegistry;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;

  constructor(
    readonly store: EventStore,
    options: CommandHandlerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.backoffMs = options.backoffMs ?? ((n) => 10 * n + 10);
  }

  /**
   * Reads and folds a stream (upcast). With `at` (ISO): only events recorded at or before that
   * instant — the aggregate as the system knew it then. `toRevision` stops at a revision.
   */
  async load<C extends Command, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    options: { at?: string; toRevision?: number } = {},
  ): Promise<{ state: S; revision: number; position: number; events: RecordedEvent[] }> {
    let events = (await this.store.readStream(streamId, { toRevision: options.toRevision })).map((e) => this.upcasters.upcast(e));
    if (options.at !== undefined) {
      const at = Date.parse(options.at);
      events = events.filter((e) => Date.parse(e.recordedAt) <= at);
    }
    let state = decider.initialState();
    for (const e of events) state = decider.evolve(state, e as unknown as E);
    const last = events[events.length - 1];
    return { state, revision: last ? last.revision : -1, position: last ? last.position : 0, events };
  }

  /** The first result of an already handled command id, or null. */
  async previousResult<S = unknown>(commandId: string, decider?: Decider<Command, DomainEvent, S>): Promise<HandleResult<S> | null> {
    const seen = await this.store.commandResult(commandId);
    if (!seen.found) return null;
    return this.replayResult(seen.result, decider);
  }

  async handle<C extends Command, E extends DomainEvent, S>(req: HandleRequest<C, E, S>): Promise<HandleResult<S>> {
    const commandId = req.commandId ?? null;
    if (commandId !== null) {
      const prior = await this.previousResult(commandId, req.decider as unknown as Decider<Command, DomainEvent, S>);
      if (prior) return prior;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(req, commandId);
      } catch (err) {
        // A racing request with the same command id may have committed between our check and our
        // load: then this refusal or conflict is about its effect, and its result is the answer.
        if (commandId !== null) {
          const prior = await this.previousResult(commandId, req.decider as unknown as Decider<Command, DomainEvent, S>);
          if (prior) return prior;
        }
        if (!(err instanceof WrongExpectedRevision) || req.expectedRevision !== undefined || attempt >= this.maxAttempts) throw err;
        await sleep(Math.random() * this.backoffMs(attempt));
      }
    }
  }

  private async attempt<C extends Command, E extends DomainEvent, S>(
    req: HandleRequest<C, E, S>,
    commandId: string | null,
  ): Promise<HandleResult<S>> {
    const { streamId, decider } = req;
    const loaded = await this.load(streamId, decider);
    if (req.expectedRevision !== undefined) {
      const expected = req.expectedRevision === 'no_stream' ? -1 : req.expectedRevision;
      if (expected !== loaded.revision) throw new WrongExpectedRevision(streamId, req.expectedRevision, loaded.revision);
    }
    const now = this.clock.now();
    const m = req.metadata;
    const command = {
      ...req.command,
      metadata: { now, actorId: m.actorId, onBehalfOf: m.onBehalfOf ?? null, unitId: m.unitId ?? null },
    } as unknown as C;
    const decided = decider.decide(command, loaded.state);
    if (decided.length === 0) {
      return { streamId, nextRevision: loaded.revision, position: loaded.position, events: [], state: loaded.state, duplicate: false };
    }
    const metadata: EventMetadata = {
      actorId: m.actorId,
      onBehalfOf: m.onBehalfOf ?? null,
      unitId: m.unitId ?? null,
      correlationId: m.correlationId,
      causationId: m.causationId ?? null,
      occurredAt: m.occurredAt ?? now,
      clientIp: m.clientIp ?? null,
      commandId,
    };
    const newEvents: NewEvent[] = decided.map((e) => ({
      type: e.type,
      schemaVersion: this.upcasters.currentVersion(e.type),
      data: e.data,
      metadata,
    }));
    const stored: StoredCommandResult = {
      streamId,
      fromRevision: loaded.revision + 1,
      nextRevision: loaded.revision + decided.length,
    };
    const res = await this.store.append(streamId, newEvents, {
      expectedRevision: loaded.revision === -1 ? 'no_stream' : loaded.revision,
      ...(commandId !== null ? { command: { id: commandId, result: stored } } : {}),
    });
    if (res.duplicate) {
      // A racing request with the same command id won: answer with its result.
      const seen = commandId !== null ? await this.store.commandResult(commandId) : { found: false as const };
      if (seen.found) return this.replayResult(seen.result, decider as unknown as Decider<Command, DomainEvent, S>);
      if (res.commandResult !== undefined)
        return this.replayResult(res.commandResult, decider as unknown as Decider<Command, DomainEvent, S>);
    }
    let state = loaded.state;
    for (const e of decided) state = decider.evolve(state, e);
    const events = (await this.store.readStream(streamId, { fromRevision: stored.fromRevision, toRevision: res.nextRevision })).map((e) =>
      this.upcasters.upcast(e),
    );
    return { streamId, nextRevision: res.nextRevision, position: res.position, events, state, duplicate: false };
  }

  private async replayResult<S>(raw: unknown, decider?: Decider<Command, DomainEvent, S>): Promise<HandleResult<S>> {
    if (!isStoredResult(raw)) {
      throw new Error('command id recorded without a pipeline result (another writer used this command id)');
    }
    const loaded = decider
      ? await this.load(raw.streamId, decider, { toRevision: raw.nextRevision })
      : {
          state: undefined as S,
          events: (await this.store.readStream(raw.streamId, { toRevision: raw.nextRevision })).map((e) => this.upcasters.upcast(e)),
        };
    const events = loaded.events.filter((e) => e.revision >= raw.fromRevision);
    const last = events[events.length - 1];
    return {
      streamId: raw.streamId,
      nextRevision: raw.nextRevision,
      position: last ? last.position : 0,
      events,
      state: loaded.state,
      duplicate: true,
    };
  }
}
