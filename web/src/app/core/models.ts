import type { components } from './api-types';
import type { RowLink } from './inbox-links';

/**
 * The shapes the web app reads from the API. The answers are typed by the schemas their routes
 * declare (api/<module>/schemas.ts → /api/openapi.json → `npm run api:types` → ./api-types.ts); the readers
 * below only turn a declared answer into what a page shows (names joined, null as ''), reading
 * exactly the declared fields. A renamed field fails the build here, not silently in the browser.
 */
type Schemas = components['schemas'];
/** GET /api/me */
export type MeAnswer = Schemas['Me'];
/** GET /api/inbox */
export type InboxPage = Schemas['InboxPage'];
export type InboxRow = InboxPage['items'][number];
/** GET /api/process-definitions (list) and /api/process-definitions/:key */
export type DefinitionAnswer = Schemas['ProcessDefinitionList']['items'][number] | Schemas['ProcessDefinitionDetail'];
export type FormFieldAnswer = DefinitionAnswer['fields'][number];
/** GET /api/processes/:id */
export type ProcessAnswer = Schemas['ProcessDetail'];
/** GET /api/notifications (the same rows are pushed on /api/events/stream) */
export type NotificationRow = Schemas['NotificationPage']['items'][number];
/** GET /api/opinions */
export type OpinionRow = Schemas['OpinionList']['items'][number];
/** GET /api/delegations */
export type DelegationRow = Schemas['DelegationList']['items'][number];

/**
 * A page answer `{items,total}`, or a bare array — for the answers that declare no schema yet
 * (documents, the org picker); the workflow and /me answers are typed instead.
 */
type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
export function itemsOf(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  const o = obj(x);
  return arr(o['items'] ?? o['data'] ?? o['rows']);
}
export function totalOf(x: unknown): number {
  if (Array.isArray(x)) return x.length;
  const t = obj(x)['total'];
  return typeof t === 'number' && Number.isFinite(t) ? t : itemsOf(x).length;
}

// ── me ────────────────────────────────────────────────────────────────────────────────────────────
export interface Me {
  id: string;
  username: string;
  name: string;
  /** 主岗职务 (the unit and department names come from the address book: GET /api/users/:id). */
  title: string;
  /** Role ids. */
  roles: string[];
  /** Effective permission codes (any data scope). */
  permissions: string[];
}

export function normalizeMe(x: MeAnswer): Me {
  return {
    id: x.user.id,
    username: x.user.username,
    name: x.user.name,
    title: x.user.title,
    roles: x.roles.map((r) => r.roleId),
    permissions: x.permissions.map((g) => g.permission),
  };
}

// ── inbox ─────────────────────────────────────────────────────────────────────────────────────────
export type Box = InboxRow['box'];
export const BOX_LABELS: Record<Box, string> = { todo: '待办', toread: '待阅', done: '已办', mine: '我的流程' };
/** GET /api/inbox/counts, as declared. */
export type Counts = Schemas['InboxCounts'];

export interface InboxItem extends Pick<
  InboxRow,
  'processId' | 'title' | 'kindName' | 'nodeName' | 'initiatorName' | 'arrivedAt' | 'overdue' | 'onBehalfOfName' | 'status'
> {
  /** '' on 我的流程 rows (no task). */
  taskId: string;
  /** '' when the task has no time limit. */
  deadline: string;
  /** Where the row opens (公文 → the document page; ./inbox-links.ts); absent: the process page. */
  link?: RowLink;
  /** 批量同意 applies (workflow approvals; not 收文 rows). Absent: yes. */
  batchable?: boolean;
}

export function normalizeInboxItem(r: InboxRow): InboxItem {
  return {
    taskId: r.taskId ?? '',
    processId: r.processId,
    title: r.title,
    kindName: r.kindName,
    nodeName: r.nodeName,
    initiatorName: r.initiatorName,
    arrivedAt: r.arrivedAt,
    deadline: r.deadline ?? '',
    overdue: r.overdue,
    onBehalfOfName: r.onBehalfOfName,
    status: r.status,
  };
}

/** 'overdue' past the deadline (or flagged by the server), 'soon' within 24 h, else ''. */
export function deadlineState(item: Pick<InboxItem, 'deadline' | 'overdue'>, nowMs: number): 'overdue' | 'soon' | '' {
  if (item.overdue) return 'overdue';
  if (!item.deadline) return '';
  const t = Date.parse(item.deadline);
  if (Number.isNaN(t)) return '';
  if (t < nowMs) return 'overdue';
  if (t - nowMs < 24 * 3600_000) return 'soon';
  return '';
}

// ── process definitions and forms ────────────────────────────────────────────────────────────────
/** How a form field is shown and edited (the declared field types map onto these). */
export type FieldType = 'text' | 'textarea' | 'number' | 'money' | 'date' | 'datetime' | 'select' | 'checkbox';
export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  options: { value: string; label: string }[];
  /** The definition's constraints (domain/workflow/definition.ts FormField), checked here as on the server. */
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Another date field this one may not precede. */
  notBefore?: string;
  requiredIf?: { field: string; equals: string | number | boolean };
  placeholder: string;
}
export interface ProcessDefinition extends Pick<DefinitionAnswer, 'key' | 'name' | 'version' | 'category' | 'startable'> {
  fields: FieldDef[];
}

