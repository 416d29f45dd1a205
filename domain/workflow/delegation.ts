/**
 * Delegation (外出授权): while A is away, A's tasks of some (or all) process kinds reach B.
 * Stream `delegation-<principalUserId>`. Events, state and decide in one small file.
 *
 * Cycles (A→B while B→A, or A→B→C→A, overlapping in time and kinds) are refused: the command carries
 * a snapshot of the other delegations in force or planned (`graph`, from the delegation read model).
 * Delegation is not transitive: A's tasks go to B even if B is away too (B's own delegate does not
 * inherit them) — the cycle rule keeps that from trapping tasks between two absent people.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';

export const delegationStreamId = (principalId: string) => `delegation-${principalId}`;

export interface DelegationTerms {
  delegationId: string;
  principalId: string;
  delegateId: string;
  /** ISO-8601 UTC, inclusive. */
  from: string;
  /** ISO-8601 UTC, exclusive. */
  to: string;
  /** Process kinds (请休假, 发文 …), or null for all. */
  kinds: string[] | null;
}

export type DelegationGranted = DomainEvent<'DelegationGranted', DelegationTerms & { reason: string; grantedBy: string; at: string }>;
export type DelegationRevoked = DomainEvent<
  'DelegationRevoked',
  { delegationId: string; principalId: string; delegateId: string; revokedBy: string; at: string }
>;
export type DelegationEvent = DelegationGranted | DelegationRevoked;

export type GrantDelegation = Command<
  'GrantDelegation',
  {
    delegationId: string;
    principalId: string;
    delegateId: string;
    from: string;
    to: string;
    kinds?: string[] | null;
    reason?: string;
    /** Other people's delegations not yet ended (snapshot from the read model), for the cycle check. */
    graph: DelegationTerms[];
    /** Set by the handler when an administrator grants for someone else. */
    asAdmin?: boolean;
  }
>;
export type RevokeDelegation = Command<'RevokeDelegation', { delegationId: string; asAdmin?: boolean }>;
export type DelegationCommand = GrantDelegation | RevokeDelegation;

export interface DelegationState {
  principalId: string | null;
  delegations: (DelegationTerms & { revoked: boolean })[];
}

export const initialDelegationState = (): DelegationState => ({ principalId: null, delegations: [] });

export function evolveDelegation(s: DelegationState, e: DelegationEvent): DelegationState {
  switch (e.type) {
    case 'DelegationGranted': {
      const { reason: _r, grantedBy: _g, at: _a, ...terms } = e.data;
      return { principalId: e.data.principalId, delegations: [...s.delegations, { ...terms, revoked: false }] };
    }
    case 'DelegationRevoked':
      return { ...s, delegations: s.delegations.map((d) => (d.delegationId === e.data.delegationId ? { ...d, revoked: true } : d)) };
    default:
      return assertNever(e);
  }
}

const overlapsInTime = (a: DelegationTerms, b: DelegationTerms) =>
  Date.parse(a.from) < Date.parse(b.to) && Date.parse(b.from) < Date.parse(a.to);
const overlapsInKinds = (a: DelegationTerms, b: DelegationTerms) =>
  a.kinds === null || b.kinds === null || a.kinds.some((k) => b.kinds!.includes(k));

/** True when `d` covers process `kind` at `now`. */
export function delegationCovers(d: DelegationTerms, kind: string, now: string): boolean {
  const t = Date.parse(now);
  return Date.parse(d.from) <= t && t < Date.parse(d.to) && (d.kinds === null || d.kinds.includes(kind));
}

/** The delegation in force for `principalId` and `kind` at `now`, if any. */
export function activeDelegation(s: DelegationState, kind: string, now: string): DelegationTerms | null {
  return s.delegations.find((d) => !d.revoked && delegationCovers(d, kind, now)) ?? null;
}

