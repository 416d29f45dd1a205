import type { RowLink } from './inbox-links';

/**
 * The shapes the web app reads from the API, and tolerant normalisers for them. The inbox and
 * workflow endpoints are built in parallel with this app, so every reader accepts the documented
 * shape and a few likely spellings, and never throws on a missing field.
 */
type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : {});
const s = (...xs: unknown[]): string => {
  for (const x of xs) if (typeof x === 'string' && x !== '') return x;
  for (const x of xs) if (typeof x === 'number') return String(x);
  return '';
};
const n = (x: unknown, d = 0): number =>
  typeof x === 'number' && Number.isFinite(x) ? x : typeof x === 'string' && x !== '' && !Number.isNaN(Number(x)) ? Number(x) : d;
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** A page answer `{items,total}`, or a bare array. */
export function itemsOf(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  const o = obj(x);
  return arr(o['items'] ?? o['data'] ?? o['rows']);
}
export function totalOf(x: unknown): number {
  if (Array.isArray(x)) return x.length;
  const o = obj(x);
  return n(o['total'], itemsOf(x).length);
}

// ── me ────────────────────────────────────────────────────────────────────────────────────────────
export interface Me {
  id: string;
  username: string;
  name: string;
  unitName: string;
  departmentName: string;
  positionName: string;
  roles: string[];
  permissions: string[];
}

/** GET /api/me: `{user, posts, roles, permissions}`; permissions as ids, `{id: scope}` or `[{permission, scope}]`. */
export function normalizeMe(x: unknown): Me {
  const o = obj(x);
  const u = obj(o['user'] ?? o);
  const posts = arr(o['posts'] ?? u['posts']).map(obj);
  const primary = posts.find((p) => p['primary'] === true || p['isPrimary'] === true || p['kind'] === 'primary') ?? posts[0] ?? {};
  const rawPerms = o['permissions'] ?? o['effectivePermissions'] ?? u['permissions'];
  let permissions: string[] = [];
  if (Array.isArray(rawPerms)) {
    permissions = rawPerms.map((p) => (typeof p === 'string' ? p : s(obj(p)['permission'], obj(p)['id'], obj(p)['code']))).filter(Boolean);
  } else if (rawPerms && typeof rawPerms === 'object') {
    permissions = Object.keys(rawPerms);
  }
  const roles = arr(o['roles'] ?? u['roles'])
    .map((r) => (typeof r === 'string' ? r : s(obj(r)['id'], obj(r)['roleId'], obj(r)['name'])))
    .filter(Boolean);
  return {
    id: s(u['id'], u['userId'], o['userId']),
    username: s(u['username'], o['username']),
    name: s(u['displayName'], u['name'], u['username']),
    unitName: s(primary['unitName'], obj(primary['unit'])['name'], u['unitName'], obj(u['unit'])['name']),
    departmentName: s(primary['departmentName'], obj(primary['department'])['name'], u['departmentName'], obj(u['department'])['name']),
    positionName: s(primary['positionName'], primary['title'], obj(primary['position'])['name'], primary['rank']),
    roles,
    permissions,
  };
}

// ── inbox ─────────────────────────────────────────────────────────────────────────────────────────
export type Box = 'todo' | 'toread' | 'done' | 'mine';
export const BOX_LABELS: Record<Box, string> = { todo: '待办', toread: '待阅', done: '已办', mine: '我的流程' };
export interface Counts {
  todo: number;
  toread: number;
  done: number;
  mine: number;
}

export function normalizeCounts(x: unknown): Counts {
  const o = obj(obj(x)['counts'] ?? x);
  return { todo: n(o['todo']), toread: n(o['toread'] ?? o['toRead']), done: n(o['done']), mine: n(o['mine']) };
}

