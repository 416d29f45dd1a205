import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { departmentDecider } from '../../domain/org/department/decide';
import type { DepartmentState } from '../../domain/org/department/department';
import type { UnitState } from '../../domain/org/unit/unit';
import { unitDecider } from '../../domain/org/unit/decide';
import { userDecider } from '../../domain/org/user/decide';
import { orgStreams } from '../../domain/org/common';
import type { ApplicantSnapshot, OrgDirectory } from '../../domain/workflow/approvers';
import { activeDelegation, delegationDecider, delegationStreamId, type DelegationTerms } from '../../domain/workflow/delegation';
import { CLOSING_EVENT_TYPES } from '../../domain/workflow/instance.events';
import type { CommandHandler } from '../pipeline/handler';

/**
 * What the workflow commands need to know from outside an instance's stream, as ports, with default
 * implementations that read the event store directly (strongly consistent; fine at a district's
 * size). A deployment may bind faster ones over the read models (org tree, inbox).
 */

/** Who is the applicant (申请人): unit, department, rank — frozen into the instance at start. */
export interface ApplicantDirectory {
  applicant(userId: string): Promise<ApplicantSnapshot | null>;
}

/** Delegations (外出授权) in force. */
export interface DelegationDirectory {
  /** The delegation of `userId` covering process `kind` at `now`, or null. */
  delegationOf(userId: string, kind: string, now: string): Promise<DelegationTerms | null>;
  /** Every delegation not revoked and not yet ended at `now` (for the cycle check). */
  graph(now: string): Promise<DelegationTerms[]>;
}

/** Which instances have open tasks (approval / read / resubmit) assigned to a user. */
export interface OpenTaskIndex {
  instancesWithOpenTasksOf(userId: string): Promise<string[]>;
}

async function scanAll(
  store: EventStore,
  types: readonly string[],
  visit: (e: RecordedEvent) => void,
  streamPrefix?: string,
): Promise<void> {
  let from = 1;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: 5000, types, ...(streamPrefix ? { streamPrefix } : {}) });
    for (const e of page) visit(e);
    if (page.length < 5000) return;
    from = page[page.length - 1].position + 1;
  }
}

/**
 * OrgDirectory + ApplicantDirectory over the organisation aggregates (domain/org):
 *  - leaderOf(dept): the department's leader;
 *  - leaderChain(dept, n): leaders going up department → parent departments → the unit → parent
 *    units, skipping levels without a leader and repeating the same person;
 *  - usersWithRole(role, unit): active users whose primary post is in the unit and who hold the role
 *    (a scan of the user events: cached per instance of this class for `cacheMs`);
 *  - usersWithPosition(p): active users whose primary post title (职务) is `p`.
 */
export class StoreOrgDirectory implements OrgDirectory, ApplicantDirectory {
  private usersCache: { at: number; users: { userId: string; unitId: string; title: string; roles: string[] }[] } | null = null;

  constructor(
    private readonly handler: CommandHandler,
    private readonly cacheMs = 5_000,
  ) {}

  async applicant(userId: string): Promise<ApplicantSnapshot | null> {
    const { state } = await this.handler.load(orgStreams.user(userId), userDecider);
    if (state.status !== 'active') return null;
    const p = state.primaryPost;
    return { userId, name: state.name, unitId: p.unitId, departmentId: p.departmentId, rank: p.rank, positionId: p.title };
  }

  async leaderOf(departmentId: string): Promise<string | null> {
    const { state } = await this.handler.load(orgStreams.department(departmentId), departmentDecider);
    return state.status === 'open' ? state.leaderUserId : null;
  }

  async leaderChain(departmentId: string, levels: number): Promise<string[]> {
    const out: string[] = [];
    const push = (u: string | null) => {
      if (u && out[out.length - 1] !== u) out.push(u);
    };
    let dept: string | null = departmentId;
    let unitId: string | null = null;
    for (let guard = 0; dept && out.length < levels && guard < 32; guard++) {
      const state: DepartmentState = (await this.handler.load(orgStreams.department(dept), departmentDecider)).state;
      if (state.status === 'none') break;
      unitId = state.unitId;
      push(state.leaderUserId);
      dept = state.parentId;
    }
    for (let guard = 0; unitId && out.length < levels && guard < 32; guard++) {
      const state: UnitState = (await this.handler.load(orgStreams.unit(unitId), unitDecider)).state;
      if (state.status === 'none') break;
      push(state.leaderUserId);
      unitId = state.parentId;
    }
    return out.slice(0, levels);
  }

  private async users() {
    const now = Date.now();
    if (this.usersCache && now - this.usersCache.at < this.cacheMs) return this.usersCache.users;
    const ids = new Set<string>();
    await scanAll(this.handler.store, ['UserHired'], (e) => ids.add((e.data as { userId: string }).userId));
    const users: { userId: string; unitId: string; title: string; roles: string[] }[] = [];
    for (const id of ids) {
      const { state } = await this.handler.load(orgStreams.user(id), userDecider);
      if (state.status !== 'active') continue;
      users.push({ userId: id, unitId: state.primaryPost.unitId, title: state.primaryPost.title, roles: Object.keys(state.roles) });
    }
    this.usersCache = { at: now, users };
    return users;
  }

  async usersWithRole(role: string, unitId: string): Promise<string[]> {
    return (await this.users()).filter((u) => u.unitId === unitId && u.roles.includes(role)).map((u) => u.userId);
  }

  async usersWithPosition(positionId: string): Promise<string[]> {
    return (await this.users()).filter((u) => u.title === positionId).map((u) => u.userId);
  }
}

/** Delegations read from the `delegation-<user>` streams. */
export class StoreDelegationDirectory implements DelegationDirectory {
  constructor(private readonly handler: CommandHandler) {}

  async delegationOf(userId: string, kind: string, now: string): Promise<DelegationTerms | null> {
    const { state } = await this.handler.load(delegationStreamId(userId), delegationDecider);
    return activeDelegation(state, kind, now);
  }

  async graph(now: string): Promise<DelegationTerms[]> {
    const all = new Map<string, DelegationTerms>();
    await scanAll(
      this.handler.store,
      ['DelegationGranted', 'DelegationRevoked'],
      (e) => {
        const d = e.data as DelegationTerms;
        if (e.type === 'DelegationGranted')
          all.set(d.delegationId, {
            delegationId: d.delegationId,
            principalId: d.principalId,
            delegateId: d.delegateId,
            from: d.from,
            to: d.to,
            kinds: d.kinds,
          });
        else all.delete(d.delegationId);
      },
      'delegation-',
    );
    const t = Date.parse(now);
    return [...all.values()].filter((d) => Date.parse(d.to) > t);
  }
}

/**
 * Open tasks by assignee, from a scan of the instance events. O(all workflow events): used only
 * when a delegation is granted or revoked; bind an index over the inbox read model in production.
 */
export class StoreScanOpenTaskIndex implements OpenTaskIndex {
  constructor(private readonly store: EventStore) {}

  async instancesWithOpenTasksOf(userId: string): Promise<string[]> {
    const open = new Map<string, string>(); // taskId → instanceId
    const instances = new Set<string>();
    const types = ['TaskAssigned', ...CLOSING_EVENT_TYPES];
    await scanAll(
      this.store,
      types,
      (e) => {
        const d = e.data as { taskId: string; assignee?: string; instanceId?: string };
        if (e.type === 'TaskAssigned') {
          if (d.assignee === userId) open.set(d.taskId, d.instanceId ?? '');
        } else open.delete(d.taskId);
      },
      'process-',
    );
    for (const i of open.values()) instances.add(i);
    return [...instances];
  }
}
