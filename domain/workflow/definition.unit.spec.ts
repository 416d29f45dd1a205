import { describe, it, expect } from 'vitest';
import { validateDefinition, validateForm, resolveAssignments, type ProcessDefinitionBody } from './definition';
import { decideDefinition, DefinitionInvalid } from './process-definition.decide';
import { currentDefinition, evolveDefinition, initialDefinitionState, type DefinitionEvent } from './process-definition.events';
import { leaveDefinition, simpleApprovalDefinition } from './samples';
import { approval, chain, conditionDef, md, parallelDef, T0 } from './spec-support';
import type { OrgDirectory } from './approvers';
import { fold } from '../shared/decider';

const clone = <T>(x: T): T => structuredClone(x);
const fields = (def: unknown) => validateDefinition(def).map((e) => e.field);
const messages = (def: unknown) =>
  validateDefinition(def)
    .map((e) => e.message)
    .join('\n');

describe('definition validation (on publish)', () => {
  it('accepts the samples and the test shapes', () => {
    for (const d of [leaveDefinition(), simpleApprovalDefinition(), parallelDef(), conditionDef(), chain('cc', [approval('a')])]) {
      expect(validateDefinition(d), d.key).toEqual([]);
    }
  });

  it('requires exactly one start and an end', () => {
    const d = clone(leaveDefinition());
    d.nodes.push({ id: 'start2', name: '申请2', kind: 'start' });
    d.edges.push({ from: 'start2', to: 'dept-leader' });
    expect(messages(d)).toMatch(/有且只有一个开始节点（现有 2 个）/);
    const noEnd = chain('xx', [approval('a')]);
    noEnd.nodes = noEnd.nodes.filter((n) => n.kind !== 'end');
    noEnd.edges = noEnd.edges.filter((e) => e.to !== 'end');
    expect(messages(noEnd)).toMatch(/至少有一个结束节点/);
  });

  it('refuses dangling edges and nodes, addressed by field', () => {
    const d = clone(leaveDefinition());
    d.edges.push({ from: 'hr', to: 'ghost' });
    expect(fields(d)).toContain(`edges[${d.edges.length - 1}].to`);
    const orphan = clone(leaveDefinition());
    orphan.nodes.push(approval('orphan'));
    orphan.edges.push({ from: 'orphan', to: 'end' });
    expect(validateDefinition(orphan)).toContainEqual({
      field: `nodes[${orphan.nodes.length - 1}]`,
      message: '节点 “orphan” 没有进入的连线',
    });
  });

  it('refuses a node from which no end is reachable, and cycles', () => {
    const d = chain('xx', [approval('a'), approval('b')]);
    d.edges = d.edges.filter((e) => e.from !== 'b');
    expect(messages(d)).toMatch(/从节点 “b” 无法到达结束节点/);
    const cyc = chain('xx', [approval('a'), approval('b')]);
    cyc.edges = [
      { from: 'start', to: 'a' },
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ];
    cyc.edges.push({ from: 'b', to: 'end' });
    expect(messages(cyc)).toMatch(/不能有环/);
  });

  it('checks approver rules by shape', () => {
    const d = chain('xx', [
      approval('a', { approvers: [{ type: 'leaderChain', levels: 0 }] }),
      approval('b', { approvers: [{ type: 'role', role: '' }] }),
      approval('c', { approvers: [{ type: 'boss' } as never] }),
      approval('d', { approvers: [] }),
    ]);
    expect(validateDefinition(d)).toEqual(
      expect.arrayContaining([
        { field: 'nodes[1].approvers[0]', message: '逐级领导规则的层级须为 1–10 的整数' },
        { field: 'nodes[2].approvers[0]', message: '角色规则须指定角色' },
        { field: 'nodes[3].approvers[0]', message: '未知的审批人规则类型 “boss”' },
        { field: 'nodes[4].approvers', message: '审批节点须设置审批人规则' },
      ]),
    );
  });

  it('parses condition expressions against the form and applicant fields', () => {
    const d = clone(conditionDef());
    d.edges[2].condition = 'dayz > 3';
    expect(validateDefinition(d)).toEqual([{ field: 'edges[2].condition', message: '未知的字段 “dayz”（位置 0）' }]);
    d.edges[2].condition = 'days >';
    expect(fields(d)).toEqual(['edges[2].condition']);
    d.edges[2].condition = "applicant.rank >= '正科'";
    expect(validateDefinition(d)).toEqual([]);
    const twoDefaults = clone(conditionDef());
    twoDefaults.edges[2] = { from: 'cond', to: 'long', isDefault: true };
    expect(messages(twoDefaults)).toMatch(/有且只有一条默认分支/);
    const condOnPlainEdge = clone(conditionDef());
    condOnPlainEdge.edges[0].condition = 'days > 1';
    expect(messages(condOnPlainEdge)).toMatch(/只有条件节点的连线可以带条件/);
  });

  it('requires a parallel split to have its matching join, reached by every branch', () => {
    const noJoin = clone(parallelDef()) as ProcessDefinitionBody;
    (noJoin.nodes[1] as { join: string }).join = 'final';
    expect(messages(noJoin)).toMatch(/须指定对应的汇聚节点/);
    const branchToEnd = clone(parallelDef());
    branchToEnd.edges = branchToEnd.edges.map((e) => (e.from === 'a' ? { from: 'a', to: 'end' } : e));
    expect(messages(branchToEnd)).toMatch(/每条分支都须在汇聚节点 “汇聚” 合并后才能结束/);
    const earlyMerge = clone(parallelDef());
    earlyMerge.edges = earlyMerge.edges.map((e) => (e.from === 'a' ? { from: 'a', to: 'b2' } : e));
    expect(messages(earlyMerge)).toMatch(/提前合并/);
    const unusedJoin = clone(parallelDef());
    unusedJoin.nodes.push({ id: 'j2', name: '多余汇聚', kind: 'parallelJoin' });
    unusedJoin.edges.push({ from: 'final', to: 'j2' }, { from: 'j2', to: 'end' });
    unusedJoin.edges = unusedJoin.edges.filter((e) => !(e.from === 'final' && e.to === 'end'));
    expect(messages(unusedJoin)).toMatch(/没有对应的并行分支/);
  });

  it('validates the form fields and a submitted form', () => {
    const d = clone(leaveDefinition());
    d.formFields.push({ name: 'days', label: '重复', type: 'number' }, { name: '__proto__', label: 'x', type: 'number' });
    expect(fields(d)).toEqual(expect.arrayContaining(['formFields[5].name', 'formFields[6].name']));
    const f = leaveDefinition().formFields;
    expect(validateForm(f, { leaveType: '事假', days: 2, startDate: '2026-03-02', endDate: '2026-03-03' })).toEqual([]);
    expect(
      validateForm(f, { leaveType: '旷工', days: '2', startDate: 'x', extra: 1 })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['form.days', 'form.endDate', 'form.extra', 'form.leaveType', 'form.startDate']);
  });
});

