import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { validateDefinition } from '../workflow';
import {
  expenseClaimDecider,
  type DraftClaim,
  type ExpenseClaimCommand,
  type PayClaim,
  type RecordClaimApprovalOutcome,
  type SubmitClaim,
} from './claim.decide';
import type { ExpenseClaimDrafted, ExpenseClaimEvent } from './claim.events';
import { expenseClaimDefinition } from './flow';
import { SEED_RATE_TABLE } from './rates';
import { T0, TRIP, md } from './testing';

const T1 = '2026-03-17T02:00:00.000Z';
const cmd = <C extends ExpenseClaimCommand>(type: C['type'], data: C['data'], actor = 'staff', now = T1) =>
  ({ type, data, metadata: md(actor, now) }) as C;

const travelInput = (over: Partial<DraftClaim['data']> = {}): DraftClaim['data'] => ({
  claimId: 'c1',
  kind: '差旅费',
  unitId: 'czj',
  departmentId: 'czj-ysk',
  claimantName: '许文博',
  trip: TRIP,
  title: '广州、深圳调研差旅费',
  payee: '许文博',
  account: '6222020200112233445',
  rank: '科员',
  rateTables: [SEED_RATE_TABLE],
  lines: [
    { date: '2026-03-10', item: '城市间交通费', amount: 21450, invoiceNo: 'G6011-01' },
    { date: '2026-03-10', item: '住宿费', amount: 42000, invoiceNo: 'FP001', city: '广州', nights: 1 },
    { date: '2026-03-11', item: '住宿费', amount: 48000, invoiceNo: 'FP002', city: '深圳', nights: 1 },
  ],
  ...over,
});

function drafted(over: Partial<DraftClaim['data']> = {}, actor = 'staff'): ExpenseClaimEvent {
  return expenseClaimDecider.decide(cmd<DraftClaim>('DraftClaim', travelInput(over), actor, T0), expenseClaimDecider.initialState())[0];
}
const submitted = (processId = 'p1', overBudget = false): ExpenseClaimEvent[] =>
  expenseClaimDecider.decide(
    cmd<SubmitClaim>('SubmitClaim', { processId, budgetLineId: 'czj.czj-ysk.2026.差旅费', overBudget }),
    expenseClaimDecider.evolve(expenseClaimDecider.initialState(), drafted()),
  );
const approved: ExpenseClaimEvent = {
  type: 'ExpenseClaimApproved',
  data: { claimId: 'c1', processId: 'p1', approverId: 'qin-tao', opinion: '同意', at: T1 },
};

