import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Subscription } from 'rxjs';
import { GENESIS_HASH, type NewEvent, type RecordedEvent } from '../../domain/eventstore/envelope';
import { eventHash } from '../../domain/eventstore/integrity';
import { WrongExpectedRevision, type EventStore } from '../../domain/eventstore/port';

/**
 * The one contract every event-store adapter passes (ARCHITECTURE §4; issue 2). Adapter-agnostic:
 * it never assumes an empty store or dense positions (EventStoreDB positions are commit offsets), only
 * that positions grow; every test writes to streams under its own random prefix.
 */
export interface ContractFixture {
  store: EventStore;
  /**
   * Another, independent store over the same database: a second connection/pool/process's view, and
   * what a restarted process opens. The test closes what it gets.
   */
  reopen: () => Promise<EventStore>;
  /** Closes `store` (it may already be closed) and removes the database when it was made for the test. */
  cleanup: () => Promise<void>;
}

export interface ContractOptions {
  writers?: number;
  eventsPerWriter?: number;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function ev(type: string, data: unknown = {}, id?: string): NewEvent {
  return {
    ...(id ? { id } : {}),
    type,
    data,
    metadata: { actorId: 'user-1', correlationId: 'corr-1', occurredAt: '2024-03-01T08:00:00.000Z', unitId: 'unit-1' },
  };
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function readAllPages(store: EventStore, from: number, filter: { streamPrefix?: string; types?: string[] } = {}) {
  const out: RecordedEvent[] = [];
  let next = from;
  for (;;) {
    const page = await store.readAll({ fromPosition: next, limit: 500, ...filter });
    out.push(...page);
    if (page.length < 500) return out;
    next = page[page.length - 1].position + 1;
  }
}

async function expectConflict(p: Promise<unknown>, streamId: string, actual: number): Promise<WrongExpectedRevision> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a WrongExpectedRevision').toBeInstanceOf(WrongExpectedRevision);
  const w = err as WrongExpectedRevision;
  expect(w.streamId).toBe(streamId);
  expect(w.actual).toBe(actual);
  return w;
}

function expectChainIntact(events: RecordedEvent[]): void {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const list = byStream.get(e.streamId) ?? [];
    list.push(e);
    byStream.set(e.streamId, list);
  }
  for (const [streamId, list] of byStream) {
    list.sort((a, b) => a.revision - b.revision);
    list.forEach((e, i) => {
      expect(e.revision, `${streamId} revisions are dense`).toBe(i);
      expect(e.prevHash, `${streamId}@${i} prevHash`).toBe(i === 0 ? GENESIS_HASH : list[i - 1].hash);
      expect(e.hash, `${streamId}@${i} hash`).toBe(eventHash(e));
    });
  }
}

