import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { prepareEvents } from '../../commands/store/shared';
import { ProjectionEngine } from '../../projections/engine/engine';
import type { SqlClient } from '../../projections/engine/types';
import { serviceUrl } from '../support/services';
import { counterProjection, thingMeta, visible } from './engine-contract';
import { freshPgEventStore, freshPgReadStore } from './pg-read-store';

/**
 * The engine behind a lower position still in flight, on the real PostgreSQL event store: another
 * session has appended through the store's own `es_append` and not committed yet, later appends have
 * committed. The engine must neither apply the later ones first nor skip the held one.
 *
 * This file holds a transaction open on purpose: the store's readers (everyone's, server-wide) wait
 * for it, so it belongs with the tests that run alone (vitest.config.ts EXCLUSIVE).
 */

const pgUrl = serviceUrl('PG_URL');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Appends one event to `streamId` through `es_append` in a transaction left open. */
async function appendAndHold(
  schema: string,
  streamId: string,
): Promise<{ position: number; commit: () => Promise<void>; rollback: () => Promise<void> }> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  const recordedAt = new Date().toISOString();
  const rows = prepareEvents(streamId, -1, GENESIS_HASH, [{ type: 'Thing', data: { held: true }, metadata: thingMeta }], recordedAt);
  await c.query('BEGIN');
  // The store's es_append (commands/store/postgres-event-store.ts): data, metadata and hashes one per line.
  const lines = (k: 'dataJson' | 'metadataJson' | 'hash') => rows.map((x) => x[k]).join('\n');
  const r = await c.query<{ status: string; o_position: string }>(
    `SELECT status, o_position FROM "${schema}".es_append($1, -1, -1, $2, false, $3, $4, $5, $6, $7, $8, $9, NULL, NULL)`,
    [
      streamId,
      GENESIS_HASH,
      rows.map((x) => x.id),
      rows.map((x) => x.type),
      rows.map((x) => x.schemaVersion),
      lines('dataJson'),
      lines('metadataJson'),
      lines('hash'),
      recordedAt,
    ],
  );
  expect(r.rows[0]!.status).toBe('ok');
  const end = async (sql: string) => {
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return { position: Number(r.rows[0]!.o_position), commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') };
}

describe.skipIf(!pgUrl)('projection engine behind an append still in flight (PostgreSQL event store)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('waitFor gives up at its timeout while a lower position is in flight; after the commit every event is applied, in order', async () => {
    const events = await freshPgEventStore(pgUrl!);
    cleanups.push(events.cleanup);
    const store: EventStore = events.store;
    const read = await freshPgReadStore(pgUrl!);
    cleanups.push(read.cleanup);
    const db: SqlClient = read.db;
    const applied: number[] = [];
    const e = new ProjectionEngine({
      store,
      db,
      projections: [counterProjection({ onApply: (ev) => void applied.push(ev.position) })],
      batchSize: 10,
      logger: quiet,
      pollIntervalMs: 200,
    });
    cleanups.push(() => e.stop());
    await e.start();

    const held = await appendAndHold(events.schema, 'thing-held');
    let open = true;
    cleanups.push(async () => {
      if (open) await held.rollback();
    });
    expect(held.position).toBe(1);
    // Three later appends commit at greater positions; this process's engine is told the head moved.
    let last = 0;
    for (let i = 0; i < 3; i++) last = (await store.append(`thing-${i}`, [{ type: 'Thing', data: { i }, metadata: thingMeta }])).position;
    expect(last).toBe(4);

    expect(await e.waitFor(last, { timeoutMs: 300 })).toBe(false);
    expect(applied).toEqual([]);
    expect(await db.get('SELECT position FROM projection_checkpoints WHERE name = ?', ['things'])).toEqual({ position: 0 });
    expect(await store.readAll({ fromPosition: 1 })).toEqual([]);

    open = false;
    await held.commit();
    expect(await e.waitFor(last, { timeoutMs: 10_000 })).toBe(true);
    expect(applied).toEqual([1, 2, 3, 4]);
    expect(await db.get('SELECT n FROM thing_counts WHERE stream_id = ?', ['thing-held'])).toEqual({ n: 1 });
    expect(await db.get('SELECT SUM(n) AS s FROM thing_counts')).toEqual({ s: 4 });
    await visible(store, last);
    expect((await e.status())[0]).toMatchObject({ position: 4, headPosition: 4, lagEvents: 0 });
  });
});
