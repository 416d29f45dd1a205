import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { assetDecider, disposalLevel, type AssetCommand } from './asset.decide';
import type { AssetEvent } from './asset.events';
import { COMPUTER, card, md, registered, T0 } from './testing';

const cmd = <C extends AssetCommand>(type: C['type'], data: C['data'], actor = 'yang-fan', now = T0, onBehalfOf: string | null = null) =>
  ({ type, data, metadata: md(actor, now, onBehalfOf) }) as C;
const to = { unitId: 'rsj', departmentId: 'rsj-jyk', custodianId: 'tao-ran' };
const requested: AssetEvent = {
  type: 'AssetTransferRequested',
  data: {
    assetId: 'a1',
    transferId: 't1',
    processId: 'p1',
    from: { unitId: 'czj', departmentId: 'czj-ysk', custodianId: 'you-jia' },
    to,
    reason: '工作调整',
    requestedBy: 'yang-fan',
    at: T0,
  },
};
const approved: AssetEvent = {
  type: 'AssetTransferApproved',
  data: { assetId: 'a1', transferId: 't1', processId: 'p1', giverId: 'you-jia', receiverId: 'tao-ran', at: T0 },
};
const handedOver: AssetEvent = {
  type: 'AssetHandedOver',
  data: { assetId: 'a1', transferId: 't1', receiverId: 'tao-ran', by: 'you-jia', onBehalfOf: null, at: T0 },
};
const disposed: AssetEvent = {
  type: 'AssetDisposed',
  data: {
    assetId: 'a1',
    disposalId: 'd1',
    method: '报废',
    proceeds: 0,
    approvalRef: '',
    date: '2026-03-01',
    netValue: 0,
    by: 'yang-fan',
    at: T0,
  },
};

describe('录入', () => {
  it('registers a card with its number, category and custody', () => {
    const e = registered();
    spec(assetDecider)
      .given([])
      .when(
        cmd('RegisterAsset', {
          ...(e.data as Extract<AssetEvent, { type: 'AssetRegistered' }>['data']),
          registeredBy: undefined,
          at: undefined,
        } as never),
      )
      .then([{ ...e, data: { ...e.data, at: T0 } } as AssetEvent]);
  });
  it('refuses a zero original value, a future acquisition date and a warranty ending before acquisition, naming the field', () => {
    const base = registered().data as Extract<AssetEvent, { type: 'AssetRegistered' }>['data'];
    const run = (over: Partial<ReturnType<typeof card>>) =>
      spec(assetDecider)
        .given([])
        .when(cmd('RegisterAsset', { ...base, card: card(over) })).thenThrows;
    expect(run({ originalValue: 0 })('asset.original_value').field).toBe('card.originalValue');
    expect(run({ acquisitionDate: '2026-03-03' })('asset.acquisition_future').field).toBe('card.acquisitionDate');
    expect(run({ warrantyEnd: '2024-01-01' })('asset.warranty_end').field).toBe('card.warrantyEnd');
    expect(run({ acquisitionDate: '2025-02-30' })('asset.acquisition_date').field).toBe('card.acquisitionDate');
  });
  it('registers a stream once', () => {
    spec(assetDecider)
      .given([registered()])
      .when(cmd('RegisterAsset', registered().data as never))
      .thenThrows('asset.exists');
  });
});

