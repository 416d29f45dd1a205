import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore, type SqliteEventStore } from '../../commands/store/sqlite-event-store';
import { Sealer } from '../../commands/integrity/sealer';
import { generateSealKeyPair, SEAL_STREAM } from '../../commands/integrity/seal';
import { verifyStore } from '../../reports/audit/verify';
import { meta, seed, SEED_TIME } from './history';

// The sealer on the real SQLite event store (in memory). Tampering with stored rows, which needs a
// second connection to the database, is in verify.int.spec.ts.

const key = generateSealKeyPair();
const stores: SqliteEventStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function memoryStore(clock: () => Date = () => SEED_TIME): Promise<SqliteEventStore> {
  const s = await createSqliteEventStore({ filename: ':memory:', clock });
  stores.push(s);
  return s;
}

describe('Sealer', () => {
  it('seals every N events, contiguously, covering the previous seal event', async () => {
    const store = await memoryStore();
    const sealer = new Sealer(store, { key, everyEvents: 3, everyMinutes: 60, now: () => SEED_TIME });
    await seed(store); // positions 1..9
    const first = await sealer.sealDue();
    expect(first.map((s) => [s.fromPosition, s.toPosition, s.count])).toEqual([[1, 9, 9]]);
    expect(await sealer.sealDue()).toEqual([]); // only the seal event itself is unsealed: not due
    await store.append('leave-3', [{ type: 'LeaveRequested', data: { days: 1 }, metadata: meta() }]);
    expect(await sealer.sealDue()).toEqual([]); // 1 business event < N = 3
    await store.append('leave-3', [
      { type: 'LeaveApproved', data: {}, metadata: meta() },
      { type: 'LeaveTaken', data: {}, metadata: meta() },
    ]);
    const second = await sealer.sealDue();
    // position 10 is the first seal's own event; 11..13 the new events
    expect(second.map((s) => [s.fromPosition, s.toPosition, s.count])).toEqual([[10, 13, 4]]);
    const seals = await store.readStream(SEAL_STREAM);
    expect(seals.map((e) => e.position)).toEqual([10, 14]);
  });

  it('seals after M minutes even below N, and never seals only seals', async () => {
    let now = new Date('2026-01-05T08:00:00.000Z');
    const store = await memoryStore(() => now);
    const sealer = new Sealer(store, { key, everyEvents: 1000, everyMinutes: 10, now: () => now });
    await store.append('leave-1', [{ type: 'LeaveRequested', data: {}, metadata: meta() }]);
    now = new Date('2026-01-05T08:09:59.000Z');
    expect(await sealer.sealDue()).toEqual([]);
    now = new Date('2026-01-05T08:10:00.000Z');
    expect((await sealer.sealDue()).map((s) => s.toPosition)).toEqual([1]);
    now = new Date('2026-01-05T09:00:00.000Z');
    expect(await sealer.sealDue()).toEqual([]);
  });

  it('splits a long backlog into slices of maxEventsPerSeal', async () => {
    const store = await memoryStore();
    for (let i = 0; i < 25; i++) await store.append(`s-${i % 4}`, [{ type: 'Noted', data: { i }, metadata: meta() }]);
    const sealer = new Sealer(store, { key, everyEvents: 1, maxEventsPerSeal: 10 });
    const seals = await sealer.sealDue();
    // the first two slices' own seal events (26, 27) fall into the third slice
    expect(seals.map((s) => [s.fromPosition, s.toPosition])).toEqual([
      [1, 10],
      [11, 20],
      [21, 27],
    ]);
  });

  it('two sealers racing never write overlapping ranges', async () => {
    const store = await memoryStore();
    await seed(store);
    const a = new Sealer(store, { key, everyEvents: 1 });
    const b = new Sealer(store, { key, everyEvents: 1 });
    await Promise.all([a.sealDue(), b.sealDue(), a.sealDue(), b.sealDue()]);
    const report = await verifyStore(store);
    expect(report.ok).toBe(true);
    expect(report.seals).toBeGreaterThanOrEqual(1);
  });
});
