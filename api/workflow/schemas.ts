/**
 * The answers of the workflow API as JSON Schemas (route `response:`): listed under
 * components.schemas of /api/openapi.json, from which the web's types are generated
 * (`npm run api:types` → web/src/app/core/api-types.ts). test/api/response-schemas.e2e.spec.ts
 * validates real answers against them; a closed object (additionalProperties: false) fails on a field
 * the handler adds or spells differently, so a change here and in the handler go together.
 */
import { closed, type Schema } from '../http/schemas';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const strings = { type: 'array', items: str } as const;

const nullable = (s: Schema): Schema => ({ oneOf: [{ type: 'null' }, s] });
const page = (item: Schema, paged: boolean): Schema =>
  closed({ items: { type: 'array', items: item }, ...(paged ? { page: int, pageSize: int } : {}), total: int });

// ── 统一待办 ─────────────────────────────────────────────────────────────────────────────────────────
export const INBOX_COUNTS_SCHEMA = closed({ todo: int, toread: int, done: int, mine: int }, [], '各栏目数量');

const INBOX_ITEM = closed(
  {
    box: { type: 'string', enum: ['todo', 'toread', 'done', 'mine'] },
    taskId: { ...strOrNull, description: 'null on 我的流程 rows' },
    processId: str,
    instanceId: str,
    title: str,
    kind: str,
    kindName: str,
    definitionKey: str,
    nodeId: strOrNull,
    nodeName: str,
    taskKind: { ...strOrNull, description: 'approval / read / resubmit, or the kind a module contributed (sign, instruct …)' },
    initiatorId: str,
    initiatorName: str,
    arrivedAt: str,
    doneAt: strOrNull,
    deadline: strOrNull,
    overdue: bool,
    onBehalfOf: { ...strOrNull, description: '代 张三: the assignee a delegate acts for' },
    onBehalfOfName: str,
    actorId: strOrNull,
    actorName: str,
    status: { ...str, description: 'todo/toread: open; done: the action; mine: the process status' },
    action: strOrNull,
    currentNodes: {
      type: 'array',
      description: '我的流程: the nodes waiting now',
      items: closed({ nodeName: str, assignee: str, actingDelegate: strOrNull, assigneeName: str, actingDelegateName: str }),
    },
    link: { ...str, description: 'the page that handles the row (a module page, else /processes/:id)' },
  },
  ['currentNodes'],
);
export const INBOX_PAGE_SCHEMA = page(INBOX_ITEM, true);

const NOTIFICATION = closed(
  { id: str, userId: str, kind: str, title: str, body: str, link: str, at: str, processId: strOrNull, taskId: strOrNull },
  ['link'],
);
export const NOTIFICATION_PAGE_SCHEMA = page(NOTIFICATION, true);

// ── 流程定义 ─────────────────────────────────────────────────────────────────────────────────────────
const FORM_FIELD = closed(
  {
    name: str,
    label: str,
    type: { type: 'string', enum: ['string', 'text', 'number', 'money', 'boolean', 'date', 'enum', 'rank'] },
    required: bool,
    options: strings,
    min: { type: 'number', description: 'number/money (money in fen): smallest value allowed' },
    max: { type: 'number', description: 'number/money (money in fen): largest value allowed' },
    minLength: int,
    maxLength: int,
    pattern: { ...str, description: 'string/text: a regular expression the whole value must match' },
    notBefore: { ...str, description: 'date: the name of another date field this one may not precede' },
    requiredIf: closed(
      { field: str, equals: { type: ['string', 'number', 'boolean'] } },
      [],
      'required when another field equals this value',
    ),
  },
  ['required', 'options', 'min', 'max', 'minLength', 'maxLength', 'pattern', 'notBefore', 'requiredIf'],
);
/** A definition node: id, name and kind; the rest (approvers, time limits …) is the designer's, left open. */
const DEFINITION_NODE: Schema = { type: 'object', required: ['id', 'name', 'kind'], properties: { id: str, name: str, kind: str } };
const EDGE = closed({ from: str, to: str, condition: str, isDefault: bool }, ['condition', 'isDefault']);
const definition = (full: boolean): Schema =>
  closed(
    {
      key: str,
      name: str,
      kind: str,
      category: str,
      description: str,
      version: int,
      fields: { type: 'array', items: FORM_FIELD },
      formFields: { type: 'array', items: FORM_FIELD },
      startable: { ...bool, description: 'false: started by its own module (发文审批 from 公文 → 拟稿), never from 起草' },
      ...(full ? { nodes: { type: 'array', items: DEFINITION_NODE }, edges: { type: 'array', items: EDGE } } : {}),
    },
    [],
  );
export const DEFINITION_LIST_SCHEMA = page(definition(false), false);
export const DEFINITION_SCHEMA = definition(true);

