import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { GENESIS_HASH } from '../../domain/eventstore/envelope';
import { eventHash } from '../../domain/eventstore/integrity';
import { createSqliteEventStore, type SqliteEventStore } from '../../commands/store/sqlite-event-store';
import { Sealer } from '../../commands/integrity/sealer';
import { generateSealKeyPair, SEAL_STREAM, signSeal, type IntegritySealedData } from '../../commands/integrity/seal';
import { verifyStore } from '../../reports/audit/verify';
import { meta, seed, SEED_TIME } from './history';

/**
 * verifyStore (the library the offline CLI runs; tamper.int.spec.ts spawns the CLI itself) on the real
 * SQLite event store in a temp file. The attacker has the database: a second connection edits,
 * removes and reorders rows with plain SQL while the store stays open.
 */

const key = generateSealKeyPair();
const dir = mkdtempSync(join(tmpdir(), 'oa-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface Opened {
  store: SqliteEventStore;
  /** The attacker's own connection to the same file. */
  raw: Database.Database;
  close(): Promise<void>;
}

async function open(clock: () => Date = () => SEED_TIME): Promise<Opened> {
  const file = join(dir, `s${n++}.db`);
  const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL', clock });
  const raw = new Database(file);
  return {
    store,
    raw,
    async close() {
      raw.close();
      await store.close();
    },
  };
}

/** Rewrites an event's stored data and hashes as given (what a forger with write access can do). */
function overwrite(raw: Database.Database, e: RecordedEvent): void {
  const r = raw
    .prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE stream_id = ? AND revision = ?')
    .run(JSON.stringify(e.data), e.prevHash, e.hash, e.streamId, e.revision);
  expect(r.changes).toBe(1);
}

/** Swaps the positions of two events (position is the primary key: through a free value). */
function swapPositions(raw: Database.Database, a: number, b: number): void {
  raw.transaction(() => {
    raw.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
    raw.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
    raw.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
  })();
}

function remove(raw: Database.Database, streamId: string, revision: number): void {
  expect(raw.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(streamId, revision).changes).toBe(1);
}

function positionOf(raw: Database.Database, streamId: string, revision: number): number {
  const row = raw.prepare('SELECT position FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision) as
    { position: number } | undefined;
  if (!row) throw new Error(`no ${streamId}@${revision}`);
  return row.position;
}

describe('verifyStore on a tampered SQLite store', () => {
  let o: Opened;
  let store: SqliteEventStore;
  beforeEach(async () => {
    o = await open();
    store = o.store;
    await seed(store);
    await new Sealer(store, { key, everyEvents: 1 }).sealDue(); // seal #0 over 1..9, at position 10
    await store.append('leave-3', [{ type: 'LeaveRequested', data: { days: 1 }, metadata: meta() }]); // 11, unsealed
  });
  afterEach(() => o.close());

  it('passes an untouched store and summarises it', async () => {
    const r = await verifyStore(store, { trustedPublicKey: key.publicKey });
    expect(r).toMatchObject({
      ok: true,
      events: 11,
      streams: 5,
      seals: 1,
      lastSealedPosition: 9,
      unsealedEvents: 2,
      headPosition: 11,
      keyPinned: true,
      problems: [],
    });
  });

  it('names an edited event', async () => {
    const [e] = await store.readStream('leave-2', { fromRevision: 1, toRevision: 1 });
    (e!.data as { by: string }).by = '张三';
    overwrite(o.raw, e!); // data changed, hashes left as they were
    const r = await verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'hash', streamId: 'leave-2', revision: 1, position: 5 });
    expect(r.problems.map((p) => p.kind)).toContain('seal-root');
  });

  it('names a removed middle event (revision missing)', async () => {
    remove(o.raw, 'leave-1', 1);
    const r = await verifyStore(store);
    expect(r.firstProblem).toMatchObject({ kind: 'revision-gap', streamId: 'leave-1', revision: 1, position: 7 });
    expect(r.problems.find((p) => p.kind === 'seal-count')).toMatchObject({ position: 3 });
  });

  it('names reordered events', async () => {
    swapPositions(o.raw, positionOf(o.raw, 'leave-1', 1), positionOf(o.raw, 'leave-1', 2));
    const r = await verifyStore(store);
    expect(r.firstProblem).toMatchObject({ kind: 'reordered', streamId: 'leave-1', revision: 1, position: 3 });
  });

  it('catches events of different streams swapped in $all only through the seal', async () => {
    const i = positionOf(o.raw, 'leave-2', 0);
    const j = positionOf(o.raw, 'asset-9', 0);
    expect([i, j]).toEqual([2, 4]);
    swapPositions(o.raw, i, j);
    const r = await verifyStore(store);
    expect(r.problems.map((p) => p.kind)).toEqual(['seal-root']);
    expect(r.firstProblem?.seal).toMatchObject({ fromPosition: 1, toPosition: 9 });
  });

  it('catches a removed last event of a stream through the seal, naming the missing position', async () => {
    expect(positionOf(o.raw, 'leave-1', 3)).toBe(9); // nothing follows it in its stream
    remove(o.raw, 'leave-1', 3);
    const r = await verifyStore(store);
    expect(r.problems.map((p) => p.kind)).toEqual(['seal-count']);
    expect(r.firstProblem).toMatchObject({ position: 9, seal: { fromPosition: 1, toPosition: 9 } });
  });

  it('catches a forger who edits an event and re-chains the rest of its stream', async () => {
    const streamEvents = await store.readStream('asset-9');
    (streamEvents[0]!.data as { valueFen: number }).valueFen = 1;
    let prev = GENESIS_HASH;
    for (const e of streamEvents) {
      e.prevHash = prev;
      e.hash = eventHash(e);
      prev = e.hash;
      overwrite(o.raw, e);
    }
    const r = await verifyStore(store);
    expect(r.problems.map((p) => p.kind)).toEqual(['seal-root']);
  });

  it('rejects a seal re-signed with another key when the install key is pinned', async () => {
    const [seal] = await store.readStream(SEAL_STREAM);
    const d = seal!.data as IntegritySealedData;
    const forged = signSeal(
      { fromPosition: d.fromPosition, toPosition: d.toPosition, count: d.count, merkleRoot: d.merkleRoot },
      generateSealKeyPair(),
    );
    seal!.data = forged;
    seal!.hash = eventHash(seal!);
    overwrite(o.raw, seal!);
    expect((await verifyStore(store, { trustedPublicKey: key.publicKey })).problems.map((p) => p.kind)).toEqual(['seal-key']);
    // Unpinned, the report says which key it trusted and that nobody pinned it.
    const unpinned = await verifyStore(store);
    expect(unpinned).toMatchObject({ ok: true, keyPinned: false });
  });

  it('detects a seal with a broken signature', async () => {
    const [seal] = await store.readStream(SEAL_STREAM);
    (seal!.data as IntegritySealedData).count = 8;
    seal!.hash = eventHash(seal!);
    overwrite(o.raw, seal!);
    expect((await verifyStore(store)).problems.map((p) => p.kind)).toEqual(['seal-signature']);
  });

  it('leaves a removed unsealed tail event undetectable, and says how much is unsealed', async () => {
    remove(o.raw, 'leave-3', 0);
    const r = await verifyStore(store);
    expect(r.ok).toBe(true);
    expect(r.unsealedEvents).toBe(1);
  });
});

describe('verifyStore: truncation of the last seals', () => {
  it('with maxUnsealedAgeMinutes, names the oldest event left unsealed too long', async () => {
    const clock = () => new Date('2026-01-05T08:00:00.000Z');
    const o = await open(clock);
    try {
      await seed(o.store);
      await new Sealer(o.store, { key, everyEvents: 1, now: clock }).sealDue();
      await o.store.append('leave-3', [{ type: 'LeaveRequested', data: {}, metadata: meta() }]);
      // the attacker removes the seal stream and everything after the first events
      expect(o.raw.prepare('DELETE FROM events WHERE position > 6').run().changes).toBe(5);
      const now = () => new Date('2026-01-05T09:00:00.000Z');
      expect((await verifyStore(o.store, { now })).ok).toBe(true); // the chain alone cannot see a truncation
      const r = await verifyStore(o.store, { now, maxUnsealedAgeMinutes: 30 });
      expect(r.firstProblem).toMatchObject({ kind: 'seal-missing', streamId: 'leave-1', revision: 0, position: 1 });
      expect((await verifyStore(o.store, { now, maxUnsealedAgeMinutes: 90 })).ok).toBe(true);
    } finally {
      await o.close();
    }
  });
});
