import { describe, it, expect } from 'vitest';
import { Flow, approval, chain, conditionDef, parallelDef, md, snapshot, types, APPLICANT, T0, later } from './spec-support';
import { decideInstance } from './instance.decide';
import { closedTaskId, instanceIdOfTask, type InstanceEvent } from './instance.events';
import { decideDefinition } from './process-definition.decide';
import { initialDefinitionState } from './process-definition.events';
import type { NodeDef } from './definition';

const two = () => chain('two', [approval('a'), approval('b')]);
const AB = { a: ['lead'], b: ['boss'] };

describe('start and approve (审批)', () => {
  it('Given nothing, When StartProcess, Then started, start passed, first node activated with a task and a deadline', () => {
    const f = new Flow();
    const events = f.start(chain('one', [approval('a', { timeLimitDays: 2 })]), { a: ['lead'] });
    expect(events).toEqual([
      {
        type: 'ProcessStarted',
        data: {
          instanceId: 'p1',
          title: 'one（许文博）',
          definition: snapshot(chain('one', [approval('a', { timeLimitDays: 2 })])),
          form: { days: 2 },
          applicant: APPLICANT,
          initiatorId: 'drafter',
          assignments: { a: ['lead'] },
          subject: null,
          startedAt: T0,
        },
      },
      { type: 'NodeCompleted', data: { nodeId: 'start', nodeName: '申请', kind: 'start', next: ['a'], at: T0 } },
      {
        type: 'NodeActivated',
        data: { nodeId: 'a', nodeName: 'a', kind: 'approval', activationId: 1, mode: 'all', assignees: ['lead'], at: T0 },
      },
      {
        type: 'TaskAssigned',
        data: {
          taskId: 'p1.t1',
          instanceId: 'p1',
          nodeId: 'a',
          nodeName: 'a',
          kind: 'approval',
          assignee: 'lead',
          actingDelegate: null,
          delegationId: null,
          activationId: 1,
          parentTaskId: null,
          reason: 'activated',
          // Monday 09:00 + 2 working days = Wednesday 09:00; reminder at 80 % of the span
          deadline: '2026-03-04T01:00:00.000Z',
          remindAt: '2026-03-03T15:24:00.000Z',
          assignedAt: T0,
          title: 'one（许文博）',
          processKind: 'one',
          definitionKey: 'one',
          initiatorId: 'drafter',
        },
      },
    ]);
    expect(f.state.nodes).toEqual({ start: 'done', a: 'current', end: 'pending' });
    expect(instanceIdOfTask('p1.t1')).toBe('p1');
  });

  it('Given a running two-step flow, When both approve, Then the instance completes and the log reads like 办文日志', () => {
    const f = new Flow();
    f.start(two(), AB);
    expect(types(f.approve('lead', '同意'))).toEqual(['TaskApproved', 'NodeCompleted', 'NodeActivated', 'TaskAssigned']);
    f.tick(30);
    expect(types(f.approve('boss', '同意，按规定办理'))).toEqual(['TaskApproved', 'NodeCompleted', 'NodeCompleted', 'ProcessCompleted']);
    expect(f.state.status).toBe('completed');
    expect(f.state.nodes).toEqual({ start: 'done', a: 'done', b: 'done', end: 'done' });
    expect(f.state.log.map((l) => [l.action, l.actorId, l.nodeName, l.opinion])).toEqual([
      ['submit', 'drafter', '申请', ''],
      ['approve', 'lead', 'a', '同意'],
      ['approve', 'boss', 'b', '同意，按规定办理'],
    ]);
  });

  it('refuses someone who is not the handler (403) and a task that is no longer open (409)', () => {
    const f = new Flow();
    f.start(two(), AB);
    expect(f.refused({ type: 'ApproveTask', metadata: md('boss'), data: { taskId: 'p1.t1' } })).toMatchObject({
      kind: 'forbidden',
      code: 'task.not_yours',
    });
    f.approve('lead');
    expect(f.refused({ type: 'ApproveTask', metadata: md('lead'), data: { taskId: 'p1.t1' } })).toMatchObject({
      kind: 'conflict',
      code: 'task.not_open',
    });
    expect(f.refused({ type: 'ApproveTask', metadata: md('lead'), data: { taskId: 'p1.t99' } })).toMatchObject({ kind: 'not_found' });
  });

  it('exactly one wins: two actions decided on the same revision — the store takes the first, the retry is refused as a conflict', () => {
    const f = new Flow();
    f.start(chain('any', [{ id: 'a', name: '或签', kind: 'anyOf', approvers: [{ type: 'role', role: 'x' }] }]), { a: ['u1', 'u2'] });
    const sameState = f.state;
    const byU1 = decideInstance({ type: 'ApproveTask', metadata: md('u1'), data: { taskId: f.taskOf('u1') } }, sameState);
    const byU2 = decideInstance({ type: 'RejectTask', metadata: md('u2'), data: { taskId: f.taskOf('u2'), opinion: '不同意' } }, sameState);
    expect(byU1[0].type).toBe('TaskApproved');
    expect(byU2[0].type).toBe('TaskRejected');
    for (const e of byU1) f.apply(e); // u1's append won; u2's append failed on expectedRevision, reload and retry:
    expect(f.refused({ type: 'RejectTask', metadata: md('u2'), data: { taskId: 'p1.t2', opinion: '不同意' } })).toMatchObject({
      kind: 'conflict',
    });
  });

  it('carries the handwritten signature strokes through untouched, and refuses malformed ones', () => {
    const f = new Flow();
    f.start(two(), AB);
    const signature = {
      strokes: [
        {
          points: [
            [1, 2, 0.5, 0],
            [3, 4, 0.7, 16],
          ] as [number, number, number, number][],
        },
      ],
    };
    expect(
      f.refused({
        type: 'ApproveTask',
        metadata: md('lead'),
        data: { taskId: 'p1.t1', signature: { strokes: [{ points: [[1, 2]] }] } as never },
      }),
    ).toMatchObject({ kind: 'invalid', field: 'signature' });
    const [approved] = f.when({ type: 'ApproveTask', metadata: md('lead'), data: { taskId: 'p1.t1', opinion: '同意', signature } });
    expect(approved).toMatchObject({ type: 'TaskApproved', data: { signature, actorId: 'lead', onBehalfOf: null } });
  });

  it('refuses a start when a node on the path has nobody, but not when the node is off the path', () => {
    expect(
      new Flow().refused({
        type: 'StartProcess',
        metadata: md('drafter'),
        data: {
          instanceId: 'p1',
          definition: snapshot(two()),
          form: { days: 1 },
          applicant: APPLICANT,
          assignments: { a: ['lead'], b: [] },
        },
      }),
    ).toMatchObject({ kind: 'rule', code: 'workflow.no_approver', field: 'nodes.b' });
    const f = new Flow();
    expect(() => f.start(conditionDef(), { first: ['lead'], short: ['s'], long: [] }, { days: 1 })).not.toThrow();
    expect(
      new Flow().refused({
        type: 'StartProcess',
        metadata: md('drafter'),
        data: {
          instanceId: 'p1',
          definition: snapshot(conditionDef()),
          form: { days: 9 },
          applicant: APPLICANT,
          assignments: { first: ['lead'], short: ['s'], long: [] },
        },
      }),
    ).toMatchObject({ code: 'workflow.no_approver', field: 'nodes.long' });
    expect(
      new Flow().refused({
        type: 'StartProcess',
        metadata: md('drafter'),
        data: { instanceId: 'p1', definition: snapshot(two()), form: { days: 'x' }, applicant: APPLICANT, assignments: AB },
      }),
    ).toMatchObject({ kind: 'invalid', field: 'form.days' });
  });
});