describe('领用 / 归还 / 借用', () => {
  it('issues an asset in stock to a department of its unit, not of another unit', () => {
    spec(assetDecider)
      .given([registered('a1', {}, null)])
      .when(cmd('IssueAsset', { departmentId: 'czj-ysk', departmentUnitId: 'czj', custodianId: 'you-jia' }))
      .then([{ type: 'AssetIssued', data: { assetId: 'a1', departmentId: 'czj-ysk', custodianId: 'you-jia', by: 'yang-fan', at: T0 } }]);
    spec(assetDecider)
      .given([registered('a1', {}, null)])
      .when(cmd('IssueAsset', { departmentId: 'rsj-jyk', departmentUnitId: 'rsj', custodianId: 'tao-ran' }))
      .thenThrows('asset.department_unit');
  });
  it('returns only an asset in use; issues only one in stock', () => {
    spec(assetDecider)
      .given([registered('a1', {}, null)])
      .when(cmd('ReturnAsset', {}))
      .thenThrows('asset.not_in_use');
    spec(assetDecider)
      .given([registered()])
      .when(cmd('IssueAsset', { departmentId: 'czj-ysk', departmentUnitId: 'czj', custodianId: 'lv-peng' }))
      .thenThrows('asset.not_in_stock');
  });
  it('lends with a due date after today and records an overdue reminder once, after the due date, naming borrower and custodian', () => {
    const lent: AssetEvent = {
      type: 'AssetLent',
      data: { assetId: 'a1', borrowerId: 'lv-peng', borrowerDepartmentId: 'czj-gkk', dueDate: '2026-03-05', by: 'yang-fan', at: T0 },
    };
    spec(assetDecider)
      .given([registered()])
      .when(cmd('LendAsset', { borrowerId: 'lv-peng', borrowerDepartmentId: 'czj-gkk', dueDate: '2026-03-02' }))
      .thenThrows('asset.due_date');
    spec(assetDecider)
      .given([registered()])
      .when(cmd('LendAsset', { borrowerId: 'lv-peng', borrowerDepartmentId: 'czj-gkk', dueDate: '2026-03-05' }))
      .then([lent]);
    const late = '2026-03-05T16:00:00.000Z';
    spec(assetDecider)
      .given([registered(), lent])
      .when(cmd('RecordLoanOverdue', { dueDate: '2026-03-05' }, 'system', late))
      .then([
        {
          type: 'AssetLoanOverdue',
          data: { assetId: 'a1', borrowerId: 'lv-peng', dueDate: '2026-03-05', notify: ['lv-peng', 'you-jia'], at: late },
        },
      ]);
    const overdue = {
      type: 'AssetLoanOverdue',
      data: { assetId: 'a1', borrowerId: 'lv-peng', dueDate: '2026-03-05', notify: [], at: late },
    } as AssetEvent;
    spec(assetDecider)
      .given([registered(), lent, overdue])
      .when(cmd('RecordLoanOverdue', { dueDate: '2026-03-05' }, 'system', late))
      .then([]);
    spec(assetDecider)
      .given([registered(), lent])
      .when(cmd('RecordLoanOverdue', { dueDate: '2026-03-05' }, 'system', '2026-03-05T10:00:00.000Z'))
      .then([]);
  });
});

