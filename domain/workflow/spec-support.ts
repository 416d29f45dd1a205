/**
 * Test support for the workflow specs (pure, no test framework): a Given/When/Then harness over the
 * ProcessInstance decider and small definitions for every node kind.
 */
import type { CommandMetadata } from '../shared/decider';
import type { ApplicantSnapshot } from './approvers';
import type { Assignments, DefinitionSnapshot, NodeDef, ProcessDefinitionBody } from './definition';
import { decideInstance, type DelegationMap, type InstanceCommand } from './instance.decide';
import { evolveInstance, initialInstanceState, type InstanceEvent, type InstanceState } from './instance.events';

export const T0 = '2026-03-02T01:00:00.000Z'; // Monday 09:00 in Shanghai

export const APPLICANT: ApplicantSnapshot = { userId: 'drafter', name: '许文博', unitId: 'czj', departmentId: 'czj-ysk', rank: '科员' };

export function snapshot(body: ProcessDefinitionBody, version = 1): DefinitionSnapshot {
  return { ...body, version };
}

const F = [{ name: 'days', label: '天数', type: 'number' as const, required: true }];

/** A linear chain of nodes between start and end. */
export function chain(key: string, middle: NodeDef[]): ProcessDefinitionBody {
  const nodes: NodeDef[] = [{ id: 'start', name: '申请', kind: 'start' }, ...middle, { id: 'end', name: '结束', kind: 'end' }];
  const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id }));
  return { key, name: key, kind: key, formFields: F, nodes, edges };
}

export const approval = (id: string, extra: Partial<Extract<NodeDef, { kind: 'approval' }>> = {}): NodeDef => ({
  id,
  name: id,
  kind: 'approval',
  approvers: [{ type: 'departmentLeader' }],
  ...extra,
});

/** start → split → (a | b → b2) → join → end */
export function parallelDef(): ProcessDefinitionBody {
  return {
    key: 'par',
    name: '并行',
    kind: 'par',
    formFields: F,
    nodes: [
      { id: 'start', name: '申请', kind: 'start' },
      { id: 'split', name: '分支', kind: 'parallelSplit', join: 'join' },
      approval('a'),
      approval('b'),
      approval('b2'),
      { id: 'join', name: '汇聚', kind: 'parallelJoin' },
      approval('final'),
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'start', to: 'split' },
      { from: 'split', to: 'a' },
      { from: 'split', to: 'b' },
      { from: 'b', to: 'b2' },
      { from: 'a', to: 'join' },
      { from: 'b2', to: 'join' },
      { from: 'join', to: 'final' },
      { from: 'final', to: 'end' },
    ],
  };
}

/** start → first → cond (days > 3 → long, else short) → end */
export function conditionDef(): ProcessDefinitionBody {
  return {
    key: 'cond',
    name: '条件',
    kind: 'cond',
    formFields: F,
    nodes: [
      { id: 'start', name: '申请', kind: 'start' },
      approval('first'),
      { id: 'cond', name: '判断', kind: 'condition' },
      approval('long'),
      approval('short'),
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: 'start', to: 'first' },
      { from: 'first', to: 'cond' },
      { from: 'cond', to: 'long', condition: 'days > 3' },
      { from: 'cond', to: 'short', isDefault: true },
      { from: 'long', to: 'end' },
      { from: 'short', to: 'end' },
    ],
  };
}

export function md(actorId: string, now = T0, onBehalfOf: string | null = null): CommandMetadata {
  return { actorId, now, onBehalfOf };
}

/** Adds `minutes` to an ISO time. */
export const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * Given (the events so far) / When (a command) / Then (the new events, or the error).
 * `when` appends the new events to the history, as the store would.
 */
export class Flow {
  history: InstanceEvent[] = [];
  state: InstanceState = initialInstanceState();
  now = T0;

  static given(events: InstanceEvent[]): Flow {
    const f = new Flow();
    for (const e of events) f.apply(e);
    return f;
  }

  apply(e: InstanceEvent) {
    this.history.push(e);
    this.state = evolveInstance(this.state, e);
  }

  /** Like the handler: the delegations in force, passed with every command that does not bring its own. */
  delegations: DelegationMap | undefined;

  when(cmd: InstanceCommand): InstanceEvent[] {
    if (this.delegations && (cmd.data as { delegations?: DelegationMap }).delegations === undefined) {
      cmd = { ...cmd, data: { ...cmd.data, delegations: this.delegations } } as InstanceCommand;
    }
    const events = decideInstance(cmd, this.state);
    for (const e of events) this.apply(e);
    return events;
  }

  /** Runs a command and returns the DomainError it throws (fails the test if it does not throw). */
  refused(cmd: InstanceCommand): { kind: string; code: string; message: string } {
    try {
      decideInstance(cmd, this.state);
    } catch (e) {
      return e as { kind: string; code: string; message: string };
    }
    throw new Error(`expected ${cmd.type} to be refused`);
  }

  tick(minutes: number) {
    this.now = later(this.now, minutes);
    return this.now;
  }

  start(
    def: ProcessDefinitionBody,
    assignments: Assignments,
    form: Record<string, unknown> = { days: 2 },
    o: { version?: number; delegations?: DelegationMap; instanceId?: string } = {},
  ) {
    return this.when({
      type: 'StartProcess',
      metadata: md(APPLICANT.userId, this.now),
      data: {
        instanceId: o.instanceId ?? 'p1',
        definition: snapshot(def, o.version ?? 1),
        form,
        applicant: APPLICANT,
        assignments,
        delegations: o.delegations,
      },
    });
  }

  /** The single open approval task of `user` (as assignee or acting delegate). */
  taskOf(user: string, kind: 'approval' | 'read' | 'resubmit' = 'approval'): string {
    const ts = Object.values(this.state.tasks).filter(
      (t) => t.status === 'open' && t.kind === kind && (t.assignee === user || t.actingDelegate === user),
    );
    if (ts.length !== 1) throw new Error(`expected one open ${kind} task for ${user}, found ${ts.length}`);
    return ts[0].taskId;
  }

  openAssignees(kind: 'approval' | 'read' | 'resubmit' = 'approval'): string[] {
    return Object.values(this.state.tasks)
      .filter((t) => t.status === 'open' && t.kind === kind)
      .map((t) => t.assignee)
      .sort();
  }

  approve(user: string, opinion = '同意', onBehalfOf: string | null = null) {
    return this.when({ type: 'ApproveTask', metadata: md(user, this.now, onBehalfOf), data: { taskId: this.taskOf(user), opinion } });
  }
}

export const types = (events: readonly { type: string }[]) => events.map((e) => e.type);
