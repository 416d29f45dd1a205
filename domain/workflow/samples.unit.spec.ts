import { describe, it, expect } from 'vitest';
import { resolveAssignments, validateDefinition } from './definition';
import { leaveDefinition, simpleApprovalDefinition } from './samples';
import { Flow, md, snapshot, APPLICANT } from './spec-support';
import type { OrgDirectory } from './approvers';

/** A small 区财政局: 预算科 (科长 秦涛) under 局领导 (局长 沈振华), 办公室 杨帆 (office_admin), 人事 何静 (hr_admin). */
const org: OrgDirectory = {
  leaderOf: (d) => (d === 'czj-ysk' ? 'qin-tao' : null),
  leaderChain: (d, n) => (d === 'czj-ysk' ? ['qin-tao', 'director'].slice(0, n) : []),
  usersWithRole: (r, u) => (u !== 'czj' ? [] : r === 'office_admin' ? ['yang-fan'] : r === 'hr_admin' ? ['he-jing'] : []),
  usersWithPosition: () => [],
};

async function startLeave(f: Flow, days: number, delegations = {}) {
  const def = leaveDefinition();
  const assignments = await resolveAssignments(def, { applicant: APPLICANT, drafterId: 'drafter' }, org);
  f.when({
    type: 'StartProcess',
    metadata: md('drafter', f.now),
    data: {
      instanceId: 'p1',
      definition: snapshot(def),
      form: { leaveType: '年休假', days, startDate: '2026-03-09', endDate: '2026-03-13' },
      applicant: APPLICANT,
      assignments,
      delegations,
    },
  });
}

describe('sample definitions', () => {
  it('are valid', () => {
    expect(validateDefinition(leaveDefinition())).toEqual([]);
    expect(validateDefinition(simpleApprovalDefinition())).toEqual([]);
  });

  it('请休假, 2 days: 部门负责人 → 人事会签 → 传阅 → end (no 分管领导)', async () => {
    const f = new Flow();
    await startLeave(f, 2);
    expect(f.openAssignees()).toEqual(['qin-tao']);
    f.approve('qin-tao');
    expect(f.openAssignees()).toEqual(['he-jing', 'yang-fan']);
    f.approve('yang-fan');
    f.approve('he-jing');
    expect(f.state.status).toBe('completed');
    expect(f.state.nodes['charge-leader']).toBe('pending');
    expect(f.openAssignees('read')).toEqual(['yang-fan']);
  });

  it('请休假, 5 days, a three-level chain with a condition, a countersign, a delegation and a return', async () => {
    const f = new Flow();
    // 局长 is away: 韩雪 acts for him on 请休假
    // (the handler passes the delegations in force with every command that may assign tasks)
    f.delegations = { director: { delegateId: 'han-xue', delegationId: 'd1' } };
    await startLeave(f, 5);
    f.approve('qin-tao', '同意');
    expect(f.openAssignees()).toEqual(['director']);
    expect(f.taskOf('han-xue')).toBe(f.taskOf('director'));
    // 韩雪, for the director, returns it to the drafter
    f.when({
      type: 'ReturnTask',
      metadata: md('han-xue'),
      data: { taskId: f.taskOf('han-xue'), toNodeId: 'drafter', opinion: '请写明工作交接安排' },
    });
    expect(f.openAssignees('resubmit')).toEqual(['drafter']);
    f.when({
      type: 'Resubmit',
      metadata: md('drafter'),
      data: { form: { leaveType: '年休假', days: 5, startDate: '2026-03-09', endDate: '2026-03-13', reason: '工作已交接给尤佳' } },
    });
    // continues at 分管领导 (the node that returned it), not at 部门负责人
    expect(f.openAssignees()).toEqual(['director']);
    f.approve('han-xue', '同意');
    f.approve('yang-fan');
    f.approve('he-jing');
    expect(f.state.status).toBe('completed');
    expect(f.state.log.map((l) => `${l.action}:${l.actorId}${l.onBehalfOf ? `(代 ${l.onBehalfOf})` : ''}@${l.nodeId}`)).toEqual([
      'submit:drafter@start',
      'approve:qin-tao@dept-leader',
      'return:han-xue(代 director)@charge-leader',
      'resubmit:drafter@start',
      'approve:han-xue(代 director)@charge-leader',
      'approve:yang-fan@hr',
      'approve:he-jing@hr',
    ]);
  });
});