describe('草稿: a travel claim from an approved trip (C2, C3, C4)', () => {
  it('takes the trip, computes 伙食补助费 and 市内交通费, and shows each hotel line with its cap', () => {
    const e = drafted() as ExpenseClaimDrafted;
    expect(e.type).toBe('ExpenseClaimDrafted');
    expect(e.data.trip).toEqual(TRIP);
    expect(e.data.year).toBe(2026);
    expect(e.data.allowance).toMatchObject({ days: 3, grade: 'other', meals: 30000, localTransport: 24000, tablesUsed: ['cx-2016-71'] });
    expect(e.data.lines.map((l) => [l.item, l.amount, l.cap ?? null, l.overCap ?? null])).toEqual([
      ['城市间交通费', 21450, null, null],
      ['住宿费', 42000, 45000, false],
      ['住宿费', 48000, 50000, false],
      ['伙食补助费', 30000, null, null],
      ['市内交通费', 24000, null, null],
    ]);
    // 214.50 + 420 + 480 + 300 + 240 = 1,654.50 元
    expect(e.data.amount).toBe(165450);
  });

  it('a companion claims the same trip with their own rank', () => {
    const e = drafted({ claimantName: '秦涛', rank: '正科' }, 'qin-tao') as ExpenseClaimDrafted;
    expect(e.data.claimantId).toBe('qin-tao');
  });

  it('someone not on the trip is refused', () => {
    spec(expenseClaimDecider)
      .given([])
      .when(cmd('DraftClaim', travelInput(), 'lv-peng'))
      .thenThrows('expense.not_on_trip');
  });

  it('a travel claim needs a trip; other kinds have none', () => {
    spec(expenseClaimDecider)
      .given([])
      .when(cmd('DraftClaim', travelInput({ trip: null })))
      .thenThrows('expense.trip_required');
    spec(expenseClaimDecider)
      .given([])
      .when(cmd('DraftClaim', travelInput({ kind: '办公费' })))
      .thenThrows('expense.trip_not_travel');
  });

  it('a hotel line over its cap without a reason is refused, naming the numbers and the line', () => {
    const lines = travelInput().lines.map((l, i) => (i === 2 ? { ...l, amount: 52000 } : l));
    const err = spec(expenseClaimDecider)
      .given([])
      .when(cmd('DraftClaim', travelInput({ lines })))
      .thenThrows('expense.over_cap_reason');
    expect(err.field).toBe('lines[2].reason');
    expect(err.message).toContain('520.00');
    expect(err.message).toContain('500.00');
  });

  it('with a reason the over-cap line is kept, flagged, and the unit leader must approve (C6)', () => {
    const lines = travelInput().lines.map((l, i) => (i === 2 ? { ...l, amount: 52000, reason: '会期酒店协议价' } : l));
    const d = drafted({ lines }) as ExpenseClaimDrafted;
    expect(d.data.lines[2]).toMatchObject({ overCap: true, cap: 50000, reason: '会期酒店协议价' });
    const [s] = expenseClaimDecider.decide(
      cmd<SubmitClaim>('SubmitClaim', { processId: 'p1', budgetLineId: 'b', overBudget: false }),
      expenseClaimDecider.evolve(expenseClaimDecider.initialState(), d),
    );
    expect(s.data).toMatchObject({ approval: 'unit', reasons: ['住宿费超标准'] });
  });

  it('nobody types the computed allowances', () => {
    const lines = [...travelInput().lines, { date: '2026-03-12', item: '伙食补助费', amount: 10000 }];
    spec(expenseClaimDecider)
      .given([])
      .when(cmd('DraftClaim', travelInput({ lines })))
      .thenThrows('expense.allowance_computed');
  });

  it('a hotel stay outside the trip is refused; amounts are whole fen > 0', () => {
    const outside = travelInput().lines.map((l, i) => (i === 2 ? { ...l, date: '2026-03-12' } : l));
    spec(expenseClaimDecider)
      .given([])
      .when(cmd('DraftClaim', travelInput({ lines: outside })))
      .thenThrows('expense.hotel_outside_trip');
    const cents = travelInput().lines.map((l, i) => (i === 0 ? { ...l, amount: 12.5 } : l));
    const err = spec(expenseClaimDecider)
      .given([])
      .when(cmd('DraftClaim', travelInput({ lines: cents })))
      .thenThrows('expense.line_amount');
    expect(err.field).toBe('lines[0].amount');
  });

  it('the same trip cannot be claimed twice by the same person', () => {
    spec(expenseClaimDecider).given([drafted()]).when(cmd('DraftClaim', travelInput())).thenThrows('expense.trip_already_claimed');
  });
});

describe('提交 and who approves (C1, C6)', () => {
  it('up to 5,000 元 within budget: the department leader only', () => {
    expect(submitted()[0].data).toMatchObject({ processId: 'p1', round: 1, amount: 165450, approval: 'department', reasons: [] });
  });

  it('over 5,000 元 or over budget: the unit leader too, with the reasons recorded', () => {
    const big = travelInput({ lines: [{ date: '2026-03-10', item: '城市间交通费', amount: 600000, invoiceNo: 'X' }] });
    const d = expenseClaimDecider.decide(cmd<DraftClaim>('DraftClaim', big, 'staff', T0), expenseClaimDecider.initialState());
    const [s] = expenseClaimDecider.decide(
      cmd<SubmitClaim>('SubmitClaim', { processId: 'p1', budgetLineId: 'b', overBudget: true }),
      d.reduce(expenseClaimDecider.evolve, expenseClaimDecider.initialState()),
    );
    expect(s.data).toMatchObject({ approval: 'unit', reasons: ['金额超过 5,000 元', '超出预算额度'] });
  });

  it('only the claimant submits; a retry of the same submission is a no-op; a submitted claim cannot be revised', () => {
    spec(expenseClaimDecider)
      .given([drafted()])
      .when(cmd('SubmitClaim', { processId: 'p1', budgetLineId: 'b', overBudget: false }, 'qin-tao'))
      .thenThrows('expense.not_claimant');
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted()])
      .when(cmd('SubmitClaim', { processId: 'p1', budgetLineId: 'b', overBudget: false }))
      .then([]);
    const { claimId: _c, kind: _k, unitId: _u, departmentId: _d, claimantName: _n, trip: _t, ...body } = travelInput();
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted()])
      .when(cmd('ReviseClaim', body))
      .thenThrows('expense.wrong_stage');
  });
});

