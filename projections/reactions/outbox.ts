import { DomainError } from '../../domain/shared/errors';
import type { ReactionCommand } from '../../domain/shared/reactor';
import type { SqlClient } from '../engine/types';
import { BackgroundLoop } from './loop';
import { SYSTEM_ACTOR, type OutboxStatus, type ReactionDispatch, type ReactionLogger } from './types';

interface OutboxRow {
  command_id: string;
  position: number | string;
  trigger_id: string | null;
  correlation_id: string;
  type: string;
  data: string;
  now: string;
  attempts: number;
}

export interface OutboxDispatcherOptions {
  /** The reactor's name (logs, lock key). */
  name: string;
  /** The outbox table (its canonical, serving name). */
  table: string;
  db: SqlClient;
  dispatch: ReactionDispatch;
  logger: ReactionLogger;
  /** Tries before a reaction is parked (default 5). */
  maxAttempts?: number;
  /** The outbox is looked at this often even without a wake-up (default 250 ms: a reaction follows its trigger within a second). */
  pollMs?: number;
  now?: () => Date;
}

/**
 * Drains one reactor's outbox: each row's command is sent through the command side with its
 * idempotency key, then the row is deleted. A DomainError (the command was refused by its decider:
 * e.g. the document has moved on) ends the reaction — it is logged and deleted. Any other error is
 * retried with back-off and, after `maxAttempts`, the row is parked (kept, `parked = 1`) and shown in
 * /api/health. On PostgreSQL one process drains at a time (advisory lock); a second one that gets
 * in anyway only repeats idempotency keys.
 */
export class OutboxDispatcher {
  private readonly loop: BackgroundLoop;
  lastError: string | null = null;

  constructor(private readonly o: OutboxDispatcherOptions) {
    this.loop = new BackgroundLoop(
      () => this.drain().then(() => this.o.pollMs ?? 250),
      (err) => this.o.logger.error({ reactor: this.o.name, err }, 'reaction outbox drain failed'),
      this.o.pollMs ?? 250,
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Something was queued: look now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Sends every pending reaction that is due; resolves when the outbox has nothing more to send now. */
  async drain(): Promise<number> {
    const { db, table } = this.o;
    if (!(await this.loop.own(db, `oa.reactions:${this.o.name}`))) return 0;
    let sent = 0;
    for (;;) {
      const now = (this.o.now?.() ?? new Date()).toISOString();
      const rows = await db.all<OutboxRow>(
        `SELECT command_id, position, trigger_id, correlation_id, type, data, now, attempts FROM ${table}
         WHERE parked = 0 AND (next_try_at IS NULL OR next_try_at <= ?) ORDER BY position, command_id LIMIT 100`,
        [now],
      );
      if (rows.length === 0) return sent;
      for (const r of rows) {
        if (this.loop.isStopping) return sent;
        await this.send(r);
        sent++;
      }
    }
  }

  private async send(r: OutboxRow): Promise<void> {
    const { db, table } = this.o;
    const command: ReactionCommand = { type: r.type, data: JSON.parse(r.data) };
    try {
      await this.o.dispatch(command, {
        commandId: r.command_id,
        correlationId: r.correlation_id,
        causationId: r.trigger_id,
        now: r.now,
        actorId: SYSTEM_ACTOR,
        source: this.o.name,
      });
    } catch (err) {
      if (err instanceof DomainError) {
        this.o.logger.warn({ reactor: this.o.name, command: r.type, code: err.code }, 'reaction refused by the decider; dropped');
      } else {
        const attempts = Number(r.attempts) + 1;
        const parked = attempts >= (this.o.maxAttempts ?? 5) ? 1 : 0;
        this.lastError = String((err as Error)?.message ?? err);
        const retryAt = new Date((this.o.now?.() ?? new Date()).getTime() + 200 * 2 ** attempts).toISOString();
        await db.run(`UPDATE ${table} SET attempts = ?, parked = ?, last_error = ?, next_try_at = ? WHERE command_id = ?`, [
          attempts,
          parked,
          this.lastError.slice(0, 500),
          retryAt,
          r.command_id,
        ]);
        this.o.logger.error({ reactor: this.o.name, command: r.type, attempts, parked: !!parked, err: this.lastError }, 'reaction failed');
        return;
      }
    }
    await db.run(`DELETE FROM ${table} WHERE command_id = ?`, [r.command_id]);
  }

  /** Rows not yet sent (nor parked) whose trigger is at or before `position`. */
  async pendingUpTo(position: number): Promise<number> {
    const row = await this.o.db.get<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM ${this.o.table} WHERE parked = 0 AND position <= ?`,
      [position],
    );
    return Number(row?.n ?? 0);
  }

  async status(): Promise<OutboxStatus> {
    const { db, table } = this.o;
    const rows = await db.all<{ parked: number; n: number | string }>(`SELECT parked, COUNT(*) AS n FROM ${table} GROUP BY parked`);
    const n = (p: number) => Number(rows.find((x) => Number(x.parked) === p)?.n ?? 0);
    return { name: this.o.name, pending: n(0), parked: n(1), lastError: this.lastError ?? this.loop.lastError };
  }
}
