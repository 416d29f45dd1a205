/**
 * Asset (固定资产卡片) aggregate: events, state and evolve. Stream `asset-<id>` — the asset's whole
 * custody and value history from 录入 to 报废, as it stood on any date. See EVENTS.md.
 *
 * Status: in_stock 在库 → in_use 在用 (领用) ⇄ in_stock (归还); lent 借出 (借用, with a due date);
 * a transfer (转移) moves through approving 审批中 → in_transit 在途 (approved; the giver hands over,
 * the receiver accepts — until then it is on the giver's books) → the receiver's; disposing 处置审批中
 * → disposed 已报废 (off the books, history kept).
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import type { AssetCategory } from './categories';
import { bookValueAt, type BookValue, type ValueSegment } from './depreciation';

export const assetStreamId = (assetId: string) => `asset-${assetId}`;

export interface AssetCard {
  name: string;
  /** 规格型号 */
  specification: string;
  serialNumber: string;
  quantity: number;
  /** 计量单位 (台, 辆, 套 …) */
  measureUnit: string;
  /** 原值 in fen. */
  originalValue: number;
  /** 取得日期 'YYYY-MM-DD' */
  acquisitionDate: string;
  /** 经费来源 */
  fundingSource: string;
  supplier: string;
  /** 保修截止 'YYYY-MM-DD' or '' */
  warrantyEnd: string;
  location: string;
  photos: string[];
}

export interface Custody {
  unitId: string;
  /** 使用部门 (null while 在库 in the unit's store). */
  departmentId: string | null;
  /** 保管人 */
  custodianId: string | null;
}

export type AssetSource = { type: 'manual' | 'import' | 'purchase' | 'surplus'; id: string | null };

export type AssetRegistered = DomainEvent<
  'AssetRegistered',
  {
    assetId: string;
    /** 资产编号, e.g. 'CZJ-2026-00001' (gap-free per unit and year). */
    assetNo: string;
    year: number;
    number: number;
    category: AssetCategory;
    card: AssetCard;
    custody: Custody;
    source: AssetSource;
    registeredBy: string;
    at: string;
  }
>;
export type AssetIssued = DomainEvent<
  'AssetIssued',
  { assetId: string; departmentId: string; custodianId: string; by: string; at: string }
>;
export type AssetReturned = DomainEvent<
  'AssetReturned',
  { assetId: string; fromDepartmentId: string | null; fromCustodianId: string | null; by: string; at: string }
>;
export type AssetLent = DomainEvent<
  'AssetLent',
  { assetId: string; borrowerId: string; borrowerDepartmentId: string | null; dueDate: string; by: string; at: string }
>;
export type AssetLoanReturned = DomainEvent<
  'AssetLoanReturned',
  { assetId: string; borrowerId: string; overdue: boolean; by: string; at: string }
>;
/** 借用逾期提醒: recorded once by the scheduled job; `notify` = who must act (the borrower and the custodian). */
export type AssetLoanOverdue = DomainEvent<
  'AssetLoanOverdue',
  { assetId: string; borrowerId: string; dueDate: string; notify: string[]; at: string }
>;
export type AssetTransferRequested = DomainEvent<
  'AssetTransferRequested',
  { assetId: string; transferId: string; processId: string; from: Custody; to: Custody; reason: string; requestedBy: string; at: string }
>;
/** Approved: the asset is 在途; `giverId` must hand over, `receiverId` must accept (decided here). */
export type AssetTransferApproved = DomainEvent<
  'AssetTransferApproved',
  { assetId: string; transferId: string; processId: string; giverId: string; receiverId: string; at: string }
>;
export type AssetTransferRejected = DomainEvent<
  'AssetTransferRejected',
  { assetId: string; transferId: string; processId: string; outcome: 'rejected' | 'terminated' | 'cancelled'; opinion: string; at: string }
>;
export type AssetHandedOver = DomainEvent<
  'AssetHandedOver',
  { assetId: string; transferId: string; /** who must accept now */ receiverId: string; by: string; onBehalfOf: string | null; at: string }
>;
/** The receiver accepted: custody (and, between units, the book value) moves to `to`. */
export type AssetTransferAccepted = DomainEvent<
  'AssetTransferAccepted',
  {
    assetId: string;
    transferId: string;
    from: Custody;
    to: Custody;
    netValue: number;
    by: string;
    onBehalfOf: string | null;
    at: string;
    date: string;
  }
>;
export type AssetRepairRequested = DomainEvent<
  'AssetRepairRequested',
  { assetId: string; repairId: string; fault: string; photos: string[]; requestedBy: string; at: string }
>;
export type AssetRepairCompleted = DomainEvent<
  'AssetRepairCompleted',
  {
    assetId: string;
    repairId: string;
    vendor: string;
    cost: number;
    outcome: 'repaired' | 'unrepairable';
    note: string;
    by: string;
    at: string;
  }