describe('审批结果 (C7)', () => {
  const outcome = (o: RecordClaimApprovalOutcome['data']['outcome'], processId = 'p1') =>
    cmd<RecordClaimApprovalOutcome>(
      'RecordClaimApprovalOutcome',
      { processId, outcome: o, actorId: 'qin-tao', opinion: '同意', at: T1 },
      'system',
    );

  it('approval is recorded once; a repeat is ignored; another process is refused', () => {
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted()])
      .when(outcome('approved'))
      .then([approved]);
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted(), approved])
      .when(outcome('approved'))
      .then([]);
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted()])
      .when(outcome('approved', 'p0'))
      .thenThrows('expense.process_mismatch');
  });

  it('a rejection returns the claim to 草稿 so it can be corrected and submitted again', () => {
    const ended: ExpenseClaimEvent = {
      type: 'ExpenseClaimApprovalEnded',
      data: { claimId: 'c1', processId: 'p1', outcome: 'rejected', actorId: 'qin-tao', opinion: '同意', at: T1 },
    };
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted()])
      .when(outcome('rejected'))
      .then([ended]);
    const s = [drafted(), ...submitted(), ended].reduce(expenseClaimDecider.evolve, expenseClaimDecider.initialState());
    expect(s.status).toBe('draft');
    const [again] = expenseClaimDecider.decide(
      cmd<SubmitClaim>('SubmitClaim', { processId: 'p2', budgetLineId: 'b', overBudget: false }),
      s,
    );
    expect(again.data).toMatchObject({ round: 2, processId: 'p2' });
  });
});

describe('支付 (C8)', () => {
  const pay = (paymentId = 'pay1', actor = 'finance') =>
    cmd<PayClaim>('PayClaim', { paymentId, paidOn: '2026-03-17', method: '银行转账', voucherNo: '记-2026-0317', payerName: '会计' }, actor);
  const paid: ExpenseClaimEvent = {
    type: 'ExpenseClaimPaid',
    data: {
      claimId: 'c1',
      paymentId: 'pay1',
      amount: 165450,
      paidOn: '2026-03-17',
      method: '银行转账',
      voucherNo: '记-2026-0317',
      paidBy: 'finance',
      paidByName: '会计',
      at: T1,
    },
  };

  it('finance pays an approved claim once; a second payment is refused naming the first voucher', () => {
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted(), approved])
      .when(pay())
      .then([paid]);
    const err = spec(expenseClaimDecider)
      .given([drafted(), ...submitted(), approved, paid])
      .when(pay('pay2'))
      .thenThrows('expense.already_paid');
    expect(err.message).toContain('记-2026-0317');
    // the same payment again (a retry) is a no-op
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted(), approved, paid])
      .when(pay('pay1'))
      .then([]);
  });

  it('an unapproved claim is not paid, and nobody pays their own claim', () => {
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted()])
      .when(pay())
      .thenThrows('expense.wrong_stage');
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted(), approved])
      .when(pay('pay1', 'staff'))
      .thenThrows('expense.pay_own_claim');
  });

  it('a reversal is its own event with a reason, and the claim can be paid again', () => {
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted(), approved, paid])
      .when(cmd('ReversePayment', { reason: '' }, 'finance'))
      .thenThrows('expense.reversal_reason');
    const [rev] = spec(expenseClaimDecider)
      .given([drafted(), ...submitted(), approved, paid])
      .when(cmd('ReversePayment', { reason: '收款账号有误，银行退回' }, 'finance'))
      .then([
        {
          type: 'ExpenseClaimPaymentReversed',
          data: { claimId: 'c1', paymentId: 'pay1', amount: 165450, reason: '收款账号有误，银行退回', reversedBy: 'finance', at: T1 },
        },
      ]);
    spec(expenseClaimDecider)
      .given([drafted(), ...submitted(), approved, paid, rev])
      .when(pay('pay2'))
      .then([{ ...paid, data: { ...(paid.data as object), paymentId: 'pay2' } } as ExpenseClaimEvent]);
  });
});

describe('the 费用报销 process definition', () => {
  it('is a valid workflow definition', () => {
    expect(validateDefinition(expenseClaimDefinition())).toEqual([]);
  });
});
