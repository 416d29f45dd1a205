/**
 * A toy module for the reaction specs: when OrderPlaced then ShipOrder (a reactor), and at a
 * reminder's due time SendReminder (a scheduled job). Its deciders are deliberately NOT idempotent
 * (every ShipOrder appends an OrderShipped): exactly-once can only come from the platform's
 * idempotency keys, which is what the specs check.
 */
import { CommandHandler } from '../../commands/pipeline/handler';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import type { Decider } from '../../domain/shared/decider';
import type { Reactor } from '../../domain/shared/reactor';
import type { ScheduledJob } from '../../domain/shared/scheduled-job';
import { ProjectionEngine } from '../../projections/engine';
import type { SqlClient } from '../../projections/engine/types';
import { ReactionRuntime, type ReactionDispatch } from '../../projections/reactions';

type OrderPlaced = { type: 'OrderPlaced'; data: { orderId: string } };
type ReminderRequested = { type: 'ReminderRequested'; data: { id: string; dueAt: string } };

export const shipOnOrder: Reactor<OrderPlaced, { n: number }, { type: 'ShipOrder'; data: { orderId: string } }> = {
  name: 'toy.ship-on-order',
  eventTypes: ['OrderPlaced'],
  keyOf: (e) => e.data.orderId,
  initialState: () => ({ n: 0 }),
  evolve: (s) => ({ n: s.n + 1 }),
  react: (_s, e) => [{ type: 'ShipOrder', data: { orderId: e.data.orderId } }],
  isDone: () => true,
};

export const remindWhenDue: ScheduledJob<ReminderRequested, { id: string }, { type: 'SendReminder'; data: { id: string } }> = {
  name: 'toy.reminders',
  eventTypes: ['ReminderRequested'],
  schedule: (e) => [{ op: 'set', jobId: e.data.id, dueAt: e.data.dueAt, payload: { id: e.data.id } }],
  fire: (job) => [{ type: 'SendReminder', data: { id: job.payload.id } }],
};

type Cmd = { type: 'Do'; data: { what: string }; metadata: { now: string; actorId: string } };
const always: Decider<Cmd, { type: string; data: { what: string } }, null> = {
  initialState: () => null,
  decide: (c) => [{ type: c.data.what, data: { what: c.data.what } }],
  evolve: (s) => s,
};

/** Executes the toy commands through the real pipeline with the reaction's idempotency key. */
export function toyDispatch(handler: CommandHandler, hooks: { before?: () => void; after?: () => void } = {}): ReactionDispatch {
  return async (cmd, ctx) => {
    hooks.before?.();
    const d = cmd.data as { orderId?: string; id?: string };
    const [streamId, what] = cmd.type === 'ShipOrder' ? [`shipment-${d.orderId}`, 'OrderShipped'] : [`reminder-${d.id}`, 'ReminderSent'];
    await handler.handle({
      streamId,
      decider: always,
      command: { type: 'Do', data: { what } },
      commandId: ctx.commandId,
      metadata: { actorId: ctx.actorId, correlationId: ctx.correlationId, causationId: ctx.causationId },
    });
    hooks.after?.();
  };
}

export async function placeOrders(store: EventStore, ids: string[]): Promise<void> {
  for (const id of ids)
    await store.append(
      `order-${id}`,
      [
        {
          type: 'OrderPlaced',
          data: { orderId: id },
          metadata: { actorId: 'u', correlationId: `c-${id}`, occurredAt: new Date().toISOString() },
        },
      ],
      {
        expectedRevision: 'any',
      },
    );
}

export async function requestReminders(store: EventStore, items: { id: string; dueAt: string }[]): Promise<void> {
  for (const r of items)
    await store.append(
      `reminder-request-${r.id}`,
      [
        {
          type: 'ReminderRequested',
          data: r,
          metadata: { actorId: 'u', correlationId: `c-${r.id}`, occurredAt: new Date().toISOString() },
        },
      ],
      {
        expectedRevision: 'any',
      },
    );
}

export function startToy(store: EventStore, db: SqlClient, dispatch: ReactionDispatch, now: () => Date = () => new Date()) {
  const runtime = new ReactionRuntime({
    reactors: [{ reactor: shipOnOrder as never, dispatch }],
    jobs: [{ job: remindWhenDue as never, dispatch }],
    logger: { warn: () => undefined, error: () => undefined },
    sweepIntervalMs: 0,
    now,
  });
  const engine = new ProjectionEngine({
    store,
    db,
    projections: runtime.projections,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return { runtime, engine };
}

export async function eventsOf(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  return store.readStream(streamId);
}
