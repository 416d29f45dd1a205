/**
 * AssetPurchase (采购申请): stream `asset-purchase-<id>`. Requested with items, estimated amounts and a
 * budget line → approved on the workflow engine (采购审批, amount conditions; the reactor records the
 * outcome) → 验收 (received): the actual prices and supplier; the cards are created from it (one per
 * unit of quantity for equipment, the ids recorded here so that a retry creates the same cards).
 *
 * Rules
 *   P1 At least one item; each with a name, a category, quantity 1–1000 and an estimated unit price > 0 (fen);
 *      a budget line (预算项目) is required. The estimated total is computed here.
 *   P2 The outcome of the approval is recorded once, for the process this request started.
 *   P3 验收 only after approval, once; every item received with an actual unit price > 0, a supplier
 *      and an acquisition date not in the future; the asset ids are fixed in the event.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { shanghaiDate } from './asset.decide';

export const purchaseStreamId = (id: string) => `asset-purchase-${id}`;

export interface PurchaseItem {
  name: string;
  categoryCode: string;
  specification: string;
  quantity: number;
  measureUnit: string;
  /** fen */
  estimatedUnitPrice: number;
}
export interface ReceivedItem {
  /** Index into the request's items. */
  item: number;
  unitPrice: number;
  serialNumbers: string[];
  location: string;
}

export type PurchaseRequested = DomainEvent<
  'PurchaseRequested',
  {
    purchaseId: string;
    processId: string;
    unitId: string;
    departmentId: string;
    requesterId: string;
    title: string;
    budgetLine: string;
    fundingSource: string;
    items: PurchaseItem[];
    estimatedTotal: number;
    at: string;
  }