// ── 流程详情 ─────────────────────────────────────────────────────────────────────────────────────────
const TASK_ACTION = {
  type: 'string',
  enum: ['approve', 'reject', 'return', 'forward', 'add-signer', 'read', 'resubmit', 'cancel', 'withdraw', 'urge'],
};
const TASK_KIND = { type: 'string', enum: ['approval', 'read', 'resubmit'] };
const NAMED = closed({ id: str, name: str });
const MY_TASK = closed({
  id: str,
  taskId: str,
  nodeId: str,
  nodeName: str,
  kind: TASK_KIND,
  assigneeId: str,
  assigneeName: str,
  onBehalfOf: strOrNull,
  onBehalfOfName: str,
  deadline: strOrNull,
  overdue: bool,
  allowedActions: { type: 'array', items: TASK_ACTION },
  editableFields: strings,
  returnTargets: { type: 'array', items: NAMED },
});
export const PROCESS_DETAIL_SCHEMA = closed({
  id: str,
  processId: str,
  title: str,
  status: { type: 'string', enum: ['running', 'returned', 'completed', 'rejected', 'terminated', 'cancelled'] },
  definitionKey: str,
  definitionName: str,
  definitionVersion: int,
  kind: str,
  initiatorId: str,
  initiatorName: str,
  applicant: nullable(
    closed({ userId: str, name: str, unitId: str, departmentId: str, rank: strOrNull, positionId: strOrNull }, ['rank', 'positionId']),
  ),
  startedAt: strOrNull,
  endedAt: strOrNull,
  subject: nullable(closed({ type: str, id: str })),
  form: { type: 'object', additionalProperties: true, description: 'the form values by field name (money in fen)' },
  fields: { type: 'array', items: FORM_FIELD },
  nodes: {
    type: 'array',
    items: closed(
      {
        id: str,
        name: str,
        kind: str,
        state: { type: 'string', enum: ['pending', 'current', 'done', 'redo', 'returned'] },
        note: { ...str, description: 'what happened there before a 退回' },
        assignees: { type: 'array', items: NAMED },
      },
      ['note'],
    ),
  },
  edges: { type: 'array', items: EDGE },
  openTasks: {
    type: 'array',
    items: closed({
      id: str,
      nodeId: str,
      kind: TASK_KIND,
      status: { type: 'string', enum: ['open', 'suspended'] },
      assigneeId: str,
      assigneeName: str,
      actingDelegateId: strOrNull,
      actingDelegateName: str,
      deadline: strOrNull,
    }),
  },
  log: {
    type: 'array',
    description: '办文日志, oldest first',
    items: closed({
      seq: int,
      at: str,
      nodeId: str,
      nodeName: str,
      action: str,
      actionLabel: str,
      actorId: strOrNull,
      actorName: str,
      onBehalfOf: strOrNull,
      onBehalfOfName: str,
      opinion: str,
      detail: strOrNull,
      signature: { description: 'handwritten strokes, or null' },
    }),
  },
  task: nullable(MY_TASK),
  tasks: { type: 'array', items: MY_TASK },
  allowedActions: { type: 'array', items: TASK_ACTION },
  admin: nullable(
    closed({
      actions: { type: 'array', items: { type: 'string', enum: ['reassign', 'terminate'] } },
      reassignable: {
        type: 'array',
        items: closed({
          id: str,
          taskId: str,
          nodeId: str,
          nodeName: str,
          kind: TASK_KIND,
          assigneeId: str,
          assigneeName: str,
          actingDelegateId: strOrNull,
          actingDelegateName: str,
        }),
      },
    }),
  ),
});

// ── 常用意见、外出授权 ─────────────────────────────────────────────────────────────────────────────────
const OPINION = closed(
  {
    id: str,
    opinionId: str,
    text: str,
    useCount: int,
    createdAt: str,
    lastUsedAt: strOrNull,
    preset: { ...bool, description: "true: one of the office's usual opinions offered to a new user (not stored)" },
  },
  ['createdAt', 'lastUsedAt', 'preset'],
);
export const OPINION_LIST_SCHEMA = page(OPINION, false);

const DELEGATION = closed({
  id: str,
  delegationId: str,
  direction: { type: 'string', enum: ['granted', 'received'] },
  principalId: str,
  principalName: str,
  delegateId: str,
  delegateName: str,
  from: { ...str, description: 'UTC instant, inclusive' },
  to: { ...str, description: 'UTC instant, exclusive' },
  fromDay: { ...str, description: 'the first whole day (Asia/Shanghai)' },
  toDay: { ...str, description: 'the last whole day (Asia/Shanghai)' },
  kinds: strings,
  allKinds: bool,
  reason: str,
  grantedAt: str,
  status: { type: 'string', enum: ['planned', 'active', 'expired', 'revoked'] },
});
export const DELEGATION_LIST_SCHEMA = page(DELEGATION, false);
