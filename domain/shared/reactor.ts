import type { RecordedEvent } from '../eventstore/envelope';
import type { DomainEvent } from './decider';

/**
 * Reactors (process managers, Emmett's "workflow" idea): **when event X, then command Y**.
 *
 * A reactor is pure, like a decider, and specified Given/When/Then like one (`domain/shared/testing`
 * `reactorSpec`): it folds the events it listens to into a small state per key (one 发文's approval,
 * one task's deadline), and for each event says which commands follow. It never reads a database,
 * never calls the clock and never appends: the platform runs it (projections/reactions/) from a
 * checkpoint, in position order, and sends its commands through the command pipeline with
 *   - the idempotency key derived from the triggering event id (and the command's index), so a
 *     replay, a restart or a crash between the trigger's commit and the reaction acts exactly once;
 *   - causationId = the trigger's id, correlationId = the trigger's correlationId, actor `system`;
 *   - `now` = the trigger's recordedAt (a reaction happens "when" its trigger was recorded).
 * A reaction that keeps failing is parked like a projection's poison event (see /api/health).
 */

/** What a reactor sees: the event with the envelope fields it may use. */
export type ReactorInput<E extends DomainEvent> = E &
  Pick<RecordedEvent, 'id' | 'streamId' | 'position' | 'recordedAt'> & { metadata: RecordedEvent['metadata'] };

/**
 * A command a reactor asks for. `type` names one of the module's reaction commands (the module's
 * manifest binds each type to the command-side function that executes it); `data` is its body.
 */
export interface ReactionCommand<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Reactor<E extends DomainEvent, S, C extends ReactionCommand = ReactionCommand> {
  /** Stable and unique: the checkpoint key, and part of every idempotency key it derives. */
  readonly name: string;
  /** The event types it listens to (the platform reads only these). */
  readonly eventTypes: readonly E['type'][];
  /** Which state an event belongs to (e.g. the process instance id); null: not this reactor's business. */
  keyOf(event: ReactorInput<E>): string | null;
  initialState(): S;
  evolve(state: S, event: ReactorInput<E>): S;
  /** The commands that follow this event, given the state after it (`evolve` already applied). */
  react(state: S, event: ReactorInput<E>): C[];
  /** true: nothing more will happen for this key, the platform may forget its state. */
  isDone?(state: S): boolean;
}

/** Runs a reactor over events in memory: the same fold the platform runs, for specs and replays. */
export function runReactor<E extends DomainEvent, S, C extends ReactionCommand>(
  reactor: Reactor<E, S, C>,
  events: readonly ReactorInput<E>[],
): { commands: { trigger: string; command: C }[]; states: Map<string, S> } {
  const states = new Map<string, S>();
  const commands: { trigger: string; command: C }[] = [];
  for (const e of events) {
    if (!reactor.eventTypes.includes(e.type)) continue;
    const key = reactor.keyOf(e);
    if (key === null) continue;
    const s = reactor.evolve(states.get(key) ?? reactor.initialState(), e);
    states.set(key, s);
    for (const c of reactor.react(s, e)) commands.push({ trigger: e.id, command: c });
  }
  return { commands, states };
}
