/** 费用 read side: the 'expenses' projection (claimable trips, ledger, payments, budget lines) and its queries. */
export * from './projection';
export * from './queries';
