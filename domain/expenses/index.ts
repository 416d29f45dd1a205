/**
 * 费用 bounded context (pure). Public API:
 *  - claim (费用报销): expenseClaimDecider (stream expense-claim-<id>), ExpenseClaimEvent, ExpenseClaimState
 *  - budget-line (预算额度): budgetLineDecider (stream expense-budget-<unit>.<dept>.<year>.<category>)
 *  - rate-table (差旅费标准表): rateTableDecider (stream expense-rate-tables), SEED_RATE_TABLE
 *  - allowance: computeAllowance (伙食补助费、市内交通费, 住宿费 caps)
 *  - flow: expenseClaimDefinition (the 费用报销 workflow definition)
 *  - claim-approval reactor: the process's end → the claim (and its budget)
 *  - visibility: ledgerScope (who sees which ledger rows)
 *  - trips: contract A's TripApproved, declared locally
 */
export * from './allowance';
export * from './budget-line.decide';
export * from './budget-line.events';
export * from './claim-approval.reactor';
export * from './claim.decide';
export * from './claim.events';
export * from './flow';
export * from './rate-table';
export * from './rates';
export * from './trips';
export * from './visibility';
