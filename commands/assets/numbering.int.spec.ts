import { describe, expect, it } from 'vitest';
import { assetNumberStreamId, type AssetNumbersAssigned } from '../../domain/assets';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { fixedClock } from '../pipeline/clock';
import { CommandHandler } from '../pipeline/handler';
import { realStoreBackends } from '../pipeline/testing/real-stores';
import { AssetCommands, type NewCard } from './asset-commands';
import { AssetKit, type AssetContext } from './kit';

/**
 * 资产编号 are gap-free per unit and year under concurrency: 20 录入 racing through 3 connections to the
 * real store (SQLite and PostgreSQL, like several API nodes) get exactly 1..20, each asset one number;
 * a retried request (same Idempotency-Key) gets its number back and takes no other.
 */
const N = 20;
const clock = fixedClock('2026-03-05T03:00:00.000Z');
const ctx = (i: number): AssetContext => ({
  actorId: 'yang-fan',
  unitId: 'czj',
  departmentId: 'czj-bgs',
  correlationId: `c${i}`,
  commandId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
});
const card = (i: number): NewCard => ({
  categoryCode: 'A02010104',
  card: {
    name: `台式计算机 ${i}`,
    specification: 'M720',
    serialNumber: `SN${i}`,
    quantity: 1,
    measureUnit: '台',
    originalValue: 500_000 + i,
    acquisitionDate: '2026-03-01',
    fundingSource: '财政拨款',
    supplier: '',
    warrantyEnd: '',
    location: '301',
    photos: [],
  },
  custody: { unitId: 'czj', departmentId: null, custodianId: null },
});

describe.each(realStoreBackends().map((b) => [b.name, b] as const))('concurrent 录入 on %s', (_name, backend) => {
  it(`${N} parallel registrations through 3 connections → CZJ-2026-00001 … ${N} exactly, none shared, none skipped`, async () => {
    const fx = await backend.create();
    try {
      const stores = [fx.store, await fx.open(), await fx.open()];
      const commands = stores.map((s) => new AssetCommands(new AssetKit(new CommandHandler(s, { clock }))));
      await commands[0]!.kit.ensureSeeded();
      const results = await Promise.all(Array.from({ length: N }, (_, i) => commands[i % 3]!.register(card(i), ctx(i))));
      const numbers = results.map((r) => Number(r.assetNo.slice(-5))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      expect(new Set(results.map((r) => r.id)).size).toBe(N);
      const register = await fx.store.readStream(assetNumberStreamId('czj', 2026));
      const assigned = register.flatMap((e) =>
        (e.data as AssetNumbersAssigned['data']).holderIds.map((h, k) => [h, (e.data as AssetNumbersAssigned['data']).first + k] as const),
      );
      expect(assigned.map(([, n]) => n)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      for (const r of results) {
        const s = await commands[0]!.kit.load(r.id);
        expect(s.assetNo).toBe(r.assetNo);
        expect(assigned.find(([h]) => h === r.id)![1]).toBe(Number(r.assetNo.slice(-5)));
      }
      const again = await commands[1]!.register(card(0), ctx(0));
      expect(again.assetNo).toBe(results[0]!.assetNo);
      expect(await fx.store.streamRevision(assetNumberStreamId('czj', 2026))).toBe(register.length - 1);
      const next = await commands[2]!.register(card(99), ctx(99));
      expect(next.assetNo).toBe(`CZJ-2026-${String(N + 1).padStart(5, '0')}`);
    } finally {
      await fx.cleanup();
    }
  });

  it('a batch 录入 (Excel import) is one transaction: refused midway → no card and no number taken; then the whole range at once', async () => {
    const fx = await backend.create();
    try {
      const commands = new AssetCommands(new AssetKit(new CommandHandler(fx.store, { clock })));
      await commands.kit.ensureSeeded();
      const first = await commands.register(card(0), ctx(0));
      expect(first.assetNo).toBe('CZJ-2026-00001');
      // Row 3 of the batch names an asset stream that already exists (written by someone else): its append
      // is refused inside the transaction, after the register and rows 1–2 were written in it — all rolls back.
      await fx.store.append('asset-imp-c', [
        { type: 'Other', data: {}, metadata: { actorId: 'x', correlationId: 'x', occurredAt: clock.now() } },
      ]);
      const head = await fx.store.headPosition();
      const ids = ['imp-a', 'imp-b', 'imp-c', 'imp-d'];
      const cards = ids.map((_, i) => card(10 + i));
      await expect(commands.registerMany(cards, ctx(50), { type: 'import', id: 'x' }, ids)).rejects.toBeInstanceOf(WrongExpectedRevision);
      expect(await fx.store.headPosition()).toBe(head);
      expect(await fx.store.streamRevision('asset-imp-a')).toBe(-1);
      expect(await fx.store.streamRevision(assetNumberStreamId('czj', 2026))).toBe(0);
      const batchIds = Array.from({ length: 250 }, (_, i) => `row-${i}`);
      const made = await commands.registerMany(
        batchIds.map((_, i) => card(100 + i)),
        ctx(51),
        { type: 'import', id: 'y' },
        batchIds,
      );
      expect(made.map((m) => m.assetNo)).toEqual(batchIds.map((_, i) => `CZJ-2026-${String(i + 2).padStart(5, '0')}`));
      expect((await commands.kit.load('row-249')).assetNo).toBe('CZJ-2026-00251');
      // The same import again (a retried request): the same numbers, nothing written.
      const headAfter = await fx.store.headPosition();
      const again = await commands.registerMany(
        batchIds.map((_, i) => card(100 + i)),
        ctx(51),
        { type: 'import', id: 'y' },
        batchIds,
      );
      expect(again.every((m) => m.duplicate)).toBe(true);
      expect(again.map((m) => m.assetNo)).toEqual(made.map((m) => m.assetNo));
      expect(await fx.store.headPosition()).toBe(headAfter);
    } finally {
      await fx.cleanup();
    }
  });
});
