import type { DefinitionAnswer, DelegationRow, InboxRow, MeAnswer, NotificationRow, OpinionRow, ProcessAnswer } from './models';

/**
 * Test fixtures: API answers in their declared shapes (./api-types.ts), every field filled, so a unit
 * spec states only what it is about. Used by the *.unit.spec.ts files only (nothing in the app imports
 * this file, so it is not in the bundle).
 */
type TaskAnswer = ProcessAnswer['tasks'][number];
type NodeAnswer = ProcessAnswer['nodes'][number];
type LogAnswer = ProcessAnswer['log'][number];

export function meAnswer(user: Partial<MeAnswer['user']> = {}, permissions: string[] = []): MeAnswer {
  const u: MeAnswer['user'] = {
    id: 'staff',
    username: 'staff',
    name: '许文博',
    unitId: 'czj',
    departmentId: 'czj-ysk',
    title: '科员',
    rank: '科员',
    roles: ['staff'],
    mustChangePassword: false,
    ...user,
  };
  return {
    user: u,
    posts: [{ unitId: u.unitId, departmentId: u.departmentId, title: u.title, rank: u.rank, primary: true }],
    roles: u.roles.map((roleId) => ({ roleId, name: roleId, scope: 'department' as const })),
    permissions: permissions.map((permission) => ({ permission, scope: 'department' as const })),
    lastLoginAt: null,
  };
}

export function inboxRow(over: Partial<InboxRow> = {}): InboxRow {
  const processId = over.processId ?? 'p1';
  return {
    box: 'todo',
    taskId: 't1',
    processId,
    instanceId: processId,
    title: '请假申请',
    kind: '请休假',
    kindName: '请休假',
    definitionKey: 'leave',
    nodeId: 'n1',
    nodeName: '科长审批',
    taskKind: 'approval',
    initiatorId: 'li-ming',
    initiatorName: '李明',
    arrivedAt: '2026-11-25T01:00:00Z',
    doneAt: null,
    deadline: null,
    overdue: false,
    onBehalfOf: null,
    onBehalfOfName: '',
    actorId: null,
    actorName: '',
    status: 'open',
    action: null,
    link: `/processes/${processId}`,
    ...over,
  };
}
export const inboxPage = (items: Partial<InboxRow>[], total = items.length) => ({
  items: items.map(inboxRow),
  page: 1,
  pageSize: 20,
  total,
});

export function definition(over: Partial<DefinitionAnswer> = {}): DefinitionAnswer {
  return {
    key: 'leave',
    name: '请假申请',
    kind: '请休假',
    category: '请休假',
    description: '',
    version: 1,
    fields: [],
    formFields: [],
    startable: true,
    ...over,
  };
}

export function taskAnswer(over: Partial<TaskAnswer> = {}): TaskAnswer {
  const id = over.id ?? 't1';
  return {
    id,
    taskId: id,
    nodeId: 'n2',
    nodeName: '局长审批',
    kind: 'approval',
    assigneeId: 'staff',
    assigneeName: '许文博',
    onBehalfOf: null,
    onBehalfOfName: '',
    deadline: null,
    overdue: false,
    allowedActions: [],
    editableFields: [],
    returnTargets: [],
    ...over,
  };
}
export const nodeAnswer = (over: Partial<NodeAnswer> & Pick<NodeAnswer, 'id' | 'name'>): NodeAnswer => ({
  kind: 'approval',
  state: 'pending',
  assignees: [],
  ...over,
});
export const logAnswer = (over: Partial<LogAnswer> = {}): LogAnswer => ({
  seq: 1,
  at: '2026-11-25T01:00:00Z',
  nodeId: 'n1',
  nodeName: '科长审批',
  action: 'approve',
  actionLabel: '同意',
  actorId: null,
  actorName: '',
  onBehalfOf: null,
  onBehalfOfName: '',
  opinion: '',
  detail: null,
  signature: null,
  ...over,
});

/** GET /api/processes/:id; nodes, log entries and the task may be given in part. */
export function processAnswer(
  over: Omit<Partial<ProcessAnswer>, 'nodes' | 'log' | 'task' | 'tasks'> & {
    nodes?: (Partial<NodeAnswer> & Pick<NodeAnswer, 'id' | 'name'>)[];
    log?: Partial<LogAnswer>[];
    task?: Partial<TaskAnswer> | null;
  } = {},
): ProcessAnswer {
  const { nodes = [], log = [], task = null, ...rest } = over;
  const t = task ? taskAnswer(task) : null;
  return {
    id: 'p1',
    processId: 'p1',
    title: '请假申请',
    status: 'running',
    definitionKey: 'leave',
    definitionName: '请假',
    definitionVersion: 1,
    kind: '请休假',
    initiatorId: 'li-ming',
    initiatorName: '李明',
    applicant: null,
    startedAt: '2026-11-25T01:00:00Z',
    endedAt: null,
    subject: null,
    form: {},
    fields: [],
    nodes: nodes.map(nodeAnswer),
    edges: [],
    openTasks: [],
    log: log.map(logAnswer),
    task: t,
    tasks: t ? [t] : [],
    allowedActions: t ? t.allowedActions : [],
    admin: null,
    ...rest,
  };
}

export const opinionList = (items: (Partial<OpinionRow> & Pick<OpinionRow, 'id' | 'text'>)[]) => ({
  items: items.map((o) => ({ opinionId: o.id, useCount: 0, ...o })),
  total: items.length,
});

export function notificationRow(over: Partial<NotificationRow> = {}): NotificationRow {
  return {
    id: 'n1',
    userId: 'staff',
    kind: 'task.created',
    title: '新待办',
    body: '',
    at: '2026-11-25T01:00:00Z',
    processId: null,
    taskId: null,
    ...over,
  };
}

export function delegationRow(over: Partial<DelegationRow> = {}): DelegationRow {
  return {
    id: 'd1',
    delegationId: over.id ?? 'd1',
    direction: 'granted',
    principalId: 'staff',
    principalName: '许文博',
    delegateId: 'qi-ming',
    delegateName: '齐明',
    from: '2026-11-30T16:00:00.000Z',
    to: '2026-12-11T16:00:00.000Z',
    fromDay: '2026-12-01',
    toDay: '2026-12-11',
    kinds: [],
    allKinds: true,
    reason: '',
    grantedAt: '2026-11-29T02:00:00.000Z',
    status: 'planned',
    ...over,
  };
}
