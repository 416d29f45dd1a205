/**
 * StockTake (盘点): stream `asset-stocktake-<id>`. A plan with a scope (unit / department / location),
 * dates and people, and the book list (账面清单) taken when the plan starts; assets are ticked on the
 * phone (scan of the label's QR code, or search); the differences are then listed and each resolved
 * by an action before the plan closes; the plan keeps the stock-take report.
 *
 * Rules
 *   S1 A plan needs a title, dates (end ≥ start) and at least one checker; the book list is fixed at start.
 *   S2 Only the plan's checkers tick, only while it is open; ticking the same asset again updates the
 *      finding (location / custodian) — the last finding counts. An asset not on the book list is 盘盈.
 *   S3 Differences (computed here, `differences`): 盘亏 missing (on the books, not found) · 位置不符
 *      found elsewhere · 保管人不符 wrong custodian · 盘盈 surplus (found, not on the books).
 *   S4 Each difference is resolved once by an action that fits it: 调整 (adjust location/custodian)
 *      for elsewhere / wrong custodian; 报损核销 (write off through disposal) or 找到 (found later) for
 *      missing; 登记入账 (register the surplus as a new card) for surplus.
 *   S5 The plan closes only when counting is finished and every difference is resolved.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';

export const stockTakeStreamId = (id: string) => `asset-stocktake-${id}`;

export interface BookEntry {
  assetId: string;
  assetNo: string;
  name: string;
  departmentId: string | null;
  custodianId: string | null;
  location: string;
}
export interface Finding {
  assetId: string | null;
  /** For a surplus: the label / code read (or a description). */
  code: string;
  location: string;
  custodianId: string | null;
  method: 'scan' | 'search' | 'manual';
  by: string;
  at: string;
}
export type DifferenceKind = 'missing' | 'elsewhere' | 'wrong_custodian' | 'surplus';
export type ResolutionAction = 'adjust' | 'write_off' | 'found' | 'register_surplus';
export const DIFFERENCE_LABELS: Record<DifferenceKind, string> = {
  missing: '盘亏',
  elsewhere: '位置不符',
  wrong_custodian: '保管人不符',
  surplus: '盘盈',
};
const FITS: Record<DifferenceKind, readonly ResolutionAction[]> = {
  missing: ['write_off', 'found'],
  elsewhere: ['adjust'],
  wrong_custodian: ['adjust'],
  surplus: ['register_surplus'],
};

export interface Difference {
  /** `<kind>:<assetId or code>` */
  key: string;
  kind: DifferenceKind;
  assetId: string | null;
  code: string;
  expected: BookEntry | null;
  found: Finding | null;
}

export type StockTakePlanned = DomainEvent<
  'StockTakePlanned',
  {
    stockTakeId: string;
    unitId: string;
    title: string;
    scope: { departmentId: string | null; location: string | null };
    startDate: string;
    endDate: string;
    checkerIds: string[];
    book: BookEntry[];
    plannedBy: string;
    at: string;
  }
>;
export type StockTakeAssetCounted = DomainEvent<'StockTakeAssetCounted', { stockTakeId: string; finding: Finding }>;
export type StockTakeCountingFinished = DomainEvent<
  'StockTakeCountingFinished',
  { stockTakeId: string; counted: number; differences: Difference[]; by: string; at: string }
>;
export type StockTakeDifferenceResolved = DomainEvent<
  'StockTakeDifferenceResolved',
  { stockTakeId: string; key: string; action: ResolutionAction; note: string; refId: string | null; by: string; at: string }
>;
export type StockTakeClosed = DomainEvent<
  'StockTakeClosed',
  { stockTakeId: string; counted: number; differences: number; by: string; at: string }
>;

export type StockTakeEvent =
  StockTakePlanned | StockTakeAssetCounted | StockTakeCountingFinished | StockTakeDifferenceResolved | StockTakeClosed;
export const STOCKTAKE_EVENT_TYPES = [
  'StockTakePlanned',
  'StockTakeAssetCounted',
  'StockTakeCountingFinished',
  'StockTakeDifferenceResolved',
  'StockTakeClosed',
] as const satisfies readonly StockTakeEvent['type'][];

export interface StockTakeState {
  status: 'none' | 'counting' | 'resolving' | 'closed';
  plan: StockTakePlanned['data'] | null;
  /** assetId or `code:<code>` → the last finding */
  findings: Map<string, Finding>;
  differences: Difference[];
  resolved: Map<string, ResolutionAction>;
}

export type PlanStockTake = Command<'PlanStockTake', Omit<StockTakePlanned['data'], 'plannedBy' | 'at'>>;
export type CountAsset = Command<'CountAsset', Omit<Finding, 'by' | 'at'>>;
export type FinishCounting = Command<'FinishCounting', Record<string, never>>;
export type ResolveDifference = Command<'ResolveDifference', { key: string; action: ResolutionAction; note: string; refId: string | null }>;
export type CloseStockTake = Command<'CloseStockTake', Record<string, never>>;
export type StockTakeCommand = PlanStockTake | CountAsset | FinishCounting | ResolveDifference | CloseStockTake;

const who = (c: Command) => c.metadata.onBehalfOf ?? c.metadata.actorId;

