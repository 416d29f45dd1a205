import { describe, expect, it } from 'vitest';
import {
  codeLabel,
  deadlineState,
  delegationStatusLabel,
  liveNotice,
  normalizeDefinition,
  normalizeDelegation,
  normalizeInboxItem,
  normalizeMe,
  normalizeNotice,
  normalizeOpinion,
  normalizeProcess,
  type InboxRow,
  type ProcessAnswer,
} from './models';
import { formatDate, formatTime } from './time';

/** Answers in their declared shapes (api-types.ts): a fixture missing or misspelling a field does not compile. */
type TaskAnswer = ProcessAnswer['tasks'][number];
const myTask = (over: Partial<TaskAnswer> = {}): TaskAnswer => ({
  id: 'p1.t1',
  taskId: 'p1.t1',
  nodeId: 'b',
  nodeName: '局长审批',
  kind: 'approval',
  assigneeId: 'u1',
  assigneeName: '王局',
  onBehalfOf: null,
  onBehalfOfName: '',
  deadline: null,
  overdue: false,
  allowedActions: ['approve'],
  editableFields: [],
  returnTargets: [],
  ...over,
});
const process = (over: Partial<ProcessAnswer> = {}): ProcessAnswer => ({
  id: 'p1',
  processId: 'p1',
  title: '请假',
  status: 'running',
  definitionKey: 'leave',
  definitionName: '请休假',
  definitionVersion: 1,
  kind: '请休假',
  initiatorId: 'u0',
  initiatorName: '李明',
  applicant: null,
  startedAt: '2026-11-25T01:00:00Z',
  endedAt: null,
  subject: null,
  form: { days: 2 },
  fields: [],
  nodes: [],
  edges: [],
  openTasks: [],
  log: [],
  task: null,
  tasks: [],
  allowedActions: [],
  admin: null,
  ...over,
});
const inboxRow = (over: Partial<InboxRow> = {}): InboxRow => ({
  box: 'todo',
  taskId: 't1',
  processId: 'p1',
  instanceId: 'p1',
  title: '请假申请',
  kind: '请休假',
  kindName: '请休假',
  definitionKey: 'leave',
  nodeId: 'b',
  nodeName: '局长审批',
  taskKind: 'approval',
  initiatorId: 'u0',
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
  link: '/processes/p1?task=t1',
  ...over,
});

describe('normalizeMe (GET /api/me)', () => {
  it('reads the declared answer: the user, role ids and the permission codes of the grants', () => {
    const me = normalizeMe({
      user: {
        id: 'u1',
        username: 'staff',
        name: '李明',
        unitId: 'czj',
        departmentId: 'czj-ysk',
        title: '科员',
        rank: '科员',
        roles: ['staff'],
        mustChangePassword: false,
      },
      posts: [{ unitId: 'czj', departmentId: 'czj-ysk', title: '科员', rank: '科员', primary: true }],
      roles: [{ roleId: 'staff', name: '工作人员', scope: 'department' }],
      permissions: [
        { permission: 'workflow.use', scope: 'self' },
        { permission: 'org.read', scope: 'unit' },
      ],
      lastLoginAt: null,
    });
    expect(me).toEqual({
      id: 'u1',
      username: 'staff',
      name: '李明',
      title: '科员',
      roles: ['staff'],
      permissions: ['workflow.use', 'org.read'],
    });
  });
});

describe('inbox', () => {
  it('marks overdue past the deadline, soon within 24 h, nothing otherwise', () => {
    const now = Date.parse('2026-11-25T08:00:00Z');
    expect(deadlineState({ deadline: '2026-11-25T07:59:00Z', overdue: false }, now)).toBe('overdue');
    expect(deadlineState({ deadline: '2026-11-26T07:00:00Z', overdue: false }, now)).toBe('soon');
    expect(deadlineState({ deadline: '2026-11-30T00:00:00Z', overdue: false }, now)).toBe('');
    expect(deadlineState({ deadline: '', overdue: true }, now)).toBe('overdue');
    expect(deadlineState({ deadline: 'not a date', overdue: false }, now)).toBe('');
  });

  it('reads an inbox row with a delegation mark; a 我的流程 row without task or deadline reads them as empty', () => {
    expect(normalizeInboxItem(inboxRow({ onBehalfOf: 'zhang-san', onBehalfOfName: '张三', deadline: '2026-12-01T00:00:00Z' }))).toEqual({
      taskId: 't1',
      processId: 'p1',
      title: '请假申请',
      kindName: '请休假',
      nodeName: '局长审批',
      initiatorName: '李明',
      arrivedAt: '2026-11-25T01:00:00Z',
      deadline: '2026-12-01T00:00:00Z',
      overdue: false,
      onBehalfOfName: '张三',
      status: 'open',
    });
    expect(normalizeInboxItem(inboxRow({ box: 'mine', taskId: null, status: 'running' }))).toMatchObject({ taskId: '', deadline: '' });
  });
});