describe('ProcessDefinition decider (versioned, event-sourced)', () => {
  const publish = (def: ProcessDefinitionBody) => ({
    type: 'PublishDefinition' as const,
    metadata: md('sysadmin'),
    data: { definition: def },
  });

  it('Given nothing, When publish, Then version 1; When publish again, Then version 2', () => {
    const e1 = decideDefinition(publish(leaveDefinition()), initialDefinitionState());
    expect(e1).toEqual([
      { type: 'DefinitionPublished', data: { ...leaveDefinition(), version: 1, publishedBy: 'sysadmin', publishedAt: T0 } },
    ]);
    const s1 = fold(evolveDefinition, initialDefinitionState(), e1);
    const v2 = leaveDefinition({ leaderTimeLimitDays: 5 });
    const e2 = decideDefinition(publish(v2), s1);
    expect(e2[0].data).toMatchObject({ version: 2, key: 'leave' });
    const s2 = fold(evolveDefinition, s1, e2);
    expect(currentDefinition(s2)?.version).toBe(2);
    expect(s2.versions[1].nodes[1]).toMatchObject({ timeLimitDays: 2 }); // v1 kept for running instances
  });

  it('refuses an invalid definition with every field error', () => {
    const bad = chain('xx', [approval('a', { approvers: [] })]);
    bad.edges.push({ from: 'a', to: 'nowhere' });
    try {
      decideDefinition(publish(bad), initialDefinitionState());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DefinitionInvalid);
      expect((e as DefinitionInvalid).kind).toBe('invalid');
      expect((e as DefinitionInvalid).errors.map((x) => x.field)).toEqual(expect.arrayContaining(['nodes[1].approvers', 'edges[2].to']));
    }
  });

  it('retires: no current version any more; a second retire conflicts; publishing again revives', () => {
    const given: DefinitionEvent[] = decideDefinition(publish(simpleApprovalDefinition()), initialDefinitionState());
    const s = fold(evolveDefinition, initialDefinitionState(), given);
    const retired = decideDefinition(
      { type: 'RetireDefinition', metadata: md('sysadmin'), data: { key: 'simple-approval', reason: '改用新流程' } },
      s,
    );
    expect(retired).toEqual([
      {
        type: 'DefinitionRetired',
        data: { key: 'simple-approval', version: 1, reason: '改用新流程', retiredBy: 'sysadmin', retiredAt: T0 },
      },
    ]);
    const s2 = fold(evolveDefinition, s, retired);
    expect(currentDefinition(s2)).toBeNull();
    expect(() =>
      decideDefinition({ type: 'RetireDefinition', metadata: md('sysadmin'), data: { key: 'simple-approval', reason: 'x' } }, s2),
    ).toThrow(expect.objectContaining({ kind: 'conflict' }));
    const s3 = fold(evolveDefinition, s2, decideDefinition(publish(simpleApprovalDefinition()), s2));
    expect(currentDefinition(s3)?.version).toBe(2);
  });
});

