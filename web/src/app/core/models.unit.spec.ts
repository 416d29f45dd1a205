import { describe, expect, it } from 'vitest';
import {
  codeLabel,
  deadlineState,
  delegationStatusLabel,
  normalizeCounts,
  normalizeDefinition,
  normalizeDelegation,
  normalizeInboxItem,
  normalizeMe,
  normalizeProcess,
} from './models';
import { formatDate, formatTime } from './time';

describe('normalizeMe (GET /api/me)', () => {
  it('reads the API shape: user, posts with primary, roles {roleId}, grants [{permission, scope}]', () => {
    const me = normalizeMe({
      user: { id: 'u1', username: 'staff', name: '李明', title: '科员' },
      posts: [
        { unitId: 'x', unitName: '区政府办公室', departmentName: '秘书科', title: '科员', primary: false },
        { unitId: 'y', unitName: '区财政局', departmentName: '预算科', title: '科员', primary: true },
      ],
      roles: [{ roleId: 'staff', name: '工作人员', scope: 'department' }],
      permissions: [
        { permission: 'workflow.use', scope: 'self' },
        { permission: 'org.read', scope: 'unit' },
      ],
    });
    expect(me).toMatchObject({
      id: 'u1',
      username: 'staff',
      name: '李明',
      unitName: '区财政局',
      departmentName: '预算科',
      roles: ['staff'],
    });
    expect(me.permissions).toEqual(['workflow.use', 'org.read']);
  });

  it('accepts permissions as ids or as a {permission: scope} map', () => {
    expect(normalizeMe({ user: { id: 'a' }, permissions: ['org.admin'] }).permissions).toEqual(['org.admin']);
    expect(normalizeMe({ user: { id: 'a' }, permissions: { 'audit.read': 'all' } }).permissions).toEqual(['audit.read']);
    expect(normalizeMe(null).permissions).toEqual([]);
  });
});

describe('inbox', () => {
  it('counts default to 0 and accept toRead', () => {
    expect(normalizeCounts({ todo: 3, toRead: 2 })).toEqual({ todo: 3, toread: 2, done: 0, mine: 0 });
    expect(normalizeCounts({ counts: { todo: '7' } }).todo).toBe(7);
  });

  it('marks overdue past the deadline, soon within 24 h, nothing otherwise', () => {
    const now = Date.parse('2026-11-25T08:00:00Z');
    expect(deadlineState({ deadline: '2026-11-25T07:59:00Z', overdue: false }, now)).toBe('overdue');
    expect(deadlineState({ deadline: '2026-11-26T07:00:00Z', overdue: false }, now)).toBe('soon');
    expect(deadlineState({ deadline: '2026-11-30T00:00:00Z', overdue: false }, now)).toBe('');
    expect(deadlineState({ deadline: '', overdue: true }, now)).toBe('overdue');
    expect(deadlineState({ deadline: 'not a date', overdue: false }, now)).toBe('');
  });

  it('reads an inbox row with a delegation mark', () => {
    const it = normalizeInboxItem({
      taskId: 't1',
      processId: 'p1',
      title: '请假申请',
      onBehalfOf: { name: '张三' },
      dueAt: '2026-12-01T00:00:00Z',
    });
    expect(it).toMatchObject({
      taskId: 't1',
      processId: 'p1',
      title: '请假申请',
      onBehalfOfName: '张三',
      deadline: '2026-12-01T00:00:00Z',
    });
  });
});

describe('process definitions and instances', () => {
  it('maps field types and options', () => {
    const d = normalizeDefinition({
      key: 'leave',
      name: '请假',
      fields: [
        { name: 'days', label: '天数', type: 'integer', required: true, min: 1 },
        { name: 'type', label: '类别', options: ['事假', '病假'] },
        { name: 'amount', label: '金额', type: 'fen' },
        { label: 'no name' },
      ],
    });
    expect(d.fields.map((f) => [f.name, f.type])).toEqual([
      ['days', 'number'],
      ['type', 'select'],
      ['amount', 'money'],
    ]);
    expect(d.fields[1].options).toEqual([
      { value: '事假', label: '事假' },
      { value: '病假', label: '病假' },
    ]);
    expect(d.fields[0]).toMatchObject({ required: true, min: 1 });
  });

  it('keeps only known actions the API allows on the task, and node states', () => {
    const p = normalizeProcess({
      id: 'p1',
      title: '请假',
      form: { days: 2 },
      nodes: [
        { id: 'a', name: '科长审批', state: 'completed' },
        { id: 'b', name: '局长审批', state: 'current', assignees: [{ name: '王局' }] },
        { id: 'c', name: '结束' },
      ],
      task: { id: 't9', allowedActions: ['approve', 'return', 'self-destruct'] },
      log: [{ actorName: '李明', action: 'start', at: '2026-11-25T01:00:00Z', signature: [{ points: [[1, 2, 0.5, 0]] }] }],
    });
    expect(p.task?.allowedActions).toEqual(['approve', 'return']);
    expect(p.nodes.map((n) => n.state)).toEqual(['done', 'current', 'pending']);
    expect(p.nodes[1].assignees).toBe('王局');
    expect(p.log[0].signature).toBeTruthy();
  });

  it('finds my open task among several by assignee', () => {
    const p = normalizeProcess(
      {
        id: 'p',
        tasks: [
          { id: 't1', assigneeId: 'u2', allowedActions: ['approve'] },
          { id: 't2', assigneeId: 'u1', allowedActions: ['reject'] },
        ],
      },
      'u1',
    );
    expect(p.task?.id).toBe('t2');
    expect(
      normalizeProcess(
        {
          id: 'p',
          tasks: [
            { id: 't1', assigneeId: 'u2' },
            { id: 't3', assigneeId: 'u3' },
          ],
        },
        'u1',
      ).task,
    ).toBeNull();
    expect(normalizeProcess({ id: 'p', tasks: [{ id: 't1' }, { id: 't3' }] }, 'u1', 't3').task?.id).toBe('t3');
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
    const p = normalizeProcess({
      id: 'p1',
      status: 'returned',
      task: { id: 'p1.t3', allowedActions: ['resubmit', 'cancel'] },
      allowedActions: ['resubmit', 'cancel'],
    });
    expect(p.task?.allowedActions).toEqual(['resubmit', 'cancel']);
    expect(p.allowedActions).toEqual(['resubmit', 'cancel']);
  });

  it('reads the 退回 loop states of the diagram (redo, returned) with their note', () => {
    const p = normalizeProcess({
      nodes: [
        { id: 'a', name: '科长审批', state: 'redo', note: '张科长 曾同意' },
        { id: 'b', state: 'running' },
      ],
    });
    expect(p.nodes.map((n) => n.state)).toEqual(['redo', 'current']);
    expect(p.nodes[0].note).toBe('张科长 曾同意');
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
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-11T16:00:00.000Z',
      fromDay: '2026-12-01',
      toDay: '2026-12-11',
    });
    expect([d.from, d.to]).toEqual(['2026-12-01', '2026-12-11']);
  });
});
