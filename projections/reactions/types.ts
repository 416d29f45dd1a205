import type { ReactionCommand } from '../../domain/shared/reactor';

/** Who is acting for a reaction or a fired job: the platform itself. */
export const SYSTEM_ACTOR = 'system';

/** What the platform hands the command side with a reaction's command. */
export interface ReactionContext {
  /** The idempotency key: the command pipeline records it with the events, so the same key never acts twice. */
  commandId: string;
  correlationId: string;
  /** The triggering event's id (a reactor) or null (a scheduled job). */
  causationId: string | null;
  /** "now" for the decider: the trigger's recordedAt (reactor) or the sweep's time (scheduled job). */
  now: string;
  actorId: typeof SYSTEM_ACTOR;
  /** The reactor or job that asked, for logs. */
  source: string;
}

/**
 * Executes a reaction's command on the command side (bound in the module's manifest; projections
 * never import commands/). It must go through the command pipeline with `ctx.commandId` as the
 * idempotency key. A DomainError means the command was refused (e.g. the document moved on): the
 * reaction is done, nothing is retried. Any other error is retried, then parked.
 */
export type ReactionDispatch = (command: ReactionCommand, ctx: ReactionContext) => Promise<void>;

export interface ReactionLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** One pending, parked or failing reaction, for /api/health and the admin. */
export interface OutboxStatus {
  name: string;
  pending: number;
  parked: number;
  lastError: string | null;
}