/** S3: the differences between the book list and the findings. */
export function differences(book: readonly BookEntry[], findings: ReadonlyMap<string, Finding>): Difference[] {
  const out: Difference[] = [];
  const onBook = new Set(book.map((b) => b.assetId));
  for (const b of book) {
    const f = findings.get(b.assetId) ?? null;
    if (!f) out.push({ key: `missing:${b.assetId}`, kind: 'missing', assetId: b.assetId, code: b.assetNo, expected: b, found: null });
    else {
      if (f.location && f.location !== b.location)
        out.push({ key: `elsewhere:${b.assetId}`, kind: 'elsewhere', assetId: b.assetId, code: b.assetNo, expected: b, found: f });
      if (f.custodianId && f.custodianId !== b.custodianId)
        out.push({
          key: `wrong_custodian:${b.assetId}`,
          kind: 'wrong_custodian',
          assetId: b.assetId,
          code: b.assetNo,
          expected: b,
          found: f,
        });
    }
  }
  for (const f of findings.values()) {
    if (f.assetId && onBook.has(f.assetId)) continue;
    const code = f.assetId ?? f.code;
    out.push({ key: `surplus:${code}`, kind: 'surplus', assetId: f.assetId, code: f.code, expected: null, found: f });
  }
  return out;
}

export const stockTakeDecider: Decider<StockTakeCommand, StockTakeEvent, StockTakeState> = {
  initialState: () => ({ status: 'none', plan: null, findings: new Map(), differences: [], resolved: new Map() }),
  decide: (c, s) => {
    switch (c.type) {
      case 'PlanStockTake': {
        if (s.status !== 'none') throw new DomainError('conflict', 'stocktake.exists', '盘点计划已存在');
        const d = c.data;
        if (!d.title?.trim()) throw new DomainError('invalid', 'stocktake.title', '请填写盘点名称', 'title');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d.startDate) || !/^\d{4}-\d{2}-\d{2}$/.test(d.endDate) || d.endDate < d.startDate)
          throw new DomainError('invalid', 'stocktake.dates', '结束日期不能早于开始日期', 'endDate');
        if (!d.checkerIds.length) throw new DomainError('invalid', 'stocktake.checkers', '请指定盘点人', 'checkerIds');
        return [{ type: 'StockTakePlanned', data: { ...d, title: d.title.trim(), plannedBy: who(c), at: c.metadata.now } }];
      }
      case 'CountAsset': {
        if (s.status === 'none') throw new DomainError('not_found', 'stocktake.not_found', '盘点计划不存在');
        if (s.status !== 'counting') throw new DomainError('rule', 'stocktake.not_counting', '盘点已结束清点');
        if (!s.plan!.checkerIds.includes(who(c))) throw new DomainError('forbidden', 'stocktake.not_checker', '您不是本次盘点的盘点人');
        if (!c.data.assetId && !c.data.code?.trim()) throw new DomainError('invalid', 'stocktake.code', '请扫描或输入资产编号', 'code');
        return [
          {
            type: 'StockTakeAssetCounted',
            data: { stockTakeId: s.plan!.stockTakeId, finding: { ...c.data, by: who(c), at: c.metadata.now } },
          },
        ];
      }
      case 'FinishCounting': {
        if (s.status !== 'counting') throw new DomainError('rule', 'stocktake.not_counting', '盘点不在清点阶段');
        return [
          {
            type: 'StockTakeCountingFinished',
            data: {
              stockTakeId: s.plan!.stockTakeId,
              counted: s.findings.size,
              differences: differences(s.plan!.book, s.findings),
              by: who(c),
              at: c.metadata.now,
            },
          },
        ];
      }
      case 'ResolveDifference': {
        if (s.status !== 'resolving') throw new DomainError('rule', 'stocktake.not_resolving', '请先结束清点，再处理差异');
        const d = s.differences.find((x) => x.key === c.data.key);
        if (!d) throw new DomainError('not_found', 'stocktake.no_difference', '没有这条差异', 'key');
        if (s.resolved.has(d.key)) throw new DomainError('rule', 'stocktake.resolved', '该差异已处理');
        if (!FITS[d.kind].includes(c.data.action))
          throw new DomainError('invalid', 'stocktake.action', `${DIFFERENCE_LABELS[d.kind]}不能用该方式处理`, 'action');
        return [
          {
            type: 'StockTakeDifferenceResolved',
            data: {
              stockTakeId: s.plan!.stockTakeId,
              key: d.key,
              action: c.data.action,
              note: c.data.note ?? '',
              refId: c.data.refId,
              by: who(c),
              at: c.metadata.now,
            },
          },
        ];
      }
      case 'CloseStockTake': {
        if (s.status === 'closed') return [];
        if (s.status !== 'resolving') throw new DomainError('rule', 'stocktake.not_finished', '请先结束清点');
        const open = s.differences.filter((d) => !s.resolved.has(d.key));
        if (open.length) throw new DomainError('rule', 'stocktake.unresolved', `还有 ${open.length} 条差异未处理`);
        return [
          {
            type: 'StockTakeClosed',
            data: {
              stockTakeId: s.plan!.stockTakeId,
              counted: s.findings.size,
              differences: s.differences.length,
              by: who(c),
              at: c.metadata.now,
            },
          },
        ];
      }
      default:
        return assertNever(c);
    }
  },
  evolve: (s, e) => {
    switch (e.type) {
      case 'StockTakePlanned':
        return { ...s, status: 'counting', plan: e.data };
      case 'StockTakeAssetCounted': {
        const f = e.data.finding;
        s.findings.set(f.assetId ?? `code:${f.code}`, f);
        return { ...s };
      }
      case 'StockTakeCountingFinished':
        return { ...s, status: 'resolving', differences: e.data.differences };
      case 'StockTakeDifferenceResolved':
        s.resolved.set(e.data.key, e.data.action);
        return { ...s };
      case 'StockTakeClosed':
        return { ...s, status: 'closed' };
      default:
        return assertNever(e);
    }
  },
};
