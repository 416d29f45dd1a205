import type { ExpenseCommands, ExpenseContext } from '../../commands/expenses';
import type { ExpenseClaimState } from '../../domain/expenses/claim.events';
import type { RouteContext } from '../http/registry';
import type { Platform } from '../platform';
import { financeReaches } from './visibility';

export type ClaimAction = 'edit' | 'submit' | 'withdraw' | 'approve' | 'reject' | 'pay' | 'reverse';

/**
 * What the caller may do with a claim now, found by probing the claim decider with each command they
 * could send (and, for 审批, the workflow's own answer for their task); the web shows only these.
 */
export async function claimAllowedActions(
  p: Platform,
  exp: ExpenseCommands,
  s: ExpenseClaimState,
  ctx: RouteContext,
  ectx: ExpenseContext,
  process: { task: { allowedActions: string[] } | null; status: string } | null,
): Promise<ClaimAction[]> {
  const out: ClaimAction[] = [];
  const ok = (c: Parameters<ExpenseCommands['probe']>[1]) => exp.probe(s, c, ectx) === null;
  const dummy = { id: '0'.repeat(64), fileName: 'x.pdf', contentType: 'application/pdf', size: 1, storageKey: 'sha256:x' };
  if (ok({ type: 'AttachInvoice', data: { attachment: dummy } })) out.push('edit');
  if (ok({ type: 'SubmitClaim', data: { processId: 'probe', budgetLineId: '', overBudget: false } })) out.push('submit');
  if (s.status === 'submitted' && ctx.principal.userId === s.claimantId && process?.status === 'running') out.push('withdraw');
  const task = process?.task?.allowedActions ?? [];
  if (task.includes('approve')) out.push('approve');
  if (task.includes('reject')) out.push('reject');
  if ((s.status === 'approved' || s.status === 'paid') && (await financeReaches(p, ctx.principal, s))) {
    const pay = { paymentId: 'probe', paidOn: ctx.now.slice(0, 10), method: '银行转账' as const, voucherNo: 'probe', payerName: '' };
    if (ok({ type: 'PayClaim', data: pay })) out.push('pay');
    if (ok({ type: 'ReversePayment', data: { reason: '冲销原因' } })) out.push('reverse');
  }
  return out;
}
