import { beforeEach, describe, expect, it } from 'vitest';
import { eventHash } from '../../domain/eventstore/integrity';
import { GENESIS_HASH } from '../../domain/eventstore/envelope';
import { Sealer } from '../../commands/integrity/sealer';
import { generateSealKeyPair, SEAL_STREAM, signSeal, type IntegritySealedData } from '../../commands/integrity/seal';
import { verifyStore } from '../../reports/audit/verify';
import { MemoryStore, meta } from './memory-store';

const key = generateSealKeyPair();

/** Three streams interleaved: 请假单 leave-1 (4 events), leave-2 (3), asset-9 (2). */
async function seed(store: MemoryStore): Promise<void> {
  await store.append('leave-1', [{ type: 'LeaveRequested', data: { days: 2 }, metadata: meta() }], { expectedRevision: 'no_stream' });
  await store.append('leave-2', [{ type: 'LeaveRequested', data: { days: 5 }, metadata: meta() }]);
  await store.append('leave-1', [{ type: 'LeaveApproved', data: { by: '李局长' }, metadata: meta('u-li') }]);
  await store.append('asset-9', [{ type: 'AssetRegistered', data: { valueFen: 599900 }, metadata: meta() }]);
  await store.append('leave-2', [
    { type: 'LeaveApproved', data: { by: '王主任' }, metadata: meta('u-wang') },
    { type: 'LeaveTaken', data: {}, metadata: meta() },
  ]);
  await store.append('leave-1', [{ type: 'LeaveTaken', data: {}, metadata: meta() }]);
  await store.append('asset-9', [{ type: 'AssetTransferred', data: { to: '区财政局' }, metadata: meta() }]);
  await store.append('leave-1', [{ type: 'LeaveClosed', data: {}, metadata: meta() }]);
}

const at = (store: MemoryStore, streamId: string, revision: number) => {
  const i = store.events.findIndex((e) => e.streamId === streamId && e.revision === revision);
  if (i < 0) throw new Error(`no ${streamId}@${revision}`);
  return i;
};

describe('Sealer', () => {
  it('seals every N events, contiguously, covering the previous seal event', async () => {
    const store = new MemoryStore();
    const sealer = new Sealer(store, { key, everyEvents: 3, everyMinutes: 60, now: store.clock });
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
    const store = new MemoryStore(() => now);
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
    const store = new MemoryStore();
    for (let i = 0; i < 25; i++) await store.append(`s-${i % 4}`, [{ type: 'Noted', data: { i }, metadata: meta() }]);
    const sealer = new Sealer(store, { key, everyEvents: 1, maxEventsPerSeal: 10 });
    const seals = await sealer.sealDue();
    // the first two slices' own seal events (26, 27) fall into the third slice
    expect(seals.map((s) => [s.fromPosition, s.toPosition])).toEqual([[1, 10], [11, 20], [21, 27]]);
  });

  it('two sealers racing never write overlapping ranges', async () => {
    const store = new MemoryStore();
    await seed(store);
    const a = new Sealer(store, { key, everyEvents: 1 });
    const b = new Sealer(store, { key, everyEvents: 1 });
    await Promise.all([a.sealDue(), b.sealDue(), a.sealDue(), b.sealDue()]);
    const report = await verifyStore(store);
    expect(report.ok).toBe(true);
    expect(report.seals).toBeGreaterThanOrEqual(1);
  });
});

