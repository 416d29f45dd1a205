import { describe, it, expect } from 'vitest';
import { fold } from '../shared/decider';
import {
  activeDelegation,
  decideDelegation,
  evolveDelegation,
  initialDelegationState,
  type DelegationTerms,
  type GrantDelegation,
} from './delegation';
import { md, T0 } from './spec-support';

const grant = (o: Partial<GrantDelegation['data']> = {}, actor = 'zhang'): GrantDelegation => ({
  type: 'GrantDelegation',
  metadata: md(actor),
  data: {
    delegationId: 'd1',
    principalId: 'zhang',
    delegateId: 'li',
    from: '2026-03-02T00:00:00Z',
    to: '2026-03-06T00:00:00Z',
    kinds: ['请休假'],
    reason: '外出学习',
    graph: [],
    ...o,
  },
});
const edge = (
  principalId: string,
  delegateId: string,
  kinds: string[] | null = null,
  from = '2026-03-01T00:00:00.000Z',
  to = '2026-03-10T00:00:00.000Z',
): DelegationTerms => ({ delegationId: `${principalId}>${delegateId}`, principalId, delegateId, from, to, kinds });

describe('Delegation decider (外出授权)', () => {
  it('Given nothing, When granted, Then DelegationGranted with normalised times; it covers its kinds and dates only', () => {
    const events = decideDelegation(grant(), initialDelegationState());
    expect(events).toEqual([
      {
        type: 'DelegationGranted',
        data: {
          delegationId: 'd1',
          principalId: 'zhang',
          delegateId: 'li',
          from: '2026-03-02T00:00:00.000Z',
          to: '2026-03-06T00:00:00.000Z',
          kinds: ['请休假'],
          reason: '外出学习',
          grantedBy: 'zhang',
          at: T0,
        },
      },
    ]);
    const s = fold(evolveDelegation, initialDelegationState(), events);
    expect(activeDelegation(s, '请休假', '2026-03-03T00:00:00Z')?.delegateId).toBe('li');
    expect(activeDelegation(s, '发文', '2026-03-03T00:00:00Z')).toBeNull();
    expect(activeDelegation(s, '请休假', '2026-03-06T00:00:00Z')).toBeNull();
  });

  it('refuses cycles through the current delegation graph (direct and longer), but not when the times do not overlap', () => {
    const s = initialDelegationState();
    expect(() => decideDelegation(grant({ graph: [edge('li', 'zhang')] }), s)).toThrow(
      expect.objectContaining({ kind: 'rule', code: 'delegation.cycle' }),
    );
    expect(() => decideDelegation(grant({ graph: [edge('li', 'wang'), edge('wang', 'zhang')] }), s)).toThrow(
      expect.objectContaining({ code: 'delegation.cycle' }),
    );
    expect(decideDelegation(grant({ graph: [edge('li', 'zhang', null, '2026-04-01T00:00:00Z', '2026-04-05T00:00:00Z')] }), s)).toHaveLength(
      1,
    );
    expect(decideDelegation(grant({ graph: [edge('li', 'zhang', ['发文'])] }), s)).toHaveLength(1);
    expect(decideDelegation(grant({ graph: [edge('li', 'wang'), edge('zhao', 'zhang')] }), s)).toHaveLength(1);
  });

  it('refuses self, bad ranges, past ranges, overlap with my own delegation, and someone else granting', () => {
    const s = initialDelegationState();
    expect(() => decideDelegation(grant({ delegateId: 'zhang' }), s)).toThrow(expect.objectContaining({ field: 'delegateId' }));
    expect(() => decideDelegation(grant({ to: '2026-03-01T00:00:00Z' }), s)).toThrow(expect.objectContaining({ field: 'to' }));
    expect(() => decideDelegation(grant({ from: '2026-02-01T00:00:00Z', to: '2026-02-02T00:00:00Z' }), s)).toThrow(
      expect.objectContaining({ code: 'delegation.past' }),
    );
    expect(() => decideDelegation(grant({}, 'li'), s)).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(decideDelegation({ ...grant({ asAdmin: true }), metadata: md('sysadmin') }, s)[0].data).toMatchObject({ grantedBy: 'sysadmin' });
    const s1 = fold(evolveDelegation, s, decideDelegation(grant(), s));
    expect(() => decideDelegation(grant({ delegationId: 'd2', kinds: null, delegateId: 'wang' }), s1)).toThrow(
      expect.objectContaining({ code: 'delegation.overlap' }),
    );
    expect(decideDelegation(grant({ delegationId: 'd2', kinds: ['发文'], delegateId: 'wang' }), s1)).toHaveLength(1);
  });

  it('revokes: only once, only by the principal (or an admin)', () => {
    const s = fold(evolveDelegation, initialDelegationState(), decideDelegation(grant(), initialDelegationState()));
    expect(() => decideDelegation({ type: 'RevokeDelegation', metadata: md('li'), data: { delegationId: 'd1' } }, s)).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
    const revoked = decideDelegation({ type: 'RevokeDelegation', metadata: md('zhang'), data: { delegationId: 'd1' } }, s);
    expect(revoked).toEqual([
      { type: 'DelegationRevoked', data: { delegationId: 'd1', principalId: 'zhang', delegateId: 'li', revokedBy: 'zhang', at: T0 } },
    ]);
    const s2 = fold(evolveDelegation, s, revoked);
    expect(activeDelegation(s2, '请休假', '2026-03-03T00:00:00Z')).toBeNull();
    expect(() => decideDelegation({ type: 'RevokeDelegation', metadata: md('zhang'), data: { delegationId: 'd1' } }, s2)).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
    expect(() => decideDelegation({ type: 'RevokeDelegation', metadata: md('zhang'), data: { delegationId: 'nope' } }, s2)).toThrow(
      expect.objectContaining({ kind: 'not_found' }),
    );
  });
});
