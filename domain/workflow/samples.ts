/**
 * Sample process definitions for the demo seed and the e2e test.
 *
 * 请休假 (leave): 申请 → 部门负责人审批 (2 working days, escalated to the 分管领导) → 天数判断:
 *   days > 3 → 分管领导审批 (leader chain level 2) → 人事会签; otherwise straight to 人事会签
 *   → 传阅备案 (待阅 for the office) → 结束.
 * 通用审批 (simple): 申请 → 部门负责人审批 → 单位负责人审批 (leader chain level 2) → 结束.
 */
import type { ApproverRule } from './approvers';
import type { ProcessDefinitionBody } from './definition';

export interface LeaveDefinitionOptions {
  /** 人事会签 approvers; default: the unit's office_admin and hr_admin role holders. */
  hrCountersign?: ApproverRule[];
  hrMode?: 'sequential' | 'parallel';
  /** 传阅备案 recipients; default: the unit's office_admin role holders. */
  ccRecipients?: ApproverRule[];
  /** 部门负责人 time limit in working days (default 2). */
  leaderTimeLimitDays?: number;
}

export const LEAVE_TYPES = ['事假', '病假', '年休假', '婚假', '产假', '丧假'];

export function leaveDefinition(o: LeaveDefinitionOptions = {}): ProcessDefinitionBody {
  return {
    key: 'leave',
    name: '请休假审批',
    kind: '请休假',
    description: '工作人员请假、休假的审批流程：超过 3 天须分管领导审批。',
    formFields: [
      { name: 'leaveType', label: '假别', type: 'enum', required: true, options: LEAVE_TYPES },
      { name: 'days', label: '天数', type: 'number', required: true },
      { name: 'startDate', label: '开始日期', type: 'date', required: true },
      { name: 'endDate', label: '结束日期', type: 'date', required: true },
      { name: 'reason', label: '事由', type: 'text', required: false },
    ],
    nodes: [
      { id: 'start', name: '申请', kind: 'start' },
      {
        id: 'dept-leader',
        name: '部门负责人审批',
        kind: 'approval',
        approvers: [{ type: 'departmentLeader' }],
        timeLimitDays: o.leaderTimeLimitDays ?? 2,
        escalateTo: [{ type: 'leaderChain', levels: 2 }],
      },
      { id: 'days-check', name: '请假天数判断', kind: 'condition' },
      { id: 'charge-leader', name: '分管领导审批', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 3 },
      {
        id: 'hr',
        name: '人事会签',
        kind: 'countersign',
        mode: o.hrMode ?? 'parallel',
        approvers: o.hrCountersign ?? [
          { type: 'role', role: 'office_admin' },
          { type: 'role', role: 'hr_admin' },
        ],
        timeLimitDays: 2,
      },
      { id: 'cc-file', name: '传阅备案', kind: 'cc', recipients: o.ccRecipients ?? [{ type: 'role', role: 'office_admin' }] },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'start', to: 'dept-leader' },
      { from: 'dept-leader', to: 'days-check' },
      { from: 'days-check', to: 'charge-leader', condition: 'days > 3' },
      { from: 'days-check', to: 'hr', isDefault: true },
      { from: 'charge-leader', to: 'hr' },
      { from: 'hr', to: 'cc-file' },
      { from: 'cc-file', to: 'end' },
    ],
  };
}

export function simpleApprovalDefinition(): ProcessDefinitionBody {
  return {
    key: 'simple-approval',
    name: '通用审批',
    kind: '通用审批',
    formFields: [
      { name: 'subject', label: '事项', type: 'string', required: true, minLength: 2, maxLength: 100 },
      { name: 'detail', label: '说明', type: 'text', required: false, maxLength: 2000 },
      // up to 1 亿元, in fen
      { name: 'amount', label: '金额', type: 'money', required: false, min: 0, max: 10_000_000_000 },
    ],
    nodes: [
      { id: 'start', name: '申请', kind: 'start' },
      { id: 'dept-leader', name: '部门负责人审批', kind: 'approval', approvers: [{ type: 'departmentLeader' }] },
      { id: 'unit-leader', name: '单位负责人审批', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }] },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'start', to: 'dept-leader' },
      { from: 'dept-leader', to: 'unit-leader' },
      { from: 'unit-leader', to: 'end' },
    ],
  };
}

export const SAMPLE_DEFINITIONS = (): ProcessDefinitionBody[] => [leaveDefinition(), simpleApprovalDefinition()];