export interface InboxItem {
  taskId: string;
  processId: string;
  title: string;
  kindName: string;
  nodeName: string;
  initiatorName: string;
  arrivedAt: string;
  deadline: string;
  overdue: boolean;
  /** 代 张三: the task is someone else's, reached me by delegation. */
  onBehalfOfName: string;
  status: string;
  /** Where the row opens (公文 → the document page; ./inbox-links.ts); absent: the process page. */
  link?: RowLink;
  /** 批量同意 applies (workflow approvals; not 收文 rows). Absent: yes. */
  batchable?: boolean;
}

export function normalizeInboxItem(x: unknown): InboxItem {
  const o = obj(x);
  return {
    taskId: s(o['taskId'], o['id']),
    processId: s(o['processId'], o['instanceId'], o['processInstanceId']),
    title: s(o['title'], o['subject'], o['processTitle'], o['definitionName'], '（无标题）'),
    kindName: s(o['kindName'], o['definitionName'], o['processName'], o['kind'], o['definitionKey']),
    nodeName: s(o['nodeName'], o['taskName'], o['stepName']),
    initiatorName: s(o['initiatorName'], o['drafterName'], o['applicantName'], o['startedByName']),
    arrivedAt: s(o['arrivedAt'], o['createdAt'], o['receivedAt'], o['startedAt'], o['updatedAt'], o['occurredAt']),
    deadline: s(o['deadline'], o['dueAt'], o['due']),
    overdue: o['overdue'] === true,
    onBehalfOfName: s(o['onBehalfOfName'], obj(o['onBehalfOf'])['name']),
    status: s(o['status'], o['state']),
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
export type FieldType = 'text' | 'textarea' | 'number' | 'money' | 'date' | 'datetime' | 'select' | 'checkbox';
export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  options: { value: string; label: string }[];
  min?: number;
  max?: number;
  maxLength?: number;
  placeholder: string;
}
export interface ProcessDefinition {
  key: string;
  name: string;
  version: number;
  category: string;
  fields: FieldDef[];
  /** false: started by its own module (发文审批 from 公文 → 拟稿), not from 起草. */
  startable: boolean;
}

const FIELD_TYPES: FieldType[] = ['text', 'textarea', 'number', 'money', 'date', 'datetime', 'select', 'checkbox'];
const TYPE_ALIASES: Record<string, FieldType> = {
  string: 'text',
  integer: 'number',
  int: 'number',
  decimal: 'number',
  amount: 'money',
  fen: 'money',
  boolean: 'checkbox',
  bool: 'checkbox',
  enum: 'select',
  longtext: 'textarea',
  'date-time': 'datetime',
};

export function normalizeField(x: unknown): FieldDef {
  const o = obj(x);
  const rawType = s(o['type'], o['kind']).toLowerCase();
  const type: FieldType = (FIELD_TYPES as string[]).includes(rawType) ? (rawType as FieldType) : (TYPE_ALIASES[rawType] ?? 'text');
  const options = arr(o['options'] ?? o['enum'] ?? o['choices']).map((op) =>
    typeof op === 'string' || typeof op === 'number'
      ? { value: String(op), label: String(op) }
      : { value: s(obj(op)['value'], obj(op)['id']), label: s(obj(op)['label'], obj(op)['name'], obj(op)['value']) },
  );
  const num = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
  return {
    name: s(o['name'], o['key'], o['id']),
    label: s(o['label'], o['title'], o['name']),
    type: options.length && type === 'text' ? 'select' : type,
    required: o['required'] === true,
    options,
    min: num('min'),
    max: num('max'),
    maxLength: num('maxLength'),
    placeholder: s(o['placeholder'], o['hint']),
  };
}

export function normalizeDefinition(x: unknown): ProcessDefinition {
  const o = obj(x);
  const form = obj(o['form']);
  return {
    key: s(o['key'], o['definitionKey'], o['id']),
    name: s(o['name'], o['title'], o['key']),
    version: n(o['version'], 1),
    category: s(o['category'], o['kindName'], o['kind']),
    startable: o['startable'] !== false,
    fields: arr(o['fields'] ?? form['fields'] ?? o['formFields'])
      .map(normalizeField)
      .filter((f) => f.name),
  };
}

// ── process instance (task page) ─────────────────────────────────────────────────────────────────
/**
 * done / current / pending / skipped / rejected, plus the two a 退回 loop needs: `redo` (approved
 * before the 退回, to be handled again) and `returned` (this node sent it back).
 */
export type NodeState = 'done' | 'current' | 'pending' | 'skipped' | 'rejected' | 'returned' | 'redo';
const NODE_STATES: readonly NodeState[] = ['done', 'current', 'pending', 'skipped', 'rejected', 'returned', 'redo'];
export interface DiagramNode {
  id: string;
  name: string;
  kind: string;
  state: NodeState;
  assignees: string;
  /** What happened there before a 退回 (e.g. 秦涛 同意，后被退回), from the API. */
  note: string;
}
export interface LogEntry {
  at: string;
  actorName: string;
  onBehalfOfName: string;
  action: string;
  nodeName: string;
  opinion: string;
  signature: unknown;
}
export type TaskAction = 'approve' | 'reject' | 'return' | 'withdraw' | 'forward' | 'add-signer' | 'urge' | 'read' | 'resubmit' | 'cancel';
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
export interface MyTask {
  id: string;
  nodeName: string;
  allowedActions: TaskAction[];
  editableFields: string[];
  returnTargets: { id: string; name: string }[];
}
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

const STATE_ALIASES: Record<string, NodeState> = {
  completed: 'done',
  approved: 'done',
  active: 'current',
  running: 'current',
  waiting: 'pending',
  todo: 'pending',
};
function actionList(x: unknown): TaskAction[] {
  return arr(x)
    .map(String)
    .filter((a): a is TaskAction => (TASK_ACTIONS as readonly string[]).includes(a));
}
function normalizeTask(x: unknown): MyTask | null {
  const o = obj(x);
  const id = s(o['id'], o['taskId']);
  if (!id) return null;
  return {
    id,
    nodeName: s(o['nodeName'], o['name']),
    allowedActions: actionList(o['allowedActions'] ?? o['actions']),
    editableFields: arr(o['editableFields']).map(String),
    returnTargets: arr(o['returnTargets']).map((t) => ({
      id: s(obj(t)['id'], obj(t)['nodeId'], t),
      name: s(obj(t)['name'], obj(t)['nodeName'], t),
    })),
  };
}

export function normalizeProcess(x: unknown, currentUserId = '', taskHint = ''): ProcessDetail {
  const o = obj(obj(x)['process'] ?? x);
  const def = obj(o['definition']);
  const nodes = arr(o['nodes'] ?? obj(o['diagram'])['nodes'] ?? def['nodes']).map((nd): DiagramNode => {
    const q = obj(nd);
    const raw = s(q['state'], q['status']).toLowerCase();
    const state: NodeState = (NODE_STATES as readonly string[]).includes(raw) ? (raw as NodeState) : (STATE_ALIASES[raw] ?? 'pending');
    const who = q['assignees'] ?? q['assigneeNames'] ?? q['handlers'];
    return {
      id: s(q['id'], q['nodeId']),
      name: s(q['name'], q['label'], q['id']),
      kind: s(q['kind'], q['type']),
      state,
      assignees: Array.isArray(who)
        ? who.map((w) => (typeof w === 'string' ? w : s(obj(w)['name'], obj(w)['displayName']))).join('、')
        : s(who),
      note: s(q['note']),
    };
  });
  const log = arr(o['log'] ?? o['history'] ?? o['approvalLog']).map((l): LogEntry => {
    const q = obj(l);
    return {
      at: s(q['at'], q['occurredAt'], q['time'], q['createdAt']),
      actorName: s(q['actorName'], obj(q['actor'])['name'], q['actorId']),
      onBehalfOfName: s(q['onBehalfOfName'], obj(q['onBehalfOf'])['name']),
      action: s(q['action'], q['type']),
      nodeName: s(q['nodeName'], q['node']),
      opinion: s(q['opinion'], q['comment']),
      signature: q['signature'] ?? null,
    };
  });
  const tasks = arr(o['tasks'] ?? o['myTasks']);
  let task = normalizeTask(o['task'] ?? o['myTask'] ?? o['currentTask']);
  if (!task && tasks.length) {
    const mine =
      tasks.find((t) => taskHint && s(obj(t)['id'], obj(t)['taskId']) === taskHint) ??
      tasks.find(
        (t) =>
          currentUserId &&
          [obj(t)['assigneeId'], obj(t)['userId']].includes(currentUserId) &&
          !['done', 'completed'].includes(s(obj(t)['status'])),
      ) ??
      (tasks.length === 1 ? tasks[0] : undefined);
    task = mine ? normalizeTask(mine) : null;
  }
  return {
    id: s(o['id'], o['processId'], o['instanceId']),
    title: s(o['title'], o['subject'], def['name'], o['definitionName']),
    definitionKey: s(o['definitionKey'], def['key']),
    definitionName: s(o['definitionName'], def['name']),
    status: s(o['status'], o['state']),
    initiatorName: s(o['initiatorName'], obj(o['initiator'])['name'], o['startedByName']),
    startedAt: s(o['startedAt'], o['createdAt']),
    form: obj(o['form'] ?? o['formData']),
    fields: arr(o['fields'] ?? def['fields'] ?? obj(def['form'])['fields'])
      .map(normalizeField)
      .filter((f) => f.name),
    nodes,
    log,
    task,
    allowedActions: actionList(o['allowedActions']),
  };
}

// ── settings ─────────────────────────────────────────────────────────────────────────────────────
export interface Opinion {
  id: string;
  text: string;
  useCount: number;
  /** One of the office's usual opinions offered to a new user (not stored: no edit or delete). */
  preset: boolean;
}
export function normalizeOpinion(x: unknown): Opinion {
  const o = obj(x);
  return {
    id: s(o['id'], o['opinionId']),
    text: s(o['text'], o['content'], o['opinion']),
    useCount: n(o['useCount'] ?? o['uses'] ?? o['count']),
    preset: o['preset'] === true,
  };
}

export interface Delegation {
  id: string;
  delegateName: string;
  delegateId: string;
  from: string;
  to: string;
  kinds: string[];
  status: string;
  /** granted: mine to someone else; received: someone's to me (not mine to revoke). */
  direction: 'granted' | 'received';
  principalName: string;
}
export function normalizeDelegation(x: unknown): Delegation {
  const o = obj(x);
  return {
    id: s(o['id'], o['delegationId']),
    delegateId: s(o['delegateId'], obj(o['delegate'])['id']),
    delegateName: s(o['delegateName'], obj(o['delegate'])['name'], o['delegateId']),
    // fromDay / toDay: the whole Beijing days (the API's `to` is the exclusive end instant)
    from: s(o['fromDay'], o['from'], o['startsAt'], o['startDate'], o['validFrom']),
    to: s(o['toDay'], o['to'], o['endsAt'], o['endDate'], o['validTo'], o['until']),
    kinds: arr(o['kinds'] ?? o['processKinds'] ?? o['definitionKeys']).map(String),
    status: s(o['status'], o['revoked'] === true ? 'revoked' : ''),
    direction: o['direction'] === 'received' ? 'received' : 'granted',
    principalName: s(o['principalName'], obj(o['principal'])['name'], o['principalId']),
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
export function normalizeNotice(x: unknown): Notice {
  const o = obj(x);
  const processId = s(o['processId'], obj(o['data'])['processId']);
  return {
    id: s(o['id'], o['notificationId']),
    title: s(o['title'], o['message'], o['text'], o['type']),
    body: s(o['body'], o['detail'], o['content']),
    at: s(o['at'], o['createdAt'], o['occurredAt']),
    read: o['read'] === true,
    link: s(o['link'], processId ? `/processes/${processId}` : ''),
  };
}