describe('转移: approval, 在途, both sides confirm', () => {
  it('is refused for a disposed asset and while 在途', () => {
    spec(assetDecider)
      .given([registered(), disposed])
      .when(cmd('RequestTransfer', { transferId: 't2', processId: 'p2', to, reason: 'x' }))
      .thenThrows('asset.disposed');
    spec(assetDecider)
      .given([registered(), requested, approved])
      .when(cmd('RequestTransfer', { transferId: 't2', processId: 'p2', to, reason: 'x' }))
      .thenThrows('asset.in_transit');
    spec(assetDecider)
      .given([registered(), requested])
      .when(cmd('RequestTransfer', { transferId: 't2', processId: 'p2', to, reason: 'x' }))
      .thenThrows('asset.transfer_open');
  });
  it('records the approval with the giver (the custodian) and the receiver, decided here', () => {
    spec(assetDecider)
      .given([registered(), requested])
      .when(
        cmd(
          'RecordTransferOutcome',
          { transferId: 't1', processId: 'p1', outcome: 'approved', opinion: '', giverFallback: 'yang-fan', receiverFallback: 'hua-zhen' },
          'system',
        ),
      )
      .then([approved]);
  });
  it('falls back to the receiving unit admin when no custodian is named', () => {
    const noCustodian = { ...requested, data: { ...requested.data, to: { ...to, custodianId: null } } } as AssetEvent;
    const [e] = spec(assetDecider)
      .given([registered(), noCustodian])
      .when(
        cmd(
          'RecordTransferOutcome',
          { transferId: 't1', processId: 'p1', outcome: 'approved', opinion: '', giverFallback: 'yang-fan', receiverFallback: 'hua-zhen' },
          'system',
        ),
      )
      .then([{ ...approved, data: { ...approved.data, receiverId: 'hua-zhen' } } as AssetEvent]);
    expect(e).toBeTruthy();
  });
  it('ignores an outcome of another process', () => {
    spec(assetDecider)
      .given([registered(), requested])
      .when(
        cmd(
          'RecordTransferOutcome',
          { transferId: 't1', processId: 'old', outcome: 'approved', opinion: '', giverFallback: null, receiverFallback: null },
          'system',
        ),
      )
      .then([]);
  });
  it('only the giver hands over; only the receiver accepts, and only after the hand-over', () => {
    spec(assetDecider)
      .given([registered(), requested, approved])
      .when(cmd('HandOverAsset', { transferId: 't1' }, 'tao-ran'))
      .thenThrows('asset.not_giver');
    spec(assetDecider)
      .given([registered(), requested, approved])
      .when(cmd('HandOverAsset', { transferId: 't1' }, 'you-jia'))
      .then([handedOver]);
    spec(assetDecider)
      .given([registered(), requested, approved])
      .when(cmd('AcceptTransfer', { transferId: 't1' }, 'tao-ran'))
      .thenThrows('asset.not_handed_over');
    spec(assetDecider)
      .given([registered(), requested, approved, handedOver])
      .when(cmd('AcceptTransfer', { transferId: 't1' }, 'you-jia'))
      .thenThrows('asset.not_receiver');
  });
  it('accepting moves custody and the net book value of the day to the receiving unit', () => {
    const [e] = spec(assetDecider)
      .given([registered(), requested, approved, handedOver])
      .when(cmd('AcceptTransfer', { transferId: 't1' }, 'tao-ran'))
      .then([
        {
          type: 'AssetTransferAccepted',
          // 2026-03-02: Aug 2024 – Mar 2026 = 20 months of 10,000 → 520,000 left
          data: {
            assetId: 'a1',
            transferId: 't1',
            from: { unitId: 'czj', departmentId: 'czj-ysk', custodianId: 'you-jia' },
            to,
            netValue: 520_000,
            by: 'tao-ran',
            onBehalfOf: null,
            at: T0,
            date: '2026-03-02',
          },
        },
      ]);
    const s = [registered(), requested, approved, handedOver, e!].reduce(assetDecider.evolve, assetDecider.initialState());
    expect(s.custody).toEqual(to);
    expect(s.transfer).toBeNull();
  });
  it('a rejected transfer frees the asset', () => {
    const rejected = spec(assetDecider)
      .given([registered(), requested])
      .when(
        cmd(
          'RecordTransferOutcome',
          { transferId: 't1', processId: 'p1', outcome: 'rejected', opinion: '不同意', giverFallback: null, receiverFallback: null },
          'system',
        ),
      )
      .then([
        {
          type: 'AssetTransferRejected',
          data: { assetId: 'a1', transferId: 't1', processId: 'p1', outcome: 'rejected', opinion: '不同意', at: T0 },
        },
      ]);
    spec(assetDecider)
      .given([registered(), requested, ...rejected])
      .when(cmd('ReturnAsset', {}))
      .then([
        { type: 'AssetReturned', data: { assetId: 'a1', fromDepartmentId: 'czj-ysk', fromCustodianId: 'you-jia', by: 'yang-fan', at: T0 } },
      ]);
  });
});

describe('维修', () => {
  it('records a repair and its outcome; one open repair at a time', () => {
    const req = spec(assetDecider)
      .given([registered()])
      .when(cmd('RequestRepair', { repairId: 'r1', fault: '无法开机', photos: [] }, 'you-jia'))
      .then([
        {
          type: 'AssetRepairRequested',
          data: { assetId: 'a1', repairId: 'r1', fault: '无法开机', photos: [], requestedBy: 'you-jia', at: T0 },
        },
      ]);
    spec(assetDecider)
      .given([registered(), ...req])
      .when(cmd('RequestRepair', { repairId: 'r2', fault: '屏幕花屏', photos: [] }))
      .thenThrows('asset.repair_open');
    spec(assetDecider)
      .given([registered(), ...req])
      .when(cmd('CompleteRepair', { repairId: 'r1', vendor: '', cost: 100, outcome: 'repaired', note: '' }))
      .thenThrows('asset.vendor');
    spec(assetDecider)
      .given([registered(), ...req])
      .when(cmd('CompleteRepair', { repairId: 'r1', vendor: '联想服务站', cost: 35_000, outcome: 'repaired', note: '更换电源' }))
      .then([
        {
          type: 'AssetRepairCompleted',
          data: {
            assetId: 'a1',
            repairId: 'r1',
            vendor: '联想服务站',
            cost: 35_000,
            outcome: 'repaired',
            note: '更换电源',
            by: 'yang-fan',
            at: T0,
          },
        },
      ]);
  });
});

