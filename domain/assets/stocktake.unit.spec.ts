import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { stockTakeDecider, type BookEntry, type StockTakeCommand, type StockTakeEvent } from './stocktake';
import { md, T0 } from './testing';

const cmd = <C extends StockTakeCommand>(type: C['type'], data: C['data'], actor = 'zhu-li') => ({ type, data, metadata: md(actor) }) as C;
const book: BookEntry[] = [
  { assetId: 'a1', assetNo: 'CZJ-2026-00001', name: '台式计算机', departmentId: 'czj-ysk', custodianId: 'you-jia', location: '301' },
  { assetId: 'a2', assetNo: 'CZJ-2026-00002', name: '打印机', departmentId: 'czj-ysk', custodianId: 'you-jia', location: '301' },
  { assetId: 'a3', assetNo: 'CZJ-2026-00003', name: '投影仪', departmentId: 'czj-ysk', custodianId: 'qin-tao', location: '302' },
];
const planned: StockTakeEvent = {
  type: 'StockTakePlanned',
  data: {
    stockTakeId: 's1',
    unitId: 'czj',
    title: '2026 年度盘点',
    scope: { departmentId: 'czj-ysk', location: null },
    startDate: '2026-03-01',
    endDate: '2026-03-10',
    checkerIds: ['zhu-li'],
    book,
    plannedBy: 'yang-fan',
    at: T0,
  },
};
const counted = (assetId: string | null, code: string, location: string, custodianId: string | null): StockTakeEvent => ({
  type: 'StockTakeAssetCounted',
  data: { stockTakeId: 's1', finding: { assetId, code, location, custodianId, method: 'scan', by: 'zhu-li', at: T0 } },
});
const ticks = [
  counted('a1', 'CZJ-2026-00001', '301', 'you-jia'),
  counted('a2', 'CZJ-2026-00002', '305', 'lv-peng'),
  counted(null, '无标签打印机', '301', null),
];

describe('盘点: ticking, differences, resolution, closing', () => {
  it('only a checker ticks, while counting', () => {
    spec(stockTakeDecider)
      .given([planned])
      .when(cmd('CountAsset', { assetId: 'a1', code: 'CZJ-2026-00001', location: '301', custodianId: null, method: 'scan' }, 'you-jia'))
      .thenThrows('stocktake.not_checker');
  });
  it('lists missing (盘亏), found elsewhere, wrong custodian and surplus (盘盈) when counting ends', () => {
    const [e] = spec(stockTakeDecider)
      .given([planned, ...ticks])
      .when(cmd('FinishCounting', {}))
      .then([expect.objectContaining({ type: 'StockTakeCountingFinished' }) as never]);
    const diffs = (e as Extract<StockTakeEvent, { type: 'StockTakeCountingFinished' }>).data.differences;
    expect(diffs.map((d) => d.key)).toEqual(['elsewhere:a2', 'wrong_custodian:a2', 'missing:a3', 'surplus:无标签打印机']);
  });
  it('resolves each difference with an action that fits it, and closes only when all are resolved', () => {
    const [fin] = spec(stockTakeDecider)
      .given([planned, ...ticks])
      .when(cmd('FinishCounting', {}))
      .then([expect.anything() as never]);
    const h = [planned, ...ticks, fin!];
    spec(stockTakeDecider)
      .given(h)
      .when(cmd('ResolveDifference', { key: 'missing:a3', action: 'adjust', note: '', refId: null }))
      .thenThrows('stocktake.action');
    spec(stockTakeDecider).given(h).when(cmd('CloseStockTake', {})).thenThrows('stocktake.unresolved');
    const resolutions = (
      [
        ['elsewhere:a2', 'adjust'],
        ['wrong_custodian:a2', 'adjust'],
        ['missing:a3', 'write_off'],
        ['surplus:无标签打印机', 'register_surplus'],
      ] as const
    ).map(
      ([key, action]) =>
        ({
          type: 'StockTakeDifferenceResolved',
          data: { stockTakeId: 's1', key, action, note: '', refId: null, by: 'zhu-li', at: T0 },
        }) as StockTakeEvent,
    );
    spec(stockTakeDecider)
      .given([...h, resolutions[0]!])
      .when(cmd('ResolveDifference', { key: 'elsewhere:a2', action: 'adjust', note: '', refId: null }))
      .thenThrows('stocktake.resolved');
    spec(stockTakeDecider)
      .given([...h, ...resolutions.slice(0, 3)])
      .when(cmd('CloseStockTake', {}))
      .thenThrows('stocktake.unresolved');
    spec(stockTakeDecider)
      .given([...h, ...resolutions])
      .when(cmd('CloseStockTake', {}))
      .then([{ type: 'StockTakeClosed', data: { stockTakeId: 's1', counted: 3, differences: 4, by: 'zhu-li', at: T0 } }]);
  });
  it('cannot resolve before counting ends', () => {
    spec(stockTakeDecider)
      .given([planned])
      .when(cmd('ResolveDifference', { key: 'missing:a1', action: 'found', note: '', refId: null }))
      .thenThrows('stocktake.not_resolving');
  });
});
