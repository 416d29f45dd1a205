/**
 * Asset decider (固定资产). Pure: the handler supplies ids, the number from the register, the category
 * from the catalogue, org facts (which unit a department belongs to, the unit admins as fallback
 * giver/receiver), the approval outcome read from the workflow — and `metadata.now`.
 *
 * Rules enforced here
 *  A1 录入: the card is complete and sane (name, original value > 0 in fen, acquisition date not in
 *     the future, quantity ≥ 1, warranty end not before acquisition); a stream is registered once.
 *  A2 领用 to a department of the asset's own unit and a custodian, only from 在库; 归还 only from 在用.
 *  A3 借用 with a due date after today, only from 在库/在用; 归还借用 only while lent. The overdue
 *     reminder is recorded once per loan and names who must act (borrower and custodian).
 *  A4 转移: not of a disposed asset, not while 在途 or another transfer/disposal is open, not while lent,
 *     not to the custody it already has. The approval outcome comes from the workflow (reactor); when
 *     approved the asset is 在途 and the giver (its custodian, else the giving unit's asset admin) and
 *     the receiver (the receiving custodian, else the receiving unit's asset admin) are recorded.
 *  A5 Both sides confirm: only the giver hands over; only the receiver accepts, and only after the
 *     hand-over. Until accepted the asset stays on the giver's books; acceptance moves custody (and,
 *     between units, the net book value of that day).
 *  A6 维修: a fault is described; one repair open at a time; completing it needs a vendor and a cost ≥ 0.
 *  A7 报废/处置: not while 在途, a transfer or another disposal is open, or lent; the approval level
 *     follows the original value (disposal thresholds below); completing needs the approval, proceeds
 *     ≥ 0, and at the 'finance' level the 财政批复文号. Afterwards every command but reading is refused.
 *  A8 分类变更 records the new life from an effective date not before acquisition.
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { checkCategory, type AssetCategory } from './categories';
import {
  DISPOSAL_METHODS,
  assetBookValue,
  evolveAsset,
  inTransit,
  initialAssetState,
  type AssetCard,
  type AssetEvent,
  type AssetSource,
  type AssetState,
  type Custody,
  type DisposalLevel,
  type DisposalMethod,
} from './asset.events';

/** 'YYYY-MM-DD' in Asia/Shanghai (UTC+8, no DST) of an ISO instant. */
export const shanghaiDate = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** 处置审批层级 (by 原值, fen): below 5万元 the unit's asset admin; from 5万元 also the unit leader; from 50万元 also 财政 (批复文号). */
export const DISPOSAL_THRESHOLDS = { leader: 5_000_000, finance: 50_000_000 } as const;

export function disposalLevel(originalValue: number): DisposalLevel {
  if (originalValue >= DISPOSAL_THRESHOLDS.finance) return 'finance';
  if (originalValue >= DISPOSAL_THRESHOLDS.leader) return 'leader';
  return 'unit';
}

export type RegisterAsset = Command<
  'RegisterAsset',
  {
    assetId: string;
    assetNo: string;
    year: number;
    number: number;
    category: AssetCategory;
    card: AssetCard;
    custody: Custody;
    source: AssetSource;
  }
>;
export type IssueAsset = Command<'IssueAsset', { departmentId: string; departmentUnitId: string | null; custodianId: string }>;
export type ReturnAsset = Command<'ReturnAsset', Record<string, never>>;
export type LendAsset = Command<'LendAsset', { borrowerId: string; borrowerDepartmentId: string | null; dueDate: string }>;
export type ReturnLoan = Command<'ReturnLoan', Record<string, never>>;
export type RecordLoanOverdue = Command<'RecordLoanOverdue', { dueDate: string }>;
export type RequestTransfer = Command<'RequestTransfer', { transferId: string; processId: string; to: Custody; reason: string }>;
export type RecordTransferOutcome = Command<
  'RecordTransferOutcome',
  {
    transferId: string;
    processId: string;
    outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
    opinion: string;
    /** The giving / receiving units' asset admins: the giver / receiver when there is no custodian. */
    giverFallback: string | null;
    receiverFallback: string | null;
  }
