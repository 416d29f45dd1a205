import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectionEngine } from '../../projections/engine/engine';
import { SqliteClient } from '../../projections/sql/sqlite-client';
import type { SqlClient } from '../../projections/engine/types';
import { counterProjection } from './engine-contract';
import { MemoryEventStore } from './memory-store';

const dir = mkdtempSync(join(tmpdir(), 'oa-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('projection engine on a SQLite file', () => {
  it('applies each event once even when two engines both think they own the projection', async () => {
    // SQLite has no cross-process lock: the checkpoint update is guarded (WHERE position = the one
    // this engine read), so the second writer of a batch rolls back and re-reads instead of applying
    // twice. Two engines on one connection, with the in-process lock hidden, race for every batch.
    const store = new MemoryEventStore();
    await store.appendMany(3000, 'Thing', 37);
    const a = new SqliteClient(join(dir, 'read.db'));
    const noLock: SqlClient = {
      dialect: a.dialect,
      run: (sql, p) => a.run(sql, p),
      all: (sql, p) => a.all(sql, p),
      get: (sql, p) => a.get(sql, p),
      transaction: (fn, o) => a.transaction(fn, o),
      close: () => a.close(),
    };
    const lost: string[] = [];
    const logger = { ...quiet, warn: (_o: object, msg: string) => void lost.push(msg), error: (o: object, msg: string) => console.log(Date.now() % 100000, msg, o) };
    const ea = new ProjectionEngine({ store, db: a, projections: [counterProjection()], batchSize: 50, logger });
    const eb = new ProjectionEngine({ store, db: noLock, projections: [counterProjection()], batchSize: 50, logger });
    await ea.start();
    await eb.start();
    expect(await ea.waitForHead({ timeoutMs: 60_000 })).toBe(true);
    expect(await eb.waitForHead({ timeoutMs: 60_000 })).toBe(true);
    await ea.stop();
    await eb.stop();
    expect(await a.get('SELECT COUNT(*) AS c FROM thing_events')).toEqual({ c: 3000 });
    expect(await a.get('SELECT SUM(n) AS s, COUNT(*) AS streams FROM thing_counts')).toEqual({ s: 3000, streams: 37 });
    expect(await a.get('SELECT COUNT(*) AS c FROM projection_parked')).toEqual({ c: 0 });
    // They did collide (otherwise this test proves nothing).
    expect(lost.filter((m) => m.includes('ownership lost')).length).toBeGreaterThan(0);
    await a.close();
  });
});
