import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';

/**
 * Point-in-time state (时点状态回溯): an aggregate as it stood at a moment.
 *
 * `by: 'recordedAt'` (default) answers "what did the system of record show at `at`?" — the events the
 * store had committed by then. recordedAt is set by the store at commit and cannot be back-dated, so
 * this view never changes afterwards: it is the one an auditor can rely on, and the one that matches
 * what users saw and acted on at that time.
 * `by: 'occurredAt'` answers "what was the business state at `at`, as we know it today?" — it also
 * counts events registered later but back-dated to before `at` (e.g. a clerk registering a paper
 * document received last week), so its answer for the same `at` can change as late registrations come in.
 *
 * Either way the selected events are applied in revision order (the order the decider saw them), not
 * re-sorted by time: a decider's evolve is only defined on the order its own decisions produced.
 * An event counts when its time is <= `at` (times compared as instants, so any ISO-8601 offset works).
 */

export type TimeAxis = 'recordedAt' | 'occurredAt';

export interface FoldStreamOptions<S, E extends RecordedEvent = RecordedEvent> {
  /** ISO-8601 instant. */
  at: string;
  evolve: (state: S, event: E) => S;
  initialState: () => S;
  /** Lifts old schema versions on read (the pipeline's upcaster registry); identity when absent. */
  upcast?: (event: RecordedEvent) => E;
  by?: TimeAxis;
}

export interface PointInTimeState<S> {
  state: S;
  at: string;
  by: TimeAxis;
  /** Revision of the last event applied, -1 when none (the stream did not exist yet at `at`). */
  revision: number;
  eventsApplied: number;
  /** Stored events of the stream left out because they are later than `at`. */
  eventsAfter: number;
  /** The last event applied, for "as of" display. */
  lastEvent?: { id: string; type: string; revision: number; position: number; occurredAt: string; recordedAt: string };
}

export class InvalidInstant extends Error {
  override readonly name = 'InvalidInstant';
  constructor(readonly value: string) {
    super(`时间格式无效: ${value} (expected an ISO-8601 instant)`);
  }
}

function instant(iso: string): number {
  // Date-time with an explicit zone only: a zone-less time would silently mean the server's local zone.
  const m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) throw new InvalidInstant(iso);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  // Date.parse rolls 2026-02-30 over to 2 March: refuse dates that do not exist instead.
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) throw new InvalidInstant(iso);
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new InvalidInstant(iso);
  return t;
}

/** Pure part: selects and folds already-read events (in revision order). */
export function foldAt<S, E extends RecordedEvent = RecordedEvent>(
  events: readonly RecordedEvent[],
  opts: FoldStreamOptions<S, E>,
): PointInTimeState<S> {
  const by = opts.by ?? 'recordedAt';
  const at = instant(opts.at);
  const upcast = opts.upcast ?? ((e: RecordedEvent) => e as E);
  let state = opts.initialState();
  let revision = -1;
  let applied = 0;
  let after = 0;
  let last: RecordedEvent | undefined;
  for (const e of events) {
    const t = Date.parse(by === 'recordedAt' ? e.recordedAt : e.metadata.occurredAt);
    if (!(t <= at)) {
      after++;
      continue;
    }
    state = opts.evolve(state, upcast(e));
    revision = e.revision;
    applied++;
    last = e;
  }
  return {
    state,
    at: new Date(at).toISOString(),
    by,
    revision,
    eventsApplied: applied,
    eventsAfter: after,
    lastEvent: last && {
      id: last.id,
      type: last.type,
      revision: last.revision,
      position: last.position,
      occurredAt: last.metadata.occurredAt,
      recordedAt: last.recordedAt,
    },
  };
}

export async function foldStream<S, E extends RecordedEvent = RecordedEvent>(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  opts: FoldStreamOptions<S, E>,
): Promise<PointInTimeState<S>> {
  instant(opts.at); // fail before any I/O
  const events = await store.readStream(streamId);
  return foldAt(events, opts);
}
