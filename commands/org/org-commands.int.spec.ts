import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandHandler } from '../pipeline/handler';
import { type RealStoreFixture, realStoreBackends } from '../pipeline/testing/real-stores';
import { type OrgCommandContext, OrgCommands } from './org-commands';

let n = 0;
const ctx = (over: Partial<OrgCommandContext> = {}): OrgCommandContext => ({ actorId: 'sys', correlationId: `c-${++n}`, ...over });
const post = { unitId: 'czj', departmentId: 'czj-bgs', title: '科员', rank: '科员' as const };

for (const backend of realStoreBackends()) {
  describe(`OrgCommands on the real ${backend.name} store`, () => {
    let fx: RealStoreFixture;
    let a: OrgCommands;
    let b: OrgCommands;
    beforeEach(async () => {
      fx = await backend.create();
      a = new OrgCommands(new CommandHandler(fx.store));
      b = new OrgCommands(new CommandHandler(await fx.open()));
      await a.createUnit({ id: 'czj', name: '区财政局' }, ctx());
      await a.createDepartment({ id: 'czj-bgs', unitId: 'czj', name: '办公室' }, ctx());
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    // (readStream, not readAll: on PostgreSQL readAll deliberately lags behind transactions still in
    // flight anywhere in the database, e.g. other test files running in parallel.)
    it('two connections hiring the same username at once: exactly one user gets it', async () => {
      for (const name of ['alpha', 'bravo', 'charlie']) {
        const r = await Promise.allSettled([
          a.hireUser({ username: name, name: '甲', primaryPost: post }, ctx()),
          b.hireUser({ username: name, name: '乙', primaryPost: post }, ctx()),
        ]);
        const won = r.filter((x): x is PromiseFulfilledResult<Awaited<ReturnType<OrgCommands['hireUser']>>> => x.status === 'fulfilled');
        expect(won).toHaveLength(1);
        expect((r.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'user.username_taken' });
        const reservation = await fx.store.readStream(`username-${name}`);
        expect(reservation.map((e) => [e.type, (e.data as { userId: string }).userId])).toEqual([['UsernameReserved', won[0].value.id]]);
        const user = await fx.store.readStream(`user-${won[0].value.id}`);
        expect(user.map((e) => [e.type, (e.data as { username: string }).username])).toEqual([['UserHired', name]]);
      }
    });

    it('the same Idempotency-Key on two connections: one user, the same answer', async () => {
      const c = ctx({ commandId: 'hire-once' });
      const [x, y] = await Promise.all([
        a.hireUser({ username: 'delta', name: '丁', primaryPost: post }, c),
        b.hireUser({ username: 'delta', name: '丁', primaryPost: post }, c),
      ]);
      expect({ ...x, duplicate: false }).toEqual({ ...y, duplicate: false });
      expect([x.duplicate, y.duplicate].sort()).toEqual([false, true]);
      expect((await fx.store.readStream(`user-${x.id}`)).map((e) => e.type)).toEqual(['UserHired']);
      expect((await fx.store.readStream('username-delta')).map((e) => e.type)).toEqual(['UsernameReserved']);
    });
  });
}