/** Each declared field type (domain/workflow/definition.ts FormFieldType) → its input. */
const FIELD_INPUT: Record<FormFieldAnswer['type'], FieldType> = {
  string: 'text',
  text: 'text',
  number: 'number',
  money: 'money',
  boolean: 'checkbox',
  date: 'date',
  enum: 'select',
  rank: 'text',
};

export function normalizeField(f: FormFieldAnswer): FieldDef {
  const options = (f.options ?? []).map((v) => ({ value: v, label: v }));
  const type = FIELD_INPUT[f.type];
  return {
    name: f.name,
    label: f.label,
    type: options.length && type === 'text' ? 'select' : type,
    required: f.required === true,
    options,
    placeholder: '',
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
    ...(f.minLength !== undefined ? { minLength: f.minLength } : {}),
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    ...(f.pattern !== undefined ? { pattern: f.pattern } : {}),
    ...(f.notBefore !== undefined ? { notBefore: f.notBefore } : {}),
    ...(f.requiredIf !== undefined ? { requiredIf: f.requiredIf } : {}),
  };
}

export function normalizeDefinition(d: DefinitionAnswer): ProcessDefinition {
  return {
    key: d.key,
    name: d.name,
    version: d.version,
    category: d.category,
    startable: d.startable,
    fields: d.fields.map(normalizeField),
  };
}

// ── process instance (task page) ─────────────────────────────────────────────────────────────────
/**
 * done / current / pending / skipped / rejected, plus the two a 退回 loop needs: `redo` (approved
 * before the 退回, to be handled again) and `returned` (this node sent it back).
 */
export type NodeState = ProcessAnswer['nodes'][number]['state'] | 'skipped' | 'rejected';
export interface DiagramNode {
  id: string;
  name: string;
  kind: string;
  state: NodeState;
  assignees: string;
  /** What happened there before a 退回 (e.g. 秦涛 同意，后被退回), from the API. */
  note: string;
}
/** One 办文日志 entry, as declared (signature: handwritten strokes or null). */
export type LogEntry = ProcessAnswer['log'][number];
/** What the API may allow on a task or a process. */
export type TaskAction = ProcessAnswer['allowedActions'][number];
/**
 * Every action the API may allow, in the order the buttons show. `resubmit` / `cancel` are the
 * applicant's after a 退回 to the drafter or a 撤回 of the submission (POST /processes/:id/…).
 */
export const TASK_ACTIONS: readonly TaskAction[] = [
  'resubmit',
  'approve',
  'reject',
  'return',
  'forward',
  'add-signer',
  'withdraw',
  'urge',
  'read',
  'cancel',
];
/** Actions addressed to the process (POST /api/processes/:id/<action>) rather than to a task. */
export const PROCESS_LEVEL_ACTIONS: readonly TaskAction[] = ['resubmit', 'cancel'];
/**
 * The ONE mapping from every status and action code the API sends to the words a user reads: the
 * inbox rows, the process page (状态, 办文日志, buttons), 外出授权, the dashboards. A code missing here
 * shows raw — the browser walk (test/browser/labels.e2e.spec.ts) fails on any Latin-only status word.
 * Where a code is both a status and an action (returned, completed), the status reading wins.
 */
