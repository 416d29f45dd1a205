import fc from 'fast-check';
import { Subject } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH, type RecordedEvent } from '../../domain/eventstore/envelope';
import { canonicalJson, eventHash } from '../../domain/eventstore/integrity';
import type { ReadAllOptions } from '../../domain/eventstore/port';
import { canonicalJsonOf, catchUpThenLive, expectedRevisionHolds, prefixUpperBound, prepareEvents } from './shared';
import { uuidv7 } from './uuid';

describe('canonicalJsonOf', () => {
  it('equals canonicalJson of the value after a JSON round trip, for any JSON-like value', () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withBoxedValues: true, withNullPrototype: true }), (v) => {
        let expected: string | undefined;
        try {
          const text = JSON.stringify(v);
          expected = text === undefined ? undefined : canonicalJson(JSON.parse(text));
        } catch {
          return; // bigint etc.: refused by both, checked below
        }
        if (JSON.stringify(v) !== undefined && containsNonFinite(v)) return;
        expect(canonicalJsonOf(v)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('turns Dates into ISO strings, drops undefined members, sorts keys, refuses NaN and bigint', () => {
    expect(canonicalJsonOf({ b: 1, a: new Date('2024-01-02T03:04:05Z'), c: undefined, d: [undefined, 1] })).toBe(
      '{"a":"2024-01-02T03:04:05.000Z","b":1,"d":[null,1]}',
    );
    expect(() => canonicalJsonOf({ x: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJsonOf({ x: 1n })).toThrow(TypeError);
  });
});

function containsNonFinite(v: unknown, seen = new Set<unknown>()): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (v instanceof Number) return !Number.isFinite(v.valueOf());
  if (v === null || typeof v !== 'object' || seen.has(v)) return false;
  seen.add(v);
  return Object.values(v as object).some((x) => containsNonFinite(x, seen));
}

describe('prepareEvents', () => {
  it('chains hashes exactly as eventHash computes them from the stored JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 5 }), fc.string({ minLength: 1 }), (datas, streamId) => {
        const recordedAt = '2024-05-06T07:08:09.010Z';
        const rows = prepareEvents(
          streamId,
          -1,
          GENESIS_HASH,
          datas.map((data) => ({ type: 'T', data, metadata: { actorId: 'a', correlationId: 'c', occurredAt: recordedAt } })),
          recordedAt,
        );
        let prev = GENESIS_HASH;
        rows.forEach((r, i) => {
          expect(r.revision).toBe(i);
          expect(r.prevHash).toBe(prev);
          const readBack = {
            id: r.id,
            type: r.type,
            schemaVersion: r.schemaVersion,
            streamId,
            revision: r.revision,
            data: JSON.parse(r.dataJson),
            metadata: JSON.parse(r.metadataJson),
            recordedAt,
            prevHash: r.prevHash,
          };
          expect(r.hash).toBe(eventHash(readBack));
          prev = r.hash;
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('prefixUpperBound', () => {
  it('bounds exactly the strings that start with the prefix (code-point order)', () => {
    const cmp = (a: string, b: string) => {
      const x = Array.from(a, (c) => c.codePointAt(0)!);
      const y = Array.from(b, (c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: 'grapheme' }), (prefix, s) => {
        const upper = prefixUpperBound(prefix);
        const inRange = cmp(s, prefix) >= 0 && (upper === null || cmp(s, upper) < 0);
        expect(inRange).toBe(s.startsWith(prefix));
        const ext = prefix + s;
        expect(cmp(ext, prefix) >= 0 && (upper === null || cmp(ext, upper) < 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(prefixUpperBound('doc-')).toBe('doc.');
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('\u{10ffff}')).toBeNull();
    expect(prefixUpperBound('a\ud7ff')).toBe('a\ue000');
  });
});

describe('expectedRevisionHolds', () => {
  it('follows EventStoreDB: no_stream, exists, any, a number', () => {
    expect([expectedRevisionHolds('no_stream', -1), expectedRevisionHolds('no_stream', 0)]).toEqual([true, false]);
    expect([expectedRevisionHolds('exists', -1), expectedRevisionHolds('exists', 3)]).toEqual([false, true]);
    expect([expectedRevisionHolds('any', -1), expectedRevisionHolds('any', 9)]).toEqual([true, true]);
    expect([expectedRevisionHolds(2, 2), expectedRevisionHolds(2, 3), expectedRevisionHolds(-1, -1)]).toEqual([true, false, true]);
  });
});

describe('uuidv7', () => {
  it('is a version-7, variant-1 uuid carrying the time, increasing within and across milliseconds', () => {
    const t = Date.now() + 86_400_000; // ahead of every id this process made so far
    const ids = Array.from({ length: 5000 }, (_, i) => uuidv7(t + Math.floor(i / 1000)));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16)).toBe(t);
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // The clock going back never breaks the order.
    const later = uuidv7(t - 60_000);
    expect(later > ids[ids.length - 1]).toBe(true);
  });
});

describe('catchUpThenLive', () => {
  const meta = { actorId: 'a', correlationId: 'c', occurredAt: '2024-01-01T00:00:00.000Z' };
  function fakeLog() {
    const events: RecordedEvent[] = [];
    const wake = new Subject<number>();
    let scanned = 0;
    const readAll = async (o: ReadAllOptions) => {
      const out: RecordedEvent[] = [];
      for (const e of events) {
        if (e.position < (o.fromPosition ?? 1)) continue;
        scanned++;
        if (o.streamPrefix && !e.streamId.startsWith(o.streamPrefix)) continue;
        if (o.types && o.types.length > 0 && !o.types.includes(e.type)) continue;
        out.push(e);
        if (out.length >= (o.limit ?? 1000)) break;
      }
      return out;
    };
    const add = (streamId: string, type = 'T') => {
      const position = events.length + 1;
      events.push({ id: `e${position}`, type, schemaVersion: 1, streamId, revision: 0, position, data: {}, metadata: meta, recordedAt: '', prevHash: '', hash: '' });
    };
    return { events, wake, readAll, add, scanned: () => scanned, head: async () => events.length };
  }

  it('delivers catch-up then live events once, in order, across batch boundaries, and stops on unsubscribe', async () => {
    const log = fakeLog();
    for (let i = 0; i < 25; i++) log.add(`s-${i}`);
    const got: number[] = [];
    const sub = catchUpThenLive(log.readAll, () => log.wake, { fromPosition: 3 }, 10).subscribe((e) => got.push(e.position));
    await vi.waitFor(() => expect(got).toHaveLength(23));
    log.add('s-x');
    log.wake.next(26);
    log.wake.next(26); // a second wake-up while the first pass runs: no duplicate
    await vi.waitFor(() => expect(got).toHaveLength(24));
    sub.unsubscribe();
    log.add('s-y');
    log.wake.next(27);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(Array.from({ length: 24 }, (_, i) => i + 3));
  });

  it('with a filter, skips past what it scanned instead of rescanning it on every wake-up', async () => {
    const log = fakeLog();
    log.add('doc-1');
    for (let i = 0; i < 500; i++) log.add(`other-${i}`);
    const got: string[] = [];
    const sub = catchUpThenLive(log.readAll, () => log.wake, { streamPrefix: 'doc-' }, 100, log.head).subscribe((e) => got.push(e.streamId));
    await vi.waitFor(() => expect(got).toEqual(['doc-1']));
    const before = log.scanned();
    for (let i = 0; i < 5; i++) {
      log.add(`other-x${i}`);
      log.wake.next(0);
      await new Promise((r) => setTimeout(r, 5));
    }
    log.add('doc-2');
    log.wake.next(0);
    await vi.waitFor(() => expect(got).toEqual(['doc-1', 'doc-2']));
    expect(log.scanned() - before).toBeLessThan(20);
    sub.unsubscribe();
  });

  it('completes when the store closes (its wake-ups complete)', async () => {
    const log = fakeLog();
    let completed = false;
    catchUpThenLive(log.readAll, () => log.wake).subscribe({ complete: () => (completed = true) });
    log.wake.complete();
    expect(completed).toBe(true);
  });
});
