import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../shared/errors';
import { Flow, approval, chain, conditionDef, parallelDef, md } from './spec-support';
import type { ProcessDefinitionBody } from './definition';
import type { InstanceCommand } from './instance.decide';

/** Definitions covering every node kind, with their assignments. */
const SHAPES: [ProcessDefinitionBody, Record<string, string[]>][] = [
  [parallelDef(), { a: ['u1'], b: ['u2'], b2: ['u3', 'u4'], final: ['u5'] }],
  [conditionDef(), { first: ['u1'], long: ['u2'], short: ['u3'] }],
  [
    chain('mix', [
      { id: 'cs', name: '会签', kind: 'countersign', mode: 'parallel', approvers: [{ type: 'role', role: 'x' }], timeLimitDays: 2 },
      { id: 'cc', name: '传阅', kind: 'cc', recipients: [{ type: 'role', role: 'y' }] },
      { id: 'seq', name: '顺序会签', kind: 'countersign', mode: 'sequential', approvers: [{ type: 'role', role: 'x' }] },
      { id: 'any', name: '或签', kind: 'anyOf', approvers: [{ type: 'role', role: 'x' }] },
      approval('last', { timeLimitDays: 1 }),
    ]),
    { cs: ['u1', 'u2'], cc: ['r1'], seq: ['u3', 'u1'], any: ['u4', 'u5'], last: ['u2'] },
  ],
];
const USERS = ['drafter', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'r1', 'admin'];

type Step = { action: number; pick: number; user: number; node: number; flag: boolean; minutes: number };
const step = fc.record({
  action: fc.nat(11),
  pick: fc.nat(20),
  user: fc.nat(USERS.length - 1),
  node: fc.nat(10),
  flag: fc.boolean(),
  minutes: fc.oneof(fc.nat(300), fc.nat(300), fc.nat(3000)),
});

function commandFor(f: Flow, s: Step): InstanceCommand {
  const tasks = Object.values(f.state.tasks);
  const live = tasks.filter((t) => t.status === 'open');
  const t = live.length ? live[s.pick % live.length] : tasks[s.pick % Math.max(1, tasks.length)];
  // act mostly as the rightful handler, sometimes as anybody
  const actor = t && s.flag ? (t.actingDelegate ?? t.assignee) : USERS[s.user];
  const now = f.tick(s.minutes);
  const m = md(actor, now);
  const taskId = t?.taskId ?? 'p1.t1';
  const nodes = f.state.definition!.nodes.map((n) => n.id);
  switch (s.action) {
    case 0:
    case 1:
    case 2:
      return { type: 'ApproveTask', metadata: m, data: { taskId, opinion: '同意' } };
    case 3:
      return { type: 'RejectTask', metadata: m, data: { taskId, opinion: '不同意' } };
    case 4:
      return {
        type: 'ReturnTask',
        metadata: m,
        data: { taskId, toNodeId: s.flag ? 'drafter' : nodes[s.node % nodes.length], opinion: '退回' },
      };
    case 5:
      return { type: 'WithdrawAction', metadata: md(s.flag ? 'drafter' : USERS[s.user], now), data: {} };
    case 6:
      return { type: 'ForwardTask', metadata: m, data: { taskId, toUserId: USERS[(s.user + 1) % USERS.length] } };
    case 7:
      return {
        type: 'AddSigner',
        metadata: m,
        data: { taskId, userIds: [USERS[(s.user + 2) % USERS.length]], position: s.flag ? 'before' : 'after' },
      };
    case 8:
      return { type: 'Resubmit', metadata: md(s.flag ? 'drafter' : actor, now), data: {} };
    case 9:
      return { type: 'MarkRead', metadata: m, data: { taskId } };
    case 10:
      return { type: 'CheckDeadlines', metadata: md('scheduler', now), data: {} };
    default:
      return s.flag
        ? {
            type: 'AdminReassignTask',
            metadata: md('admin', now),
            data: { taskId, toUserId: USERS[(s.user + 3) % USERS.length], reason: '调整' },
          }
        : { type: 'Urge', metadata: md('drafter', now), data: {} };
  }
}

function checkInvariants(f: Flow) {
  const s = f.state;
  const tasks = Object.values(s.tasks);
  const live = tasks.filter((t) => (t.status === 'open' || t.status === 'suspended') && t.kind !== 'read');
  if (s.status === 'running') {
    expect(live.filter((t) => t.kind === 'approval').length, 'a running instance always has someone to act').toBeGreaterThan(0);
    expect(
      tasks.some((t) => t.status === 'open' && t.kind !== 'read'),
      'and someone who can act now',
    ).toBe(true);
  }
  if (s.status === 'returned') expect(live.filter((t) => t.kind === 'resubmit')).toHaveLength(1);
  if (['completed', 'rejected', 'terminated', 'cancelled'].includes(s.status)) expect(live).toHaveLength(0);
  for (const t of live) {
    if (t.kind === 'approval') {
      expect(s.nodes[t.nodeId], `node of open task ${t.taskId}`).toBe('current');
      if (t.activationId !== null) expect(s.activations[t.activationId].status).toBe('active');
    }
  }
  const ids = f.history.filter((e) => e.type === 'TaskAssigned').map((e) => e.data.taskId);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('engine properties under random action sequences', () => {
  it('never crashes, never gets stuck, and replays from stored JSON to the same state', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.nat(SHAPES.length - 1), fc.array(step, { minLength: 1, maxLength: 40 }), (shape, steps) => {
        const [def, assignments] = SHAPES[shape];
        const f = new Flow();
        f.start(def, assignments, { days: 5 });
        for (const st of steps) {
          const cmd = commandFor(f, st);
          try {
            f.when(cmd);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
          }
          checkInvariants(f);
        }
        expect(Flow.given(JSON.parse(JSON.stringify(f.history))).state).toEqual(f.state);
        for (const e of f.history) seen.add(e.type);
      }),
      { numRuns: 300, seed: 20260302 },
    ); // fixed seed: the exploration check below must not flake
    // the random walks really explore the engine (otherwise the properties above prove little)
    for (const t of [
      'ActionWithdrawn',
      'TaskReturned',
      'ProcessResubmitted',
      'SignerAdded',
      'TaskSuspended',
      'TaskResumed',
      'JoinArrived',
      'ProcessCompleted',
      'ProcessRejected',
      'TaskForwarded',
      'TaskReassigned',
      'TaskRead',
      'Urged',
      'TaskReminderDue',
      'TaskEscalated',
      'TaskCancelled',
    ]) {
      expect(seen, t).toContain(t);
    }
  }, 120_000);

  it('a refused command changes nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const f = new Flow();
        f.start(SHAPES[2][0], SHAPES[2][1]);
        for (const st of steps) {
          const before = JSON.stringify(f.state);
          const n = f.history.length;
          try {
            f.when(commandFor(f, st));
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            expect(f.history.length).toBe(n);
            expect(JSON.stringify(f.state)).toBe(before);
          }
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
