import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EventStore, WrongExpectedRevision } from '../../domain/eventstore/port';
import { DomainError } from '../../domain/shared/errors';
import { systemClock } from './clock';
import { CommandHandler } from './handler';
import { accountDecider } from './testing/account-decider';
import { type RealStoreFixture, realStoreBackends } from './testing/real-stores';

const meta = { actorId: 'u-1', correlationId: 'corr' };
const deposit = (amount: number) => ({ type: 'Deposit' as const, data: { amount } });
const withdraw = (amount: number) => ({ type: 'Withdraw' as const, data: { amount } });

for (const backend of realStoreBackends()) {
  describe(`CommandHandler on the real ${backend.name} store`, () => {
    let fx: RealStoreFixture;
    beforeEach(async () => {
      fx = await backend.create();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('records the events, their metadata and the command id in one append', async () => {
      const h = new CommandHandler(fx.store, { clock: systemClock });
      const r = await h.handle({
        streamId: 'account-a',
        decider: accountDecider,
        command: deposit(100),
        commandId: 'cmd-1',
        metadata: meta,
      });
      expect(r).toMatchObject({ streamId: 'account-a', nextRevision: 0, duplicate: false, state: { balance: 100 } });
      const [e] = await fx.store.readStream('account-a');
      expect(e.metadata).toMatchObject({ actorId: 'u-1', correlationId: 'corr', commandId: 'cmd-1' });
      expect(r.events[0].id).toBe(e.id);
      expect(r.position).toBe(e.position);
      expect(await fx.store.commandResult('cmd-1')).toEqual({
        found: true,
        result: { streamId: 'account-a', fromRevision: 0, nextRevision: 0 },
      });
    });

    it('same command id twice (one after the other, and racing from two connections): one event, same result', async () => {
      const h1 = new CommandHandler(fx.store);
      const h2 = new CommandHandler(await fx.open());
      const req = { streamId: 'account-b', decider: accountDecider, command: deposit(7), commandId: 'same-1', metadata: meta };
      const first = await h1.handle(req);
      const again = await h2.handle(req);
      expect(again).toMatchObject({ duplicate: true, nextRevision: first.nextRevision, position: first.position });
      expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
      const race = { ...req, commandId: 'same-2', command: deposit(3) };
      const both = await Promise.all([h1.handle(race), h2.handle(race)]);
      expect(both.map((b) => b.nextRevision)).toEqual([1, 1]);
      expect(both.filter((b) => b.duplicate)).toHaveLength(1);
      const events = await fx.store.readStream('account-b');
      expect(events.map((e) => e.data)).toEqual([
        { amount: 7, at: expect.any(String) },
        { amount: 3, at: expect.any(String) },
      ]);
    });

    it('two handlers racing on one aggregate: both succeed by retrying while the decision holds; else one is refused', async () => {
      const h1 = new CommandHandler(fx.store, { maxAttempts: 10 });
      const h2 = new CommandHandler(await fx.open(), { maxAttempts: 10 });
      await h1.handle({ streamId: 'account-c', decider: accountDecider, command: deposit(100), metadata: meta });
      for (let round = 0; round < 10; round++) {
        const r = await Promise.allSettled([
          h1.handle({ streamId: 'account-c', decider: accountDecider, command: withdraw(5), metadata: meta }),
          h2.handle({ streamId: 'account-c', decider: accountDecider, command: withdraw(5), metadata: meta }),
        ]);
        expect(r.map((x) => x.status)).toEqual(['fulfilled', 'fulfilled']);
      }
      expect((await h1.load('account-c', accountDecider)).state.balance).toBe(0);
      await h1.handle({ streamId: 'account-c', decider: accountDecider, command: deposit(5), metadata: meta });
      const last = await Promise.allSettled([
        h1.handle({ streamId: 'account-c', decider: accountDecider, command: withdraw(5), metadata: meta }),
        h2.handle({ streamId: 'account-c', decider: accountDecider, command: withdraw(5), metadata: meta }),
      ]);
      const refused = last.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toBeInstanceOf(DomainError);
      const events = await fx.store.readStream('account-c');
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      expect((await h1.load('account-c', accountDecider)).state.balance).toBe(0);
    });

    it('8 concurrent writers on one aggregate all land through retries, none lost or doubled', async () => {
      let conflicts = 0;
      const counting = (store: EventStore): EventStore =>
        new Proxy(store, {
          get(target, prop, receiver) {
            if (prop !== 'append') return Reflect.get(target, prop, receiver);
            return async (...args: Parameters<EventStore['append']>) => {
              try {
                return await target.append(...args);
              } catch (err) {
                if (err instanceof WrongExpectedRevision) conflicts++;
                throw err;
              }
            };
          },
        });
      const handlers = [new CommandHandler(counting(fx.store), { maxAttempts: 30 })];
      for (let i = 1; i < 4; i++) handlers.push(new CommandHandler(counting(await fx.open()), { maxAttempts: 30 }));
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          handlers[i % handlers.length].handle({
            streamId: 'account-d',
            decider: accountDecider,
            command: deposit(1 << i),
            metadata: meta,
          }),
        ),
      );
      expect(conflicts).toBeGreaterThan(0); // the retry path was taken
      expect(results.map((r) => r.nextRevision).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect((await handlers[0].load('account-d', accountDecider)).state.balance).toBe(255);
    });
  });
}
