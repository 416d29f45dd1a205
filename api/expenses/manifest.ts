import { ExpenseCommands } from '../../commands/expenses';
import { claimApprovalReactor, type RecordClaimApproval } from '../../domain/expenses/claim-approval.reactor';
import { expenseProjection } from '../../projections/expenses';
import { FACT_EXPENSE_PAYMENT, expenseFacts } from '../../projections/expenses/expense-facts';
import { expenseInboxContribution } from '../../projections/expenses/inbox-contribution';
import { EXPENSE_REPORTS } from '../../reports/expenses/definitions';
import { tripOf } from '../../projections/expenses/queries';
import { CLAIM_DEFINITION_KEY } from '../../domain/expenses/flow';
import type { ModuleManifest } from '../modules/manifest';
import type { Platform } from '../platform';
import { seedExpenseDemo } from './demo-seed';
import { expenseRoutes } from './routes';

/** The command side as the reactor and the seeds use it (trips from the expenses read model). */
export function expenseCommandsOf(p: Platform): ExpenseCommands {
  return new ExpenseCommands(p.commands, { trip: (tripId, personId) => tripOf(p.readDb, tripId, personId) });
}

/** 费用: 报销 (差旅费 from an approved 国内出差, allowances by the rules), 预算控制, 支付, 费用台账, 统计. */
export const expensesModule: ModuleManifest = {
  name: 'expenses',
  title: '费用管理',
  menu: { path: 'expenses', label: '费用', icon: '费', anyOf: ['expense.use', 'expense.ledger'], order: 30 },
  permissions: ['expense.use', 'expense.ledger'],
  routes: (p) => expenseRoutes(p),
  projections: () => [expenseProjection()],
  inbox: [expenseInboxContribution],
  // a claim reserves its budget and carries its lines: the process starts with the claim, from 费用 → 新建报销
  ownProcesses: [{ definitionKey: CLAIM_DEFINITION_KEY, startFrom: '报销请从 费用 → 新建报销 发起（预算冻结与补助计算随报销单一起）' }],
  facts: { tables: [FACT_EXPENSE_PAYMENT], mappers: [expenseFacts] },
  reports: EXPENSE_REPORTS,
  reactors: (p) => {
    const exp = expenseCommandsOf(p);
    return [{ reactor: claimApprovalReactor, dispatch: (cmd, ctx) => exp.recordApproval(cmd as RecordClaimApproval, ctx) }];
  },
  seed: {
    definitions: (p) => expenseCommandsOf(p).seedDefinitions(),
    demo: (p, log) => seedExpenseDemo(p, log),
  },
};