describe('报废 / 处置 with value thresholds', () => {
  it('sets the approval level by original value: < 5万 unit, 5万–50万 leader, ≥ 50万 finance', () => {
    expect(disposalLevel(4_999_999)).toBe('unit');
    expect(disposalLevel(5_000_000)).toBe('leader');
    expect(disposalLevel(49_999_999)).toBe('leader');
    expect(disposalLevel(50_000_000)).toBe('finance');
  });
  const request = (value: number) => {
    const [e] = spec(assetDecider)
      .given([registered('a1', { originalValue: value })])
      .when(cmd('RequestDisposal', { disposalId: 'd1', processId: 'p9', method: '报废', reason: '老化', stockTakeId: null }))
      .then([
        expect.objectContaining({
          type: 'AssetDisposalRequested',
          data: expect.objectContaining({ level: disposalLevel(value), method: '报废' }),
        }) as unknown as AssetEvent,
      ]);
    return [
      registered('a1', { originalValue: value }),
      e!,
      { type: 'AssetDisposalApproved', data: { assetId: 'a1', disposalId: 'd1', processId: 'p9', at: T0 } } as AssetEvent,
    ];
  };
  it('completes only after approval; at the finance level only with the 财政批复文号', () => {
    const big = request(60_000_000);
    spec(assetDecider)
      .given(big.slice(0, 2))
      .when(cmd('CompleteDisposal', { disposalId: 'd1', proceeds: 0, approvalRef: '' }))
      .thenThrows('asset.disposal_not_approved');
    expect(
      spec(assetDecider)
        .given(big)
        .when(cmd('CompleteDisposal', { disposalId: 'd1', proceeds: 0, approvalRef: ' ' }))
        .thenThrows('asset.approval_ref').field,
    ).toBe('approvalRef');
    spec(assetDecider)
      .given(big)
      .when(cmd('CompleteDisposal', { disposalId: 'd1', proceeds: 120_000, approvalRef: '区财资〔2026〕3号' }))
      .then([
        expect.objectContaining({
          type: 'AssetDisposed',
          data: expect.objectContaining({ proceeds: 120_000, approvalRef: '区财资〔2026〕3号', date: '2026-03-02' }),
        }) as unknown as AssetEvent,
      ]);
    const small = request(720_000);
    spec(assetDecider)
      .given(small)
      .when(cmd('CompleteDisposal', { disposalId: 'd1', proceeds: 0, approvalRef: '' }))
      .then([expect.objectContaining({ type: 'AssetDisposed' }) as unknown as AssetEvent]);
  });
  it('is refused while 在途, and every command after disposal is refused', () => {
    spec(assetDecider)
      .given([registered(), requested, approved])
      .when(cmd('RequestDisposal', { disposalId: 'd1', processId: 'p9', method: '报废', reason: 'x', stockTakeId: null }))
      .thenThrows('asset.in_transit');
    spec(assetDecider)
      .given([registered(), disposed])
      .when(cmd('RequestRepair', { repairId: 'r', fault: 'x', photos: [] }))
      .thenThrows('asset.disposed');
    spec(assetDecider)
      .given([registered(), disposed])
      .when(cmd('RequestDisposal', { disposalId: 'd2', processId: 'p', method: '报废', reason: 'x', stockTakeId: null }))
      .thenThrows('asset.disposed');
  });
});

describe('分类变更', () => {
  it('records the new category from an effective date not before acquisition', () => {
    const furniture = { code: 'A05010000', name: '家具', usefulLifeMonths: 180 };
    spec(assetDecider)
      .given([registered()])
      .when(cmd('ChangeCategory', { category: furniture, effectiveDate: '2024-01-01', reason: '' }))
      .thenThrows('asset.effective_date');
    spec(assetDecider)
      .given([registered()])
      .when(cmd('ChangeCategory', { category: furniture, effectiveDate: '2025-06-20', reason: '错分' }))
      .then([
        {
          type: 'AssetCategoryChanged',
          data: { assetId: 'a1', from: COMPUTER, to: furniture, effectiveDate: '2025-06-20', reason: '错分', by: 'yang-fan', at: T0 },
        },
      ]);
  });
});
