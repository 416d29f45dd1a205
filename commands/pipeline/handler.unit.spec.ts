import { describe, expect, it } from 'vitest';
import { type EventStore, WrongExpectedRevision } from '../../domain/eventstore/port';
import { DomainError } from '../../domain/shared/errors';
import { fixedClock } from './clock';
import { CommandHandler } from './handler';
import { accountDecider } from './testing/account-decider';
import { InterleavingEventStore, inMemorySqliteStore } from './testing/in-memory-sqlite';
import { UpcasterRegistry } from './upcasters';

const meta = { actorId: 'u-1', correlationId: 'corr-1', unitId: 'unit-a', clientIp: '10.0.0.1' };
const T0 = '2026-03-02T01:00:00.000Z';

/** The real SQLite store in memory, seen through a counting wrapper that can interleave a competing write. */
async function setup(options: ConstructorParameters<typeof CommandHandler>[1] = {}) {
  const clock = fixedClock(T0);
  const store = new InterleavingEventStore(await inMemorySqliteStore(clock));
  const handler = new CommandHandler(store, { clock, backoffMs: () => 1, ...options });
  return { store, handler };
}

describe('CommandHandler', () => {
  it('folds, decides with the clock time, appends with metadata and the command id, returns the new state', async () => {
    const { store, handler } = await setup();
    await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 500 } },
      metadata: meta,
    });
    const r = await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Withdraw', data: { amount: 200 } },
      commandId: 'cmd-2',
      metadata: { ...meta, causationId: 'cause-9' },
    });
    expect(r.duplicate).toBe(false);
    expect(r.nextRevision).toBe(1);
    expect(r.state.balance).toBe(300);
    expect(r.events.map((e) => [e.type, e.revision, e.data])).toEqual([['Withdrawn', 1, { amount: 200, at: T0 }]]);
    expect(r.position).toBe(r.events[0].position);
    const stored = await store.readStream('account-1');
    expect(stored[1].metadata).toMatchObject({
      actorId: 'u-1',
      unitId: 'unit-a',
      correlationId: 'corr-1',
      causationId: 'cause-9',
      clientIp: '10.0.0.1',
      occurredAt: T0,
      commandId: 'cmd-2',
    });
    expect(await store.commandResult('cmd-2')).toEqual({
      found: true,
      result: { streamId: 'account-1', fromRevision: 1, nextRevision: 1 },
    });
  });

  it('appends nothing when the decider refuses', async () => {
    const { store, handler } = await setup();
    await expect(
      handler.handle({
        streamId: 'account-1',
        decider: accountDecider,
        command: { type: 'Withdraw', data: { amount: 1 } },
        commandId: 'c',
        metadata: meta,
      }),
    ).rejects.toMatchObject({ name: 'DomainError', code: 'account.insufficient' });
    expect(await store.headPosition()).toBe(0);
    expect(await store.commandResult('c')).toEqual({ found: false });
  });

  it('same command id twice: one event, the same result, no second decision', async () => {
    const { store, handler } = await setup();
    let decisions = 0;
    const counting = {
      ...accountDecider,
      decide: (c: Parameters<typeof accountDecider.decide>[0], s: Parameters<typeof accountDecider.decide>[1]) => (
        decisions++,
        accountDecider.decide(c, s)
      ),
    };
    const req = {
      streamId: 'account-1',
      decider: counting,
      command: { type: 'Deposit' as const, data: { amount: 70 } },
      commandId: 'idem-1',
      metadata: meta,
    };
    const first = await handler.handle(req);
    // something else happens on the stream in between
    await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 5 } },
      metadata: meta,
    });
    const second = await handler.handle(req);
    expect(decisions).toBe(1);
    expect(second.duplicate).toBe(true);
    expect(second.nextRevision).toBe(first.nextRevision);
    expect(second.position).toBe(first.position);
    expect(second.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(second.state).toEqual(first.state); // the state right after the first handling
    expect((await store.readStream('account-1')).length).toBe(2);
  });

  it('a racing request with the same command id that commits first: append reports duplicate, its result is returned', async () => {
    const { store, handler } = await setup();
    store.beforeAppend = async () => {
      store.beforeAppend = null;
      await new CommandHandler(store, { clock: fixedClock(T0) }).handle({
        streamId: 'account-1',
        decider: accountDecider,
        command: { type: 'Deposit', data: { amount: 9 } },
        commandId: 'race',
        metadata: meta,
      });
    };
    const r = await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 9 } },
      commandId: 'race',
      metadata: meta,
    });
    expect(r.duplicate).toBe(true);
    expect(r.state.balance).toBe(9);
    expect((await store.readStream('account-1')).length).toBe(1);
  });

  it('a racing request with the same command id that commits between our check and our load: its result, not the refusal', async () => {
    const store = await inMemorySqliteStore(fixedClock(T0));
    const plain = new CommandHandler(store, { clock: fixedClock(T0) });
    await plain.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 100 } },
      metadata: meta,
    });
    const req = {
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Withdraw' as const, data: { amount: 100 } },
      commandId: 'w-1',
      metadata: meta,
    };
    let raced = false;
    const racy = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop !== 'readStream') return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<EventStore['readStream']>) => {
          if (!raced) {
            raced = true;
            await plain.handle(req); // the twin request wins the race
          }
          return target.readStream(...args);
        };
      },
    });
    const r = await new CommandHandler(racy, { clock: fixedClock(T0) }).handle(req);
    expect(r).toMatchObject({ duplicate: true, nextRevision: 1, state: { balance: 0 } });
    expect((await store.readStream('account-1')).length).toBe(2);
  });

  it('retries on a conflicting write and decides again on the fresh state', async () => {
    const { store, handler } = await setup();
    await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 130 } },
      metadata: meta,
    });
    const interleave = (type: 'Deposited' | 'Withdrawn', amount: number) => {
      store.beforeAppend = async (streamId) => {
        store.beforeAppend = null;
        await store.append(streamId, [{ type, data: { amount, at: T0 }, metadata: { ...meta, occurredAt: T0 } }], {
          expectedRevision: 'any',
        });
      };
    };
    interleave('Deposited', 50);
    const r = await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Withdraw', data: { amount: 120 } },
      metadata: meta,
    });
    expect(r.state.balance).toBe(60);
    expect(r.nextRevision).toBe(2);
    expect(r.state.history).toEqual(['Deposited:130', 'Deposited:50', 'Withdrawn:120']);
    // the competing write makes the decision invalid: the retry refuses and nothing more is appended
    interleave('Withdrawn', 50);
    await expect(
      handler.handle({
        streamId: 'account-1',
        decider: accountDecider,
        command: { type: 'Withdraw', data: { amount: 30 } },
        metadata: meta,
      }),
    ).rejects.toMatchObject({ code: 'account.insufficient' });
    expect((await handler.load('account-1', accountDecider)).state.history).toEqual([
      'Deposited:130',
      'Deposited:50',
      'Withdrawn:120',
      'Withdrawn:50',
    ]);
  });

  it('two handlers racing on one aggregate: both succeed when the decision still holds, else one gets the DomainError', async () => {
    const { store, handler } = await setup();
    await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 100 } },
      metadata: meta,
    });
    const other = new CommandHandler(store, { clock: fixedClock(T0), backoffMs: () => 1 });
    const both = await Promise.allSettled([
      handler.handle({
        streamId: 'account-1',
        decider: accountDecider,
        command: { type: 'Withdraw', data: { amount: 40 } },
        metadata: meta,
      }),
      other.handle({ streamId: 'account-1', decider: accountDecider, command: { type: 'Withdraw', data: { amount: 40 } }, metadata: meta }),
    ]);
    expect(both.map((b) => b.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(store.appendCalls).toBe(4); // the loser retried once
    const racing = await Promise.allSettled([
      handler.handle({
        streamId: 'account-1',
        decider: accountDecider,
        command: { type: 'Withdraw', data: { amount: 15 } },
        metadata: meta,
      }),
      other.handle({ streamId: 'account-1', decider: accountDecider, command: { type: 'Withdraw', data: { amount: 15 } }, metadata: meta }),
    ]);
    const rejected = racing.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(DomainError);
    const final = await handler.load('account-1', accountDecider);
    expect(final.state.balance).toBe(5);
  });

  it('gives up after maxAttempts and rethrows WrongExpectedRevision', async () => {
    const { store, handler } = await setup({ maxAttempts: 3 });
    let inside = false;
    store.beforeAppend = async (streamId) => {
      if (inside) return;
      inside = true;
      await store.append(streamId, [{ type: 'Deposited', data: { amount: 1, at: T0 }, metadata: { ...meta, occurredAt: T0 } }]);
      inside = false;
    };
    await expect(
      handler.handle({ streamId: 'account-1', decider: accountDecider, command: { type: 'Deposit', data: { amount: 5 } }, metadata: meta }),
    ).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(store.appendCalls).toBe(6); // 3 attempts, each preceded by one interfering append
  });

  it("a caller's stale expectedRevision fails at once, without retry", async () => {
    const { store, handler } = await setup();
    await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 5 } },
      metadata: meta,
    });
    await expect(
      handler.handle({
        streamId: 'account-1',
        decider: accountDecider,
        command: { type: 'Deposit', data: { amount: 5 } },
        metadata: meta,
        expectedRevision: 'no_stream',
      }),
    ).rejects.toBeInstanceOf(WrongExpectedRevision);
    const ok = await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 5 } },
      metadata: meta,
      expectedRevision: 0,
    });
    expect(ok.nextRevision).toBe(1);
    expect(store.appendCalls).toBe(2);
  });

  it('a decision without events appends nothing', async () => {
    const { store, handler } = await setup();
    await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 5 } },
      metadata: meta,
    });
    const r = await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Touch', data: {} },
      commandId: 't',
      metadata: meta,
    });
    expect(r).toMatchObject({ nextRevision: 0, events: [], duplicate: false, state: { balance: 5 } });
    expect(store.appendCalls).toBe(1);
  });

  it('upcasts stored events before folding and writes new events at the current version', async () => {
    const store = await inMemorySqliteStore(fixedClock(T0));
    // an old v1 event stored {fen} instead of {amount}
    await store.append('account-1', [{ type: 'Deposited', schemaVersion: 1, data: { fen: 800 }, metadata: { ...meta, occurredAt: T0 } }]);
    const upcasters = new UpcasterRegistry().register('Deposited', 1, (d: { fen: number }) => ({ amount: d.fen, at: null }));
    const handler = new CommandHandler(store, { clock: fixedClock(T0), upcasters });
    const r = await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 1 } },
      metadata: meta,
    });
    expect(r.state.balance).toBe(801);
    expect(r.events[0].schemaVersion).toBe(2);
    expect((await store.readStream('account-1'))[1].schemaVersion).toBe(2);
  });

  it('load({ at }) folds only what was recorded by then', async () => {
    const { store, handler } = await setup();
    await handler.handle({
      streamId: 'account-1',
      decider: accountDecider,
      command: { type: 'Deposit', data: { amount: 5 } },
      metadata: meta,
    });
    const [first] = await store.readStream('account-1');
    const before = new Date(Date.parse(first.recordedAt) - 1).toISOString();
    expect((await handler.load('account-1', accountDecider, { at: before })).revision).toBe(-1);
    expect((await handler.load('account-1', accountDecider, { at: first.recordedAt })).state.balance).toBe(5);
  });
});
