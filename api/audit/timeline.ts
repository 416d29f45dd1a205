import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { foldAt } from '../../reports/audit/point-in-time';
import { foldFor, viewOf } from './folds';

/**
 * 历史回放: a subject's streams as one timeline, each stream's state at a moment through its own
 * context's fold (`evolve` up to T, shown through the context's view), and the field-by-field diff
 * between two moments.
 */

/** Flattens a view into `path → value` (arrays and objects descended; leaves JSON-encoded for comparison). */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out[prefix || '(根)'] = [];
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out[prefix] = {};
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix || '(根)'] = value ?? null;
  return out;
}

export interface FieldChange {
  field: string;
  change: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

/** Field-by-field differences between two views (paths in first-seen order). */
export function diffViews(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const out: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    const inA = k in a;
    const inB = k in b;
    if (inA && !inB) out.push({ field: k, change: 'removed', before: a[k], after: null });
    else if (!inA && inB) out.push({ field: k, change: 'added', before: null, after: b[k] });
    else if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push({ field: k, change: 'changed', before: a[k], after: b[k] });
  }
  return out;
}

export interface StreamStateAt {
  streamId: string;
  /** True when no context fold is registered for the stream (a generic merge is shown). */
  generic: boolean;
  revision: number;
  eventsApplied: number;
  lastEventType: string | null;
  state: unknown;
}

/** Each stream folded with its own context's fold up to `at` (recordedAt axis: what the system showed then). */
export function statesAt(streams: ReadonlyMap<string, readonly RecordedEvent[]>, at: string): StreamStateAt[] {
  const out: StreamStateAt[] = [];
  for (const [streamId, events] of streams) {
    const { fold, generic } = foldFor(streamId);
    const r = foldAt(events, { at, by: 'recordedAt', initialState: fold.initialState, evolve: fold.evolve });
    out.push({
      streamId,
      generic,
      revision: r.revision,
      eventsApplied: r.eventsApplied,
      lastEventType: r.lastEvent?.type ?? null,
      state: r.revision < 0 ? null : viewOf(fold, r.state),
    });
  }
  return out;
}

export async function readStreams(store: Pick<EventStore, 'readStream'>, ids: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  const m = new Map<string, RecordedEvent[]>();
  for (const id of ids) m.set(id, await store.readStream(id));
  return m;
}

/** Every event of the streams in global (position) order. */
export function mergeTimeline(streams: ReadonlyMap<string, readonly RecordedEvent[]>): RecordedEvent[] {
  return [...streams.values()].flat().sort((a, b) => a.position - b.position);
}