export function eventStoreContract(name: string, makeStore: () => Promise<ContractFixture>, options: ContractOptions = {}): void {
  const writers = options.writers ?? 8;
  const perWriter = options.eventsPerWriter ?? 1000;

  describe(`EventStore contract: ${name}`, () => {
    let fx: ContractFixture | undefined;
    const extra: EventStore[] = [];
    const subs: Subscription[] = [];
    let run = '';

    async function setup(): Promise<EventStore> {
      fx = await makeStore();
      run = `c${randomUUID().slice(0, 8)}-`;
      return fx.store;
    }
    async function second(): Promise<EventStore> {
      const s = await fx!.reopen();
      extra.push(s);
      return s;
    }

    afterEach(async () => {
      subs.splice(0).forEach((s) => s.unsubscribe());
      for (const s of extra.splice(0)) await s.close().catch(() => undefined);
      await fx?.cleanup();
      fx = undefined;
    });

    describe('expected revision', () => {
      it("'no_stream' succeeds on a new stream and conflicts once it exists", async () => {
        const store = await setup();
        const s = `${run}doc-1`;
        const r = await store.append(s, [ev('Drafted'), ev('Edited')], { expectedRevision: 'no_stream' });
        expect(r.nextRevision).toBe(1);
        const w = await expectConflict(store.append(s, [ev('Drafted')], { expectedRevision: 'no_stream' }), s, 1);
        expect(w.expected).toBe('no_stream');
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it("'exists' conflicts on a missing stream and succeeds on an existing one", async () => {
        const store = await setup();
        const s = `${run}doc-2`;
        await expectConflict(store.append(s, [ev('Edited')], { expectedRevision: 'exists' }), s, -1);
        expect(await store.readStream(s)).toEqual([]);
        expect(await store.streamRevision(s)).toBe(-1);
        await store.append(s, [ev('Drafted')], { expectedRevision: 'no_stream' });
        const r = await store.append(s, [ev('Edited')], { expectedRevision: 'exists' });
        expect(r.nextRevision).toBe(1);
      });

      it("'any' appends whether or not the stream exists", async () => {
        const store = await setup();
        const s = `${run}doc-3`;
        expect((await store.append(s, [ev('A')], { expectedRevision: 'any' })).nextRevision).toBe(0);
        expect((await store.append(s, [ev('B')], { expectedRevision: 'any' })).nextRevision).toBe(1);
        expect((await store.append(s, [ev('C')])).nextRevision).toBe(2); // default is 'any'
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('a number must equal the last revision; a stale number conflicts and writes nothing', async () => {
        const store = await setup();
        const s = `${run}doc-4`;
        await expectConflict(store.append(s, [ev('A')], { expectedRevision: 0 }), s, -1);
        await store.append(s, [ev('A')], { expectedRevision: 'no_stream' });
        const r1 = await store.append(s, [ev('B'), ev('C')], { expectedRevision: 0 });
        expect(r1.nextRevision).toBe(2);
        const w = await expectConflict(store.append(s, [ev('D')], { expectedRevision: 0 }), s, 2);
        expect(w.expected).toBe(0);
        await expectConflict(store.append(s, [ev('D')], { expectedRevision: 5 }), s, 2);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
        expect(await store.streamRevision(s)).toBe(2);
      });

      it('two writers racing with the same expected revision: exactly one wins', async () => {
        const store = await setup();
        const other = await second();
        const s = `${run}doc-5`;
        await store.append(s, [ev('A')]);
        const results = await Promise.allSettled([
          store.append(s, [ev('B1')], { expectedRevision: 0 }),
          other.append(s, [ev('B2')], { expectedRevision: 0 }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
        expect(rejected).toHaveLength(1);
        expect(rejected[0].reason).toBeInstanceOf(WrongExpectedRevision);
        expect(await store.readStream(s)).toHaveLength(2);
      });
    });

    describe('append and read', () => {
      it('records the envelope: uuid v7 ids, revisions from 0, growing positions, recordedAt, metadata', async () => {
        const store = await setup();
        const s = `${run}doc-6`;
        const before = await store.headPosition();
        const r = await store.append(s, [ev('Drafted', { title: '关于开展安全检查的通知', pages: 3 }), ev('Signed', { by: 'u2' })]);
        const events = await store.readStream(s);
        expect(events).toHaveLength(2);
        expect(events.map((e) => e.revision)).toEqual([0, 1]);
        expect(events[1].position).toBe(r.position);
        expect(events[0].position).toBeGreaterThan(before);
        expect(events[1].position).toBeGreaterThan(events[0].position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(r.position);
        for (const e of events) {
          expect(e.id).toMatch(UUID_V7);
          expect(e.streamId).toBe(s);
          expect(e.schemaVersion).toBe(1);
          expect(e.recordedAt).toMatch(ISO_UTC);
          expect(e.metadata).toMatchObject({ actorId: 'user-1', correlationId: 'corr-1', unitId: 'unit-1' });
        }
        expect(events[0].data).toEqual({ title: '关于开展安全检查的通知', pages: 3 });
        expect(new Set(events.map((e) => e.id)).size).toBe(2);
        expect((await store.readStream(s, { fromRevision: 1 })).map((e) => e.type)).toEqual(['Signed']);
        expect((await store.readStream(s, { toRevision: 0 })).map((e) => e.type)).toEqual(['Drafted']);
        expect(await store.readStream(`${run}missing`)).toEqual([]);
      });

      it('keeps a given schemaVersion and id', async () => {
        const store = await setup();
        const id = '0193a0b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';
        await store.append(`${run}doc-7`, [{ ...ev('Drafted', { a: 1 }, id), schemaVersion: 3 }]);
        const [e] = await store.readStream(`${run}doc-7`);
        expect(e.id).toBe(id);
        expect(e.schemaVersion).toBe(3);
      });
    });

    describe('idempotency', () => {
      it('appending the same event ids again is a no-op returning the stored result', async () => {
        const store = await setup();
        const s = `${run}doc-8`;
        const ids = [randomUUID(), randomUUID()];
        const first = await store.append(s, [ev('A', {}, ids[0]), ev('B', {}, ids[1])], { expectedRevision: 'no_stream' });
        expect(first.duplicate ?? false).toBe(false);
        // A retry with the same expectation would conflict if it were not recognised as a retry.
        const again = await store.append(s, [ev('A', {}, ids[0]), ev('B', {}, ids[1])], { expectedRevision: 'no_stream' });
        expect(again).toMatchObject({ duplicate: true, nextRevision: first.nextRevision, position: first.position });
        expect((await store.readStream(s)).map((e) => e.id)).toEqual(ids);
      });

      it('the same event ids appended concurrently through two connections are stored once', async () => {
        const store = await setup();
        const other = await second();
        const s = `${run}doc-8c`;
        const ids = [randomUUID(), randomUUID(), randomUUID()];
        const batch = () => ids.map((id, i) => ev(`E${i}`, { i }, id));
        const [a, b] = await Promise.all([store.append(s, batch()), other.append(s, batch())]);
        expect([a.duplicate ?? false, b.duplicate ?? false].sort()).toEqual([false, true]);
        expect(a.position).toBe(b.position);
        expect(a.nextRevision).toBe(2);
        expect((await store.readStream(s)).map((e) => e.id)).toEqual(ids);
      });

      it('the same command id twice appends once and returns the first result', async () => {
        const store = await setup();
        const s = `${run}doc-9`;
        const commandId = `cmd-${randomUUID()}`;
        expect(await store.commandResult(commandId)).toEqual({ found: false });
        const first = await store.append(s, [ev('Drafted')], { command: { id: commandId, result: { documentId: 'd-1' } } });
        expect(first.duplicate ?? false).toBe(false);
        expect(await store.commandResult(commandId)).toEqual({ found: true, result: { documentId: 'd-1' } });
        const again = await store.append(s, [ev('Drafted')], { command: { id: commandId, result: { documentId: 'd-2' } } });
        expect(again).toMatchObject({ duplicate: true, commandResult: { documentId: 'd-1' }, position: first.position });
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('two concurrent appends with one command id (two connections, two streams) write once', async () => {
        const store = await setup();
        const other = await second();
        const commandId = `cmd-${randomUUID()}`;
        const [a, b] = await Promise.all([
          store.append(`${run}x-1`, [ev('Drafted')], { command: { id: commandId, result: 'a' } }),
          other.append(`${run}x-2`, [ev('Drafted')], { command: { id: commandId, result: 'b' } }),
        ]);
        const winners = [a, b].filter((r) => !r.duplicate);
        expect(winners).toHaveLength(1);
        const winner = a.duplicate ? 'b' : 'a';
        expect((a.duplicate ? a : b).commandResult).toBe(winner);
        const written = await readAllPages(store, 1, { streamPrefix: `${run}x-` });
        expect(written).toHaveLength(1);
        expect(await store.commandResult(commandId)).toEqual({ found: true, result: winner });
      });
    });

    describe('readAll filters', () => {
      it('filters by types and by a stream prefix taken literally (% and _ are not wildcards)', async () => {
        const store = await setup();
        const start = (await store.headPosition()) + 1;
        await store.append(`${run}p%_a-1`, [ev('Drafted'), ev('Signed')]);
        await store.append(`${run}pXYa-2`, [ev('Drafted')]); // would match LIKE 'p%_a%'
        await store.append(`${run}p%Za-3`, [ev('Drafted')]); // would match LIKE 'p%_a%' via _
        await store.append(`${run}p%_a-4`, [ev('Archived')]);
        await store.append(`${run}p%_`, [ev('Drafted')]); // shorter than the prefix
        const byPrefix = await readAllPages(store, start, { streamPrefix: `${run}p%_a-` });
        expect(byPrefix.map((e) => `${e.streamId.slice(run.length)}:${e.type}`)).toEqual([
          'p%_a-1:Drafted',
          'p%_a-1:Signed',
          'p%_a-4:Archived',
        ]);
        const byType = (await readAllPages(store, start, { types: ['Signed', 'Archived'] })).filter((e) => e.streamId.startsWith(run));
        expect(byType.map((e) => e.type)).toEqual(['Signed', 'Archived']);
        const both = await readAllPages(store, start, { streamPrefix: `${run}p%_a-`, types: ['Drafted'] });
        expect(both.map((e) => e.streamId.slice(run.length))).toEqual(['p%_a-1']);
        const all = (await readAllPages(store, start)).filter((e) => e.streamId.startsWith(run));
        expect(all).toHaveLength(6);
        // fromPosition is inclusive; limit caps the page; positions grow.
        const page = await store.readAll({ fromPosition: all[2].position, limit: 2 });
        expect(page.map((e) => e.position)).toEqual([all[2].position, all[3].position]);
        for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);
      });

      it('hands back every text as written: quotes, backslashes, control characters and CJK in stream ids, types and data', async () => {
        const store = await setup();
        const start = (await store.headPosition()) + 1;
        const odd = `"q'\\b\n\t\u0001收文-`;
        const data = { title: '关于"2026"年\\预算\n的通知', ctl: '\u0000\u001f\u2028\u2029', n: [0, -0.5, 1e21], e: {} };
        await store.append(`${run}${odd}1`, [ev(`Type"\\${odd}`, data), ev('Plain', null)]);
        await store.append(`${run}${odd}2`, [ev('Plain', [])]);
        const stream = await store.readStream(`${run}${odd}1`);
        const everything = (await readAllPages(store, start)).filter((e) => e.streamId.startsWith(run));
        const byPrefix = await readAllPages(store, start, { streamPrefix: `${run}${odd}` });
        const byType = await readAllPages(store, start, { types: [`Type"\\${odd}`] });
        expect(everything).toEqual(byPrefix);
        expect(everything.slice(0, 2)).toEqual(stream);
        expect(everything.map((e) => [e.streamId.slice(run.length), e.type, e.data])).toEqual([
          [`${odd}1`, `Type"\\${odd}`, data],
          [`${odd}1`, 'Plain', null],
          [`${odd}2`, 'Plain', []],
        ]);
        expect(byType).toEqual([stream[0]]);
        expectChainIntact(everything.slice(0, 2));
      });
    });

    describe('hash chain', () => {
      it("every event's prevHash is its predecessor's hash and its hash recomputes from what is read back", async () => {
        const store = await setup();
        const awkward = {
          amountFen: 123456,
          ratio: 0.1,
          negative: -7.25,
          big: 9007199254740991,
          tiny: 1e-7,
          nested: { z: [3, 2, { y: null, x: '公文' }], a: true },
          when: new Date('2024-03-01T08:00:00Z'), // stored (and hashed) as its JSON string
          emoji: '签批 ✍️ "quoted" \\ back',
          absent: undefined,
        };
        for (let i = 0; i < 3; i++) {
          await store.append(`${run}chain-a`, [ev('Drafted', { ...awkward, i }), ev('Signed', { i })]);
          await store.append(`${run}chain-b`, [ev('Received', { i })]);
        }
        const fresh = await second();
        const events = await readAllPages(fresh, 1, { streamPrefix: `${run}chain-` });
        expect(events).toHaveLength(9);
        expectChainIntact(events);
        expect(events[0].data).toMatchObject({ when: '2024-03-01T08:00:00.000Z', big: 9007199254740991, ratio: 0.1 });
        expect('absent' in (events[0].data as object)).toBe(false);
        const streamA = await fresh.readStream(`${run}chain-a`);
        expect(streamA.map((e) => e.hash)).toEqual(events.filter((e) => e.streamId === `${run}chain-a`).map((e) => e.hash));
      });
    });

    describe('subscriptions', () => {
      it('catches up, goes live, filters, and stops when unsubscribed', async () => {
        const store = await setup();
        const start = (await store.headPosition()) + 1;
        await store.append(`${run}s-1`, [ev('Drafted'), ev('Signed')]);
        const got: RecordedEvent[] = [];
        const filtered: RecordedEvent[] = [];
        const heads: number[] = [];
        subs.push(store.watchHead().subscribe((h) => heads.push(h)));
        const sub = store.subscribeAll({ fromPosition: start }).subscribe((e) => got.push(e));
        subs.push(sub);
        subs.push(
          store.subscribeAll({ fromPosition: start, types: ['Signed'], streamPrefix: `${run}s-` }).subscribe((e) => filtered.push(e)),
        );
        const mine = () => got.filter((e) => e.streamId.startsWith(run));
        await waitFor('catch-up', () => mine().length === 2);
        await store.append(`${run}s-2`, [ev('Signed')]);
        await store.append(`${run}t-3`, [ev('Signed')]);
        await waitFor('live events', () => mine().length === 4);
        expect(heads.length).toBeGreaterThan(0);
        await waitFor('filtered live events', () => filtered.length === 2);
        expect(filtered.map((e) => e.streamId.slice(run.length))).toEqual(['s-1', 's-2']);
        sub.unsubscribe();
        await store.append(`${run}s-4`, [ev('Signed')]);
        await waitFor('the other subscription', () => filtered.length === 3);
        await new Promise((r) => setTimeout(r, 100));
        expect(mine()).toHaveLength(4);
      });

      it(`${writers} concurrent writers x ${perWriter} events: a live subscriber gets every event once, in position order, as readAll`, async () => {
        const store = await setup();
        const other = await second();
        const start = (await store.headPosition()) + 1;
        const received: RecordedEvent[] = [];
        subs.push(store.subscribeAll({ fromPosition: start }).subscribe({ next: (e) => received.push(e) }));
        const total = writers * perWriter;
        const write = async (w: number) => {
          const target = w % 2 === 0 ? store : other;
          const revisions = new Map<string, number>();
          let written = 0;
          for (let i = 0; written < perWriter; i++) {
            const n = Math.min(1 + (i % 4), perWriter - written);
            const batch = Array.from({ length: n }, (_, k) => ev('Written', { w, seq: written + k }));
            if (i % 7 === 3) {
              await target.append(`${run}shared`, batch, { expectedRevision: 'any' });
            } else {
              const s = `${run}w${w}-${i % 5}`;
              const expected = revisions.get(s) ?? 'no_stream';
              const r = await target.append(s, batch, { expectedRevision: expected });
              revisions.set(s, r.nextRevision);
            }
            written += n;
          }
        };
        await Promise.all(Array.from({ length: writers }, (_, w) => write(w)));
        const mine = () => received.filter((e) => e.streamId.startsWith(run));
        await waitFor(`${total} events at the subscriber`, () => mine().length >= total, 120_000);
        await new Promise((r) => setTimeout(r, 200));
        const got = mine();
        expect(got).toHaveLength(total);
        for (let i = 1; i < received.length; i++) expect(received[i].position).toBeGreaterThan(received[i - 1].position);
        expect(new Set(got.map((e) => e.id)).size).toBe(total);
        const all = (await readAllPages(store, start)).filter((e) => e.streamId.startsWith(run));
        expect(got.map((e) => e.position)).toEqual(all.map((e) => e.position));
        expect(got.map((e) => e.id)).toEqual(all.map((e) => e.id));
        // Each writer's events arrive in the order it wrote them.
        for (let w = 0; w < writers; w++) {
          const seqs = got.filter((e) => (e.data as { w: number }).w === w).map((e) => (e.data as { seq: number }).seq);
          expect(seqs).toEqual(Array.from({ length: perWriter }, (_, k) => k));
        }
        expectChainIntact(all);
      });

      it('resumes from a checkpoint after the store is closed and opened again (a restart)', async () => {
        const store = await setup();
        const start = (await store.headPosition()) + 1;
        for (let i = 0; i < 10; i++) await store.append(`${run}r-${i % 3}`, [ev('Step', { i })]);
        const firstRun: RecordedEvent[] = [];
        const sub = store.subscribeAll({ fromPosition: start, streamPrefix: run }).subscribe((e) => firstRun.push(e));
        await waitFor('first run', () => firstRun.length >= 6);
        sub.unsubscribe();
        const checkpoint = firstRun[5].position; // the consumer committed up to its 6th event
        await store.close();
        const meanwhile = await second(); // another process keeps writing while we are down
        for (let i = 10; i < 15; i++) await meanwhile.append(`${run}r-${i % 3}`, [ev('Step', { i })]);
        const restarted = await second();
        const secondRun: RecordedEvent[] = [];
        subs.push(restarted.subscribeAll({ fromPosition: checkpoint + 1, streamPrefix: run }).subscribe((e) => secondRun.push(e)));
        await waitFor('resumed catch-up', () => secondRun.length >= 9);
        await restarted.append(`${run}r-live`, [ev('Step', { i: 15 })]);
        await waitFor('live after restart', () => secondRun.length >= 10);
        await new Promise((r) => setTimeout(r, 100));
        expect(secondRun.map((e) => (e.data as { i: number }).i)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
        expect(secondRun[0].position).toBeGreaterThan(checkpoint);
      });
    });
  });
}
