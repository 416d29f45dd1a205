/**
 * The 资产 approval forms as workflow definitions (run on the generic engine, domain/workflow):
 *  采购审批  asset-purchase: 部门负责人 → 资产管理员 (office_admin) → 单位负责人 when the estimated
 *            total ≥ 10万元 (amount condition on the form's `amount`, fen).
 *  转移审批  asset-transfer: 资产管理员 → 单位负责人 (分管领导); the both-sides confirmation follows on the asset.
 *  处置审批  asset-disposal: 资产管理员 → 单位负责人 when the original value ≥ 5万元 (DISPOSAL_THRESHOLDS);
 *            from 50万元 the unit also records the 财政批复文号 when completing (asset decider A7).
 * The module reacts to each process's end (approval.reactor.ts).
 */
import type { ProcessDefinitionBody } from '../workflow';
import { DISPOSAL_THRESHOLDS } from './asset.decide';

export const ASSET_SUBJECTS = { purchase: 'asset-purchase', transfer: 'asset-transfer', disposal: 'asset-disposal' } as const;
export type AssetSubjectType = (typeof ASSET_SUBJECTS)[keyof typeof ASSET_SUBJECTS];
export const PURCHASE_LEADER_THRESHOLD = 10_000_000;

export function assetDefinitions(): ProcessDefinitionBody[] {
  return [
    {
      key: ASSET_SUBJECTS.purchase,
      name: '资产采购审批',
      kind: '资产采购',
      description: '采购申请：部门负责人 → 资产管理员 → 单位负责人（预估总额 10 万元及以上）；审批通过后验收入账。',
      formFields: [
        { name: 'title', label: '采购事由', type: 'string', required: true },
        { name: 'amount', label: '预估总额', type: 'money', required: true },
        { name: 'budgetLine', label: '预算项目', type: 'string', required: true },
      ],
      nodes: [
        { id: 'apply', name: '申请', kind: 'start' },
        { id: 'dept', name: '部门负责人审核', kind: 'approval', approvers: [{ type: 'departmentLeader' }], timeLimitDays: 2 },
        { id: 'admin', name: '资产管理员审核', kind: 'approval', approvers: [{ type: 'role', role: 'office_admin' }], timeLimitDays: 2 },
        { id: 'big', name: '金额判断', kind: 'condition' },
        { id: 'leader', name: '单位负责人审批', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 2 },
        { id: 'end', name: '结束', kind: 'end' },
      ],
      edges: [
        { from: 'apply', to: 'dept' },
        { from: 'dept', to: 'admin' },
        { from: 'admin', to: 'big' },
        { from: 'big', to: 'leader', condition: `amount >= ${PURCHASE_LEADER_THRESHOLD}` },
        { from: 'big', to: 'end', isDefault: true },
        { from: 'leader', to: 'end' },
      ],
    },
    {
      key: ASSET_SUBJECTS.transfer,
      name: '资产转移审批',
      kind: '资产转移',
      description: '资产转移：资产管理员 → 单位负责人；审批通过后资产在途，转出方移交、接收方确认接收。',
      formFields: [
        { name: 'assetNo', label: '资产编号', type: 'string', required: true },
        { name: 'netValue', label: '账面净值', type: 'money', required: true },
        { name: 'crossUnit', label: '跨单位', type: 'boolean', required: true },
      ],
      nodes: [
        { id: 'apply', name: '申请', kind: 'start' },
        { id: 'admin', name: '资产管理员审核', kind: 'approval', approvers: [{ type: 'role', role: 'office_admin' }], timeLimitDays: 2 },
        { id: 'leader', name: '单位负责人审批', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 2 },
        { id: 'end', name: '结束', kind: 'end' },
      ],
      edges: [
        { from: 'apply', to: 'admin' },
        { from: 'admin', to: 'leader' },
        { from: 'leader', to: 'end' },
      ],
    },
    {
      key: ASSET_SUBJECTS.disposal,
      name: '资产处置审批',
      kind: '资产处置',
      description: '资产处置：资产管理员 → 单位负责人（原值 5 万元及以上）；原值 50 万元及以上须报财政审批，办结时填写批复文号。',
      formFields: [
        { name: 'assetNo', label: '资产编号', type: 'string', required: true },
        { name: 'originalValue', label: '原值', type: 'money', required: true },
        { name: 'method', label: '处置方式', type: 'string', required: true },
      ],
      nodes: [
        { id: 'apply', name: '申请', kind: 'start' },
        { id: 'admin', name: '资产管理员审核', kind: 'approval', approvers: [{ type: 'role', role: 'office_admin' }], timeLimitDays: 2 },
        { id: 'big', name: '价值判断', kind: 'condition' },
        { id: 'leader', name: '单位负责人审批', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 3 },
        { id: 'end', name: '结束', kind: 'end' },
      ],
      edges: [
        { from: 'apply', to: 'admin' },
        { from: 'admin', to: 'big' },
        { from: 'big', to: 'leader', condition: `originalValue >= ${DISPOSAL_THRESHOLDS.leader}` },
        { from: 'big', to: 'end', isDefault: true },
        { from: 'leader', to: 'end' },
      ],
    },
  ];
}
