/**
 * A decider (Emmett / Jérémie Chassaing style): pure functions, no I/O, no clock.
 * The time always arrives in the command's metadata (`now`), never from Date.now() inside decide.
 */
export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

export interface CommandMetadata {
  /** ISO-8601 UTC: "now" as the decider must see it. */
  now: string;
  /** Who asks (the delegate when acting for someone). */
  actorId: string;
  onBehalfOf?: string | null;
  unitId?: string | null;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<C extends Command, E extends DomainEvent, S> {
  initialState: () => S;
  /** Returns the new events, or throws a DomainError when the command may not be done. */
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
}

export function fold<E extends DomainEvent, S>(evolve: (s: S, e: E) => S, initial: S, events: readonly E[]): S {
  let s = initial;
  for (const e of events) s = evolve(s, e);
  return s;
}