describe('reject (驳回) ends the instance', () => {
  it('Given a parallel flow with two open tasks, When one rejects, Then the others are cancelled and the instance is rejected', () => {
    const f = new Flow();
    f.start(parallelDef(), { a: ['ua'], b: ['ub'], b2: ['ub2'], final: ['boss'] });
    expect(f.refused({ type: 'RejectTask', metadata: md('ua'), data: { taskId: f.taskOf('ua'), opinion: ' ' } })).toMatchObject({
      kind: 'invalid',
      code: 'opinion.required',
    });
    const events = f.when({ type: 'RejectTask', metadata: md('ua'), data: { taskId: f.taskOf('ua'), opinion: '材料不全' } });
    expect(events.map((e) => [e.type, closedTaskId(e)])).toEqual([
      ['TaskRejected', 'p1.t1'],
      ['TaskCancelled', 'p1.t2'],
      ['ProcessRejected', null],
    ]);
    expect(f.state.status).toBe('rejected');
    expect(f.refused({ type: 'ApproveTask', metadata: md('ub'), data: { taskId: 'p1.t2' } }).kind).toBe('conflict');
  });
});

describe('return (退回) and resubmit', () => {
  it('Given b is handling, When b returns to the drafter, Then the drafter gets a resubmit task; When resubmitted, Then it continues at b (not a)', () => {
    const f = new Flow();
    f.start(two(), AB);
    f.approve('lead');
    const ret = f.when({
      type: 'ReturnTask',
      metadata: md('boss'),
      data: { taskId: f.taskOf('boss'), toNodeId: 'drafter', opinion: '请补充说明' },
    });
    expect(ret.map((e) => e.type)).toEqual(['TaskReturned', 'TaskAssigned']);
    expect(ret[0].data).toMatchObject({ toNodeId: 'start', resumeAt: 'b' });
    expect(ret[1].data).toMatchObject({ kind: 'resubmit', assignee: 'drafter', reason: 'returned' });
    expect(f.state.status).toBe('returned');
    // a's approval stands (the resubmission resumes at b): a stays done, so it reads so and may be returned to later
    expect(f.state.nodes).toMatchObject({ start: 'current', a: 'done', b: 'pending' });
    expect(f.refused({ type: 'Resubmit', metadata: md('lead'), data: {} })).toMatchObject({ kind: 'forbidden' });
    const re = f.when({ type: 'Resubmit', metadata: md('drafter'), data: { form: { days: 3 } } });
    expect(types(re)).toEqual(['ProcessResubmitted', 'NodeActivated', 'TaskAssigned']);
    expect(re[1].data).toMatchObject({ nodeId: 'b', assignees: ['boss'] });
    expect(f.state.form).toEqual({ days: 3 });
    expect(f.state.nodes).toMatchObject({ start: 'done', a: 'done', b: 'current' });
    f.approve('boss');
    expect(f.state.status).toBe('completed');
  });

  it('returns to a chosen earlier node, which handles it again and the flow goes on from there', () => {
    const f = new Flow();
    f.start(chain('three', [approval('a'), approval('b'), approval('c')]), { a: ['ua'], b: ['ub'], c: ['uc'] });
    f.approve('ua');
    f.approve('ub');
    expect(
      f.refused({ type: 'ReturnTask', metadata: md('uc'), data: { taskId: f.taskOf('uc'), toNodeId: 'end', opinion: 'x' } }),
    ).toMatchObject({ code: 'return.not_human_node' });
    expect(
      f.refused({ type: 'ReturnTask', metadata: md('uc'), data: { taskId: f.taskOf('uc'), toNodeId: 'c', opinion: 'x' } }),
    ).toMatchObject({ code: 'return.not_earlier' });
    expect(
      f.refused({ type: 'ReturnTask', metadata: md('uc'), data: { taskId: f.taskOf('uc'), toNodeId: 'nope', opinion: 'x' } }),
    ).toMatchObject({ kind: 'invalid' });
    const ret = f.when({
      type: 'ReturnTask',
      metadata: md('uc'),
      data: { taskId: f.taskOf('uc'), toNodeId: 'a', opinion: '请科室重新审核' },
    });
    expect(types(ret)).toEqual(['TaskReturned', 'NodeActivated', 'TaskAssigned']);
    expect(ret[2].data).toMatchObject({ assignee: 'ua', reason: 'returned' });
    expect(f.state.nodes).toMatchObject({ a: 'current', b: 'pending', c: 'pending' });
    f.approve('ua');
    f.approve('ub');
    f.approve('uc');
    expect(f.state.status).toBe('completed');
    expect(f.state.log.filter((l) => l.action === 'return').map((l) => l.detail)).toEqual(['a']);
  });
});

