/**
 * The process definitions of the attendance forms (published by the module's seed.definitions; started only
 * by the attendance commands with the application as subject — the generic start refuses them).
 *
 * 请休假 (key `leave`, formerly the workflow engine's sample): 申请 → 部门负责人审批 (2 working days,
 *   escalated to the 分管领导) → 天数判断: days > 3 → 分管领导审批 → 人事会签; otherwise straight to
 *   人事会签 → 传阅备案 → 结束. `days` is computed by the attendance decider, never typed.
 * 国内出差 (`attendance-trip`): 部门负责人审批 → 单位负责人审批.
 * 加班 (`attendance-overtime`), 补签 (`attendance-correction`): 部门负责人审批.
 */
import type { ProcessDefinitionBody } from '../workflow';
import type { ApplicationKind } from './application.events';
import { TRANSPORTS } from './application.decide';
import { LEAVE_TYPES } from './rules';

export const DEFINITION_KEYS: Record<ApplicationKind, string> = {
  leave: 'leave',
  trip: 'attendance-trip',
  overtime: 'attendance-overtime',
  correction: 'attendance-correction',
};

const HALF_OPTIONS = ['am', 'pm'];

export function leaveApplicationDefinition(): ProcessDefinitionBody {
  return {
    key: DEFINITION_KEYS.leave,
    name: '请休假审批',
    kind: '请休假',
    description: '工作人员请假、休假的审批流程（考勤管理发起）：天数按工作日历计算，超过 3 天须分管领导审批。',
    formFields: [
      { name: 'leaveType', label: '假别', type: 'enum', required: true, options: [...LEAVE_TYPES] },
      { name: 'startDate', label: '开始日期', type: 'date', required: true },
      { name: 'startHalf', label: '开始时段', type: 'enum', required: true, options: HALF_OPTIONS },
      { name: 'endDate', label: '结束日期', type: 'date', required: true },
      { name: 'endHalf', label: '结束时段', type: 'enum', required: true, options: HALF_OPTIONS },
      { name: 'days', label: '天数', type: 'number', required: true },
      { name: 'reason', label: '事由', type: 'text', required: false },
    ],
    nodes: [
      { id: 'start', name: '申请', kind: 'start' },
      {
        id: 'dept-leader',
        name: '部门负责人审批',
        kind: 'approval',
        approvers: [{ type: 'departmentLeader' }],
        timeLimitDays: 2,
        escalateTo: [{ type: 'leaderChain', levels: 2 }],
      },
      { id: 'days-check', name: '请假天数判断', kind: 'condition' },
      { id: 'charge-leader', name: '分管领导审批', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 3 },
      {
        id: 'hr',
        name: '人事会签',
        kind: 'countersign',
        mode: 'parallel',
        approvers: [
          { type: 'role', role: 'office_admin' },
          { type: 'role', role: 'hr_admin' },
        ],
        timeLimitDays: 2,
      },
      { id: 'cc-file', name: '传阅备案', kind: 'cc', recipients: [{ type: 'role', role: 'office_admin' }] },
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

export function tripApplicationDefinition(): ProcessDefinitionBody {
  return {
    key: DEFINITION_KEYS.trip,
    name: '国内出差审批',
    kind: '出差',
    description: '国内公务出差审批（考勤管理发起）：部门负责人、单位负责人审批；批准后可在费用报销中引用。',
    formFields: [
      { name: 'destinations', label: '目的地', type: 'string', required: true },
      { name: 'startDate', label: '开始日期', type: 'date', required: true },
      { name: 'endDate', label: '结束日期', type: 'date', required: true },
      { name: 'purpose', label: '出差事由', type: 'text', required: true },
      { name: 'transport', label: '交通工具', type: 'enum', required: true, options: [...TRANSPORTS] },
    ],
    nodes: [
      { id: 'start', name: '申请', kind: 'start' },
      { id: 'dept-leader', name: '部门负责人审批', kind: 'approval', approvers: [{ type: 'departmentLeader' }], timeLimitDays: 2 },
      { id: 'unit-leader', name: '单位负责人审批', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 2 },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'start', to: 'dept-leader' },
      { from: 'dept-leader', to: 'unit-leader' },
      { from: 'unit-leader', to: 'end' },
    ],
  };
}

function singleStep(
  key: string,
  name: string,
  kind: string,
  description: string,
  formFields: ProcessDefinitionBody['formFields'],
): ProcessDefinitionBody {
  return {
    key,
    name,
    kind,
    description,
    formFields,
    nodes: [
      { id: 'start', name: '申请', kind: 'start' },
      { id: 'dept-leader', name: '部门负责人审批', kind: 'approval', approvers: [{ type: 'departmentLeader' }], timeLimitDays: 2 },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'start', to: 'dept-leader' },
      { from: 'dept-leader', to: 'end' },
    ],
  };
}

export const overtimeApplicationDefinition = (): ProcessDefinitionBody =>
  singleStep(DEFINITION_KEYS.overtime, '加班审批', '加班', '加班申请（考勤管理发起）：批准后按小时计入调休余额。', [
    { name: 'date', label: '加班日期', type: 'date', required: true },
    { name: 'hours', label: '加班时长（小时）', type: 'number', required: true },
    { name: 'reason', label: '加班事由', type: 'text', required: true },
  ]);

export const correctionApplicationDefinition = (): ProcessDefinitionBody =>
  singleStep(DEFINITION_KEYS.correction, '补签审批', '补签', '漏打卡补签申请（考勤管理发起）。', [
    { name: 'date', label: '补签日期', type: 'date', required: true },
    { name: 'direction', label: '补签类型', type: 'enum', required: true, options: ['in', 'out'] },
    { name: 'time', label: '补签时间', type: 'string', required: true },
    { name: 'reason', label: '补签原因', type: 'text', required: true },
  ]);

export const ATTENDANCE_DEFINITIONS = (): ProcessDefinitionBody[] => [
  leaveApplicationDefinition(),
  tripApplicationDefinition(),
  overtimeApplicationDefinition(),
  correctionApplicationDefinition(),
];
