import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { appendManySpecs } from './append-many.spec-kit';
import { createPostgresEventStore, parsePostgresUrl, type PostgresEventStore } from './postgres-event-store';

const PG_URL = process.env.PG_URL;
if (!PG_URL) {
  if (process.env.REQUIRE_SERVICES === '1') throw new Error('PG_URL is not set (REQUIRE_SERVICES=1)');
  console.warn('SKIPPED: PostgreSQL event-store tests (PG_URL is not set; see deploy/services.sh)');
}

const meta = { actorId: 'u1', correlationId: 'c1', occurredAt: '2024-01-01T00:00:00.000Z' };

describe.skipIf(!PG_URL)('PostgresEventStore specifics', () => {
  const schema = `es_spec_${randomBytes(6).toString('hex')}`;
  const url = `${PG_URL}?schema=${schema}`;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('several processes opening the store at once create the schema once, without errors', async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => createPostgresEventStore(url)));
    const r = await stores[0].append('open-1', [{ type: 'Opened', data: {}, metadata: meta }]);
    expect(await stores[3].streamRevision('open-1')).toBe(r.nextRevision);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('never hands out a position while a smaller one is still in flight, then delivers both in order', async () => {
    const store: PostgresEventStore = await createPostgresEventStore({ ...parsePostgresUrl(url), pollIntervalMs: 100 });
    // Not headPosition(): the watermark is cluster-wide, so another session's open transaction may hold it back.
    const max = await admin.query(`SELECT coalesce(max(position), 0) AS p FROM "${schema}".es_events`);
    const start = Number(max.rows[0].p) + 1;
    const late = new pg.Client({ connectionString: PG_URL });
    await late.connect();
    try {
      // A writer takes a position and has not committed yet (what a slow append looks like).
      await late.query('BEGIN');
      const held = await late.query(
        `INSERT INTO "${schema}".es_events (id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         VALUES ($1, 'late-1', 0, 'Late', 1, '{}', '{}', '2024-01-01T00:00:00.000Z', '', '') RETURNING position`,
        [randomUUID()],
      );
      const heldPosition = Number(held.rows[0].position);
      // Meanwhile a later append commits at a greater position.
      const quick = await store.append('quick-1', [{ type: 'Quick', data: {}, metadata: meta }]);
      expect(quick.position).toBeGreaterThan(heldPosition);
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeAll({ fromPosition: start }).subscribe((e) => seen.push(e));
      await new Promise((r) => setTimeout(r, 400));
      expect(await store.readAll({ fromPosition: start })).toEqual([]);
      expect(await store.headPosition()).toBeLessThan(heldPosition);
      expect(seen).toEqual([]);
      await late.query('COMMIT');
      const until = Date.now() + 10_000;
      while (seen.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      sub.unsubscribe();
      expect(seen.map((e) => e.position)).toEqual([heldPosition, quick.position]);
      expect(await store.headPosition()).toBe(quick.position);
    } finally {
      await late.end();
      await store.close();
    }
  });

  it('wakes a subscriber in another process by NOTIFY (no poll needed)', async () => {
    const reader = await createPostgresEventStore({ ...parsePostgresUrl(url), pollIntervalMs: 60_000 });
    const writer = await createPostgresEventStore(url);
    try {
      const start = (await reader.headPosition()) + 1;
      const seen: RecordedEvent[] = [];
      const sub = reader.subscribeAll({ fromPosition: start }).subscribe((e) => seen.push(e));
      await new Promise((r) => setTimeout(r, 300)); // LISTEN is up
      const t0 = Date.now();
      await writer.append('notify-1', [{ type: 'N', data: {}, metadata: meta }]);
      while (seen.length < 1 && Date.now() - t0 < 5_000) await new Promise((r) => setTimeout(r, 5));
      sub.unsubscribe();
      expect(seen.map((e) => e.streamId)).toEqual(['notify-1']);
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  // Under a stream of appends one NOTIFY goes at once, the rest are held back by notifyIntervalMs: the
  // last position must still go out, by the trailing notification or, when the writer closes first, by close().
  for (const [label, notifyIntervalMs, closeAtOnce] of [
    ['by the trailing notification', 200, false],
    ['by close(), when the writer closes at once', 60_000, true],
  ] as const) {
    it(`a burst of appends reaches a subscriber in another process, the last one ${label}`, async () => {
      const reader = await createPostgresEventStore({ ...parsePostgresUrl(url), pollIntervalMs: 60_000 });
      const writer = await createPostgresEventStore({ ...parsePostgresUrl(url), notifyIntervalMs });
      try {
        const start = (await reader.headPosition()) + 1;
        const seen: RecordedEvent[] = [];
        const prefix = `burst${notifyIntervalMs}-`;
        const sub = reader.subscribeAll({ fromPosition: start, streamPrefix: prefix }).subscribe((e) => seen.push(e));
        await new Promise((r) => setTimeout(r, 300)); // LISTEN is up
        for (let i = 0; i < 10; i++) await writer.append(`${prefix}${i % 3}`, [{ type: 'B', data: { i }, metadata: meta }]);
        if (closeAtOnce) await writer.close();
        const t0 = Date.now();
        while (seen.length < 10 && Date.now() - t0 < 5_000) await new Promise((r) => setTimeout(r, 5));
        sub.unsubscribe();
        expect(seen.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      } finally {
        await reader.close();
        await writer.close();
      }
    });
  }

  it('an append that fails inside its critical section leaves the append lock free for everyone', async () => {
    // One connection: the failed append's connection is the one reused afterwards.
    const failing = await createPostgresEventStore({ ...parsePostgresUrl(url), poolSize: 1 });
    const other = await createPostgresEventStore(url);
    try {
      const fine = { type: 'Fine', data: {}, metadata: meta };
      await failing.append('lock-1', [fine, fine]); // positions >= 2: the sequence can be capped at its last value
      // The positions' sequence at its maximum: drawing a position (inside the lock) fails.
      const seq = (await admin.query(`SELECT pg_get_serial_sequence($1, 'position') AS s`, [`"${schema}".es_events`])).rows[0].s;
      const last = Number((await admin.query(`SELECT last_value FROM ${seq}`)).rows[0].last_value);
      await admin.query(`ALTER SEQUENCE ${seq} MAXVALUE ${last}`);
      try {
        await expect(failing.append('lock-1', [{ type: 'Boom', data: {}, metadata: meta }])).rejects.toThrow(/maximum value/);
      } finally {
        await admin.query(`ALTER SEQUENCE ${seq} NO MAXVALUE`);
      }
      const timeout = new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 5_000).unref());
      // Another connection takes the lock; so does the failed append's own connection, then others again.
      expect(await Promise.race([other.append('lock-2', [{ type: 'Fine', data: {}, metadata: meta }]), timeout])).not.toBe('stuck');
      expect(await failing.append('lock-1', [{ type: 'Fine', data: {}, metadata: meta }])).toMatchObject({ nextRevision: 2 });
      expect(await Promise.race([other.append('lock-2', [{ type: 'Fine', data: {}, metadata: meta }]), timeout])).not.toBe('stuck');
      expect((await other.readStream('lock-1')).map((e) => e.type)).toEqual(['Fine', 'Fine', 'Fine']);
    } finally {
      await failing.close(); // first: a connection left holding the lock ends with it
      await other.close();
    }
  });

  it('keeps JSON exactly: numbers, unicode and a \\u0000 in a string', async () => {
    const store = await createPostgresEventStore(url);
    try {
      const data = { fen: 12345678901234, r: 0.30000000000000004, e: 1e21, s: 'a\u0000b 公文', neg: -0 };
      await store.append('json-1', [{ type: 'J', data, metadata: meta }]);
      const [e] = await store.readStream('json-1');
      expect(e.data).toEqual({ fen: 12345678901234, r: 0.30000000000000004, e: 1e21, s: 'a\u0000b 公文', neg: 0 });
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!PG_URL)('PostgresEventStore.appendMany (several streams, one transaction)', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
  });
  it('appendMany retries a part whose cached tip is stale (another process appended meanwhile), in the same transaction', async () => {
    const schema = `es_many_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const a = await createPostgresEventStore(`${PG_URL}?schema=${schema}`);
    const b = await createPostgresEventStore(`${PG_URL}?schema=${schema}`);
    try {
      const ev = (n: number) => [{ type: 'Noted', data: { n }, metadata: meta }];
      await b.append('reg', ev(0)); // b caches reg's tip at revision 0
      await a.append('reg', ev(1), { expectedRevision: 0 }); // now revision 1: b's cache is stale
      const r = await b.appendMany([
        { streamId: 'new-1', events: ev(2), options: { expectedRevision: 'no_stream' } },
        { streamId: 'reg', events: ev(3), options: { expectedRevision: 1 } },
        { streamId: 'new-2', events: ev(4), options: { expectedRevision: 'no_stream' } },
      ]);
      expect(r.map((x) => x.nextRevision)).toEqual([0, 2, 0]);
      const reg = await a.readStream('reg');
      expect(reg.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 3]);
      expect(reg[2]!.prevHash).toBe(reg[1]!.hash);
      // and a stale cache with an expected revision that does not hold refuses the whole batch
      await a.append('reg', ev(5));
      await expect(
        b.appendMany([
          { streamId: 'new-3', events: ev(6), options: { expectedRevision: 'no_stream' } },
          { streamId: 'reg', events: ev(7), options: { expectedRevision: 2 } },
        ]),
      ).rejects.toThrow(/expected revision 2, actual 3/);
      expect(await a.streamRevision('new-3')).toBe(-1);
    } finally {
      await a.close();
      await b.close();
    }
  });
  appendManySpecs(() => {
    const schema = `es_many_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return createPostgresEventStore(`${PG_URL}?schema=${schema}`);
  });
});
