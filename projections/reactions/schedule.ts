import { v5 as uuidv5 } from 'uuid';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { DomainEvent } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';
import type { ReactionCommand, ReactorInput } from '../../domain/shared/reactor';
import type { ScheduledJob } from '../../domain/shared/scheduled-job';
import type { Projection, SqlClient, TableNamer } from '../engine/types';
import { BackgroundLoop } from './loop';
import { assertIdentifier } from '../sql/placeholders';
import { REACTION_NAMESPACE } from './reactor-projection';
import { SYSTEM_ACTOR, type ReactionDispatch, type ReactionLogger } from './types';

/**
 * Scheduled work (domain/shared/scheduled-job.ts) on the platform:
 *   sj_<name>  the due-time read model: one row per job id (due_at, payload, fired), filled from the
 *              job's events by a projection (checkpoint in the same transaction, rebuildable);
 *   Sweeper    every `intervalMs` (and at the next due time when that is sooner) fires the rows with
 *              due_at ≤ now and fired = 0 as commands through the command side, the idempotency key a
 *              uuid v5 of (job name, job id, due time), then marks them fired.
 * Exactly once: a sweep that crashes after the command and before `fired = 1`, a second process
 * sweeping the same store, or a rebuilt read model (fired flags lost) sends the same key again, and
 * the command pipeline answers the first result without acting. Setting a job id again with another
 * due time re-arms it (fired = 0): a moved deadline fires again, at its new time, once.
 */
export function jobCommandId(jobName: string, jobId: string, dueAt: string, index: number): string {
  return uuidv5(`job:${jobName}:${jobId}:${dueAt}:${index}`, REACTION_NAMESPACE);
}

export function scheduleTable(name: string): string {
  return assertIdentifier(`sj_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`, 'table name');
}

export function scheduleProjection<E extends DomainEvent, P, C extends ReactionCommand>(
  job: ScheduledJob<E, P, C>,
  options: { version?: number; onChange?: () => void } = {},
): Projection {
  const table = scheduleTable(job.name);
  const types = new Set<string>(job.eventTypes);
  return {
    name: `schedule_${job.name.replace(/[^a-z0-9_]+/gi, '_')}`,
    version: options.version ?? 1,
    tables: [table],
    eventTypes: job.eventTypes,
    async setup(db: SqlClient, t: TableNamer) {
      await db.run(
        `CREATE TABLE IF NOT EXISTS ${t(table)} (job_id TEXT PRIMARY KEY, due_at TEXT NOT NULL, payload TEXT NOT NULL, fired INTEGER NOT NULL, correlation_id TEXT)`,
      );
      await db.run(`CREATE INDEX IF NOT EXISTS ${t(table)}_due ON ${t(table)} (due_at) WHERE fired = 0`);
    },
    async apply(db: SqlClient, event: RecordedEvent, t: TableNamer) {
      if (!types.has(event.type)) return;
      const changes = job.schedule(event as unknown as ReactorInput<E>);
      for (const ch of changes) {
        if (ch.op === 'cancel') await db.run(`DELETE FROM ${t(table)} WHERE job_id = ?`, [ch.jobId]);
        else
          await db.run(
            `INSERT INTO ${t(table)} (job_id, due_at, payload, fired, correlation_id) VALUES (?, ?, ?, 0, ?)
             ON CONFLICT (job_id) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload, correlation_id = excluded.correlation_id,
               fired = CASE WHEN ${t(table)}.due_at = excluded.due_at THEN ${t(table)}.fired ELSE 0 END`,
            [ch.jobId, ch.dueAt, JSON.stringify(ch.payload ?? null), event.metadata.correlationId],
          );
      }
      if (changes.length > 0) options.onChange?.();
    },
  };
}

export interface SweeperOptions<E extends DomainEvent, P, C extends ReactionCommand> {
  job: ScheduledJob<E, P, C>;
  db: SqlClient;
  dispatch: ReactionDispatch;
  logger: ReactionLogger;
  /** Sweep at least this often (default 60 s). 0: never by itself — only `sweep()` calls (tests). */
  intervalMs?: number;
  now?: () => Date;
}

interface DueRow {
  job_id: string;
  due_at: string;
  payload: string;
  correlation_id: string | null;
}

export class Sweeper<E extends DomainEvent, P, C extends ReactionCommand> {
  private readonly loop: BackgroundLoop;
  private readonly table: string;
  fired = 0;

  constructor(private readonly o: SweeperOptions<E, P, C>) {
    this.table = scheduleTable(o.job.name);
    const interval = o.intervalMs ?? 60_000;
    this.loop = new BackgroundLoop(
      () => this.sweep().then(() => this.nextDueIn()),
      (err) => this.o.logger.error({ job: this.name, err }, 'scheduled work sweep failed'),
      interval,
    );
  }

  get name(): string {
    return this.o.job.name;
  }

  get lastError(): string | null {
    return this.loop.lastError;
  }

  /** Sweeps now and then every interval and at each next due time (not at all with intervalMs 0: only sweep() calls). */
  start(): void {
    if ((this.o.intervalMs ?? 60_000) > 0) this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A job was set or moved: look again (its due time may be sooner than the next planned sweep). */
  wake(): void {
    this.loop.wake(50);
  }

  private async nextDueIn(): Promise<number> {
    const interval = this.o.intervalMs ?? 60_000;
    const row = await this.o.db.get<{ due_at: string }>(`SELECT MIN(due_at) AS due_at FROM ${this.table} WHERE fired = 0`);
    if (!row?.due_at) return interval;
    const ms = Date.parse(row.due_at) - this.nowDate().getTime();
    return Math.max(20, Math.min(interval, ms));
  }

  private nowDate(): Date {
    return this.o.now?.() ?? new Date();
  }

  /** Fires every job due now; returns how many jobs it fired. */
  async sweep(): Promise<number> {
    const { db, job } = this.o;
    if (!(await this.loop.own(db, `oa.schedule:${job.name}`))) return 0;
    let n = 0;
    const now = this.nowDate().toISOString();
    for (;;) {
      const rows = await db.all<DueRow>(
        `SELECT job_id, due_at, payload, correlation_id FROM ${this.table} WHERE fired = 0 AND due_at <= ? ORDER BY due_at, job_id LIMIT 200`,
        [now],
      );
      if (rows.length === 0) return n;
      const before = n;
      for (const r of rows) {
        const commands = job.fire({ jobId: r.job_id, dueAt: r.due_at, payload: JSON.parse(r.payload) as P }, now);
        let ok = true;
        for (let i = 0; i < commands.length; i++) {
          try {
            await this.o.dispatch(commands[i]!, {
              commandId: jobCommandId(job.name, r.job_id, r.due_at, i),
              correlationId: r.correlation_id ?? jobCommandId(job.name, r.job_id, r.due_at, -1),
              causationId: null,
              now,
              actorId: SYSTEM_ACTOR,
              source: job.name,
            });
          } catch (err) {
            if (err instanceof DomainError) continue; // refused: nothing more to do for it
            ok = false;
            this.loop.lastError = String((err as Error)?.message ?? err);
            this.o.logger.error(
              { job: job.name, jobId: r.job_id, err: this.loop.lastError },
              'scheduled job failed; retried at the next sweep',
            );
          }
        }
        if (!ok) continue;
        // Only the row as it was fired: a job moved meanwhile keeps its new due time, armed.
        await db.run(`UPDATE ${this.table} SET fired = 1 WHERE job_id = ? AND due_at = ?`, [r.job_id, r.due_at]);
        n++;
        this.fired++;
      }
      if (rows.length < 200 || n === before) return n;
    }
  }
}
