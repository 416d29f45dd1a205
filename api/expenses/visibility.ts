import { ledgerScope } from '../../domain/expenses/visibility';
import type { LedgerScope } from '../../projections/expenses/queries';
import { recordDenial, scopeReaches } from '../auth/access';
import { scopeFor, type Principal } from '../auth/principal';
import { forbidden } from '../http/problem';
import type { RouteContext } from '../http/registry';
import type { Platform } from '../platform';

/**
 * The caller's 费用台账 scope (domain/expenses/visibility.ts ledgerScope over their grants), resolved to
 * the departments it reaches. No expense permission at all: a recorded 403.
 */
export async function ledgerScopeOf(p: Platform, ctx: RouteContext): Promise<LedgerScope> {
  const who = ctx.principal;
  const scope = ledgerScope({
    use: scopeFor(who, 'expense.use'),
    ledger: scopeFor(who, 'expense.ledger'),
    leader: scopeFor(who, 'report.read'),
  });
  if (!scope) {
    await recordDenial(p, ctx.req, ctx, 403, 'missing_permission', 'expense.use', who.userId, null, who.unitId);
    throw forbidden('您没有“报销申请”或“费用台账”权限');
  }
  const departmentIds = who.departmentId
    ? scope === 'department_tree'
      ? await p.org.departmentSubtree(who.departmentId)
      : [who.departmentId]
    : [];
  return { scope, userId: who.userId, unitId: who.unitId, departmentIds };
}

/** May the caller see this claim (its ledger scope reaches it)? */
export async function reachesClaim(
  p: Platform,
  who: Principal,
  scope: LedgerScope,
  claim: { unitId: string | null; departmentId: string | null; claimantId: string | null },
): Promise<boolean> {
  return scopeReaches(p, who, scope.scope, { unitId: claim.unitId, departmentId: claim.departmentId, ownerId: claim.claimantId });
}

/** Does the caller hold `expense.ledger` (finance) with a scope reaching the claim's unit? */
export async function financeReaches(p: Platform, who: Principal, claim: { unitId: string | null }): Promise<boolean> {
  const s = scopeFor(who, 'expense.ledger');
  if (!s) return false;
  return scopeReaches(p, who, s, { unitId: claim.unitId });
}
