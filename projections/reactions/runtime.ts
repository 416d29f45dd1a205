import type { DomainEvent } from '../../domain/shared/decider';
import type { ReactionCommand, Reactor } from '../../domain/shared/reactor';
import type { ScheduledJob } from '../../domain/shared/scheduled-job';
import type { Projection, SqlClient } from '../engine/types';
import { OutboxDispatcher } from './outbox';
import { reactorProjection, reactorTables } from './reactor-projection';
import { scheduleProjection, Sweeper } from './schedule';
import type { OutboxStatus, ReactionDispatch, ReactionLogger } from './types';

/** A reactor with the command-side function that executes its commands (from a module's manifest). */
export interface ReactorBinding {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  reactor: Reactor<DomainEvent, any, ReactionCommand>;
  dispatch: ReactionDispatch;
  /** The reactor projection's version (bump to replay every trigger; the idempotency keys make that safe). */
  version?: number;
}

/** A scheduled job with the command-side function that executes what it fires. */
export interface ScheduledJobBinding {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  job: ScheduledJob<DomainEvent, any, ReactionCommand>;
  dispatch: ReactionDispatch;
  version?: number;
}

export interface ReactionRuntimeOptions {
  reactors: readonly ReactorBinding[];
  jobs: readonly ScheduledJobBinding[];
  logger: ReactionLogger;
  /** Sweep interval of scheduled work (ms; default 60 s; 0 = only on demand). */
  sweepIntervalMs?: number;
  now?: () => Date;
}

/**
 * The platform side of reactors and scheduled work: the projections the engine runs (register them
 * with the other projections), and after the engine has started, the outbox dispatchers and sweepers.
 */
export class ReactionRuntime {
  readonly projections: Projection[] = [];
  private dispatchers: OutboxDispatcher[] = [];
  private sweepers: Sweeper<DomainEvent, unknown, ReactionCommand>[] = [];
  private readonly wakeDispatcher = new Map<string, () => void>();
  private readonly wakeSweeper = new Map<string, () => void>();

  constructor(private readonly o: ReactionRuntimeOptions) {
    const names = new Set<string>();
    for (const b of [...o.reactors.map((r) => r.reactor.name), ...o.jobs.map((j) => j.job.name)]) {
      if (names.has(b)) throw new Error(`reactor or scheduled job "${b}" declared twice`);
      names.add(b);
    }
    for (const b of o.reactors)
      this.projections.push(
        reactorProjection(b.reactor, { version: b.version, onQueued: () => this.wakeDispatcher.get(b.reactor.name)?.() }),
      );
    for (const b of o.jobs)
      this.projections.push(scheduleProjection(b.job, { version: b.version, onChange: () => this.wakeSweeper.get(b.job.name)?.() }));
  }

  /** Starts draining outboxes and sweeping due jobs (after the engine has set the tables up). */
  start(db: SqlClient): void {
    for (const b of this.o.reactors) {
      const d = new OutboxDispatcher({
        name: b.reactor.name,
        table: reactorTables(b.reactor.name).outbox,
        db,
        dispatch: b.dispatch,
        logger: this.o.logger,
        now: this.o.now,
      });
      this.dispatchers.push(d);
      this.wakeDispatcher.set(b.reactor.name, () => setImmediate(() => d.wake()));
      d.start();
    }
    for (const b of this.o.jobs) {
      const s = new Sweeper({
        job: b.job,
        db,
        dispatch: b.dispatch,
        logger: this.o.logger,
        intervalMs: this.o.sweepIntervalMs,
        now: this.o.now,
      });
      this.sweepers.push(s);
      this.wakeSweeper.set(b.job.name, () => s.wake());
      s.start();
    }
  }

  async stop(): Promise<void> {
    for (const d of this.dispatchers) await d.stop();
    for (const s of this.sweepers) await s.stop();
    this.dispatchers = [];
    this.sweepers = [];
    this.wakeDispatcher.clear();
    this.wakeSweeper.clear();
  }

  /** Drains every outbox now (tests, shutdown). */
  async drain(): Promise<number> {
    let n = 0;
    for (const d of this.dispatchers) n += await d.drain();
    return n;
  }

  /** Some reaction to an event at or before `position` is still to be sent. */
  async hasPendingUpTo(position: number): Promise<boolean> {
    for (const d of this.dispatchers) if ((await d.pendingUpTo(position)) > 0) return true;
    return false;
  }

  /** Waits until every reaction to events at or before `position` has been sent (or parked); false at `until` (ms since the epoch). */
  async waitSentUpTo(position: number, until: number): Promise<boolean> {
    for (;;) {
      if (!(await this.hasPendingUpTo(position))) return true;
      if (Date.now() >= until) return false;
      for (const d of this.dispatchers) d.wake();
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Sweeps every scheduled job now (tests, an admin's "run now"). */
  async sweep(): Promise<number> {
    let n = 0;
    for (const s of this.sweepers) n += await s.sweep();
    return n;
  }

  async status(): Promise<{ reactors: OutboxStatus[]; jobs: { name: string; fired: number; lastError: string | null }[] }> {
    return {
      reactors: await Promise.all(this.dispatchers.map((d) => d.status())),
      jobs: this.sweepers.map((s) => ({ name: s.name, fired: s.fired, lastError: s.lastError })),
    };
  }
}