describe('withdraw (撤回)', () => {
  it("Given lead approved and boss has not acted, When lead withdraws, Then boss's task is cancelled and lead has the task again", () => {
    const f = new Flow();
    f.start(chain('two', [approval('a', { timeLimitDays: 3 }), approval('b')]), AB);
    const deadline = f.state.tasks['p1.t1'].deadline;
    f.approve('lead');
    const w = f.when({ type: 'WithdrawAction', metadata: md('lead', later(T0, 5)), data: {} });
    expect(w.map((e) => [e.type, closedTaskId(e)])).toEqual([
      ['ActionWithdrawn', null],
      ['TaskCancelled', 'p1.t2'],
      ['TaskAssigned', null],
    ]);
    expect(w[2].data).toMatchObject({ taskId: 'p1.t3', nodeId: 'a', assignee: 'lead', reason: 'withdrawn', deadline });
    expect(f.state.nodes).toMatchObject({ a: 'current', b: 'pending' });
    expect(f.state.activations[1]).toMatchObject({ status: 'active', approvedBy: [] });
    f.approve('lead');
    f.approve('boss');
    expect(f.state.status).toBe('completed');
  });

  it('Given the next node has acted, When the previous approver withdraws, Then it is refused', () => {
    const f = new Flow();
    f.start(chain('three', [approval('a'), approval('b'), approval('c')]), { a: ['ua'], b: ['ub'], c: ['uc'] });
    f.approve('ua');
    f.approve('ub');
    expect(f.refused({ type: 'WithdrawAction', metadata: md('ua'), data: {} })).toMatchObject({
      kind: 'rule',
      code: 'withdraw.next_acted',
    });
    // forwarding also counts as acting
    const g = new Flow();
    g.start(two(), AB);
    g.approve('lead');
    g.when({ type: 'ForwardTask', metadata: md('boss'), data: { taskId: g.taskOf('boss'), toUserId: 'deputy' } });
    expect(g.refused({ type: 'WithdrawAction', metadata: md('lead'), data: {} })).toMatchObject({ code: 'withdraw.next_acted' });
    // an outsider learns nothing about the process: the same answer as for an unknown id (issue 20)
    expect(g.refused({ type: 'WithdrawAction', metadata: md('stranger'), data: {} })).toMatchObject({ code: 'process.not_found' });
  });

  it('the drafter withdraws the submission while the first node has not acted; resubmits or cancels (作废)', () => {
    const f = new Flow();
    f.start(two(), AB);
    expect(f.refused({ type: 'CancelProcess', metadata: md('drafter'), data: {} })).toMatchObject({ code: 'process.cancel_not_returned' });
    const w = f.when({ type: 'WithdrawAction', metadata: md('drafter'), data: {} });
    expect(w.map((e) => e.type)).toEqual(['ActionWithdrawn', 'TaskCancelled', 'TaskAssigned']);
    expect(w[2].data).toMatchObject({ kind: 'resubmit', assignee: 'drafter', reason: 'withdrawn' });
    expect(f.state.status).toBe('returned');
    expect(f.state.nodes).toMatchObject({ start: 'current', a: 'pending' });
    const re = f.when({ type: 'Resubmit', metadata: md('drafter'), data: {} });
    expect(types(re)).toEqual(['ProcessResubmitted', 'NodeCompleted', 'NodeActivated', 'TaskAssigned']);
    f.approve('lead');
    expect(f.refused({ type: 'WithdrawAction', metadata: md('drafter'), data: {} })).toMatchObject({ code: 'withdraw.next_acted' });
    const g = new Flow();
    g.start(two(), AB);
    g.when({ type: 'WithdrawAction', metadata: md('drafter'), data: {} });
    expect(types(g.when({ type: 'CancelProcess', metadata: md('drafter'), data: { reason: '不再需要' } }))).toEqual([
      'TaskCancelled',
      'ProcessCancelled',
    ]);
    expect(g.state.status).toBe('cancelled');
  });

  it('in a parallel flow, undoes the join arrival: withdrawing the last branch re-opens it and the join waits again', () => {
    const f = new Flow();
    f.start(parallelDef(), { a: ['ua'], b: ['ub'], b2: ['ub2'], final: ['boss'] });
    f.approve('ua');
    expect(f.state.joins.join).toBe(1);
    f.approve('ub');
    f.approve('ub2');
    expect(f.openAssignees()).toEqual(['boss']);
    f.when({ type: 'WithdrawAction', metadata: md('ub2'), data: {} });
    expect(f.state.joins.join).toBe(1);
    expect(f.state.nodes).toMatchObject({ join: 'pending', final: 'pending', b2: 'current', a: 'done' });
    expect(f.openAssignees()).toEqual(['ub2']);
    // ua arrived at the join long ago, but the join then fired by ub2's decision: ua may not withdraw any more
    f.approve('ub2');
    expect(f.refused({ type: 'WithdrawAction', metadata: md('ua'), data: {} })).toMatchObject({ code: 'withdraw.next_acted' });
  });

  it('withdraws a partial 会签 approval while the countersign is still open', () => {
    const f = new Flow();
    f.start(chain('cs', [{ id: 'cs', name: '会签', kind: 'countersign', mode: 'parallel', approvers: [{ type: 'role', role: 'x' }] }]), {
      cs: ['u1', 'u2'],
    });
    f.approve('u1');
    const w = f.when({ type: 'WithdrawAction', metadata: md('u1'), data: {} });
    expect(types(w)).toEqual(['ActionWithdrawn', 'TaskAssigned']);
    expect(f.openAssignees()).toEqual(['u1', 'u2']);
    f.approve('u2');
    f.approve('u1');
    expect(f.state.status).toBe('completed');
  });
});

