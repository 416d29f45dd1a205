import { v7 as uuidv7 } from 'uuid';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider';
import type { UnitMemberFact } from '../../domain/meetings/recipients';
import type { CommandHandler, HandleResult } from '../pipeline/handler';

/** Who acts, as the command side of 会议/日程 needs it (from the route's principal, or the system for jobs). */
export interface ActorContext {
  actorId: string;
  actorName: string;
  onBehalfOf?: string | null;
  unitId: string | null;
  departmentId: string | null;
  correlationId: string;
  /** The Idempotency-Key (or a reaction's key). */
  commandId?: string | null;
  causationId?: string | null;
  clientIp?: string | null;
  /** "now" for jobs (the sweep's time); routes leave it to the pipeline's clock. */
  now?: string;
}

/** Org facts the meetings command side needs (bound at the composition root to the org directory). */
export interface MeetingOrg {
  unit(unitId: string): Promise<{ unitId: string; name: string } | null>;
  user(
    userId: string,
  ): Promise<{ userId: string; name: string; unitId: string; departmentId: string; title: string | null; active: boolean } | null>;
  unitMembers(unitId: string): Promise<UnitMemberFact[]>;
}

export interface CommandOutcome {
  id: string;
  /** The events recorded (for the notifications the API sends); not part of the HTTP answer. */
  recorded?: RecordedEvent[];
  streamId: string;
  position: number;
  duplicate: boolean;
  events: string[];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export const outcomeOf = <S>(id: string, r: HandleResult<S>): CommandOutcome => ({
  id,
  streamId: r.streamId,
  position: r.position,
  duplicate: r.duplicate,
  events: r.events.map((e) => e.type),
  recorded: r.events,
});

/** Runs one command on one stream through the pipeline (idempotent by ctx.commandId + suffix). */
export async function runCommand<C extends Command, E extends DomainEvent, S>(
  handler: CommandHandler,
  streamId: string,
  decider: Decider<C, E, S>,
  command: DistributiveOmit<C, 'metadata'>,
  ctx: ActorContext,
  suffix = '',
): Promise<HandleResult<S>> {
  return handler.handle({
    streamId,
    decider,
    command,
    commandId: ctx.commandId ? `${ctx.commandId}${suffix}` : null,
    metadata: {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? null,
      clientIp: ctx.clientIp ?? null,
    },
  });
}

export const newId = (): string => uuidv7();