>;
/** 分类变更: the new life applies from the month after `effectiveDate`. */
export type AssetCategoryChanged = DomainEvent<
  'AssetCategoryChanged',
  { assetId: string; from: AssetCategory; to: AssetCategory; effectiveDate: string; reason: string; by: string; at: string }
>;
/** 盘点调整: location / custodian corrected from a stock-take difference. */
export type AssetAdjusted = DomainEvent<
  'AssetAdjusted',
  {
    assetId: string;
    location: string;
    departmentId: string | null;
    custodianId: string | null;
    stockTakeId: string | null;
    reason: string;
    by: string;
    at: string;
  }
>;
export type AssetDisposalRequested = DomainEvent<
  'AssetDisposalRequested',
  {
    assetId: string;
    disposalId: string;
    processId: string;
    method: DisposalMethod;
    reason: string;
    /** 审批层级 by value (disposal.ts thresholds). */
    level: DisposalLevel;
    netValue: number;
    stockTakeId: string | null;
    requestedBy: string;
    at: string;
  }
>;
export type AssetDisposalRejected = DomainEvent<
  'AssetDisposalRejected',
  { assetId: string; disposalId: string; processId: string; outcome: 'rejected' | 'terminated' | 'cancelled'; opinion: string; at: string }
>;
export type AssetDisposalApproved = DomainEvent<
  'AssetDisposalApproved',
  { assetId: string; disposalId: string; processId: string; at: string }
>;
/** 报废/处置 done: the asset leaves the books (退出) on `date`. */
export type AssetDisposed = DomainEvent<
  'AssetDisposed',
  {
    assetId: string;
    disposalId: string;
    method: DisposalMethod;
    /** 处置收入 in fen. */
    proceeds: number;
    /** 财政批复文号 (required at the 'finance' level). */
    approvalRef: string;
    date: string;
    netValue: number;
    by: string;
    at: string;
  }
>;

export const DISPOSAL_METHODS = ['报废', '出售', '出让', '转让', '对外捐赠', '无偿调拨', '置换', '报损', '盘亏核销'] as const;
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];
export type DisposalLevel = 'unit' | 'leader' | 'finance';

export type AssetEvent =
  | AssetRegistered
  | AssetIssued
  | AssetReturned
  | AssetLent
  | AssetLoanReturned
  | AssetLoanOverdue
  | AssetTransferRequested
  | AssetTransferApproved
  | AssetTransferRejected
  | AssetHandedOver
  | AssetTransferAccepted
  | AssetRepairRequested
  | AssetRepairCompleted
  | AssetCategoryChanged
  | AssetAdjusted
  | AssetDisposalRequested
  | AssetDisposalRejected
  | AssetDisposalApproved
  | AssetDisposed;

export const ASSET_EVENT_TYPES = [
  'AssetRegistered',
  'AssetIssued',
  'AssetReturned',
  'AssetLent',
  'AssetLoanReturned',
  'AssetLoanOverdue',
  'AssetTransferRequested',
  'AssetTransferApproved',
  'AssetTransferRejected',
  'AssetHandedOver',
  'AssetTransferAccepted',
  'AssetRepairRequested',
  'AssetRepairCompleted',
  'AssetCategoryChanged',
  'AssetAdjusted',
  'AssetDisposalRequested',
  'AssetDisposalRejected',
  'AssetDisposalApproved',
  'AssetDisposed',
] as const satisfies readonly AssetEvent['type'][];

export type AssetStatus = 'none' | 'in_stock' | 'in_use' | 'lent' | 'disposed';

export const ASSET_STATUS_LABELS: Record<AssetStatus, string> = {
  none: '不存在',
  in_stock: '在库',
  in_use: '在用',
  lent: '借出',
  disposed: '已处置',
};

export interface OpenTransfer {
  transferId: string;
  processId: string;
  to: Custody;
  stage: 'approving' | 'in_transit';
  giverId: string | null;
  receiverId: string | null;
  handedOver: boolean;
}

export interface OpenDisposal {
  disposalId: string;
  processId: string;
  method: DisposalMethod;
  level: DisposalLevel;
  stage: 'approving' | 'approved';
}

export interface AssetState {
  status: AssetStatus;
  assetId: string;
  assetNo: string;
  category: AssetCategory | null;
  card: AssetCard | null;
  custody: Custody | null;
  loan: { borrowerId: string; borrowerDepartmentId: string | null; dueDate: string; overdueNotified: boolean } | null;
  transfer: OpenTransfer | null;
  disposal: OpenDisposal | null;
  repairs: { repairId: string; fault: string; open: boolean; cost: number; vendor: string; outcome: string | null }[];
  segments: ValueSegment[];
  disposedOn: string | null;
}

