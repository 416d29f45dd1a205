import { expect, it } from 'vitest';
import { WrongExpectedRevision, type EventStore, type StreamAppend } from '../../domain/eventstore/port';

/**
 * The specs of `EventStore.appendMany` (several streams in one transaction), run against each adapter
 * that has it (sqlite-event-store.int.spec.ts, postgres-event-store.int.spec.ts). `open` gives a
 * store on an empty database / schema of its own.
 */
export function appendManySpecs(open: () => Promise<EventStore>): void {
  const meta = { actorId: 'u1', correlationId: 'c1', occurredAt: '2024-01-01T00:00:00.000Z' };
  const part = (streamId: string, n: number, extra: Partial<StreamAppend['options']> = {}): StreamAppend => ({
    streamId,
    events: Array.from({ length: n }, (_, i) => ({ type: 'Noted', data: { streamId, i }, metadata: meta })),
    options: { expectedRevision: 'no_stream', command: { id: `cmd-${streamId}`, result: { streamId } }, ...extra },
  });

  it('appendMany writes every stream in one go: revisions, contiguous positions, command ids recorded', async () => {
    const store = await open();
    try {
      await store.append('before', [{ type: 'Noted', data: {}, metadata: meta }]);
      const results = await store.appendMany!([part('m-a', 2), part('m-b', 1), part('m-c', 3)]);
      expect(results.map((r) => [r.nextRevision, r.duplicate ?? false])).toEqual([
        [1, false],
        [0, false],
        [2, false],
      ]);
      const all = await store.readAll();
      expect(all.map((e) => e.streamId)).toEqual(['before', 'm-a', 'm-a', 'm-b', 'm-c', 'm-c', 'm-c']);
      expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(results.map((r) => r.position)).toEqual([3, 4, 7]);
      expect((await store.readStream('m-c')).map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2]);
      expect(await store.commandResult('cmd-m-b')).toEqual({ found: true, result: { streamId: 'm-b' } });
      // The same batch again (a retried import): every part is a duplicate, nothing new is stored.
      const again = await store.appendMany!([part('m-a', 2), part('m-b', 1), part('m-c', 3)]);
      expect(again.every((r) => r.duplicate)).toBe(true);
      expect(await store.headPosition()).toBe(7);
    } finally {
      await store.close();
    }
  });

  it('appendMany stores nothing of any stream when one part is refused, and the store goes on gap-free', async () => {
    const store = await open();
    try {
      await store.append('taken', [{ type: 'Noted', data: {}, metadata: meta }]);
      const parts = [part('n-a', 2), part('n-b', 1), part('taken', 1), part('n-c', 1)];
      const err = await store.appendMany!(parts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WrongExpectedRevision);
      expect((err as WrongExpectedRevision).streamId).toBe('taken');
      for (const s of ['n-a', 'n-b', 'n-c']) {
        expect(await store.streamRevision(s)).toBe(-1);
        expect(await store.commandResult(`cmd-${s}`)).toEqual({ found: false });
      }
      expect((await store.readAll()).map((e) => e.streamId)).toEqual(['taken']);
      // A register-like stream appended with its revision in the same batch: a stale revision refuses all.
      await expect(
        store.appendMany!([part('n-a', 1), { streamId: 'taken', events: part('taken', 1).events, options: { expectedRevision: 5 } }]),
      ).rejects.toBeInstanceOf(WrongExpectedRevision);
      expect(await store.streamRevision('n-a')).toBe(-1);
      const ok = await store.appendMany!([
        part('n-a', 1),
        { streamId: 'taken', events: part('taken', 1).events, options: { expectedRevision: 0 } },
      ]);
      expect(ok.map((r) => r.nextRevision)).toEqual([0, 1]);
      const all = await store.readAll();
      expect(all.map((e) => e.streamId)).toEqual(['taken', 'n-a', 'taken']);
      expect(all.map((e) => e.revision)).toEqual([0, 0, 1]);
      // The hash chain of a stream written by a batch continues from its tip.
      expect(all[2]!.prevHash).toBe(all[0]!.hash);
    } finally {
      await store.close();
    }
  });

  it('appendMany of many streams while single appends run: every event readable once, in position order', async () => {
    const store = await open();
    try {
      const batch = Array.from({ length: 300 }, (_, i) => part(`big-${i}`, 1));
      const singles = Array.from({ length: 20 }, (_, i) => store.append(`single-${i}`, [{ type: 'Noted', data: { i }, metadata: meta }]));
      const [results] = await Promise.all([store.appendMany!(batch), ...singles]);
      expect(results).toHaveLength(300);
      const all = await store.readAll({ limit: 10_000 });
      expect(all).toHaveLength(320);
      expect(all.every((e, i) => i === 0 || e.position > all[i - 1]!.position)).toBe(true);
      // The batch's events are one run of positions (no single append lands inside it).
      const big = all.map((e, i) => (e.streamId.startsWith('big-') ? i : -1)).filter((i) => i >= 0);
      expect(big[big.length - 1]! - big[0]!).toBe(299);
    } finally {
      await store.close();
    }
  }, 60_000);
}
