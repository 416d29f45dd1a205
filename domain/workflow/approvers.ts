/**
 * Approver rules (审批人规则) and their resolution through the organisation directory.
 *
 * Decision (documented for the lead): **the handler resolves every rule of the definition once, when
 * the instance starts**, through `resolveAssignments` and the `OrgDirectory` port, and passes the
 * result (`Assignments`: node id → user ids) in the StartProcess command. It is stored in the
 * ProcessStarted event, so `decide` stays pure, replays are deterministic, and the approval chain an
 * applicant saw at submission is the one that runs (a transfer mid-flight does not silently reroute
 * a task; an admin uses 改派 / reassign for that). Resubmission after a return can pass fresh
 * assignments to pick up org changes.
 */

export type ApproverRule =
  /** 指定人员 */
  | { type: 'person'; userIds: string[] }
  /** 申请人所在单位中拥有该角色的人 */
  | { type: 'role'; role: string }
  /** 担任该岗位的人 */
  | { type: 'position'; positionId: string }
  /** 申请人所在部门的负责人 */
  | { type: 'departmentLeader' }
  /**
   * 逐级领导: the leader `levels` levels up from the applicant's department, skipping the applicant (1 = the department's
   * leader, 2 = the next one up, e.g. 分管领导). `pick: 'all'` takes every leader of levels 1..N in
   * order (for a sequential countersign).
   */
  | { type: 'leaderChain'; levels: number; pick?: 'nth' | 'all' }
  /** 拟稿人/发起人 */
  | { type: 'drafter' };

export const APPROVER_RULE_TYPES = ['person', 'role', 'position', 'departmentLeader', 'leaderChain', 'drafter'] as const;

/**
 * The organisation, as the workflow sees it. Implemented over the org read models by the command
 * side; may answer synchronously or with a promise.
 */
export interface OrgDirectory {
  /** The user who leads the department (部门负责人), or null. */
  leaderOf(departmentId: string): string | null | Promise<string | null>;
  /** Leaders from level 1 (the department's) up to `levels` (may be shorter at the top). */
  leaderChain(departmentId: string, levels: number): string[] | Promise<string[]>;
  /** Users holding `role` within the unit (单位). */
  usersWithRole(role: string, unitId: string): string[] | Promise<string[]>;
  /** Users holding the position (岗位). */
  usersWithPosition(positionId: string): string[] | Promise<string[]>;
}

/** What the engine knows of the applicant (申请人), frozen at submission. */
export interface ApplicantSnapshot {
  userId: string;
  name?: string;
  unitId: string;
  departmentId: string;
  /** 职务级别, e.g. '科员'. */
  rank?: string | null;
  positionId?: string | null;
}

/** Shape check for publish-time validation: returns Chinese messages, empty when fine. */
export function checkApproverRule(rule: unknown): string[] {
  if (!rule || typeof rule !== 'object') return ['审批人规则缺失'];
  const r = rule as Record<string, unknown>;
  switch (r.type) {
    case 'person':
      return Array.isArray(r.userIds) && r.userIds.length > 0 && r.userIds.every((u) => typeof u === 'string' && u.length > 0)
        ? []
        : ['指定人员规则须至少包含一个用户'];
    case 'role':
      return typeof r.role === 'string' && r.role.trim() ? [] : ['角色规则须指定角色'];
    case 'position':
      return typeof r.positionId === 'string' && r.positionId.trim() ? [] : ['岗位规则须指定岗位'];
    case 'departmentLeader':
    case 'drafter':
      return [];
    case 'leaderChain': {
      const ok = Number.isInteger(r.levels) && (r.levels as number) >= 1 && (r.levels as number) <= 10;
      const pickOk = r.pick === undefined || r.pick === 'nth' || r.pick === 'all';
      return ok && pickOk ? [] : ['逐级领导规则的层级须为 1–10 的整数'];
    }
    default:
      return [`未知的审批人规则类型 “${String(r.type)}”`];
  }
}

/** Resolves one rule to user ids (deduplicated, in order). */
export async function resolveRule(
  rule: ApproverRule,
  ctx: { applicant: ApplicantSnapshot; drafterId: string },
  org: OrgDirectory,
): Promise<string[]> {
  switch (rule.type) {
    case 'person':
      return [...rule.userIds];
    case 'role':
      return [...(await org.usersWithRole(rule.role, ctx.applicant.unitId))];
    case 'position':
      return [...(await org.usersWithPosition(rule.positionId))];
    case 'departmentLeader': {
      // a leader never approves their own request at a leader node: take the next leader up
      const l = await org.leaderOf(ctx.applicant.departmentId);
      if (l && l !== ctx.applicant.userId) return [l];
      const up = (await org.leaderChain(ctx.applicant.departmentId, 2)).filter((u) => u !== ctx.applicant.userId);
      return up.length ? [up[0]] : [];
    }
    case 'leaderChain': {
      // levels count the leaders above the applicant (the applicant, when a leader, is skipped)
      const chain = (await org.leaderChain(ctx.applicant.departmentId, rule.levels + 1))
        .filter((u) => u !== ctx.applicant.userId)
        .slice(0, rule.levels);
      if ((rule.pick ?? 'nth') === 'all') return chain;
      return chain.length >= rule.levels ? [chain[rule.levels - 1]] : [];
    }
    case 'drafter':
      return [ctx.drafterId];
  }
}

export async function resolveRules(
  rules: readonly ApproverRule[],
  ctx: { applicant: ApplicantSnapshot; drafterId: string },
  org: OrgDirectory,
): Promise<string[]> {
  const out: string[] = [];
  for (const r of rules) for (const u of await resolveRule(r, ctx, org)) if (!out.includes(u)) out.push(u);
  return out;
}
