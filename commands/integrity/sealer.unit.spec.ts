import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createSqliteEventStore, type SqliteEventStore } from '../store/sqlite-event-store';
import type { EventStore } from '../../domain/eventstore/port';
import { verifyStore } from '../../reports/audit/verify';
import { generateSealKeyPair, SEAL_STREAM } from './seal';
import { Sealer } from './sealer';

// The sealer's cost on the real SQLite event store (in memory): what it reads per wake-up.

const key = generateSealKeyPair();
const T = new Date('2026-01-05T08:00:00.000Z');
const stores: SqliteEventStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function memoryStore(): Promise<SqliteEventStore> {
  const s = await createSqliteEventStore({ filename: ':memory:', clock: () => T });
  stores.push(s);
  return s;
}

/** The same store, counting the events its readAll hands out (what the sealer pays for). */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'readAll') {
        return async (...args: Parameters<EventStore['readAll']>) => {
          const page = await target.readAll(...args);
          read += page.length;
          return page;
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { store: wrapped, read: () => read };
}

const note = (i: number) => ({
  type: 'Noted',
  data: { i },
  metadata: { actorId: 'u-zhangsan', correlationId: uuidv7(), occurredAt: T.toISOString() },
});

describe('Sealer cost', () => {
  it('reads each event once however often it is woken (not the whole unsealed tail on every head change)', async () => {
    const real = await memoryStore();
    const { store, read } = counting(real);
    const sealer = new Sealer(store, { key, everyEvents: 1000, everyMinutes: 60, now: () => T });
    for (let i = 0; i < 400; i++) {
      await real.append(`note-${i % 7}`, [note(i)]);
      expect(await sealer.sealDue()).toEqual([]); // woken on every head change, not due yet
    }
    // 400 events, 400 wake-ups: re-reading the tail each time would be 400·401/2 = 80,200 events
    expect(read()).toBe(400);
    const [seal] = await sealer.sealDue(true);
    expect([seal.fromPosition, seal.toPosition, seal.count]).toEqual([1, 400, 400]);
    expect(read()).toBe(401); // and the seal's own event (401), which starts the next range

    // the next range starts after the seal, at its own event, and is read once too
    for (let i = 0; i < 50; i++) {
      await real.append('note-x', [note(i)]);
      await sealer.sealDue();
    }
    const [next] = await sealer.sealDue(true);
    expect([next.fromPosition, next.toPosition, next.count]).toEqual([401, 451, 51]);
    expect(read()).toBe(452); // 401..451, and the second seal's own event
    const report = await verifyStore(real);
    expect(report.ok).toBe(true);
    expect(report.seals).toBe(2);
  });

  it('drops its kept tail when another sealer sealed meanwhile, and continues from that seal', async () => {
    const store = await memoryStore();
    const a = new Sealer(store, { key, everyEvents: 1000, everyMinutes: 60, now: () => T });
    const b = new Sealer(store, { key, everyEvents: 1, now: () => T });
    for (let i = 0; i < 10; i++) await store.append('note-a', [note(i)]);
    expect(await a.sealDue()).toEqual([]); // a keeps [1, 10]
    expect((await b.sealDue()).map((s) => [s.fromPosition, s.toPosition])).toEqual([[1, 10]]); // seal event at 11
    for (let i = 0; i < 5; i++) await store.append('note-a', [note(i)]);
    expect((await a.sealDue(true)).map((s) => [s.fromPosition, s.toPosition, s.count])).toEqual([[11, 16, 6]]);
    expect((await store.readStream(SEAL_STREAM)).map((e) => e.position)).toEqual([11, 17]);
    expect((await verifyStore(store)).ok).toBe(true);
  });
});
