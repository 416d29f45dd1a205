/**
 * 督办立项审批 as a workflow definition (runs on the generic engine, domain/workflow):
 *   立项申请 (督查部门) → 部门审核 (the applicant's department leader, or the next leader up when the
 *   applicant leads it) → 结束. The reactor (establishment.reactor.ts) records the outcome on the item,
 *   and approval 交办s it at once.
 */
import type { ProcessDefinitionBody } from '../workflow';
import { SUPERVISION_DEFINITION_KEY } from './establishment.reactor';
import { SUPERVISION_EXTENSION_DEFINITION_KEY } from './extension.reactor';

export function supervisionDefinition(): ProcessDefinitionBody {
  return {
    key: SUPERVISION_DEFINITION_KEY,
    name: '督办立项审批',
    kind: '督办立项',
    description: '督办事项立项：督查部门拟定 → 单位领导审核；通过后即交办承办单位。',
    formFields: [
      { name: 'title', label: '督办事项', type: 'string', required: true },
      { name: 'deadline', label: '办理时限', type: 'date', required: true },
      { name: 'leadUnit', label: '主办单位', type: 'string', required: true },
    ],
    nodes: [
      { id: 'propose', name: '立项申请', kind: 'start' },
      { id: 'review', name: '领导审核', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 1 }], timeLimitDays: 2 },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'propose', to: 'review' },
      { from: 'review', to: 'end' },
    ],
  };
}

/**
 * 督办延期审批: 延期申请 (主办单位) → 督办人审批 → 结束. The approver is the supervisor the domain decided
 * and recorded on SupervisionExtensionRequested (reviewerIds); the command side passes them as the
 * `review` node's assignees when it starts the process (the rule below is only the fallback when none).
 * extension.reactor.ts records the decision on the item.
 */
export const EXTENSION_REVIEW_NODE = 'review';
export function supervisionExtensionDefinition(): ProcessDefinitionBody {
  return {
    key: SUPERVISION_EXTENSION_DEFINITION_KEY,
    name: '督办延期审批',
    kind: '督办延期',
    description: '督办事项延期申请：主办单位申请 → 督办人审批；同意后新的办理时限即时生效，原时限留痕。',
    formFields: [
      { name: 'title', label: '督办事项', type: 'string', required: true },
      { name: 'oldDeadline', label: '原办理时限', type: 'date', required: true },
      { name: 'newDeadline', label: '申请延期至', type: 'date', required: true },
      { name: 'reason', label: '延期理由', type: 'string', required: true },
    ],
    nodes: [
      { id: 'apply', name: '延期申请', kind: 'start' },
      {
        id: EXTENSION_REVIEW_NODE,
        name: '督办人审批',
        kind: 'approval',
        approvers: [{ type: 'leaderChain', levels: 1 }],
        timeLimitDays: 2,
      },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'apply', to: EXTENSION_REVIEW_NODE },
      { from: EXTENSION_REVIEW_NODE, to: 'end' },
    ],
  };
}