describe('withdraw (撤回) — more odd paths', () => {
  it('withdrawing an any-of approval gives every member the task again', () => {
    const f = new Flow();
    f.start(chain('any', [{ id: 'a', name: '或签', kind: 'anyOf', approvers: [{ type: 'role', role: 'x' }] }, approval('b')]), {
      a: ['u1', 'u2'],
      b: ['boss'],
    });
    f.approve('u1');
    expect(f.openAssignees()).toEqual(['boss']);
    const w = f.when({ type: 'WithdrawAction', metadata: md('u1'), data: {} });
    expect(types(w)).toEqual(['ActionWithdrawn', 'TaskCancelled', 'TaskAssigned', 'TaskAssigned']);
    expect(f.openAssignees()).toEqual(['u1', 'u2']);
    f.approve('u2');
    expect(f.openAssignees()).toEqual(['boss']);
  });

  it('a before-signer withdrawing suspends the original handler again', () => {
    const f = new Flow();
    f.start(two(), AB);
    f.when({ type: 'AddSigner', metadata: md('lead'), data: { taskId: 'p1.t1', userIds: ['expert'], position: 'before' } });
    f.approve('expert');
    expect(f.openAssignees()).toEqual(['lead']);
    const w = f.when({ type: 'WithdrawAction', metadata: md('expert'), data: {} });
    expect(types(w)).toEqual(['ActionWithdrawn', 'TaskAssigned', 'TaskSuspended']);
    expect(f.state.tasks['p1.t1'].status).toBe('suspended');
    expect(f.openAssignees()).toEqual(['expert']);
    f.approve('expert');
    f.approve('lead');
    expect(f.openAssignees()).toEqual(['boss']);
  });

  it('a delegate may withdraw what they did for the assignee; the assignee may withdraw it too', () => {
    for (const who of ['deputy', 'lead']) {
      const f = new Flow();
      f.start(two(), AB, { days: 1 }, { delegations: { lead: { delegateId: 'deputy', delegationId: 'd1' } } });
      f.approve('deputy');
      const w = f.when({ type: 'WithdrawAction', metadata: md(who), data: {} });
      expect(w[0].type, who).toBe('ActionWithdrawn');
      expect(f.state.tasks[f.taskOf('lead')]).toMatchObject({ assignee: 'lead', nodeId: 'a', status: 'open' });
    }
  });
});

describe('forward (转交)', () => {
  it('closes my task and gives the same node to another user, keeping the deadline', () => {
    const f = new Flow();
    f.start(chain('one', [approval('a', { timeLimitDays: 1 })]), { a: ['lead'] });
    expect(f.refused({ type: 'ForwardTask', metadata: md('lead'), data: { taskId: 'p1.t1', toUserId: 'lead' } })).toMatchObject({
      kind: 'invalid',
    });
    const ev = f.when({
      type: 'ForwardTask',
      metadata: md('lead', later(T0, 60)),
      data: { taskId: 'p1.t1', toUserId: 'deputy', opinion: '请代为审核' },
    });
    expect(ev.map((e) => [e.type, closedTaskId(e)])).toEqual([
      ['TaskForwarded', 'p1.t1'],
      ['TaskAssigned', null],
    ]);
    expect(ev[1].data).toMatchObject({ assignee: 'deputy', nodeId: 'a', reason: 'forwarded', deadline: f.state.tasks['p1.t1'].deadline });
    f.approve('deputy');
    expect(f.state.status).toBe('completed');
  });
});

