/**
 * BudgetLine decider (预算控制). Pure; `metadata.now` is the time.
 *
 * Rules enforced here
 *  B1 Finance sets a line's 额度 (whole fen ≥ 0); never below what is already reserved plus spent.
 *  B2 提交 reserves (冻结) the claim's amount. Over the remaining budget it is refused with the numbers
 *     (expense.budget_exceeded) — unless the unit allows overspending, then the reservation is marked
 *     over budget and the unit leader must approve (claim.decide C6). No line: refused (expense.no_budget).
 *  B3 A reservation per claim: reserving again for the same claim and amount is a no-op.
 *  B4 Approval turns the reservation into spending; rejection or withdrawal releases it. Both are no-ops
 *     when the claim holds no reservation (already done).
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { evolveBudgetLine, initialBudgetLineState, remainingOf, type BudgetLineEvent, type BudgetLineState } from './budget-line.events';
import { fen } from './claim.decide';

export type SetBudgetLine = Command<
  'SetBudgetLine',
  { lineId: string; unitId: string; departmentId: string; year: number; category: string; amount: number; allowOverspend: boolean }
>;
export type ReserveBudget = Command<'ReserveBudget', { claimId: string; amount: number; year: number; category: string }>;
export type ReleaseBudget = Command<'ReleaseBudget', { claimId: string; reason: string }>;
export type SpendBudget = Command<'SpendBudget', { claimId: string }>;
export type BudgetLineCommand = SetBudgetLine | ReserveBudget | ReleaseBudget | SpendBudget;

export function decideBudgetLine(cmd: BudgetLineCommand, s: BudgetLineState): BudgetLineEvent[] {
  switch (cmd.type) {
    case 'SetBudgetLine':
      return setBudgetLine(cmd, s);
    case 'ReserveBudget':
      return reserveBudget(cmd, s);
    case 'ReleaseBudget':
      return releaseBudget(cmd, s);
    case 'SpendBudget':
      return spendBudget(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export function setBudgetLine(cmd: SetBudgetLine, s: BudgetLineState): BudgetLineEvent[] {
  const d = cmd.data;
  if (!Number.isInteger(d.amount) || d.amount < 0 || d.amount > 1e13)
    throw new DomainError('invalid', 'expense.budget_amount', '预算额度须为不小于 0 的整数（分）', 'amount');
  if (!Number.isInteger(d.year) || d.year < 2000 || d.year > 2100)
    throw new DomainError('invalid', 'expense.budget_year', '年度不正确', 'year');
  const used = s.reserved + s.spent;
  if (d.amount < used)
    throw new DomainError(
      'rule',
      'expense.budget_below_used',
      `额度不能低于已冻结与已支出之和 ${fen(used)} 元（已冻结 ${fen(s.reserved)} 元，已支出 ${fen(s.spent)} 元）`,
      'amount',
    );
  if (s.exists && s.amount === d.amount && s.allowOverspend === d.allowOverspend) return [];
  return [
    {
      type: 'BudgetLineSet',
      data: { ...d, setBy: cmd.metadata.onBehalfOf ?? cmd.metadata.actorId, at: cmd.metadata.now },
    },
  ];
}

export function reserveBudget(cmd: ReserveBudget, s: BudgetLineState): BudgetLineEvent[] {
  const d = cmd.data;
  if (!s.exists)
    throw new DomainError('rule', 'expense.no_budget', `本部门 ${d.year} 年度“${d.category}”未设预算额度，请联系财务`, 'amount');
  const held = s.reservations.get(d.claimId);
  if (held === d.amount) return []; // B3
  // a resubmission with another amount: the old reservation is replaced
  const available = remainingOf(s) + (held ?? 0);
  const over = d.amount > available;
  if (over && !s.allowOverspend)
    throw new DomainError(
      'rule',
      'expense.budget_exceeded',
      `超出预算：额度 ${fen(s.amount)} 元，已支出 ${fen(s.spent)} 元，已冻结 ${fen(s.reserved - (held ?? 0))} 元，可用 ${fen(available)} 元，本次报销 ${fen(d.amount)} 元`,
      'amount',
    );
  const at = cmd.metadata.now;
  const out: BudgetLineEvent[] = [];
  if (held !== undefined)
    out.push({ type: 'BudgetReservationReleased', data: { lineId: s.lineId!, claimId: d.claimId, amount: held, reason: '重新提交', at } });
  out.push({
    type: 'BudgetReserved',
    data: { lineId: s.lineId!, claimId: d.claimId, amount: d.amount, overBudget: over, remainingAfter: available - d.amount, at },
  });
  return out;
}

export function releaseBudget(cmd: ReleaseBudget, s: BudgetLineState): BudgetLineEvent[] {
  const held = s.reservations.get(cmd.data.claimId);
  if (held === undefined) return [];
  return [
    {
      type: 'BudgetReservationReleased',
      data: { lineId: s.lineId!, claimId: cmd.data.claimId, amount: held, reason: cmd.data.reason, at: cmd.metadata.now },
    },
  ];
}

export function spendBudget(cmd: SpendBudget, s: BudgetLineState): BudgetLineEvent[] {
  const held = s.reservations.get(cmd.data.claimId);
  if (held === undefined) return [];
  return [{ type: 'BudgetSpent', data: { lineId: s.lineId!, claimId: cmd.data.claimId, amount: held, at: cmd.metadata.now } }];
}

export const budgetLineDecider: Decider<BudgetLineCommand, BudgetLineEvent, BudgetLineState> = {
  initialState: initialBudgetLineState,
  decide: decideBudgetLine,
  evolve: evolveBudgetLine,
};
