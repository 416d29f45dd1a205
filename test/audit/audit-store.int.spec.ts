import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { createEventStore } from '../../commands/store/factory';
import { createSqliteEventStore } from '../../commands/store/sqlite-event-store';
import { Sealer } from '../../commands/integrity/sealer';
import { generateSealKeyPair, SEAL_STREAM } from '../../commands/integrity/seal';
import { verifyStore } from '../../reports/audit/verify';
import { foldStream } from '../../reports/audit/point-in-time';

/** The sealer running in the background and point-in-time folding, on the real adapters. */

const key = generateSealKeyPair();
const meta = (occurredAt: string) => ({ actorId: 'u-zhangsan', correlationId: uuidv7(), occurredAt });
const dirs: string[] = [];
const stores: EventStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const backends: [string, (clock?: () => Date) => Promise<EventStore>][] = [
  [
    'SQLite',
    async (clock) => {
      const dir = mkdtempSync(join(tmpdir(), 'oa-audit-'));
      dirs.push(dir);
      const s = await createSqliteEventStore({ filename: join(dir, 'oa.db'), clock });
      stores.push(s);
      return s;
    },
  ],
];
const pgUrl = process.env.PG_URL;
if (pgUrl) {
  backends.push([
    'PostgreSQL',
    async () => {
      const u = new URL(pgUrl);
      u.searchParams.set('schema', `audit_int_${process.pid}_${Date.now().toString(36)}_${stores.length}`);
      const s = await createEventStore(u.toString());
      stores.push(s);
      return s;
    },
  ]);
} else if (process.env.REQUIRE_SERVICES === '1') {
  it('PostgreSQL audit suite needs PG_URL (REQUIRE_SERVICES=1)', () => expect.fail('PG_URL is not set'));
} else {
  console.warn('SKIPPED: PostgreSQL sealer/point-in-time suite (set PG_URL, e.g. `source .services/env`, to run it)');
}

describe.each(backends)('audit on %s', (_name, open) => {
  it('a background sealer seals every N events while writers append, and the store verifies', async () => {
    const store = await open();
    const sealer = new Sealer(store, { key, everyEvents: 50, everyMinutes: 60 });
    sealer.start();
    try {
      const writers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 60; i++) {
          await store.append(`meeting-${w}`, [{ type: 'MinuteTaken', data: { w, i }, metadata: meta(new Date().toISOString()) }]);
        }
      });
      await Promise.all(writers);
      // The sealer catches up on its own. Wait for the real condition: all 240 business events are
      // readable in $all (PostgreSQL shows a position only once every older transaction of the whole
      // cluster has ended, so an open transaction elsewhere hides them for a while) and fewer than
      // N = 50 of them lie after the last seal — nothing is due any more.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const last = (await store.readStream(SEAL_STREAM)).at(-1);
        const sealedTo = last ? (last.data as { toPosition: number }).toPosition : 0;
        const business = (await store.readAll({ fromPosition: 1, limit: 10_000 })).filter((e) => e.streamId !== SEAL_STREAM);
        const unsealed = business.filter((e) => e.position > sealedTo).length;
        if (business.length === 240 && unsealed < 50) break;
        if (Date.now() > deadline) {
          throw new Error(`sealer did not catch up in 60 s: ${business.length}/240 business events readable, ${unsealed} unsealed`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await sealer.stop();
    }
    const seals = await store.readStream(SEAL_STREAM);
    expect(seals.length).toBeGreaterThanOrEqual(1);
    expect(seals.length).toBeLessThanOrEqual(4); // never more seals than N-sized batches
    // contiguous from 1, each due only once N = 50 business events were waiting (the time trigger is 60 min)
    let next = 1;
    for (const s of seals) {
      const d = s.data as { fromPosition: number; toPosition: number; count: number };
      expect(d.fromPosition).toBe(next);
      const sealEventsInside = seals.filter((x) => x.position >= d.fromPosition && x.position <= d.toPosition).length;
      expect(d.count - sealEventsInside).toBeGreaterThanOrEqual(50);
      next = d.toPosition + 1;
    }
    // PostgreSQL: readAll shows a position once every older transaction of the cluster has ended.
    const lastPosition = Math.max(...(await store.readStream(SEAL_STREAM)).map((e) => e.position));
    for (const until = Date.now() + 60_000; (await store.headPosition()) < lastPosition;) {
      if (Date.now() > until) throw new Error('last seal not readable after 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const report = await verifyStore(store, { trustedPublicKey: key.publicKey });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, seals: seals.length, events: 240 + seals.length });
  });

  it('foldStream gives the state as it stood at a moment', async () => {
    let now = new Date('2026-05-01T01:00:00.000Z');
    const store = await open(() => now);
    const evolve = (s: string[], e: RecordedEvent) => [...s, e.type];
    await store.append('trip-1', [{ type: 'TripRequested', data: {}, metadata: meta('2026-05-01T01:00:00.000Z') }]);
    now = new Date('2026-05-02T01:00:00.000Z');
    await store.append('trip-1', [{ type: 'TripApproved', data: {}, metadata: meta('2026-04-30T01:00:00.000Z') }]);
    const at = (iso: string, by?: 'recordedAt' | 'occurredAt') =>
      foldStream(store, 'trip-1', { at: iso, evolve, initialState: () => [] as string[], by });
    if (store.kind === 'sqlite') {
      // our clock drove recordedAt
      expect((await at('2026-05-01T12:00:00Z')).state).toEqual(['TripRequested']);
      expect((await at('2026-05-02T01:00:00Z')).state).toEqual(['TripRequested', 'TripApproved']);
    }
    // occurredAt: the back-dated approval counts on 30 April already, but is applied after the request (revision order)
    expect((await at('2026-04-30T12:00:00Z', 'occurredAt')).state).toEqual(['TripApproved']);
    expect((await at('2026-05-01T12:00:00Z', 'occurredAt')).state).toEqual(['TripRequested', 'TripApproved']);
    expect((await at('2020-01-01T00:00:00Z')).revision).toBe(-1);
  });
});