describe('add signer (加签)', () => {
  it('before me: my task waits until the added signer approves, then comes back to me', () => {
    const f = new Flow();
    f.start(two(), AB);
    const ev = f.when({
      type: 'AddSigner',
      metadata: md('lead'),
      data: { taskId: 'p1.t1', userIds: ['expert'], position: 'before', opinion: '请专家先看' },
    });
    expect(types(ev)).toEqual(['SignerAdded', 'TaskAssigned', 'TaskSuspended']);
    expect(ev[1].data).toMatchObject({ assignee: 'expert', parentTaskId: 'p1.t1', reason: 'addedSigner' });
    expect(f.openAssignees()).toEqual(['expert']);
    expect(types(f.approve('expert'))).toEqual(['TaskApproved', 'TaskResumed']);
    expect(f.openAssignees()).toEqual(['lead']);
    f.approve('lead');
    expect(f.openAssignees()).toEqual(['boss']);
  });

  it('after me: I approve now, the node completes only when the added signers have approved', () => {
    const f = new Flow();
    f.start(two(), AB);
    const ev = f.when({ type: 'AddSigner', metadata: md('lead'), data: { taskId: 'p1.t1', userIds: ['e1', 'e2'], position: 'after' } });
    expect(types(ev)).toEqual(['SignerAdded', 'TaskAssigned', 'TaskAssigned', 'TaskApproved']);
    expect(f.openAssignees()).toEqual(['e1', 'e2']);
    f.approve('e1');
    expect(f.state.nodes.a).toBe('current');
    f.approve('e2');
    expect(f.openAssignees()).toEqual(['boss']);
  });

  it('inside a parallel 会签: the added signer joins the countersign and everyone must approve', () => {
    const f = new Flow();
    f.start(
      chain('cs', [
        { id: 'cs', name: '会签', kind: 'countersign', mode: 'parallel', approvers: [{ type: 'role', role: 'x' }] },
        approval('b'),
      ]),
      { cs: ['u1', 'u2'], b: ['boss'] },
    );
    expect(
      f.refused({ type: 'AddSigner', metadata: md('u1'), data: { taskId: f.taskOf('u1'), userIds: ['u2'], position: 'before' } }),
    ).toMatchObject({ code: 'add_signer.already_handler' });
    f.when({ type: 'AddSigner', metadata: md('u1'), data: { taskId: f.taskOf('u1'), userIds: ['u3'], position: 'before' } });
    expect(f.openAssignees()).toEqual(['u2', 'u3']);
    f.approve('u2');
    f.approve('u3');
    expect(f.openAssignees()).toEqual(['u1']);
    expect(f.state.nodes.cs).toBe('current');
    f.approve('u1');
    expect(f.openAssignees()).toEqual(['boss']);
  });

  it('inside a sequential 会签: an after-signer acts before the next person in the queue', () => {
    const f = new Flow();
    f.start(chain('seq', [{ id: 'cs', name: '会签', kind: 'countersign', mode: 'sequential', approvers: [{ type: 'role', role: 'x' }] }]), {
      cs: ['u1', 'u2'],
    });
    f.when({ type: 'AddSigner', metadata: md('u1'), data: { taskId: f.taskOf('u1'), userIds: ['x1'], position: 'after' } });
    expect(f.openAssignees()).toEqual(['x1']);
    f.approve('x1');
    expect(f.openAssignees()).toEqual(['u2']);
    f.approve('u2');
    expect(f.state.status).toBe('completed');
  });

  it('is refused in 或签', () => {
    const f = new Flow();
    f.start(chain('any', [{ id: 'a', name: '或签', kind: 'anyOf', approvers: [{ type: 'role', role: 'x' }] }]), { a: ['u1', 'u2'] });
    expect(
      f.refused({ type: 'AddSigner', metadata: md('u1'), data: { taskId: f.taskOf('u1'), userIds: ['x'], position: 'before' } }),
    ).toMatchObject({ code: 'add_signer.any_of' });
  });
});

describe('countersign (会签) and any-of (或签)', () => {
  const cs = (mode: 'parallel' | 'sequential'): NodeDef => ({
    id: 'cs',
    name: '会签',
    kind: 'countersign',
    mode,
    approvers: [{ type: 'role', role: 'x' }],
  });

  it('parallel: every member gets a task at once, the node completes after the last approval', () => {
    const f = new Flow();
    f.start(chain('cs', [cs('parallel'), approval('b')]), { cs: ['u1', 'u2', 'u3'], b: ['boss'] });
    expect(f.openAssignees()).toEqual(['u1', 'u2', 'u3']);
    f.approve('u2');
    f.approve('u1');
    expect(f.state.nodes.cs).toBe('current');
    expect(types(f.approve('u3'))).toEqual(['TaskApproved', 'NodeCompleted', 'NodeActivated', 'TaskAssigned']);
  });

  it('sequential: one after another, in order', () => {
    const f = new Flow();
    f.start(chain('cs', [cs('sequential')]), { cs: ['u1', 'u2', 'u3'] });
    expect(f.openAssignees()).toEqual(['u1']);
    expect(types(f.approve('u1'))).toEqual(['TaskApproved', 'TaskAssigned']);
    expect(f.openAssignees()).toEqual(['u2']);
    f.approve('u2');
    f.approve('u3');
    expect(f.state.status).toBe('completed');
  });

  it('sequential: withdrawing puts the next person back in the queue', () => {
    const f = new Flow();
    f.start(chain('cs', [cs('sequential')]), { cs: ['u1', 'u2', 'u3'] });
    f.approve('u1');
    f.when({ type: 'WithdrawAction', metadata: md('u1'), data: {} });
    expect(f.openAssignees()).toEqual(['u1']);
    expect(f.state.activations[1].queue).toEqual(['u2', 'u3']);
    f.approve('u1');
    expect(f.openAssignees()).toEqual(['u2']);
  });

  it('any-of: the first approval decides, the other tasks are cancelled', () => {
    const f = new Flow();
    f.start(chain('any', [{ id: 'a', name: '或签', kind: 'anyOf', approvers: [{ type: 'role', role: 'x' }] }]), { a: ['u1', 'u2', 'u3'] });
    const ev = f.approve('u2');
    expect(ev.map((e) => [e.type, closedTaskId(e)])).toEqual([
      ['TaskApproved', 'p1.t2'],
      ['TaskCancelled', 'p1.t1'],
      ['TaskCancelled', 'p1.t3'],
      ['NodeCompleted', null],
      ['NodeCompleted', null],
      ['ProcessCompleted', null],
    ]);
    expect(ev[1].data).toMatchObject({ reason: 'anyOfDecided' });
  });

  it('an approval node whose rule yields several people behaves as any-of', () => {
    const f = new Flow();
    f.start(chain('one', [approval('a')]), { a: ['u1', 'u2'] });
    expect(f.state.activations[1].mode).toBe('any');
    f.approve('u1');
    expect(f.state.status).toBe('completed');
  });
});

