import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { budgetLineDecider, type BudgetLineCommand } from './budget-line.decide';
import type { BudgetLineEvent } from './budget-line.events';
import { T0, md } from './testing';

const LINE = 'czj.czj-ysk.2026.差旅费';
const cmd = <C extends BudgetLineCommand>(type: C['type'], data: C['data'], actor = 'finance') =>
  ({ type, data, metadata: md(actor) }) as C;
const set = (amount: number, allowOverspend = false): BudgetLineEvent => ({
  type: 'BudgetLineSet',
  data: {
    lineId: LINE,
    unitId: 'czj',
    departmentId: 'czj-ysk',
    year: 2026,
    category: '差旅费',
    amount,
    allowOverspend,
    setBy: 'finance',
    at: T0,
  },
});
const setCmd = (amount: number, allowOverspend = false) =>
  cmd('SetBudgetLine', { lineId: LINE, unitId: 'czj', departmentId: 'czj-ysk', year: 2026, category: '差旅费', amount, allowOverspend });
const reserve = (claimId: string, amount: number) => cmd('ReserveBudget', { claimId, amount, year: 2026, category: '差旅费' }, 'staff');
const reserved = (claimId: string, amount: number, remainingAfter: number, overBudget = false): BudgetLineEvent => ({
  type: 'BudgetReserved',
  data: { lineId: LINE, claimId, amount, overBudget, remainingAfter, at: T0 },
});

describe('预算控制 (budget line)', () => {
  it('B1: finance sets the 额度; not below what is reserved and spent', () => {
    spec(budgetLineDecider)
      .given([])
      .when(setCmd(1_000_000))
      .then([set(1_000_000)]);
    const err = spec(budgetLineDecider)
      .given([set(1_000_000), reserved('c1', 600_000, 400_000)])
      .when(setCmd(500_000))
      .thenThrows('expense.budget_below_used');
    expect(err.field).toBe('amount');
  });

  it('B2: submitting reserves (冻结) the amount; the remaining is recorded', () => {
    // 10,000 元 budget, 3,000 元 claim → 7,000 元 left
    spec(budgetLineDecider)
      .given([set(1_000_000)])
      .when(reserve('c1', 300_000))
      .then([reserved('c1', 300_000, 700_000)]);
  });

  it('B2: a claim over the remaining budget is refused with the numbers', () => {
    // 10,000 额度; 3,000 spent; 6,000 reserved → 1,000 left; a 1,654.50 claim is refused
    const spent: BudgetLineEvent = { type: 'BudgetSpent', data: { lineId: LINE, claimId: 'c0', amount: 300_000, at: T0 } };
    const err = spec(budgetLineDecider)
      .given([set(1_000_000), reserved('c0', 300_000, 700_000), spent, reserved('c1', 600_000, 100_000)])
      .when(reserve('c2', 165_450))
      .thenThrows('expense.budget_exceeded');
    expect(err.message).toBe('超出预算：额度 10,000.00 元，已支出 3,000.00 元，已冻结 6,000.00 元，可用 1,000.00 元，本次报销 1,654.50 元');
  });

  it('B2: when the unit allows overspending, the reservation is marked over budget (the unit leader approves)', () => {
    spec(budgetLineDecider)
      .given([set(100_000, true)])
      .when(reserve('c1', 165_450))
      .then([reserved('c1', 165_450, -65_450, true)]);
  });

  it('B2: no budget line: refused', () => {
    spec(budgetLineDecider).given([]).when(reserve('c1', 100)).thenThrows('expense.no_budget');
  });

  it('B3: reserving again for the same claim and amount is a no-op; another amount replaces the reservation', () => {
    spec(budgetLineDecider)
      .given([set(1_000_000), reserved('c1', 300_000, 700_000)])
      .when(reserve('c1', 300_000))
      .then([]);
    spec(budgetLineDecider)
      .given([set(1_000_000), reserved('c1', 300_000, 700_000)])
      .when(reserve('c1', 200_000))
      .then([
        { type: 'BudgetReservationReleased', data: { lineId: LINE, claimId: 'c1', amount: 300_000, reason: '重新提交', at: T0 } },
        reserved('c1', 200_000, 800_000),
      ]);
  });

  it('B4: approval turns the reservation into spending; rejection releases it; both once', () => {
    const h = [set(1_000_000), reserved('c1', 300_000, 700_000)];
    const [spentEvt] = spec(budgetLineDecider)
      .given(h)
      .when(cmd('SpendBudget', { claimId: 'c1' }, 'system'))
      .then([{ type: 'BudgetSpent', data: { lineId: LINE, claimId: 'c1', amount: 300_000, at: T0 } }]);
    spec(budgetLineDecider)
      .given([...h, spentEvt])
      .when(cmd('SpendBudget', { claimId: 'c1' }, 'system'))
      .then([]);
    const [rel] = spec(budgetLineDecider)
      .given(h)
      .when(cmd('ReleaseBudget', { claimId: 'c1', reason: '审批不同意' }, 'system'))
      .then([{ type: 'BudgetReservationReleased', data: { lineId: LINE, claimId: 'c1', amount: 300_000, reason: '审批不同意', at: T0 } }]);
    const s = [...h, rel].reduce(budgetLineDecider.evolve, budgetLineDecider.initialState());
    expect([s.reserved, s.spent, s.amount - s.reserved - s.spent]).toEqual([0, 0, 1_000_000]);
    const s2 = [...h, spentEvt].reduce(budgetLineDecider.evolve, budgetLineDecider.initialState());
    expect([s2.reserved, s2.spent]).toEqual([0, 300_000]);
  });
});
