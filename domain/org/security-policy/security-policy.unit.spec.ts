import { describe, expect, it } from 'vitest';
import { NOW, meta, spec } from '../../../test/support/gwt';
import {
  DEFAULT_SECURITY_POLICY,
  passwordExpired,
  passwordPolicyProblems,
  securityPolicyDecider,
  type SecurityPolicy,
  type SecurityPolicyCommand,
  type SecurityPolicyEvent,
} from './security-policy';

const cmd = (policy: SecurityPolicy) =>
  ({ type: 'ChangeSecurityPolicy', data: policy, metadata: meta('secadmin') }) as SecurityPolicyCommand;
const policy = spec(securityPolicyDecider);
const stricter: SecurityPolicy = { ...DEFAULT_SECURITY_POLICY, minLength: 12, expiryDays: 90, historyCount: 5, maxFailedLogins: 3 };
const changed: SecurityPolicyEvent = {
  type: 'SecurityPolicyChanged',
  data: { policy: stricter, previous: DEFAULT_SECURITY_POLICY, changedBy: 'secadmin', at: NOW },
};

describe('Security policy decider (安全策略)', () => {
  it('records a change with the previous policy, by whom and when', () => {
    policy.given([]).when(cmd(stricter)).then([changed]);
  });
  it('records nothing when nothing changes', () => {
    policy.given([changed]).when(cmd(stricter)).then([]);
    policy.given([]).when(cmd(DEFAULT_SECURITY_POLICY)).then([]);
  });
  it('refuses values out of range, naming the field', () => {
    policy
      .given([])
      .when(cmd({ ...stricter, minLength: 6 }))
      .thenThrows('security_policy.out_of_range');
    policy
      .given([])
      .when(cmd({ ...stricter, expiryDays: 10 }))
      .thenThrows('security_policy.out_of_range');
    policy
      .given([])
      .when(cmd({ ...stricter, sessionIdleMinutes: 1.5 }))
      .thenThrows('security_policy.out_of_range');
    expect(() => securityPolicyDecider.decide(cmd({ ...stricter, lockoutMinutes: 0 }), securityPolicyDecider.initialState())).toThrow(
      expect.objectContaining({ field: 'lockoutMinutes' }),
    );
  });
  it('allows expiryDays 0 (never expires)', () => {
    policy
      .given([changed])
      .when(cmd({ ...stricter, expiryDays: 0 }))
      .then([
        {
          type: 'SecurityPolicyChanged',
          data: { policy: { ...stricter, expiryDays: 0 }, previous: stricter, changedBy: 'secadmin', at: NOW },
        },
      ]);
  });
  it('checks passwords against length and classes, and expiry by age', () => {
    expect(passwordPolicyProblems('Abcdef1!', DEFAULT_SECURITY_POLICY)).toEqual([]);
    expect(passwordPolicyProblems('Abcdef1!', stricter)).toEqual(['密码至少 12 位']);
    expect(passwordPolicyProblems('abcdefghijkl', stricter)).toHaveLength(1);
    expect(passwordExpired('2026-01-01T00:00:00Z', stricter, '2026-03-31T00:00:01Z')).toBe(false);
    expect(passwordExpired('2026-01-01T00:00:00Z', stricter, '2026-04-02T00:00:00Z')).toBe(true);
    expect(passwordExpired('2026-01-01T00:00:00Z', DEFAULT_SECURITY_POLICY, '2030-01-01T00:00:00Z')).toBe(false);
  });
});