describe('cc (传阅) → 待阅', () => {
  it('creates read tasks and does not block; the reader marks them read (已阅), even after the end', () => {
    const def = chain('cc', [approval('a'), { id: 'cc', name: '传阅', kind: 'cc', recipients: [{ type: 'role', role: 'office' }] }]);
    const f = new Flow();
    f.start(def, { a: ['lead'], cc: ['r1', 'r2'] });
    const ev = f.approve('lead');
    expect(types(ev)).toEqual([
      'TaskApproved',
      'NodeCompleted',
      'TaskAssigned',
      'TaskAssigned',
      'NodeCompleted',
      'NodeCompleted',
      'ProcessCompleted',
    ]);
    expect(ev[2].data).toMatchObject({ kind: 'read', assignee: 'r1', reason: 'cc', deadline: null });
    expect(f.state.status).toBe('completed');
    expect(f.openAssignees('read')).toEqual(['r1', 'r2']);
    expect(f.refused({ type: 'MarkRead', metadata: md('r2'), data: { taskId: f.taskOf('r1', 'read') } })).toMatchObject({
      kind: 'forbidden',
    });
    const read = f.when({ type: 'MarkRead', metadata: md('r1'), data: { taskId: f.taskOf('r1', 'read') } });
    expect(read).toEqual([{ type: 'TaskRead', data: { taskId: 'p1.t2', nodeId: 'cc', actorId: 'r1', onBehalfOf: null, at: T0 } }]);
    expect(f.refused({ type: 'MarkRead', metadata: md('r1'), data: { taskId: 'p1.t2' } })).toMatchObject({ kind: 'conflict' });
    expect(f.refused({ type: 'ApproveTask', metadata: md('r2'), data: { taskId: 'p1.t3' } })).toMatchObject({ kind: 'not_found' });
  });
});

describe('condition (条件分支)', () => {
  it.each([
    [5, 'long', 'days > 3'],
    [3, 'short', null],
  ])('days = %i goes to %s', (days, node, matched) => {
    const f = new Flow();
    f.start(conditionDef(), { first: ['lead'], long: ['boss'], short: ['clerk'] }, { days });
    const ev = f.approve('lead');
    expect(ev.find((e) => e.type === 'NodeCompleted' && e.data.nodeId === 'cond')?.data).toMatchObject({ next: [node], matched });
    expect(f.state.nodes[node]).toBe('current');
  });

  it('compares the applicant rank by 职务级别 order', () => {
    const def = conditionDef();
    def.edges[2].condition = "applicant.rank >= '正科'";
    for (const [rank, node] of [
      ['副处', 'long'],
      ['科员', 'short'],
    ] as const) {
      const f = new Flow();
      f.when({
        type: 'StartProcess',
        metadata: md('drafter'),
        data: {
          instanceId: 'p1',
          definition: snapshot(def),
          form: { days: 1 },
          applicant: { ...APPLICANT, rank },
          assignments: { first: ['lead'], long: ['boss'], short: ['clerk'] },
        },
      });
      f.approve('lead');
      expect(f.state.nodes[node], rank).toBe('current');
    }
  });
});

describe('parallel split / join (并行)', () => {
  it('runs both branches; the join waits for every branch', () => {
    const f = new Flow();
    const ev = f.start(parallelDef(), { a: ['ua'], b: ['ub'], b2: ['ub2'], final: ['boss'] });
    expect(ev.find((e) => e.type === 'NodeCompleted' && e.data.nodeId === 'split')?.data).toMatchObject({ next: ['a', 'b'] });
    expect(f.openAssignees()).toEqual(['ua', 'ub']);
    const e1 = f.approve('ub');
    expect(types(e1)).toEqual(['TaskApproved', 'NodeCompleted', 'NodeActivated', 'TaskAssigned']);
    const e2 = f.approve('ub2');
    expect(e2.filter((e) => e.type === 'JoinArrived').map((e) => e.data)).toEqual([{ nodeId: 'join', arrived: 1, expected: 2, at: T0 }]);
    expect(f.state.nodes.join).toBe('pending');
    const e3 = f.approve('ua');
    expect(types(e3)).toEqual(['TaskApproved', 'NodeCompleted', 'JoinArrived', 'NodeCompleted', 'NodeActivated', 'TaskAssigned']);
    f.approve('boss');
    expect(f.state.status).toBe('completed');
  });

  it('a return from inside a branch to the drafter resumes at the split (both branches again)', () => {
    const f = new Flow();
    f.start(parallelDef(), { a: ['ua'], b: ['ub'], b2: ['ub2'], final: ['boss'] });
    f.approve('ua');
    f.approve('ub');
    const ret = f.when({
      type: 'ReturnTask',
      metadata: md('ub2'),
      data: { taskId: f.taskOf('ub2'), toNodeId: 'drafter', opinion: '退回修改' },
    });
    expect(ret[0].data).toMatchObject({ resumeAt: 'split' });
    expect(f.state.joins.join).toBe(0);
    f.when({ type: 'Resubmit', metadata: md('drafter'), data: {} });
    expect(f.openAssignees()).toEqual(['ua', 'ub']);
  });
});

