import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler } from '../../commands/pipeline/handler';
import { createEventStore } from '../../commands/store/factory';
import type { EventStore } from '../../domain/eventstore/port';
import type { SqlClient } from '../../projections/engine/types';
import { Sweeper, reactorTables, type ReactionDispatch } from '../../projections/reactions';
import { openReadStore } from '../../projections/sql';
import { serviceUrl } from '../support/services';
import { withoutLock } from '../support/without-lock';
import { eventsOf, placeOrders, remindWhenDue, requestReminders, startToy, toyDispatch } from './toy';

/**
 * Reactors and scheduled work on real stores (SQLite files; PostgreSQL schemas under test:all): each
 * reaction and each due job acts exactly once — through a rebuild, two dispatchers or sweepers racing
 * on one store, and a kill -9 before or after the command.
 */
interface Backend {
  name: string;
  urls(): { store: string; read: string; cleanup(): Promise<void> };
}
const backends: Backend[] = [
  {
    name: 'sqlite',
    urls() {
      const dir = mkdtempSync(join(tmpdir(), 'oa-reactions-'));
      return {
        store: `sqlite:${join(dir, 'events.db')}`,
        read: `sqlite:${join(dir, 'read.db')}`,
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];
const PG = serviceUrl('PG_URL');
if (PG)
  backends.push({
    name: 'postgres',
    urls() {
      const s = `rx_${randomBytes(5).toString('hex')}`;
      const withSchema = (x: string) => `${PG}${PG.includes('?') ? '&' : '?'}schema=${x}`;
      return {
        store: withSchema(`${s}_ev`),
        read: withSchema(`${s}_rd`),
        cleanup: async () => {
          const c = new pg.Client({ connectionString: PG });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${s}_ev CASCADE`);
          await c.query(`DROP SCHEMA IF EXISTS ${s}_rd CASCADE`);
          await c.end();
        },
      };
    },
  });

function runChild(storeUrl: string, readUrl: string, crash: string): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'toy-child.ts'), storeUrl, readUrl, crash], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

describe.each(backends)('reactions on $name', (backend) => {
  let urls: ReturnType<Backend['urls']>;
  let store: EventStore;
  let db: SqlClient;
  beforeAll(async () => {
    urls = backend.urls();
    store = await createEventStore(urls.store);
    db = await openReadStore(urls.read);
  });
  afterAll(async () => {
    await db?.close();
    await store?.close();
    await urls?.cleanup();
  });

  it('a reactor acts once per trigger, with causation and correlation from it; a rebuild replays without acting again', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `a${i}`);
    await placeOrders(store, ids);
    const { runtime, engine } = startToy(store, db, toyDispatch(new CommandHandler(store)));
    await engine.start();
    await engine.waitForHead({ timeoutMs: 30_000 });
    runtime.start(db);
    await runtime.drain();
    for (const id of ids) {
      const shipped = await eventsOf(store, `shipment-${id}`);
      expect(shipped.map((e) => e.type)).toEqual(['OrderShipped']);
      const trigger = (await eventsOf(store, `order-${id}`))[0]!;
      expect(shipped[0]!.metadata).toMatchObject({ actorId: 'system', causationId: trigger.id, correlationId: `c-${id}` });
    }
    await engine.rebuild('reactor_toy_ship_on_order');
    await engine.waitForHead({ timeoutMs: 30_000 });
    await runtime.drain();
    for (const id of ids) expect(await eventsOf(store, `shipment-${id}`)).toHaveLength(1);
    expect((await runtime.status()).reactors[0]).toMatchObject({ pending: 0, parked: 0 });
    await runtime.stop();
    await engine.stop();
  });

  it('two dispatchers draining one outbox at once (no shared lock) still act once per trigger', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `b${i}`);
    // fill the outbox without draining it
    const idle: ReactionDispatch = async () => {
      throw new Error('not now');
    };
    const filler = startToy(store, db, idle);
    await placeOrders(store, ids);
    await filler.engine.start();
    await filler.engine.waitForHead({ timeoutMs: 30_000 });
    await filler.engine.stop();
    const pending = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${reactorTables('toy.ship-on-order').outbox}`);
    expect(Number(pending!.n)).toBe(20);
    const a = startToy(store, withoutLock(db), toyDispatch(new CommandHandler(store)));
    const b = startToy(await createEventStore(urls.store), withoutLock(db), toyDispatch(new CommandHandler(store)));
    a.runtime.start(withoutLock(db));
    b.runtime.start(withoutLock(db));
    await Promise.all([a.runtime.drain(), b.runtime.drain()]);
    await Promise.all([a.runtime.stop(), b.runtime.stop()]);
    for (const id of ids) expect((await eventsOf(store, `shipment-${id}`)).map((e) => e.type)).toEqual(['OrderShipped']);
  });

  it('two processes sweep the same due jobs at once: each job fires once; a restarted sweep fires nothing; a job not due waits', async () => {
    const now = Date.parse('2026-12-07T02:00:00.000Z');
    const due = Array.from({ length: 15 }, (_, i) => ({ id: `r${i}`, dueAt: new Date(now - 60_000 * (i + 1)).toISOString() }));
    await requestReminders(store, [...due, { id: 'later', dueAt: new Date(now + 3600_000).toISOString() }]);
    const { engine } = startToy(store, db, async () => undefined);
    await engine.start();
    await engine.waitForHead({ timeoutMs: 30_000 });
    await engine.stop();
    const silent = { warn: () => undefined, error: () => undefined };
    const sweeper = (s: EventStore) =>
      new Sweeper({
        job: remindWhenDue as never,
        db: withoutLock(db),
        dispatch: toyDispatch(new CommandHandler(s)),
        logger: silent,
        intervalMs: 0,
        now: () => new Date(now),
      });
    const other = await createEventStore(urls.store);
    const [x, y] = await Promise.all([sweeper(store).sweep(), sweeper(other).sweep()]);
    expect(x + y).toBeGreaterThanOrEqual(15);
    for (const r of due) expect((await eventsOf(store, `reminder-${r.id}`)).map((e) => e.type)).toEqual(['ReminderSent']);
    expect(await eventsOf(store, 'reminder-later')).toEqual([]);
    expect(await sweeper(store).sweep()).toBe(0);
    await other.close();
  });

  it.each(['before-dispatch', 'after-dispatch'])('kill -9 %s: after a restart the reaction has happened exactly once', async (crash) => {
    const id = `k-${crash}`;
    await placeOrders(store, [id]);
    const first = await runChild(urls.store, urls.read, crash);
    expect(first.signal, first.out).toBe('SIGKILL');
    expect(await eventsOf(store, `shipment-${id}`)).toHaveLength(crash === 'after-dispatch' ? 1 : 0);
    const second = await runChild(urls.store, urls.read, 'none');
    expect(second.code, second.out).toBe(0);
    expect((await eventsOf(store, `shipment-${id}`)).map((e) => e.type)).toEqual(['OrderShipped']);
  });
});
