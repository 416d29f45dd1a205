/**
 * The 发文 approval flow as a workflow definition (runs on the generic engine, domain/workflow):
 *   拟稿 → 部门核稿 (the drafter's department leader) → 会签? (when other departments countersign:
 *   their leaders, in parallel) → 办公室核稿 (the unit's office_admin) → 领导签发 → 结束.
 * After the process completes, the document-specific steps (登记编号 → 套红 → 用印 → 分发) are the
 * OutgoingDocument's own commands.
 *
 * The 会签 and 签发 people depend on the document (which departments countersign, which leader
 * signs), so the documents handler resolves those two nodes itself and passes them in the
 * instance's assignments (the engine stores them in ProcessStarted); the form carries
 * `countersignCount` for the condition.
 */
import type { ProcessDefinitionBody } from '../workflow';

export const OUTGOING_DEFINITION_KEY = 'outgoing-document';
export const OUTGOING_SUBJECT_TYPE = 'outgoing-document';
/** Node ids the documents handler knows. */
export const OUTGOING_NODES = {
  start: 'draft',
  deptReview: 'dept-review',
  countersign: 'countersign',
  officeReview: 'office-review',
  sign: 'sign',
} as const;

export function outgoingDocumentDefinition(): ProcessDefinitionBody {
  return {
    key: OUTGOING_DEFINITION_KEY,
    name: '发文审批',
    kind: '发文',
    description: '发文流程：拟稿 → 部门核稿 → 会签（如有）→ 办公室核稿 → 领导签发；签发后登记编号、套红、用印、分发。',
    formFields: [
      { name: 'docKind', label: '文种', type: 'string', required: true, maxLength: 20 },
      { name: 'countersignCount', label: '会签部门数', type: 'number', required: true, min: 0, max: 100 },
      { name: 'classification', label: '密级', type: 'string', required: true, maxLength: 20 },
      { name: 'urgency', label: '紧急程度', type: 'string', required: true, maxLength: 20 },
    ],
    nodes: [
      { id: OUTGOING_NODES.start, name: '拟稿', kind: 'start' },
      { id: OUTGOING_NODES.deptReview, name: '部门核稿', kind: 'approval', approvers: [{ type: 'departmentLeader' }], timeLimitDays: 2 },
      { id: 'needs-countersign', name: '是否会签', kind: 'condition' },
      // resolved per document by the handler (the leaders of the countersigning departments)
      {
        id: OUTGOING_NODES.countersign,
        name: '会签',
        kind: 'countersign',
        mode: 'parallel',
        approvers: [{ type: 'drafter' }],
        timeLimitDays: 3,
      },
      {
        id: OUTGOING_NODES.officeReview,
        name: '办公室核稿',
        kind: 'approval',
        approvers: [{ type: 'role', role: 'office_admin' }],
        timeLimitDays: 1,
      },
      // resolved per document by the handler (the chosen 签发人, default the unit's leader)
      { id: OUTGOING_NODES.sign, name: '领导签发', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 2 },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: OUTGOING_NODES.start, to: OUTGOING_NODES.deptReview },
      { from: OUTGOING_NODES.deptReview, to: 'needs-countersign' },
      { from: 'needs-countersign', to: OUTGOING_NODES.countersign, condition: 'countersignCount > 0' },
      { from: 'needs-countersign', to: OUTGOING_NODES.officeReview, isDefault: true },
      { from: OUTGOING_NODES.countersign, to: OUTGOING_NODES.officeReview },
      { from: OUTGOING_NODES.officeReview, to: OUTGOING_NODES.sign },
      { from: OUTGOING_NODES.sign, to: 'end' },
    ],
  };
}
