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

describe('canonicalJsonOf key order', () => {
  const reference = (v: unknown) => canonicalJson(JSON.parse(JSON.stringify(v)));

  it('sorts integer-like keys as strings, not in the numeric order objects enumerate them', () => {
    const v = {
      b: 1,
      '10': 'ten',
      '9': 'nine',
      '0': 0,
      '01': 'x',
      '4294967295': 'big',
      '-1': 'neg',
      '1a': 'mixed',
      a: { '2': 2, '10': 10 },
    };
    expect(canonicalJsonOf(v)).toBe(
      '{"-1":"neg","0":0,"01":"x","10":"ten","1a":"mixed","4294967295":"big","9":"nine","a":{"10":10,"2":2},"b":1}',
    );
    expect(canonicalJsonOf(v)).toBe(reference(v));
    expect(canonicalJsonOf([{ z: 1, '3': 3 }, 'x'])).toBe('[{"3":3,"z":1},"x"]');
  });

  it('keeps an own __proto__ key as data', () => {
    const v = JSON.parse('{"z":1,"__proto__":{"polluted":true},"a":[1]}');
    expect(canonicalJsonOf(v)).toBe('{"__proto__":{"polluted":true},"a":[1],"z":1}');
    expect(canonicalJsonOf(v)).toBe(reference(v));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('sorts objects with thousands of keys (dictionary-mode objects) and keys named like Object.prototype members', () => {
    const v: Record<string, unknown> = { constructor: 'c', toString: 't', hasOwnProperty: 'h', valueOf: 1, toJSON: 'not a function' };
    for (let i = 0; i < 3000; i++) v[`k${(i * 7919) % 3000}`] = i;
    expect(canonicalJsonOf(v)).toBe(reference(v));
  });

  it('for any object with integer-like, __proto__ and ordinary keys, equals integrity.ts canonicalJson', () => {
    const key = fc.oneof(fc.string(), fc.nat().map(String), fc.constantFrom('__proto__', 'constructor', '0', '10', '9'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { maxDepth: 3, depthIdentifier: 'node' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'node' }),
        fc.dictionary(key, tie('node'), { maxKeys: 6, depthIdentifier: 'node' }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJsonOf(v)).toBe(reference(v));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('prepareEvents', () => {
  it('gives the hashes pinned when the chain format was fixed (stored chains, seals and audits depend on them)', () => {
    const events = [
      {
        id: '0193a000-0000-7000-8000-000000000001',
        type: '公文已登记',
        data: {
          标题: '关于做好政务信息公开工作的通知',
          amountFen: 123456,
          urgency: 'urgent',
          tags: ['a', 'b\u0000"\\\ud800'],
          nested: { z: 1, a: [1.5, -0, 1e21, null, true] },
          '10': 'ten',
          '9': 'nine',
          '': 'empty',
          at: new Date('2025-01-02T03:04:05.006Z'),
          dropped: undefined,
        },
        metadata: {
          actorId: 'user-1',
          correlationId: 'c-1',
          occurredAt: '2025-01-02T03:04:05.006Z',
          onBehalfOf: null,
          clientIp: '10.0.0.8',
        },
      },
      {
        id: '0193a000-0000-7000-8000-000000000002',
        type: 'T',
        schemaVersion: 2,
        data: [{ b: 2, a: 1 }, 'x', 3],
        metadata: { correlationId: 'c-2', actorId: 'user-2', occurredAt: '2025-01-02T03:04:05.007Z' },
      },
    ];
    const rows = prepareEvents('outgoing-document-0193', 4, 'a'.repeat(64), events, '2025-01-02T03:04:05.123Z');
    expect(rows.map((r) => [r.revision, r.prevHash.slice(0, 8), r.hash])).toEqual([
      [5, 'aaaaaaaa', '02b28a725a2e3a318d9b4a450dda4889148295905a138de5151f60eec433f14a'],
      [6, '02b28a72', 'fdbb793cb2a4e4c5fc671a2b6b2a526a6beb1150a7cc08cf2dc80bce9cc0e8ba'],
    ]);
    expect(rows[0].dataJson).toBe(
      '{"":"empty","10":"ten","9":"nine","amountFen":123456,"at":"2025-01-02T03:04:05.006Z","nested":{"a":[1.5,0,1e+21,null,true],"z":1},' +
        '"tags":["a","b\\u0000\\"\\\\\\ud800"],"urgency":"urgent","标题":"关于做好政务信息公开工作的通知"}',
    );
  });

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
      events.push({
        id: `e${position}`,
        type,
        schemaVersion: 1,
        streamId,
        revision: 0,
        position,
        data: {},
        metadata: meta,
        recordedAt: '',
        prevHash: '',
        hash: '',
      });
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
    const sub = catchUpThenLive(log.readAll, () => log.wake, { streamPrefix: 'doc-' }, 100, log.head).subscribe((e) =>
      got.push(e.streamId),
    );
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
