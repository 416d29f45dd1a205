import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { createSqliteEventStore, type SqliteEventStore } from '../../commands/store/sqlite-event-store';
import { foldAt, foldStream, InvalidInstant } from '../../reports/audit/point-in-time';
import { meta } from './history';

// Point-in-time folds over the real SQLite event store (in memory); its clock sets recordedAt.
const stores: SqliteEventStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function memoryStore(clock?: () => Date): Promise<SqliteEventStore> {
  const s = await createSqliteEventStore({ filename: ':memory:', clock });
  stores.push(s);
  return s;
}

/** 固定资产 asset: registered, transferred, repaired, disposed — with one transfer registered late and back-dated. */
interface AssetState {
  status: 'none' | 'in-use' | 'disposed';
  holder?: string;
  valueFen: number;
}
const initialState = (): AssetState => ({ status: 'none', valueFen: 0 });
function evolve(s: AssetState, e: RecordedEvent): AssetState {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'AssetRegistered':
      return { status: 'in-use', holder: d.holder as string, valueFen: d.valueFen as number };
    case 'AssetTransferred':
      return { ...s, holder: d.to as string };
    case 'AssetDisposed':
      return { ...s, status: 'disposed' };
    default:
      return s;
  }
}

async function history(): Promise<SqliteEventStore> {
  let now = new Date('2026-03-01T02:00:00.000Z');
  const store = await memoryStore(() => now);
  await store.append('asset-7', [
    { type: 'AssetRegistered', data: { holder: '办公室', valueFen: 899900 }, metadata: meta('u-1', '2026-03-01T02:00:00.000Z') },
  ]);
  now = new Date('2026-03-10T02:00:00.000Z');
  await store.append('asset-7', [{ type: 'AssetTransferred', data: { to: '财政局' }, metadata: meta('u-1', '2026-03-10T02:00:00.000Z') }]);
  // Registered on 20 March from a paper form dated 5 March (back-dated 补录).
  now = new Date('2026-03-20T02:00:00.000Z');
  await store.append('asset-7', [{ type: 'AssetTransferred', data: { to: '人社局' }, metadata: meta('u-2', '2026-03-05T02:00:00.000Z') }]);
  now = new Date('2026-04-01T02:00:00.000Z');
  await store.append('asset-7', [{ type: 'AssetDisposed', data: {}, metadata: meta('u-1', '2026-04-01T02:00:00.000Z') }]);
  return store;
}

describe('foldStream: state at a moment', () => {
  it('by recordedAt (default): what the record showed at that moment', async () => {
    const store = await history();
    const at = (iso: string) => foldStream(store, 'asset-7', { at: iso, evolve, initialState });
    expect((await at('2026-02-28T00:00:00Z')).state).toEqual({ status: 'none', valueFen: 0 });
    expect(await at('2026-02-28T00:00:00Z')).toMatchObject({ revision: -1, eventsApplied: 0, eventsAfter: 4, by: 'recordedAt' });
    expect((await at('2026-03-01T02:00:00Z')).state).toEqual({ status: 'in-use', holder: '办公室', valueFen: 899900 }); // inclusive
    expect((await at('2026-03-15T00:00:00Z')).state.holder).toBe('财政局');
    // On 15 March the record did not know the back-dated transfer yet; on 25 March it did.
    expect((await at('2026-03-25T00:00:00Z')).state.holder).toBe('人社局');
    const end = await at('2026-04-02T00:00:00Z');
    expect(end).toMatchObject({ revision: 3, eventsApplied: 4, eventsAfter: 0, state: { status: 'disposed' } });
    expect(end.lastEvent).toMatchObject({ type: 'AssetDisposed', revision: 3, recordedAt: '2026-04-01T02:00:00.000Z' });
  });

  it('by occurredAt: the business state as known today, back-dated events included, applied in revision order', async () => {
    const store = await history();
    const s = await foldStream(store, 'asset-7', { at: '2026-03-06T00:00:00Z', evolve, initialState, by: 'occurredAt' });
    expect(s).toMatchObject({ revision: 2, eventsApplied: 2, eventsAfter: 2, state: { holder: '人社局' } });
    // Same moment by recordedAt: the late registration was not on record yet.
    const r = await foldStream(store, 'asset-7', { at: '2026-03-06T00:00:00Z', evolve, initialState });
    expect(r.state.holder).toBe('办公室');
  });

  it('compares instants, whatever the offset (Asia/Shanghai input)', async () => {
    const store = await history();
    // 2026-03-10T10:00+08:00 is exactly the transfer's recordedAt 02:00Z
    expect((await foldStream(store, 'asset-7', { at: '2026-03-10T10:00:00+08:00', evolve, initialState })).state.holder).toBe('财政局');
    expect((await foldStream(store, 'asset-7', { at: '2026-03-10T09:59:59+08:00', evolve, initialState })).state.holder).toBe('办公室');
  });

  it('applies the upcaster before evolve', async () => {
    const store = await memoryStore();
    await store.append('asset-8', [
      { type: 'AssetRegistered', schemaVersion: 1, data: { holder: '办公室', valueYuan: 12 }, metadata: meta() },
    ]);
    const upcast = (e: RecordedEvent): RecordedEvent =>
      e.type === 'AssetRegistered' && e.schemaVersion === 1
        ? {
            ...e,
            schemaVersion: 2,
            data: { holder: (e.data as { holder: string }).holder, valueFen: (e.data as { valueYuan: number }).valueYuan * 100 },
          }
        : e;
    const s = await foldStream(store, 'asset-8', { at: '2030-01-01T00:00:00Z', evolve, initialState, upcast });
    expect(s.state.valueFen).toBe(1200);
  });

  it('refuses a time without a zone or not a time at all', () => {
    expect(() => foldAt([], { at: '2026-03-10 10:00', evolve, initialState })).toThrow(InvalidInstant);
    expect(() => foldAt([], { at: '2026-03-10T10:00:00', evolve, initialState })).toThrow(InvalidInstant);
    expect(() => foldAt([], { at: 'yesterday', evolve, initialState })).toThrow(InvalidInstant);
    expect(() => foldAt([], { at: '2026-02-30T10:00:00Z', evolve, initialState })).toThrow(InvalidInstant); // no 30 February
    expect(() => foldAt([], { at: '2028-02-29T10:00:00Z', evolve, initialState })).not.toThrow(); // leap day
  });
});