describe('process definitions and instances', () => {
  it('maps each declared field type to its input, enum options to a select', () => {
    const d = normalizeDefinition({
      key: 'leave',
      name: '请假',
      kind: '请休假',
      category: '请休假',
      description: '',
      version: 3,
      startable: true,
      fields: [
        { name: 'days', label: '天数', type: 'number', required: true },
        { name: 'type', label: '类别', type: 'enum', options: ['事假', '病假'] },
        { name: 'amount', label: '金额', type: 'money' },
        { name: 'urgent', label: '加急', type: 'boolean' },
        { name: 'reason', label: '事由', type: 'string' },
      ],
      formFields: [],
    });
    expect(d.fields.map((f) => [f.name, f.type])).toEqual([
      ['days', 'number'],
      ['type', 'select'],
      ['amount', 'money'],
      ['urgent', 'checkbox'],
      ['reason', 'text'],
    ]);
    expect(d.fields[1].options).toEqual([
      { value: '事假', label: '事假' },
      { value: '病假', label: '病假' },
    ]);
    expect(d).toMatchObject({ key: 'leave', version: 3, category: '请休假', startable: true });
    expect(d.fields[0].required).toBe(true);
    expect(d.fields[2].required).toBe(false);
  });

  it('draws the nodes with their handlers, keeps the log and the actions the API allows', () => {
    const task = myTask({ allowedActions: ['approve', 'return'], returnTargets: [{ id: 'drafter', name: '拟稿人' }] });
    const p = normalizeProcess(
      process({
        nodes: [
          { id: 'a', name: '科长审批', kind: 'approval', state: 'done', assignees: [{ id: 'u2', name: '张科长' }] },
          {
            id: 'b',
            name: '局长审批',
            kind: 'countersign',
            state: 'current',
            assignees: [
              { id: 'u1', name: '王局' },
              { id: 'u3', name: '赵局' },
            ],
          },
          { id: 'c', name: '结束', kind: 'end', state: 'pending', assignees: [] },
        ],
        task,
        tasks: [task],
        allowedActions: ['approve', 'return', 'urge'],
        log: [
          {
            seq: 1,
            at: '2026-11-25T01:00:00Z',
            nodeId: 'start',
            nodeName: '拟稿',
            action: 'submit',
            actionLabel: '提交',
            actorId: 'u0',
            actorName: '李明',
            onBehalfOf: null,
            onBehalfOfName: '',
            opinion: '',
            detail: null,
            signature: [{ points: [[1, 2, 0.5, 0]] }],
          },
        ],
      }),
    );
    expect(p.task).toEqual({
      id: 'p1.t1',
      nodeName: '局长审批',
      allowedActions: ['approve', 'return'],
      editableFields: [],
      returnTargets: [{ id: 'drafter', name: '拟稿人' }],
    });
    expect(p.allowedActions).toEqual(['approve', 'return', 'urge']);
    expect(p.nodes.map((n) => n.state)).toEqual(['done', 'current', 'pending']);
    expect(p.nodes[1].assignees).toBe('王局、赵局');
    expect(p.log[0].signature).toBeTruthy();
    expect(p).toMatchObject({ id: 'p1', title: '请假', definitionName: '请休假', initiatorName: '李明', form: { days: 2 } });
  });

  it('prefers the task the inbox row linked to (?task=) among my open tasks, else the first', () => {
    const t1 = myTask({ id: 'p1.t1', allowedActions: ['approve'] });
    const t2 = myTask({ id: 'p1.t2', kind: 'read', allowedActions: ['read'] });
    const p = process({ task: t1, tasks: [t1, t2] });
    expect(normalizeProcess(p, 'p1.t2').task?.allowedActions).toEqual(['read']);
    expect(normalizeProcess(p).task?.id).toBe('p1.t1');
    expect(normalizeProcess(p, 'p1.t9').task?.id).toBe('p1.t1');
    expect(normalizeProcess(process()).task).toBeNull();
  });
});

