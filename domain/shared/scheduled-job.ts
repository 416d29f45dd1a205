import type { DomainEvent } from './decider';
import type { ReactionCommand, ReactorInput } from './reactor';

/**
 * Scheduled work (reminders, deadlines, automatic 催办, expiries): **at time T, command Y**.
 *
 * A scheduled job is pure. From the events it listens to it says which jobs are due when
 * (`schedule`: set or cancel a job by id; setting an id again moves it), and at the due time which
 * commands fire (`fire`). Due times are computed in the domain — with the working-day calendar where
 * the rule counts working days — and travel in the events or are derived from them, never from the
 * clock at sweep time. The platform (projections/reactions/) keeps the due jobs in a read model
 * filled from these events, and a sweep fires each due job once as commands through the command
 * pipeline with the idempotency key derived from (job name, job id, due time): a restart, a second
 * process on the same store or a rebuilt read model never fires a job twice.
 */
export type ScheduleChange<P = unknown> = { op: 'set'; jobId: string; dueAt: string; payload: P } | { op: 'cancel'; jobId: string };

export interface DueJob<P = unknown> {
  jobId: string;
  /** ISO-8601 UTC. */
  dueAt: string;
  payload: P;
}

export interface ScheduledJob<E extends DomainEvent, P, C extends ReactionCommand = ReactionCommand> {
  /** Stable and unique: its read model's key and part of every idempotency key. */
  readonly name: string;
  readonly eventTypes: readonly E['type'][];
  schedule(event: ReactorInput<E>): ScheduleChange<P>[];
  /** The commands a due job fires; `now` is the sweep's time (≥ dueAt). */
  fire(job: DueJob<P>, now: string): C[];
}

/** Folds events into the due jobs, in memory: the same rules the platform's read model applies, for specs. */
export function dueJobs<E extends DomainEvent, P>(job: ScheduledJob<E, P>, events: readonly ReactorInput<E>[]): Map<string, DueJob<P>> {
  const jobs = new Map<string, DueJob<P>>();
  for (const e of events) {
    if (!job.eventTypes.includes(e.type)) continue;
    for (const ch of job.schedule(e)) {
      if (ch.op === 'set') jobs.set(ch.jobId, { jobId: ch.jobId, dueAt: ch.dueAt, payload: ch.payload });
      else jobs.delete(ch.jobId);
    }
  }
  return jobs;
}