export const initialAssetState = (): AssetState => ({
  status: 'none',
  assetId: '',
  assetNo: '',
  category: null,
  card: null,
  custody: null,
  loan: null,
  transfer: null,
  disposal: null,
  repairs: [],
  segments: [],
  disposedOn: null,
});

export function evolveAsset(s: AssetState, e: AssetEvent): AssetState {
  switch (e.type) {
    case 'AssetRegistered': {
      const d = e.data;
      return {
        ...s,
        status: d.custody.custodianId ? 'in_use' : 'in_stock',
        assetId: d.assetId,
        assetNo: d.assetNo,
        category: d.category,
        card: d.card,
        custody: d.custody,
        segments: [{ from: d.card.acquisitionDate, usefulLifeMonths: d.category.usefulLifeMonths }],
      };
    }
    case 'AssetIssued':
      return { ...s, status: 'in_use', custody: { ...s.custody!, departmentId: e.data.departmentId, custodianId: e.data.custodianId } };
    case 'AssetReturned':
      return { ...s, status: 'in_stock', custody: { ...s.custody!, departmentId: null, custodianId: null } };
    case 'AssetLent':
      return {
        ...s,
        status: 'lent',
        loan: {
          borrowerId: e.data.borrowerId,
          borrowerDepartmentId: e.data.borrowerDepartmentId,
          dueDate: e.data.dueDate,
          overdueNotified: false,
        },
      };
    case 'AssetLoanReturned':
      return { ...s, status: s.custody?.custodianId ? 'in_use' : 'in_stock', loan: null };
    case 'AssetLoanOverdue':
      return s.loan ? { ...s, loan: { ...s.loan, overdueNotified: true } } : s;
    case 'AssetTransferRequested':
      return {
        ...s,
        transfer: {
          transferId: e.data.transferId,
          processId: e.data.processId,
          to: e.data.to,
          stage: 'approving',
          giverId: null,
          receiverId: null,
          handedOver: false,
        },
      };
    case 'AssetTransferApproved':
      return s.transfer
        ? { ...s, transfer: { ...s.transfer, stage: 'in_transit', giverId: e.data.giverId, receiverId: e.data.receiverId } }
        : s;
    case 'AssetTransferRejected':
      return { ...s, transfer: null };
    case 'AssetHandedOver':
      return s.transfer ? { ...s, transfer: { ...s.transfer, handedOver: true } } : s;
    case 'AssetTransferAccepted':
      return { ...s, transfer: null, custody: e.data.to, status: e.data.to.custodianId ? 'in_use' : 'in_stock' };
    case 'AssetRepairRequested':
      return {
        ...s,
        repairs: [...s.repairs, { repairId: e.data.repairId, fault: e.data.fault, open: true, cost: 0, vendor: '', outcome: null }],
      };
    case 'AssetRepairCompleted':
      return {
        ...s,
        repairs: s.repairs.map((r) =>
          r.repairId === e.data.repairId ? { ...r, open: false, cost: e.data.cost, vendor: e.data.vendor, outcome: e.data.outcome } : r,
        ),
      };
    case 'AssetCategoryChanged':
      return {
        ...s,
        category: e.data.to,
        segments: [...s.segments, { from: e.data.effectiveDate, usefulLifeMonths: e.data.to.usefulLifeMonths }],
      };
    case 'AssetAdjusted':
      return {
        ...s,
        card: { ...s.card!, location: e.data.location },
        custody: { ...s.custody!, departmentId: e.data.departmentId, custodianId: e.data.custodianId },
        status: s.status === 'lent' ? 'lent' : e.data.custodianId ? 'in_use' : 'in_stock',
      };
    case 'AssetDisposalRequested':
      return {
        ...s,
        disposal: {
          disposalId: e.data.disposalId,
          processId: e.data.processId,
          method: e.data.method,
          level: e.data.level,
          stage: 'approving',
        },
      };
    case 'AssetDisposalRejected':
      return { ...s, disposal: null };
    case 'AssetDisposalApproved':
      return s.disposal ? { ...s, disposal: { ...s.disposal, stage: 'approved' } } : s;
    case 'AssetDisposed':
      return { ...s, status: 'disposed', disposal: null, transfer: null, loan: null, disposedOn: e.data.date };
    default:
      return assertNever(e);
  }
}

/** The asset's book value at the end of a date (depreciation.ts). */
export function assetBookValue(s: AssetState, date: string): BookValue {
  if (!s.card) return { onBooks: false, originalValue: 0, accumulatedDepreciation: 0, netValue: 0, monthsDepreciated: 0 };
  return bookValueAt(
    { originalValue: s.card.originalValue, acquisitionDate: s.card.acquisitionDate, segments: s.segments, disposedOn: s.disposedOn },
    date,
  );
}

/** 在途: an approved transfer the receiver has not accepted yet. */
export const inTransit = (s: AssetState) => s.transfer?.stage === 'in_transit';