>;
export type PurchaseApprovalEnded = DomainEvent<
  'PurchaseApprovalEnded',
  { purchaseId: string; processId: string; outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled'; opinion: string; at: string }
>;
export type PurchaseReceived = DomainEvent<
  'PurchaseReceived',
  {
    purchaseId: string;
    supplier: string;
    acquisitionDate: string;
    items: ReceivedItem[];
    assetIds: string[];
    total: number;
    receivedBy: string;
    at: string;
  }
>;
export type PurchaseEvent = PurchaseRequested | PurchaseApprovalEnded | PurchaseReceived;
export const PURCHASE_EVENT_TYPES = [
  'PurchaseRequested',
  'PurchaseApprovalEnded',
  'PurchaseReceived',
] as const satisfies readonly PurchaseEvent['type'][];

export interface PurchaseState {
  status: 'none' | 'approving' | 'approved' | 'rejected' | 'received';
  request: PurchaseRequested['data'] | null;
  assetIds: string[];
}

export type RequestPurchase = Command<'RequestPurchase', Omit<PurchaseRequested['data'], 'estimatedTotal' | 'at' | 'requesterId'>>;
export type RecordPurchaseOutcome = Command<'RecordPurchaseOutcome', Omit<PurchaseApprovalEnded['data'], 'at'>>;
export type ReceivePurchase = Command<
  'ReceivePurchase',
  { supplier: string; acquisitionDate: string; items: ReceivedItem[]; assetIds: string[] }
>;
export type PurchaseCommand = RequestPurchase | RecordPurchaseOutcome | ReceivePurchase;

const bad = (code: string, msg: string, field: string) => new DomainError('invalid', code, msg, field);

export function requestPurchase(c: RequestPurchase, s: PurchaseState): PurchaseEvent[] {
  if (s.status !== 'none') throw new DomainError('conflict', 'purchase.exists', '采购申请已提交');
  const d = c.data;
  if (!d.title?.trim()) throw bad('purchase.title', '请填写采购事由', 'title');
  if (!d.budgetLine?.trim()) throw bad('purchase.budget_line', '请填写预算项目', 'budgetLine');
  if (!d.items.length || d.items.length > 100) throw bad('purchase.items', '请填写 1 到 100 项采购明细', 'items');
  d.items.forEach((it, i) => {
    if (!it.name?.trim()) throw bad('purchase.item_name', `第 ${i + 1} 项：请填写名称`, `items[${i}].name`);
    if (!it.categoryCode) throw bad('purchase.item_category', `第 ${i + 1} 项：请选择资产分类`, `items[${i}].categoryCode`);
    if (!Number.isInteger(it.quantity) || it.quantity < 1 || it.quantity > 1000)
      throw bad('purchase.item_quantity', `第 ${i + 1} 项：数量须为 1 到 1000`, `items[${i}].quantity`);
    if (!Number.isInteger(it.estimatedUnitPrice) || it.estimatedUnitPrice <= 0)
      throw bad('purchase.item_price', `第 ${i + 1} 项：预估单价须大于 0（分）`, `items[${i}].estimatedUnitPrice`);
  });
  const estimatedTotal = d.items.reduce((n, it) => n + it.quantity * it.estimatedUnitPrice, 0);
  return [
    {
      type: 'PurchaseRequested',
      data: { ...d, requesterId: c.metadata.onBehalfOf ?? c.metadata.actorId, estimatedTotal, at: c.metadata.now },
    },
  ];
}

export function recordPurchaseOutcome(c: RecordPurchaseOutcome, s: PurchaseState): PurchaseEvent[] {
  if (s.status !== 'approving' || s.request?.processId !== c.data.processId) return [];
  return [{ type: 'PurchaseApprovalEnded', data: { ...c.data, at: c.metadata.now } }];
}

/** The number of cards 验收 creates: one per unit of quantity. */
export const cardsOf = (s: PurchaseState) => (s.request?.items ?? []).reduce((n, it) => n + it.quantity, 0);

export function receivePurchase(c: ReceivePurchase, s: PurchaseState): PurchaseEvent[] {
  if (s.status === 'none') throw new DomainError('not_found', 'purchase.not_found', '采购申请不存在');
  if (s.status === 'received') throw new DomainError('rule', 'purchase.received', '已验收');
  if (s.status !== 'approved') throw new DomainError('rule', 'purchase.not_approved', '采购申请尚未审批通过');
  const d = c.data;
  if (!d.supplier?.trim()) throw bad('purchase.supplier', '请填写供应商', 'supplier');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.acquisitionDate) || d.acquisitionDate > shanghaiDate(c.metadata.now))
    throw bad('purchase.acquisition_date', '验收日期须为不晚于今天的 YYYY-MM-DD', 'acquisitionDate');
  const items = s.request!.items;
  if (d.items.length !== items.length || d.items.some((r, i) => r.item !== i))
    throw bad('purchase.received_items', '须逐项验收全部采购明细', 'items');
  d.items.forEach((r, i) => {
    if (!Number.isInteger(r.unitPrice) || r.unitPrice <= 0)
      throw bad('purchase.unit_price', `第 ${i + 1} 项：实际单价须大于 0（分）`, `items[${i}].unitPrice`);
  });
  if (d.assetIds.length !== cardsOf(s)) throw bad('purchase.asset_ids', '资产卡片数与采购数量不符', 'assetIds');
  const total = d.items.reduce((n, r, i) => n + r.unitPrice * items[i]!.quantity, 0);
  return [
    {
      type: 'PurchaseReceived',
      data: {
        purchaseId: s.request!.purchaseId,
        supplier: d.supplier.trim(),
        acquisitionDate: d.acquisitionDate,
        items: d.items,
        assetIds: d.assetIds,
        total,
        receivedBy: c.metadata.onBehalfOf ?? c.metadata.actorId,
        at: c.metadata.now,
      },
    },
  ];
}

export const purchaseDecider: Decider<PurchaseCommand, PurchaseEvent, PurchaseState> = {
  initialState: () => ({ status: 'none', request: null, assetIds: [] }),
  decide: (c, s) => {
    switch (c.type) {
      case 'RequestPurchase':
        return requestPurchase(c, s);
      case 'RecordPurchaseOutcome':
        return recordPurchaseOutcome(c, s);
      case 'ReceivePurchase':
        return receivePurchase(c, s);
      default:
        return assertNever(c);
    }
  },
  evolve: (s, e) => {
    switch (e.type) {
      case 'PurchaseRequested':
        return { ...s, status: 'approving', request: e.data };
      case 'PurchaseApprovalEnded':
        return { ...s, status: e.data.outcome === 'approved' ? 'approved' : 'rejected' };
      case 'PurchaseReceived':
        return { ...s, status: 'received', assetIds: e.data.assetIds };
      default:
        return assertNever(e);
    }
  },
};