describe('urge (催办)', () => {
  it('notifies the current handlers (and their delegates); only the initiator; at most once an hour', () => {
    const f = new Flow();
    f.start(
      parallelDef(),
      { a: ['ua'], b: ['ub'], b2: ['ub2'], final: ['boss'] },
      { days: 1 },
      { delegations: { ub: { delegateId: 'ubd', delegationId: 'd1' } } },
    );
    expect(f.refused({ type: 'Urge', metadata: md('ua'), data: {} })).toMatchObject({ kind: 'forbidden' });
    const ev = f.when({ type: 'Urge', metadata: md('drafter'), data: { message: '急用，请尽快' } });
    expect(ev).toEqual([
      {
        type: 'Urged',
        data: {
          taskIds: ['p1.t1', 'p1.t2'],
          userIds: ['ua', 'ub', 'ubd'],
          message: '急用，请尽快',
          actorId: 'drafter',
          onBehalfOf: null,
          at: T0,
        },
      },
    ]);
    f.tick(59);
    expect(f.refused({ type: 'Urge', metadata: md('drafter', f.now), data: {} })).toMatchObject({ kind: 'rule', code: 'urge.too_often' });
    f.tick(1);
    expect(f.when({ type: 'Urge', metadata: md('drafter', f.now), data: {} })[0].data).toMatchObject({ message: '请尽快办理' });
  });
});

describe('admin intervention (管理员干预)', () => {
  it('reassigns an open task with a reason', () => {
    const f = new Flow();
    f.start(two(), AB);
    expect(
      f.refused({ type: 'AdminReassignTask', metadata: md('sysadmin'), data: { taskId: 'p1.t1', toUserId: 'deputy', reason: '' } }),
    ).toMatchObject({ kind: 'invalid' });
    const ev = f.when({
      type: 'AdminReassignTask',
      metadata: md('sysadmin'),
      data: { taskId: 'p1.t1', toUserId: 'deputy', reason: '原办理人调离' },
    });
    expect(ev.map((e) => [e.type, closedTaskId(e)])).toEqual([
      ['TaskReassigned', 'p1.t1'],
      ['TaskAssigned', null],
    ]);
    expect(ev[0].data).toMatchObject({ fromUserId: 'lead', toUserId: 'deputy', reason: '原办理人调离', actorId: 'sysadmin' });
    expect(f.refused({ type: 'ApproveTask', metadata: md('lead'), data: { taskId: 'p1.t1' } }).kind).toBe('conflict');
    f.approve('deputy');
    expect(f.openAssignees()).toEqual(['boss']);
  });

  it('terminates with a reason: open tasks cancelled, read tasks kept, nothing more may happen', () => {
    const def = chain('cc', [{ id: 'cc', name: '传阅', kind: 'cc', recipients: [{ type: 'drafter' }] }, approval('a')]);
    const f = new Flow();
    f.start(def, { cc: ['r1'], a: ['lead'] });
    const ev = f.when({ type: 'AdminTerminate', metadata: md('sysadmin'), data: { reason: '重复申请' } });
    expect(ev.map((e) => e.type)).toEqual(['TaskCancelled', 'ProcessTerminated']);
    expect(f.state.status).toBe('terminated');
    expect(f.openAssignees('read')).toEqual(['r1']);
    expect(f.refused({ type: 'AdminTerminate', metadata: md('sysadmin'), data: { reason: 'x' } }).kind).toBe('rule');
    expect(f.state.log.at(-1)).toMatchObject({ action: 'terminate', actorId: 'sysadmin', opinion: '重复申请' });
  });
});

describe('deadlines (办理时限): reminder at 80 % and escalation when overdue', () => {
  it('CheckDeadlines emits each once, at the right time', () => {
    const f = new Flow();
    f.start(chain('dl', [approval('a', { timeLimitDays: 1 })]), { a: ['lead'], 'escalation:a': ['boss'] });
    const check = (now: string) => f.when({ type: 'CheckDeadlines', metadata: md('scheduler', now), data: {} });
    // deadline Tuesday 09:00 Shanghai; reminder at 80 % of 24 h = Monday 04:12Z + … = 2026-03-02T20:12Z
    expect(f.state.tasks['p1.t1']).toMatchObject({ deadline: '2026-03-03T01:00:00.000Z', remindAt: '2026-03-02T20:12:00.000Z' });
    expect(check('2026-03-02T20:11:00.000Z')).toEqual([]);
    expect(check('2026-03-02T20:12:00.000Z')).toEqual([
      {
        type: 'TaskReminderDue',
        data: {
          taskId: 'p1.t1',
          nodeId: 'a',
          assignee: 'lead',
          actingDelegate: null,
          deadline: '2026-03-03T01:00:00.000Z',
          at: '2026-03-02T20:12:00.000Z',
        },
      },
    ]);
    expect(check('2026-03-02T22:00:00.000Z')).toEqual([]);
    expect(check('2026-03-03T01:00:00.000Z')).toEqual([
      {
        type: 'TaskEscalated',
        data: {
          taskId: 'p1.t1',
          nodeId: 'a',
          assignee: 'lead',
          actingDelegate: null,
          deadline: '2026-03-03T01:00:00.000Z',
          notifyUserIds: ['boss'],
          at: '2026-03-03T01:00:00.000Z',
        },
      },
    ]);
    expect(check('2026-03-04T01:00:00.000Z')).toEqual([]);
  });

  it('skips the weekend: assigned Friday with 1 working day is due Monday', () => {
    const f = new Flow();
    f.now = '2026-03-06T02:00:00.000Z';
    f.start(chain('dl', [approval('a', { timeLimitDays: 1 })]), { a: ['lead'] });
    expect(f.state.tasks['p1.t1'].deadline).toBe('2026-03-09T02:00:00.000Z');
    // the reminder is at 80 % of the calendar span (72 h): Sunday 11:36Z
    expect(f.when({ type: 'CheckDeadlines', metadata: md('scheduler', '2026-03-08T11:35:00.000Z'), data: {} })).toEqual([]);
    expect(f.when({ type: 'CheckDeadlines', metadata: md('scheduler', '2026-03-08T11:36:00.000Z'), data: {} }).map((e) => e.type)).toEqual([
      'TaskReminderDue',
    ]);
  });
});

