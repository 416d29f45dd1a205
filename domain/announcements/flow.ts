/**
 * 通知公告审核 as a workflow definition (runs on the generic engine, domain/workflow): 起草 → 审核
 * (the drafter's unit's 信息管理/办公室 head: role office_admin, the first to act decides; opinions
 * online) → 结束. Approval sends the notice back to the drafter to release; rejection back for edits
 * (announcement-approval.reactor.ts). An administrator may publish a new version (another reviewer).
 */
import type { ProcessDefinitionBody } from '../workflow';

export const ANNOUNCEMENT_DEFINITION_KEY = 'announcement';
export const ANNOUNCEMENT_SUBJECT_TYPE = 'announcement';
export const ANNOUNCEMENT_REVIEW_NODE = 'review';

export function announcementDefinition(): ProcessDefinitionBody {
  return {
    key: ANNOUNCEMENT_DEFINITION_KEY,
    name: '通知公告审核',
    kind: '通知公告',
    description: '通知公告：起草 → 信息管理科/办公室负责人审核（同意后由起草人发布，不同意退回修改）。',
    formFields: [
      { name: 'category', label: '类别', type: 'string', required: true },
      { name: 'title', label: '标题', type: 'string', required: true },
    ],
    nodes: [
      { id: 'draft', name: '起草', kind: 'start' },
      { id: ANNOUNCEMENT_REVIEW_NODE, name: '审核', kind: 'anyOf', approvers: [{ type: 'role', role: 'office_admin' }], timeLimitDays: 2 },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'draft', to: ANNOUNCEMENT_REVIEW_NODE },
      { from: ANNOUNCEMENT_REVIEW_NODE, to: 'end' },
    ],
  };
}
