/**
 * Given/When/Then for reactors and scheduled jobs (test support only: imported by *.unit.spec.ts).
 *
 *   reactorSpec(outgoingApprovalReactor)
 *     .given([started, approvedAtSign])      // earlier events (their reactions are not asserted)
 *     .when(completed)                       // the event under test
 *     .then([{ type: 'RecordOutgoingApprovalOutcome', data: {…} }]);
 */
import { deepStrictEqual } from 'node:assert/strict';
import type { RecordedEvent } from '../eventstore/envelope';
import type { DomainEvent } from './decider';
import type { ReactionCommand, Reactor, ReactorInput } from './reactor';
import type { DueJob, ScheduledJob } from './scheduled-job';
import { dueJobs } from './scheduled-job';

let seq = 0;
/** Wraps a domain event in the envelope fields a reactor may read. */
export function recorded<E extends DomainEvent>(
  e: E,
  over: Partial<Pick<RecordedEvent, 'id' | 'streamId' | 'position' | 'recordedAt'>> & { correlationId?: string } = {},
): ReactorInput<E> {
  seq++;
  const recordedAt = over.recordedAt ?? '2026-03-02T01:00:00.000Z';
  return {
    ...e,
    id: over.id ?? `evt-${seq}`,
    streamId: over.streamId ?? 'stream-1',
    position: over.position ?? seq,
    recordedAt,
    metadata: { actorId: 'u', correlationId: over.correlationId ?? 'corr-1', occurredAt: recordedAt },
  } as ReactorInput<E>;
}

export function reactorSpec<E extends DomainEvent, S, C extends ReactionCommand>(reactor: Reactor<E, S, C>) {
  return {
    given(history: readonly ReactorInput<E>[]) {
      return {
        when(event: ReactorInput<E>) {
          const run = (): { commands: C[]; state: S | null } => {
            const states = new Map<string, S>();
            for (const e of [...history, event]) {
              const key = reactor.keyOf(e);
              if (key === null || !reactor.eventTypes.includes(e.type)) continue;
              const s = reactor.evolve(states.get(key) ?? reactor.initialState(), e);
              if (e === event) return { commands: reactor.react(s, e), state: s };
              states.set(key, s);
            }
            return { commands: [], state: null };
          };
          return {
            then(expected: C[]): void {
              expectEqual(run().commands, expected);
            },
            thenState(check: (s: S | null) => void): void {
              check(run().state);
            },
          };
        },
      };
    },
  };
}

export function scheduledJobSpec<E extends DomainEvent, P, C extends ReactionCommand>(job: ScheduledJob<E, P, C>) {
  return {
    given(events: readonly ReactorInput<E>[]) {
      const jobs = dueJobs(job, events);
      return {
        thenDue(expected: DueJob<P>[]): void {
          expectEqual(
            [...jobs.values()].sort((a, b) => a.jobId.localeCompare(b.jobId)),
            expected,
          );
        },
        whenDueAt(now: string) {
          const fired = [...jobs.values()].filter((j) => j.dueAt <= now).flatMap((j) => job.fire(j, now));
          return { then: (expected: C[]) => expectEqual(fired, expected) };
        },
      };
    },
  };
}

function expectEqual(actual: unknown, expected: unknown): void {
  deepStrictEqual(actual, expected);
}