>;
export type HandOverAsset = Command<'HandOverAsset', { transferId: string }>;
export type AcceptTransfer = Command<'AcceptTransfer', { transferId: string }>;
export type RequestRepair = Command<'RequestRepair', { repairId: string; fault: string; photos: string[] }>;
export type CompleteRepair = Command<
  'CompleteRepair',
  { repairId: string; vendor: string; cost: number; outcome: 'repaired' | 'unrepairable'; note: string }
>;
export type ChangeCategory = Command<'ChangeCategory', { category: AssetCategory; effectiveDate: string; reason: string }>;
export type AdjustAsset = Command<
  'AdjustAsset',
  { location: string; departmentId: string | null; custodianId: string | null; stockTakeId: string | null; reason: string }
>;
export type RequestDisposal = Command<
  'RequestDisposal',
  { disposalId: string; processId: string; method: DisposalMethod; reason: string; stockTakeId: string | null }
>;
export type RecordDisposalOutcome = Command<
  'RecordDisposalOutcome',
  { disposalId: string; processId: string; outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled'; opinion: string }
>;
export type CompleteDisposal = Command<
  'CompleteDisposal',
  { disposalId: string; proceeds: number; approvalRef: string; date?: string | null }
>;

export type AssetCommand =
  | RegisterAsset
  | IssueAsset
  | ReturnAsset
  | LendAsset
  | ReturnLoan
  | RecordLoanOverdue
  | RequestTransfer
  | RecordTransferOutcome
  | HandOverAsset
  | AcceptTransfer
  | RequestRepair
  | CompleteRepair
  | ChangeCategory
  | AdjustAsset
  | RequestDisposal
  | RecordDisposalOutcome
  | CompleteDisposal;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const err = (kind: 'invalid' | 'rule' | 'forbidden' | 'not_found' | 'conflict', code: string, msg: string, field?: string) =>
  new DomainError(kind, code, msg, field);
const isDate = (d: string) =>
  DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/** A1: the checks of one card (also used row by row by the Excel import). */
export function checkCard(card: AssetCard, today: string): void {
  const f = (field: string) => `card.${field}`;
  if (!card.name?.trim() || card.name.length > 100) throw err('invalid', 'asset.name', '请填写资产名称（100 字以内）', f('name'));
  if ((card.specification ?? '').length > 100) throw err('invalid', 'asset.specification', '规格型号不能超过 100 字', f('specification'));
  if (!Number.isInteger(card.originalValue) || card.originalValue <= 0 || card.originalValue > 1e13)
    throw err('invalid', 'asset.original_value', '原值须为大于 0 的金额（分）', f('originalValue'));
  if (!Number.isInteger(card.quantity) || card.quantity < 1 || card.quantity > 100000)
    throw err('invalid', 'asset.quantity', '数量须为正整数', f('quantity'));
  if (!card.measureUnit?.trim() || card.measureUnit.length > 10)
    throw err('invalid', 'asset.measure_unit', '请填写计量单位', f('measureUnit'));
  if (!isDate(card.acquisitionDate)) throw err('invalid', 'asset.acquisition_date', '取得日期须为 YYYY-MM-DD', f('acquisitionDate'));
  if (card.acquisitionDate > today) throw err('invalid', 'asset.acquisition_future', '取得日期不能晚于今天', f('acquisitionDate'));
  if (card.warrantyEnd && (!isDate(card.warrantyEnd) || card.warrantyEnd < card.acquisitionDate))
    throw err('invalid', 'asset.warranty_end', '保修截止日期须为不早于取得日期的 YYYY-MM-DD', f('warrantyEnd'));
  if (!card.fundingSource?.trim()) throw err('invalid', 'asset.funding_source', '请填写经费来源', f('fundingSource'));
  if ((card.location ?? '').length > 100) throw err('invalid', 'asset.location', '存放地点不能超过 100 字', f('location'));
}

const mustExist = (s: AssetState) => {
  if (s.status === 'none') throw err('not_found', 'asset.not_found', '资产不存在');
};
const notDisposed = (s: AssetState) => {
  mustExist(s);
  if (s.status === 'disposed') throw err('rule', 'asset.disposed', '资产已处置（退出），不能再办理业务');
};
/** Custody changes (领用/归还/借用/调整) wait while a transfer or disposal is open. */
const noOpenProcess = (s: AssetState) => {
  if (inTransit(s)) throw err('rule', 'asset.in_transit', '资产在途（转移待接收），不能办理');
  if (s.transfer) throw err('rule', 'asset.transfer_open', '资产有转移申请正在审批');
  if (s.disposal) throw err('rule', 'asset.disposal_open', '资产有处置申请正在办理');
};
const actor = (c: Command) => c.metadata.onBehalfOf ?? c.metadata.actorId;
const at = (c: Command) => c.metadata.now;

export function registerAsset(c: RegisterAsset, s: AssetState): AssetEvent[] {
  if (s.status !== 'none') throw err('conflict', 'asset.exists', '资产已登记');
  checkCategory(c.data.category);
  checkCard(c.data.card, shanghaiDate(at(c)));
  if (!c.data.assetNo || !Number.isInteger(c.data.number) || c.data.number < 1)
    throw err('invalid', 'asset.number', '资产编号无效', 'assetNo');
  if (!c.data.custody.unitId) throw err('invalid', 'asset.unit', '请指定所属单位', 'custody.unitId');
  if (c.data.custody.custodianId && !c.data.custody.departmentId)
    throw err('invalid', 'asset.department', '有保管人时须指定使用部门', 'custody.departmentId');
  return [
    {
      type: 'AssetRegistered',
      data: { ...c.data, card: { ...c.data.card, name: c.data.card.name.trim() }, registeredBy: c.metadata.actorId, at: at(c) },
    },
  ];
}

export function issueAsset(c: IssueAsset, s: AssetState): AssetEvent[] {
  notDisposed(s);
  noOpenProcess(s);
  if (s.status !== 'in_stock') throw err('rule', 'asset.not_in_stock', '只有在库资产可以领用（请先归还）');
  if (c.data.departmentUnitId !== s.custody!.unitId)
    throw err('invalid', 'asset.department_unit', '领用部门须属于资产所属单位', 'departmentId');
  if (!c.data.custodianId) throw err('invalid', 'asset.custodian', '请指定保管人', 'custodianId');
  return [
    {
      type: 'AssetIssued',
      data: { assetId: s.assetId, departmentId: c.data.departmentId, custodianId: c.data.custodianId, by: actor(c), at: at(c) },
    },
  ];
}

export function returnAsset(c: ReturnAsset, s: AssetState): AssetEvent[] {
  notDisposed(s);
  noOpenProcess(s);
  if (s.status !== 'in_use') throw err('rule', 'asset.not_in_use', '只有在用资产可以归还');
  return [
    {
      type: 'AssetReturned',
      data: {
        assetId: s.assetId,
        fromDepartmentId: s.custody!.departmentId,
        fromCustodianId: s.custody!.custodianId,
        by: actor(c),
        at: at(c),
      },
    },
  ];
}

export function lendAsset(c: LendAsset, s: AssetState): AssetEvent[] {
  notDisposed(s);
  noOpenProcess(s);
  if (s.status === 'lent') throw err('rule', 'asset.lent', '资产已借出');
  if (!c.data.borrowerId) throw err('invalid', 'asset.borrower', '请指定借用人', 'borrowerId');
  if (!isDate(c.data.dueDate) || c.data.dueDate <= shanghaiDate(at(c)))
    throw err('invalid', 'asset.due_date', '归还日期须晚于今天', 'dueDate');
  return [
    {
      type: 'AssetLent',
      data: {
        assetId: s.assetId,
        borrowerId: c.data.borrowerId,
        borrowerDepartmentId: c.data.borrowerDepartmentId,
        dueDate: c.data.dueDate,
        by: actor(c),
        at: at(c),
      },
    },
  ];
}

export function returnLoan(c: ReturnLoan, s: AssetState): AssetEvent[] {
  notDisposed(s);
  if (s.status !== 'lent' || !s.loan) throw err('rule', 'asset.not_lent', '资产未借出');
  return [
    {
      type: 'AssetLoanReturned',
      data: { assetId: s.assetId, borrowerId: s.loan.borrowerId, overdue: shanghaiDate(at(c)) > s.loan.dueDate, by: actor(c), at: at(c) },
    },
  ];
}

/** A3: once per loan, only when it is still out and past its due date (the job fires the day after). */
export function recordLoanOverdue(c: RecordLoanOverdue, s: AssetState): AssetEvent[] {
  if (s.status !== 'lent' || !s.loan || s.loan.dueDate !== c.data.dueDate || s.loan.overdueNotified) return [];
  if (shanghaiDate(at(c)) <= s.loan.dueDate) return [];
  const notify = [...new Set([s.loan.borrowerId, ...(s.custody?.custodianId ? [s.custody.custodianId] : [])])];
  return [
    { type: 'AssetLoanOverdue', data: { assetId: s.assetId, borrowerId: s.loan.borrowerId, dueDate: s.loan.dueDate, notify, at: at(c) } },
  ];
}

export function requestTransfer(c: RequestTransfer, s: AssetState): AssetEvent[] {
  notDisposed(s);
  noOpenProcess(s);
  if (s.status === 'lent') throw err('rule', 'asset.lent', '资产借出中，归还后才能转移');
  const to = c.data.to;
  if (!to.unitId || !to.departmentId) throw err('invalid', 'asset.transfer_target', '请指定接收单位和部门', 'to.departmentId');
  const from = s.custody!;
  if (to.unitId === from.unitId && to.departmentId === from.departmentId && to.custodianId === from.custodianId)
    throw err('invalid', 'asset.transfer_same', '接收方与当前使用方相同', 'to.departmentId');
  if (!c.data.reason?.trim()) throw err('invalid', 'asset.transfer_reason', '请填写转移原因', 'reason');
  return [
    {
      type: 'AssetTransferRequested',
      data: {
        assetId: s.assetId,
        transferId: c.data.transferId,
        processId: c.data.processId,
        from,
        to,
        reason: c.data.reason.trim(),
        requestedBy: actor(c),
        at: at(c),
      },
    },
  ];
}

export function recordTransferOutcome(c: RecordTransferOutcome, s: AssetState): AssetEvent[] {
  mustExist(s);
  const t = s.transfer;
  if (!t || t.transferId !== c.data.transferId || t.processId !== c.data.processId) return []; // already recorded, or another round
  if (t.stage !== 'approving') return [];
  if (c.data.outcome !== 'approved') {
    return [
      {
        type: 'AssetTransferRejected',
        data: {
          assetId: s.assetId,
          transferId: t.transferId,
          processId: t.processId,
          outcome: c.data.outcome,
          opinion: c.data.opinion,
          at: at(c),
        },
      },
    ];
  }
  const giverId = s.custody!.custodianId ?? c.data.giverFallback;
  const receiverId = t.to.custodianId ?? c.data.receiverFallback;
  if (!giverId || !receiverId) throw err('rule', 'asset.transfer_parties', '转出方或接收方没有保管人或资产管理员，无法确认交接');
  return [
    {
      type: 'AssetTransferApproved',
      data: { assetId: s.assetId, transferId: t.transferId, processId: t.processId, giverId, receiverId, at: at(c) },
    },
  ];
}

const openTransfer = (s: AssetState, transferId: string) => {
  notDisposed(s);
  const t = s.transfer;
  if (!t || t.transferId !== transferId) throw err('not_found', 'asset.transfer_not_found', '没有这笔转移', 'transferId');
  if (t.stage !== 'in_transit') throw err('rule', 'asset.transfer_not_approved', '转移尚未审批通过');
  return t;
};

export function handOverAsset(c: HandOverAsset, s: AssetState): AssetEvent[] {
  const t = openTransfer(s, c.data.transferId);
  if (actor(c) !== t.giverId) throw err('forbidden', 'asset.not_giver', '只有转出方保管人可以确认移交');
  if (t.handedOver) return [];
  return [
    {
      type: 'AssetHandedOver',
      data: {
        assetId: s.assetId,
        transferId: t.transferId,
        receiverId: t.receiverId!,
        by: c.metadata.actorId,
        onBehalfOf: c.metadata.onBehalfOf ?? null,
        at: at(c),
      },
    },
  ];
}

export function acceptTransfer(c: AcceptTransfer, s: AssetState): AssetEvent[] {
  const t = openTransfer(s, c.data.transferId);
  if (actor(c) !== t.receiverId) throw err('forbidden', 'asset.not_receiver', '只有接收方可以确认接收');
  if (!t.handedOver) throw err('rule', 'asset.not_handed_over', '转出方尚未确认移交');
  const date = shanghaiDate(at(c));
  return [
    {
      type: 'AssetTransferAccepted',
      data: {
        assetId: s.assetId,
        transferId: t.transferId,
        from: s.custody!,
        to: t.to,
        netValue: assetBookValue(s, date).netValue,
        by: c.metadata.actorId,
        onBehalfOf: c.metadata.onBehalfOf ?? null,
        at: at(c),
        date,
      },
    },
  ];
}

export function requestRepair(c: RequestRepair, s: AssetState): AssetEvent[] {
  notDisposed(s);
  if (!c.data.fault?.trim() || c.data.fault.length > 1000) throw err('invalid', 'asset.fault', '请描述故障（1000 字以内）', 'fault');
  if (s.repairs.some((r) => r.open)) throw err('rule', 'asset.repair_open', '该资产已有维修未完成');
  return [
    {
      type: 'AssetRepairRequested',
      data: {
        assetId: s.assetId,
        repairId: c.data.repairId,
        fault: c.data.fault.trim(),
        photos: c.data.photos,
        requestedBy: actor(c),
        at: at(c),
      },
    },
  ];
}

export function completeRepair(c: CompleteRepair, s: AssetState): AssetEvent[] {
  mustExist(s);
  const r = s.repairs.find((x) => x.repairId === c.data.repairId);
  if (!r) throw err('not_found', 'asset.repair_not_found', '没有这次维修', 'repairId');
  if (!r.open) throw err('rule', 'asset.repair_closed', '维修已完成');
  if (!c.data.vendor?.trim()) throw err('invalid', 'asset.vendor', '请填写维修单位', 'vendor');
  if (!Number.isInteger(c.data.cost) || c.data.cost < 0)
    throw err('invalid', 'asset.repair_cost', '维修费用须为不小于 0 的金额（分）', 'cost');
  return [
    {
      type: 'AssetRepairCompleted',
      data: {
        assetId: s.assetId,
        repairId: r.repairId,
        vendor: c.data.vendor.trim(),
        cost: c.data.cost,
        outcome: c.data.outcome,
        note: c.data.note ?? '',
        by: actor(c),
        at: at(c),
      },
    },
  ];
}

export function changeCategory(c: ChangeCategory, s: AssetState): AssetEvent[] {
  notDisposed(s);
  checkCategory(c.data.category);
  if (!isDate(c.data.effectiveDate) || c.data.effectiveDate < s.card!.acquisitionDate)
    throw err('invalid', 'asset.effective_date', '生效日期须为不早于取得日期的 YYYY-MM-DD', 'effectiveDate');
  if (c.data.category.code === s.category!.code) return [];
  return [
    {
      type: 'AssetCategoryChanged',
      data: {
        assetId: s.assetId,
        from: s.category!,
        to: c.data.category,
        effectiveDate: c.data.effectiveDate,
        reason: c.data.reason ?? '',
        by: actor(c),
        at: at(c),
      },
    },
  ];
}

export function adjustAsset(c: AdjustAsset, s: AssetState): AssetEvent[] {
  notDisposed(s);
  noOpenProcess(s);
  if (c.data.custodianId && !c.data.departmentId) throw err('invalid', 'asset.department', '有保管人时须指定使用部门', 'departmentId');
  return [
    {
      type: 'AssetAdjusted',
      data: {
        assetId: s.assetId,
        location: c.data.location ?? s.card!.location,
        departmentId: c.data.departmentId,
        custodianId: c.data.custodianId,
        stockTakeId: c.data.stockTakeId,
        reason: c.data.reason ?? '',
        by: actor(c),
        at: at(c),
      },
    },
  ];
}

export function requestDisposal(c: RequestDisposal, s: AssetState): AssetEvent[] {
  notDisposed(s);
  noOpenProcess(s);
  if (s.status === 'lent') throw err('rule', 'asset.lent', '资产借出中，归还后才能处置');
  if (!(DISPOSAL_METHODS as readonly string[]).includes(c.data.method))
    throw err('invalid', 'asset.disposal_method', '处置方式无效', 'method');
  if (!c.data.reason?.trim()) throw err('invalid', 'asset.disposal_reason', '请填写处置原因', 'reason');
  const today = shanghaiDate(at(c));
  return [
    {
      type: 'AssetDisposalRequested',
      data: {
        assetId: s.assetId,
        disposalId: c.data.disposalId,
        processId: c.data.processId,
        method: c.data.method,
        reason: c.data.reason.trim(),
        level: disposalLevel(s.card!.originalValue),
        netValue: assetBookValue(s, today).netValue,
        stockTakeId: c.data.stockTakeId,
        requestedBy: actor(c),
        at: at(c),
      },
    },
  ];
}

export function recordDisposalOutcome(c: RecordDisposalOutcome, s: AssetState): AssetEvent[] {
  mustExist(s);
  const d = s.disposal;
  if (!d || d.disposalId !== c.data.disposalId || d.processId !== c.data.processId || d.stage !== 'approving') return [];
  if (c.data.outcome === 'approved')
    return [{ type: 'AssetDisposalApproved', data: { assetId: s.assetId, disposalId: d.disposalId, processId: d.processId, at: at(c) } }];
  return [
    {
      type: 'AssetDisposalRejected',
      data: {
        assetId: s.assetId,
        disposalId: d.disposalId,
        processId: d.processId,
        outcome: c.data.outcome,
        opinion: c.data.opinion,
        at: at(c),
      },
    },
  ];
}

export function completeDisposal(c: CompleteDisposal, s: AssetState): AssetEvent[] {
  notDisposed(s);
  const d = s.disposal;
  if (!d || d.disposalId !== c.data.disposalId) throw err('not_found', 'asset.disposal_not_found', '没有这笔处置申请', 'disposalId');
  if (d.stage !== 'approved') throw err('rule', 'asset.disposal_not_approved', '处置尚未审批通过');
  if (!Number.isInteger(c.data.proceeds) || c.data.proceeds < 0)
    throw err('invalid', 'asset.proceeds', '处置收入须为不小于 0 的金额（分）', 'proceeds');
  const approvalRef = (c.data.approvalRef ?? '').trim();
  if (d.level === 'finance' && !approvalRef)
    throw err('invalid', 'asset.approval_ref', '原值 50 万元及以上的资产处置须填写财政批复文号', 'approvalRef');
  const today = shanghaiDate(at(c));
  const date = c.data.date ?? today;
  if (!isDate(date) || date > today || date < s.card!.acquisitionDate)
    throw err('invalid', 'asset.disposal_date', '处置日期须在取得日期与今天之间', 'date');
  return [
    {
      type: 'AssetDisposed',
      data: {
        assetId: s.assetId,
        disposalId: d.disposalId,
        method: d.method,
        proceeds: c.data.proceeds,
        approvalRef,
        date,
        netValue: assetBookValue(s, date).netValue,
        by: actor(c),
        at: at(c),
      },
    },
  ];
}

export function decideAsset(c: AssetCommand, s: AssetState): AssetEvent[] {
  switch (c.type) {
    case 'RegisterAsset':
      return registerAsset(c, s);
    case 'IssueAsset':
      return issueAsset(c, s);
    case 'ReturnAsset':
      return returnAsset(c, s);
    case 'LendAsset':
      return lendAsset(c, s);
    case 'ReturnLoan':
      return returnLoan(c, s);
    case 'RecordLoanOverdue':
      return recordLoanOverdue(c, s);
    case 'RequestTransfer':
      return requestTransfer(c, s);
    case 'RecordTransferOutcome':
      return recordTransferOutcome(c, s);
    case 'HandOverAsset':
      return handOverAsset(c, s);
    case 'AcceptTransfer':
      return acceptTransfer(c, s);
    case 'RequestRepair':
      return requestRepair(c, s);
    case 'CompleteRepair':
      return completeRepair(c, s);
    case 'ChangeCategory':
      return changeCategory(c, s);
    case 'AdjustAsset':
      return adjustAsset(c, s);
    case 'RequestDisposal':
      return requestDisposal(c, s);
    case 'RecordDisposalOutcome':
      return recordDisposalOutcome(c, s);
    case 'CompleteDisposal':
      return completeDisposal(c, s);
    default:
      return assertNever(c);
  }
}

export const assetDecider: Decider<AssetCommand, AssetEvent, AssetState> = {
  initialState: initialAssetState,
  decide: decideAsset,
  evolve: evolveAsset,
};