describe('delegation (外出授权) on tasks', () => {
  it('a new task for an away user is marked for the delegate, who acts on behalf of the assignee', () => {
    const f = new Flow();
    f.start(two(), AB, { days: 1 }, { delegations: { lead: { delegateId: 'deputy', delegationId: 'd1' } } });
    expect(f.state.tasks['p1.t1']).toMatchObject({ assignee: 'lead', actingDelegate: 'deputy', delegationId: 'd1' });
    expect(f.refused({ type: 'ApproveTask', metadata: md('stranger'), data: { taskId: 'p1.t1' } }).kind).toBe('forbidden');
    const [ok] = f.approve('deputy');
    expect(ok.data).toMatchObject({ actorId: 'deputy', onBehalfOf: 'lead' });
    expect(f.state.log.at(-1)).toMatchObject({ action: 'approve', actorId: 'deputy', onBehalfOf: 'lead' });
  });

  it('a delegation granted while a task is already waiting: ApplyDelegation marks it; EndDelegation unmarks it', () => {
    const f = new Flow();
    f.start(two(), AB);
    expect(f.refused({ type: 'ApproveTask', metadata: md('deputy'), data: { taskId: 'p1.t1' } }).kind).toBe('forbidden');
    const ev = f.when({
      type: 'ApplyDelegation',
      metadata: md('lead'),
      data: { delegationId: 'd1', principalId: 'lead', delegateId: 'deputy' },
    });
    expect(ev).toEqual([
      { type: 'TaskDelegated', data: { taskId: 'p1.t1', assignee: 'lead', actingDelegate: 'deputy', delegationId: 'd1', at: T0 } },
    ]);
    expect(
      f.when({ type: 'ApplyDelegation', metadata: md('lead'), data: { delegationId: 'd1', principalId: 'lead', delegateId: 'deputy' } }),
    ).toEqual([]);
    expect(f.when({ type: 'EndDelegation', metadata: md('lead'), data: { delegationId: 'd1' } }).map((e) => e.type)).toEqual([
      'TaskDelegationEnded',
    ]);
    expect(f.refused({ type: 'ApproveTask', metadata: md('deputy'), data: { taskId: 'p1.t1' } }).kind).toBe('forbidden');
    // the original may always act themselves
    expect(f.approve('lead')[0].data).toMatchObject({ actorId: 'lead', onBehalfOf: null });
  });

  it('accepts a delegate whose delegation the handler verified (proof), recording onBehalfOf', () => {
    const f = new Flow();
    f.start(two(), AB);
    const [e] = f.when({
      type: 'ApproveTask',
      metadata: md('deputy', T0, 'lead'),
      data: { taskId: 'p1.t1', delegation: { principalId: 'lead', delegationId: 'd9' } },
    });
    expect(e.data).toMatchObject({ actorId: 'deputy', onBehalfOf: 'lead' });
    const g = new Flow();
    g.start(two(), AB);
    expect(
      g.refused({
        type: 'ApproveTask',
        metadata: md('deputy', T0, 'boss'),
        data: { taskId: 'p1.t1', delegation: { principalId: 'boss', delegationId: 'd9' } },
      }).kind,
    ).toBe('forbidden');
  });
});

describe('definition versions', () => {
  it('publishing v2 mid-flight changes nothing for an instance running on v1', () => {
    const v1 = two();
    const publish = (def: typeof v1) =>
      decideDefinition({ type: 'PublishDefinition', metadata: md('sysadmin'), data: { definition: def } }, initialDefinitionState());
    const f = new Flow();
    f.start(v1, AB, { days: 1 }, { version: 1 });
    f.approve('lead');
    // an admin publishes v2 with an extra node after b
    const v2 = chain('two', [approval('a'), approval('b'), approval('extra')]);
    expect(publish(v2)[0].type).toBe('DefinitionPublished');
    f.approve('boss');
    expect(f.state.status).toBe('completed');
    expect(f.state.definition?.version).toBe(1);
    expect(Object.keys(f.state.nodes)).not.toContain('extra');
    // a new instance on v2 takes the new path
    const g = new Flow();
    g.start(v2, { ...AB, extra: ['x'] }, { days: 1 }, { version: 2, instanceId: 'p2' });
    g.approve('lead');
    g.approve('boss');
    expect(g.openAssignees()).toEqual(['x']);
  });
});

describe('Given literal events', () => {
  it('Given a task already approved (as stored), When approving it again, Then conflict', () => {
    const f0 = new Flow();
    f0.start(two(), AB);
    f0.approve('lead');
    const stored: InstanceEvent[] = JSON.parse(JSON.stringify(f0.history));
    const f = Flow.given(stored);
    expect(f.refused({ type: 'ApproveTask', metadata: md('lead'), data: { taskId: 'p1.t1' } })).toMatchObject({
      kind: 'conflict',
      code: 'task.not_open',
    });
    expect(f.state).toEqual(f0.state);
    expect(new Flow().refused({ type: 'ApproveTask', metadata: md('lead'), data: { taskId: 'p1.t1' } })).toMatchObject({
      kind: 'not_found',
    });
  });
});