describe('settings and messages', () => {
  it('an opinion is a preset only when the API says so', () => {
    expect(normalizeOpinion({ id: 'preset-1', opinionId: 'preset-1', text: '同意', useCount: 0, preset: true }).preset).toBe(true);
    expect(
      normalizeOpinion({ id: 'o1', opinionId: 'o1', text: '已阅', useCount: 4, createdAt: '2026-11-25T01:00:00Z', lastUsedAt: null }),
    ).toEqual({ id: 'o1', text: '已阅', useCount: 4, preset: false });
  });

  it('a message links to its page, else to its process; a pushed message is read the same way', () => {
    const row = {
      id: 'n1',
      userId: 'u1',
      kind: 'task.returned',
      title: '请假申请 被退回',
      body: '请补充说明',
      at: '2026-11-25T01:00:00Z',
      processId: 'p1',
      taskId: null,
    };
    expect(normalizeNotice(row).link).toBe('/processes/p1');
    expect(normalizeNotice({ ...row, link: '/documents/incoming/d1' }).link).toBe('/documents/incoming/d1');
    expect(liveNotice(row)).toEqual(normalizeNotice(row));
    expect(liveNotice({ todo: 3, toread: 0, done: 0, mine: 0 })).toBeNull();
    expect(liveNotice(null)).toBeNull();
  });
});

describe('times in Asia/Shanghai', () => {
  it('shows UTC instants in Beijing time', () => {
    expect(formatTime('2026-11-25T16:30:00Z')).toBe('2026-11-26 00:30');
    expect(formatDate('2026-11-25T16:30:00Z')).toBe('2026-11-26');
    expect(formatDate('2026-11-25')).toBe('2026-11-25');
    expect(formatTime('')).toBe('');
  });
});

describe('issue 13: what a returned request and the labels need', () => {
  it('keeps 重新提交 and 作废 from the API (a returned or withdrawn request is not stuck)', () => {
    const task = myTask({ id: 'p1.t3', kind: 'resubmit', allowedActions: ['resubmit', 'cancel'] });
    const p = normalizeProcess(process({ status: 'returned', task, tasks: [task], allowedActions: ['resubmit', 'cancel'] }));
    expect(p.task?.allowedActions).toEqual(['resubmit', 'cancel']);
    expect(p.allowedActions).toEqual(['resubmit', 'cancel']);
  });

  it('reads the 退回 loop states of the diagram (redo, returned) with their note', () => {
    const p = normalizeProcess(
      process({
        nodes: [
          { id: 'a', name: '科长审批', kind: 'approval', state: 'redo', note: '张科长 曾同意', assignees: [] },
          { id: 'b', name: '局长审批', kind: 'approval', state: 'returned', assignees: [] },
        ],
      }),
    );
    expect(p.nodes.map((n) => n.state)).toEqual(['redo', 'returned']);
    expect(p.nodes.map((n) => n.note)).toEqual(['张科长 曾同意', '']);
  });

  it('one mapping puts every status and action code a user sees into Chinese', () => {
    const codes = [
      ...['open', 'suspended', 'done', 'running', 'returned', 'completed', 'rejected', 'terminated', 'cancelled'],
      ...['submit', 'approve', 'reject', 'return', 'withdraw', 'forward', 'addSigner', 'add-signer', 'resubmit', 'cancel', 'read'],
      ...['urge', 'reassign', 'terminate', 'complete', 'delegate'],
      ...['sign', 'instruct', 'register', 'propose', 'assign', 'handle', 'circulate'],
    ];
    for (const c of codes) expect(codeLabel(c), c).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(codeLabel('running')).toBe('办理中');
    for (const c of ['active', 'planned', 'expired', 'revoked']) expect(delegationStatusLabel(c), c).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(delegationStatusLabel('active')).toBe('生效中');
    expect(codeLabel('')).toBe('');
  });

  it('a delegation shows its whole Beijing days (fromDay / toDay), not the exclusive end instant', () => {
    const d = normalizeDelegation({
      id: 'd1',
      delegationId: 'd1',
      direction: 'received',
      principalId: 'cao-jun',
      principalName: '曹军',
      delegateId: 'yan-qing',
      delegateName: '严青',
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-11T16:00:00.000Z',
      fromDay: '2026-12-01',
      toDay: '2026-12-11',
      kinds: [],
      allKinds: true,
      reason: '出差',
      grantedAt: '2026-11-29T02:00:00.000Z',
      status: 'planned',
    });
    expect(d).toEqual({
      id: 'd1',
      delegateId: 'yan-qing',
      delegateName: '严青',
      from: '2026-12-01',
      to: '2026-12-11',
      kinds: [],
      status: 'planned',
      direction: 'received',
      principalName: '曹军',
    });
  });
});
