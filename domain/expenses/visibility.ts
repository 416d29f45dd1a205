/**
 * 费用台账的可见范围 (ledger visibility by rank and post), decided here and enforced by the server:
 *   V1 a person sees their own claims (expense.use alone: 科员);
 *   V2 a leader sees the claims their leader grant reaches — a 科长 (leader, 本部门及下级) the department,
 *      a 局长 (leader, 本单位) the unit — read from the scope of `report.read`, which leaders hold;
 *   V3 finance sees what its `expense.ledger` grant reaches: a unit's 会计 (本单位) the unit, the
 *      district 财政局 (全部) every unit;
 *   V4 the widest of these applies.
 */
import { DATA_SCOPES, type DataScope } from '../org';

export interface VisibilityGrants {
  /** Scopes the user holds each permission with (null: not held). */
  use: DataScope | null;
  ledger: DataScope | null;
  leader: DataScope | null;
}

export function ledgerScope(g: VisibilityGrants): DataScope | null {
  const candidates: DataScope[] = [];
  if (g.use) candidates.push('self');
  if (g.leader) candidates.push(g.leader);
  if (g.ledger) candidates.push(g.ledger);
  if (!candidates.length) return null;
  return candidates.reduce((a, b) => (DATA_SCOPES.indexOf(a) >= DATA_SCOPES.indexOf(b) ? a : b));
}