describe('verifyStore', () => {
  let store: MemoryStore;
  beforeEach(async () => {
    store = new MemoryStore();
    await seed(store);
    await new Sealer(store, { key, everyEvents: 1 }).sealDue(); // seal #0 over 1..9, at position 10
    await store.append('leave-3', [{ type: 'LeaveRequested', data: { days: 1 }, metadata: meta() }]); // 11, unsealed
  });

  it('passes an untouched store and summarises it', async () => {
    const r = await verifyStore(store, { trustedPublicKey: key.publicKey });
    expect(r).toMatchObject({ ok: true, events: 11, streams: 5, seals: 1, lastSealedPosition: 9, unsealedEvents: 2, headPosition: 11, keyPinned: true, problems: [] });
  });

  it('names an edited event', async () => {
    (store.events[at(store, 'leave-2', 1)].data as { by: string }).by = '张三';
    const r = await verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'hash', streamId: 'leave-2', revision: 1, position: 5 });
    expect(r.problems.map((p) => p.kind)).toContain('seal-root');
  });

  it('names a removed middle event (revision missing)', async () => {
    store.events.splice(at(store, 'leave-1', 1), 1);
    const r = await verifyStore(store);
    expect(r.firstProblem).toMatchObject({ kind: 'revision-gap', streamId: 'leave-1', revision: 1, position: 7 });
    expect(r.problems.find((p) => p.kind === 'seal-count')).toMatchObject({ position: 3 });
  });

  it('names reordered events', async () => {
    const i = at(store, 'leave-1', 1);
    const j = at(store, 'leave-1', 2);
    [store.events[i].position, store.events[j].position] = [store.events[j].position, store.events[i].position];
    const r = await verifyStore(store);
    expect(r.firstProblem).toMatchObject({ kind: 'reordered', streamId: 'leave-1', revision: 1, position: 3 });
  });

  it('catches events of different streams swapped in $all only through the seal', async () => {
    const i = at(store, 'leave-2', 0); // position 2
    const j = at(store, 'asset-9', 0); // position 4
    [store.events[i].position, store.events[j].position] = [store.events[j].position, store.events[i].position];
    const r = await verifyStore(store);
    expect(r.problems.map((p) => p.kind)).toEqual(['seal-root']);
    expect(r.firstProblem?.seal).toMatchObject({ fromPosition: 1, toPosition: 9 });
  });

  it('catches a removed last event of a stream through the seal, naming the missing position', async () => {
    store.events.splice(at(store, 'leave-1', 3), 1); // position 9, nothing follows it in its stream
    const r = await verifyStore(store);
    expect(r.problems.map((p) => p.kind)).toEqual(['seal-count']);
    expect(r.firstProblem).toMatchObject({ position: 9, seal: { fromPosition: 1, toPosition: 9 } });
  });

  it('catches a forger who edits an event and re-chains the rest of its stream', async () => {
    const streamEvents = store.events.filter((e) => e.streamId === 'asset-9');
    (streamEvents[0].data as { valueFen: number }).valueFen = 1;
    let prev = GENESIS_HASH;
    for (const e of streamEvents) {
      e.prevHash = prev;
      e.hash = eventHash(e);
      prev = e.hash;
    }
    const r = await verifyStore(store);
    expect(r.problems.map((p) => p.kind)).toEqual(['seal-root']);
  });

  it('rejects a seal re-signed with another key when the install key is pinned', async () => {
    const seal = store.events.find((e) => e.streamId === SEAL_STREAM)!;
    const d = seal.data as IntegritySealedData;
    const forged = signSeal({ fromPosition: d.fromPosition, toPosition: d.toPosition, count: d.count, merkleRoot: d.merkleRoot }, generateSealKeyPair());
    seal.data = forged;
    seal.hash = eventHash(seal);
    expect((await verifyStore(store, { trustedPublicKey: key.publicKey })).problems.map((p) => p.kind)).toEqual(['seal-key']);
    // Unpinned, the report says which key it trusted and that nobody pinned it.
    const unpinned = await verifyStore(store);
    expect(unpinned).toMatchObject({ ok: true, keyPinned: false });
  });

  it('detects a seal with a broken signature', async () => {
    const seal = store.events.find((e) => e.streamId === SEAL_STREAM)!;
    (seal.data as IntegritySealedData).count = 8;
    seal.hash = eventHash(seal);
    expect((await verifyStore(store)).problems.map((p) => p.kind)).toEqual(['seal-signature']);
  });

  it('leaves a removed unsealed tail event undetectable, and says how much is unsealed', async () => {
    store.events.splice(at(store, 'leave-3', 0), 1);
    const r = await verifyStore(store);
    expect(r.ok).toBe(true);
    expect(r.unsealedEvents).toBe(1);
  });
});

describe('verifyStore: truncation of the last seals', () => {
  it('with maxUnsealedAgeMinutes, names the oldest event left unsealed too long', async () => {
    const store = new MemoryStore(() => new Date('2026-01-05T08:00:00.000Z'));
    await seed(store);
    await new Sealer(store, { key, everyEvents: 1, now: store.clock }).sealDue();
    await store.append('leave-3', [{ type: 'LeaveRequested', data: {}, metadata: meta() }]);
    // the attacker removes the seal stream and everything after the first events
    for (let i = store.events.length - 1; i >= 0; i--) if (store.events[i].position > 6) store.events.splice(i, 1);
    const now = () => new Date('2026-01-05T09:00:00.000Z');
    expect((await verifyStore(store, { now })).ok).toBe(true); // the chain alone cannot see a truncation
    const r = await verifyStore(store, { now, maxUnsealedAgeMinutes: 30 });
    expect(r.firstProblem).toMatchObject({ kind: 'seal-missing', streamId: 'leave-1', revision: 0, position: 1 });
    expect((await verifyStore(store, { now, maxUnsealedAgeMinutes: 90 })).ok).toBe(true);
  });
});