export const CODE_LABELS: Readonly<Record<string, string>> = {
  // process (instance) status — GET /processes/:id `status`, 我的流程 rows
  running: '办理中',
  active: '办理中',
  returned: '已退回',
  completed: '已办结',
  rejected: '未获同意',
  terminated: '已终止',
  cancelled: '已作废',
  canceled: '已作废',
  // task status — 待办 / 待阅 rows
  open: '待办理',
  suspended: '等待加签人办理',
  done: '已办理',
  // 外出授权 status (`active` reads 生效中 there: delegationStatusLabel)
  planned: '未生效',
  expired: '已过期',
  revoked: '已撤销',
  // actions — buttons, 办文日志, 已办 rows
  submit: '提交',
  approve: '同意',
  reject: '不同意',
  return: '退回',
  withdraw: '撤回',
  forward: '转交',
  'add-signer': '加签',
  addSigner: '加签',
  urge: '催办',
  read: '已阅',
  start: '发起',
  resubmit: '重新提交',
  cancel: '作废',
  complete: '办结',
  delegate: '委托',
  reassign: '改派',
  terminate: '终止',
  end: '终止',
  approved: '同意',
  withdrawn: '撤回',
  forwarded: '转交',
  urged: '催办',
  started: '发起',
  reassigned: '改派',
  resubmitted: '重新提交',
  // 收文 actions in 已办 rows (projections/documents/inbox-contribution.ts)
  sign: '签收',
  register: '登记',
  propose: '拟办',
  instruct: '批示',
  assign: '分办',
  handle: '承办',
  circulate: '传阅',
  instructed: '已批示',
};
/** Button and 办文日志 labels: the same table. */
export const ACTION_LABELS: Readonly<Record<string, string>> = CODE_LABELS;
/** A status or action code in words (unknown codes as sent, so a test can find them). */
export function codeLabel(code: string | null | undefined): string {
  if (!code) return '';
  return Object.prototype.hasOwnProperty.call(CODE_LABELS, code) ? CODE_LABELS[code] : code;
}
export const statusLabel = codeLabel;
export const actionLabel = codeLabel;
/** 外出授权: `active` there means 生效中 (in force), not a running process. */
export function delegationStatusLabel(code: string): string {
  return code === 'active' ? '生效中' : codeLabel(code);
}
/** The diagram's node states. */
export const NODE_STATE_LABELS: Readonly<Record<string, string>> = {
  done: '已完成',
  current: '办理中',
  pending: '未开始',
  skipped: '已跳过',
  rejected: '未通过',
  returned: '已退回',
  redo: '待重新办理',
};
/** The caller's open task: what they may do now, where a 退回 may go. */
export type MyTask = Pick<ProcessAnswer['tasks'][number], 'id' | 'nodeName' | 'allowedActions' | 'editableFields' | 'returnTargets'>;
export interface ProcessDetail {
  id: string;
  title: string;
  definitionKey: string;
  definitionName: string;
  status: string;
  initiatorName: string;
  startedAt: string;
  form: Record<string, unknown>;
  fields: FieldDef[];
  nodes: DiagramNode[];
  log: LogEntry[];
  /** The caller's open task on this process, if any, with what they may do right now. */
  task: MyTask | null;
  /** Process-level actions (e.g. the initiator's withdraw/urge) when there is no task. */
  allowedActions: TaskAction[];
}

/**
 * GET /api/processes/:id for the process page. `taskHint`: the task the inbox row linked to (?task=),
 * preferred among the caller's open tasks on the process; else the first.
 */
export function normalizeProcess(p: ProcessAnswer, taskHint = ''): ProcessDetail {
  const task = (taskHint ? p.tasks.find((t) => t.id === taskHint) : undefined) ?? p.task;
  return {
    id: p.id,
    title: p.title,
    definitionKey: p.definitionKey,
    definitionName: p.definitionName,
    status: p.status,
    initiatorName: p.initiatorName,
    startedAt: p.startedAt ?? '',
    form: p.form,
    fields: p.fields.map(normalizeField),
    nodes: p.nodes.map((n) => ({
      id: n.id,
      name: n.name,
      kind: n.kind,
      state: n.state,
      assignees: n.assignees.map((a) => a.name).join('、'),
      note: n.note ?? '',
    })),
    log: p.log,
    task: task
      ? {
          id: task.id,
          nodeName: task.nodeName,
          allowedActions: task.allowedActions,
          editableFields: task.editableFields,
          returnTargets: task.returnTargets,
        }
      : null,
    allowedActions: p.allowedActions,
  };
}

// ── settings ─────────────────────────────────────────────────────────────────────────────────────
export interface Opinion extends Pick<OpinionRow, 'id' | 'text' | 'useCount'> {
  /** One of the office's usual opinions offered to a new user (not stored: no edit or delete). */
  preset: boolean;
}
export function normalizeOpinion(o: OpinionRow): Opinion {
  return { id: o.id, text: o.text, useCount: o.useCount, preset: o.preset === true };
}

export interface Delegation extends Pick<
  DelegationRow,
  'id' | 'delegateName' | 'delegateId' | 'kinds' | 'status' | 'direction' | 'principalName'
> {
  /** The first whole Beijing day (fromDay). */
  from: string;
  /** The last whole Beijing day (toDay; the API's `to` is the exclusive end instant). */
  to: string;
}
export function normalizeDelegation(d: DelegationRow): Delegation {
  return {
    id: d.id,
    delegateId: d.delegateId,
    delegateName: d.delegateName,
    from: d.fromDay,
    to: d.toDay,
    kinds: d.kinds,
    status: d.status,
    direction: d.direction,
    principalName: d.principalName,
  };
}

export interface Notice {
  id: string;
  title: string;
  body: string;
  at: string;
  read: boolean;
  link: string;
}
export function normalizeNotice(n: NotificationRow): Notice {
  return {
    id: n.id,
    title: n.title,
    body: n.body,
    at: n.at,
    read: false,
    link: n.link ?? (n.processId ? `/processes/${n.processId}` : ''),
  };
}
/**
 * A message pushed on /api/events/stream (the SSE stream is not part of the OpenAPI document): the
 * `notification` events carry NotificationRow; anything else (counts, keep-alive) is not a notice.
 */
export function liveNotice(data: unknown): Notice | null {
  const o = obj(data);
  return typeof o['id'] === 'string' && typeof o['title'] === 'string' && typeof o['at'] === 'string'
    ? normalizeNotice({ body: '', processId: null, taskId: null, userId: '', kind: '', ...o } as NotificationRow)
    : null;
}