describe('resolveAssignments through the OrgDirectory port', () => {
  const org: OrgDirectory = {
    leaderOf: (d) => ({ 'czj-ysk': 'qin-tao' })[d] ?? null,
    leaderChain: async (d, n) => (d === 'czj-ysk' ? ['qin-tao', 'director', 'mayor'].slice(0, n) : []),
    usersWithRole: (r, u) =>
      u === 'czj' && r === 'office_admin' ? ['yang-fan'] : u === 'czj' && r === 'hr_admin' ? ['hr1', 'yang-fan'] : [],
    usersWithPosition: (p) => (p === 'pos-cashier' ? ['cash1'] : []),
  };
  it('resolves every rule kind for the applicant', async () => {
    const def = chain('xx', [
      approval('p', { approvers: [{ type: 'person', userIds: ['u1', 'u2'] }] }),
      approval('r', {
        approvers: [
          { type: 'role', role: 'office_admin' },
          { type: 'role', role: 'hr_admin' },
        ],
      }),
      approval('pos', { approvers: [{ type: 'position', positionId: 'pos-cashier' }] }),
      approval('dl', { approvers: [{ type: 'departmentLeader' }], escalateTo: [{ type: 'leaderChain', levels: 3 }] }),
      approval('l2', { approvers: [{ type: 'leaderChain', levels: 2 }] }),
      approval('lall', { approvers: [{ type: 'leaderChain', levels: 2, pick: 'all' }] }),
      approval('l9', { approvers: [{ type: 'leaderChain', levels: 9 }] }),
      approval('me', { approvers: [{ type: 'drafter' }] }),
    ]);
    const a = await resolveAssignments(
      def,
      { applicant: { userId: 'staff', unitId: 'czj', departmentId: 'czj-ysk' }, drafterId: 'clerk' },
      org,
    );
    expect(a).toEqual({
      p: ['u1', 'u2'],
      r: ['yang-fan', 'hr1'],
      pos: ['cash1'],
      dl: ['qin-tao'],
      'escalation:dl': ['mayor'],
      l2: ['director'],
      lall: ['qin-tao', 'director'],
      l9: [],
      me: ['clerk'],
    });
  });

  it('never makes a leader approve their own request: the next leader up takes the leader nodes', async () => {
    const def = chain('xx', [
      approval('dl', { approvers: [{ type: 'departmentLeader' }] }),
      approval('l1', { approvers: [{ type: 'leaderChain', levels: 1 }] }),
      approval('l2', { approvers: [{ type: 'leaderChain', levels: 2 }] }),
    ]);
    const a = await resolveAssignments(
      def,
      { applicant: { userId: 'qin-tao', unitId: 'czj', departmentId: 'czj-ysk' }, drafterId: 'qin-tao' },
      org,
    );
    expect(a).toEqual({ dl: ['director'], l1: ['director'], l2: ['mayor'] });
  });
});