export function decideDelegation(cmd: DelegationCommand, s: DelegationState): DelegationEvent[] {
  const { now, actorId } = cmd.metadata;
  switch (cmd.type) {
    case 'GrantDelegation': {
      const d = cmd.data;
      if (!cmd.data.asAdmin && actorId !== d.principalId)
        throw new DomainError('forbidden', 'delegation.not_self', '只能设置本人的外出授权');
      if (s.principalId !== null && s.principalId !== d.principalId)
        throw new DomainError('invalid', 'delegation.stream_mismatch', '授权人与流不一致', 'principalId');
      if (!d.delegateId || d.delegateId === d.principalId)
        throw new DomainError('invalid', 'delegation.self', '不能授权给自己', 'delegateId');
      const from = Date.parse(d.from);
      const to = Date.parse(d.to);
      if (Number.isNaN(from)) throw new DomainError('invalid', 'delegation.from', '开始时间格式不正确', 'from');
      if (Number.isNaN(to) || to <= from) throw new DomainError('invalid', 'delegation.to', '结束时间须晚于开始时间', 'to');
      if (to <= Date.parse(now)) throw new DomainError('invalid', 'delegation.past', '结束时间已过', 'to');
      if (d.kinds !== undefined && d.kinds !== null && (!Array.isArray(d.kinds) || d.kinds.length === 0)) {
        throw new DomainError('invalid', 'delegation.kinds', '请选择授权的流程类别，或授权全部', 'kinds');
      }
      if (s.delegations.some((x) => x.delegationId === d.delegationId))
        throw new DomainError('conflict', 'delegation.duplicate', '授权已存在');
      const terms: DelegationTerms = {
        delegationId: d.delegationId,
        principalId: d.principalId,
        delegateId: d.delegateId,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        kinds: d.kinds ?? null,
      };
      if (
        s.delegations.some((x) => !x.revoked && Date.parse(x.to) > Date.parse(now) && overlapsInTime(x, terms) && overlapsInKinds(x, terms))
      ) {
        throw new DomainError('rule', 'delegation.overlap', '该时段已有覆盖相同流程类别的外出授权', 'from');
      }
      // cycle: can the delegate reach the principal through delegations overlapping this one?
      const edges = (d.graph ?? []).filter((x) => x.principalId !== d.principalId && overlapsInTime(x, terms) && overlapsInKinds(x, terms));
      const seen = new Set<string>();
      const stack = [d.delegateId];
      while (stack.length) {
        const u = stack.pop()!;
        if (u === d.principalId)
          throw new DomainError(
            'rule',
            'delegation.cycle',
            '授权形成循环（被授权人已在同一时段把工作授权回来），请另选被授权人',
            'delegateId',
          );
        if (seen.has(u)) continue;
        seen.add(u);
        for (const x of edges) if (x.principalId === u) stack.push(x.delegateId);
      }
      return [{ type: 'DelegationGranted', data: { ...terms, reason: (d.reason ?? '').trim(), grantedBy: actorId, at: now } }];
    }
    case 'RevokeDelegation': {
      const x = s.delegations.find((y) => y.delegationId === cmd.data.delegationId);
      if (!x) throw new DomainError('not_found', 'delegation.not_found', '授权不存在');
      if (!cmd.data.asAdmin && actorId !== x.principalId)
        throw new DomainError('forbidden', 'delegation.not_self', '只能撤销本人的外出授权');
      if (x.revoked) throw new DomainError('conflict', 'delegation.revoked', '授权已撤销');
      return [
        {
          type: 'DelegationRevoked',
          data: { delegationId: x.delegationId, principalId: x.principalId, delegateId: x.delegateId, revokedBy: actorId, at: now },
        },
      ];
    }
    default:
      return assertNever(cmd);
  }
}

export const delegationDecider: Decider<DelegationCommand, DelegationEvent, DelegationState> = {
  initialState: initialDelegationState,
  decide: decideDelegation,
  evolve: evolveDelegation,
};
