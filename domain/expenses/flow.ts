/**
 * The 费用报销 approval flow as a workflow definition (runs on the generic engine, domain/workflow):
 *   提交 → 部门负责人审核 → 需单位负责人？ (escalate == 1: amount > 5,000 元, a hotel line over its cap,
 *   or over budget — decided by claim.decide approvalRoute and recorded in ExpenseClaimSubmitted)
 *   → 单位负责人审批 → 结束.
 * The end of the process is recorded on the claim by the claim-approval reactor; 支付 is finance's own
 * command on the claim afterwards.
 */
import type { ProcessDefinitionBody } from '../workflow';

export const CLAIM_DEFINITION_KEY = 'expense-claim';
export const CLAIM_SUBJECT_TYPE = 'expense-claim';
export const CLAIM_NODES = { start: 'submit', department: 'dept-leader', unit: 'unit-leader' } as const;

export function expenseClaimDefinition(): ProcessDefinitionBody {
  return {
    key: CLAIM_DEFINITION_KEY,
    name: '费用报销审批',
    kind: '费用报销',
    description: '费用报销：部门负责人审核；金额超过 5,000 元、住宿费超标准或超预算的，再由单位负责人审批。',
    formFields: [
      { name: 'kind', label: '报销类别', type: 'string', required: true },
      { name: 'amount', label: '报销金额（分）', type: 'money', required: true },
      { name: 'escalate', label: '需单位负责人审批', type: 'number', required: true },
    ],
    nodes: [
      { id: CLAIM_NODES.start, name: '提交', kind: 'start' },
      { id: CLAIM_NODES.department, name: '部门负责人审核', kind: 'approval', approvers: [{ type: 'departmentLeader' }], timeLimitDays: 2 },
      { id: 'needs-unit', name: '是否需单位负责人审批', kind: 'condition' },
      { id: CLAIM_NODES.unit, name: '单位负责人审批', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 3 },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: CLAIM_NODES.start, to: CLAIM_NODES.department },
      { from: CLAIM_NODES.department, to: 'needs-unit' },
      { from: 'needs-unit', to: CLAIM_NODES.unit, condition: 'escalate > 0' },
      { from: 'needs-unit', to: 'end', isDefault: true },
      { from: CLAIM_NODES.unit, to: 'end' },
    ],
  };
}
