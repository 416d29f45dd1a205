import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { purchaseDecider, type PurchaseCommand, type PurchaseEvent } from './purchase';
import { md, T0 } from './testing';

const cmd = <C extends PurchaseCommand>(type: C['type'], data: C['data'], actor = 'you-jia') => ({ type, data, metadata: md(actor) }) as C;
const item = {
  name: '便携式计算机',
  categoryCode: 'A02010105',
  specification: 'ThinkPad X1',
  quantity: 2,
  measureUnit: '台',
  estimatedUnitPrice: 800_000,
};
const request = {
  purchaseId: 'pu1',
  processId: 'p1',
  unitId: 'czj',
  departmentId: 'czj-ysk',
  title: '预算科办公电脑更新',
  budgetLine: '2026 年办公设备购置',
  fundingSource: '财政拨款',
  items: [item],
};
const requested: PurchaseEvent = {
  type: 'PurchaseRequested',
  data: { ...request, requesterId: 'you-jia', estimatedTotal: 1_600_000, at: T0 },
};
const approved: PurchaseEvent = {
  type: 'PurchaseApprovalEnded',
  data: { purchaseId: 'pu1', processId: 'p1', outcome: 'approved', opinion: '', at: T0 },
};
const receive = {
  supplier: '区政采中心',
  acquisitionDate: '2026-03-01',
  items: [{ item: 0, unitPrice: 780_000, serialNumbers: [], location: '301' }],
  assetIds: ['x1', 'x2'],
};

describe('采购申请', () => {
  it('P1: computes the estimated total; refuses an item without a price, naming it', () => {
    spec(purchaseDecider).given([]).when(cmd('RequestPurchase', request)).then([requested]);
    const e = spec(purchaseDecider)
      .given([])
      .when(cmd('RequestPurchase', { ...request, items: [{ ...item, estimatedUnitPrice: 0 }] }))
      .thenThrows('purchase.item_price');
    expect(e.field).toBe('items[0].estimatedUnitPrice');
  });
  it('P2: records the approval of its own process once', () => {
    spec(purchaseDecider)
      .given([requested])
      .when(cmd('RecordPurchaseOutcome', { purchaseId: 'pu1', processId: 'p1', outcome: 'approved', opinion: '' }, 'system'))
      .then([approved]);
    spec(purchaseDecider)
      .given([requested, approved])
      .when(cmd('RecordPurchaseOutcome', { purchaseId: 'pu1', processId: 'p1', outcome: 'approved', opinion: '' }, 'system'))
      .then([]);
  });
  it('P3: 验收 only after approval, one card per unit of quantity, at the actual prices', () => {
    spec(purchaseDecider).given([requested]).when(cmd('ReceivePurchase', receive)).thenThrows('purchase.not_approved');
    spec(purchaseDecider)
      .given([requested, approved])
      .when(cmd('ReceivePurchase', { ...receive, assetIds: ['x1'] }))
      .thenThrows('purchase.asset_ids');
    spec(purchaseDecider)
      .given([requested, approved])
      .when(cmd('ReceivePurchase', receive, 'yang-fan'))
      .then([
        {
          type: 'PurchaseReceived',
          data: {
            purchaseId: 'pu1',
            supplier: '区政采中心',
            acquisitionDate: '2026-03-01',
            items: receive.items,
            assetIds: ['x1', 'x2'],
            total: 1_560_000,
            receivedBy: 'yang-fan',
            at: T0,
          },
        },
      ]);
  });
});
