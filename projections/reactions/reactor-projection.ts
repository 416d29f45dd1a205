import { v5 as uuidv5 } from 'uuid';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { DomainEvent } from '../../domain/shared/decider';
import type { ReactionCommand, Reactor, ReactorInput } from '../../domain/shared/reactor';
import type { Projection, SqlClient, TableNamer } from '../engine/types';
import { assertIdentifier } from '../sql/placeholders';

/**
 * Runs a pure reactor (domain/shared/reactor.ts) as a projection: the engine hands it the events from
 * its checkpoint, and in the SAME transaction as the checkpoint it stores
 *   rx_<name>_state   (key, state JSON): the reactor's fold per key (deleted when `isDone`);
 *   rx_<name>_outbox  one row per command to send: its idempotency key (uuid v5 of reactor name,
 *                     trigger event id and the command's index), the trigger, the command, attempts.
 * The outbox is drained by the OutboxDispatcher (./outbox.ts) outside the transaction. So:
 *   - crash after the trigger's commit, before the projection ran → the engine replays from the checkpoint;
 *   - crash after the projection's commit, before dispatch → the outbox row is still there;
 *   - crash after dispatch, before the row's delete → dispatched again with the same key, which the
 *     command pipeline recognises: the reaction happens exactly once.
 * A version bump (or a rebuild) replays every trigger; the same keys make that a no-op.
 */
export const REACTION_NAMESPACE = 'a3f1c1de-6c8e-4a1b-9b4e-0d5c7f3e2a10';

export function reactionCommandId(reactorName: string, triggerId: string, index: number): string {
  return uuidv5(`${reactorName}:${triggerId}:${index}`, REACTION_NAMESPACE);
}

export function reactorTables(name: string): { state: string; outbox: string } {
  const base = `rx_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
  return { state: assertIdentifier(`${base}_state`, 'table name'), outbox: assertIdentifier(`${base}_outbox`, 'table name') };
}

export async function createOutboxTable(db: SqlClient, table: string): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS ${table} (
    command_id TEXT PRIMARY KEY, position BIGINT NOT NULL, trigger_id TEXT, correlation_id TEXT NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, now TEXT NOT NULL, attempts INTEGER NOT NULL, parked INTEGER NOT NULL,
    last_error TEXT, next_try_at TEXT)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${table}_pending ON ${table} (position) WHERE parked = 0`);
}

export function reactorProjection<E extends DomainEvent, S, C extends ReactionCommand>(
  reactor: Reactor<E, S, C>,
  options: { version?: number; onQueued?: () => void } = {},
): Projection {
  const tables = reactorTables(reactor.name);
  const types = new Set<string>(reactor.eventTypes);
  return {
    name: `reactor:${reactor.name}`.replace(/[^a-z0-9_]+/gi, '_'),
    version: options.version ?? 1,
    tables: [tables.state, tables.outbox],
    eventTypes: reactor.eventTypes,
    async setup(db: SqlClient, t: TableNamer) {
      await db.run(`CREATE TABLE IF NOT EXISTS ${t(tables.state)} (key TEXT PRIMARY KEY, state TEXT NOT NULL, position BIGINT NOT NULL)`);
      await createOutboxTable(db, t(tables.outbox));
    },
    async apply(db: SqlClient, event: RecordedEvent, t: TableNamer) {
      if (!types.has(event.type)) return;
      const input = event as unknown as ReactorInput<E>;
      const key = reactor.keyOf(input);
      if (key === null) return;
      const st = t(tables.state);
      const row = await db.get<{ state: string }>(`SELECT state FROM ${st} WHERE key = ?`, [key]);
      const before = row ? (JSON.parse(row.state) as S) : reactor.initialState();
      const after = reactor.evolve(before, input);
      const commands = reactor.react(after, input);
      if (reactor.isDone?.(after)) await db.run(`DELETE FROM ${st} WHERE key = ?`, [key]);
      else
        await db.run(
          `INSERT INTO ${st} (key, state, position) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state, position = excluded.position`,
          [key, JSON.stringify(after), event.position],
        );
      const ob = t(tables.outbox);
      for (let i = 0; i < commands.length; i++) {
        const c = commands[i]!;
        await db.run(
          `INSERT INTO ${ob} (command_id, position, trigger_id, correlation_id, type, data, now, attempts, parked, last_error, next_try_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, NULL, NULL) ON CONFLICT (command_id) DO NOTHING`,
          [
            reactionCommandId(reactor.name, event.id, i),
            event.position,
            event.id,
            event.metadata.correlationId,
            c.type,
            JSON.stringify(c.data ?? null),
            event.recordedAt,
          ],
        );
      }
      if (commands.length > 0) options.onQueued?.();
    },
  };
}
