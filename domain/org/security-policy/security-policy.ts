import type { Command, Decider } from '../../shared/decider';
import { DomainError, assertNever } from '../../shared/errors';

/**
 * 安全策略 (security policy), set by the 安全管理员: password rules (length, character classes, expiry,
 * history), login lockout and session idle timeout. One stream `security-policy`; every change is an
 * event (the audit console shows it). Until the first change the defaults below hold.
 *
 * Rules:
 *  - minLength 8–32; minClasses 2–4 (of upper, lower, digit, special); expiryDays 0 (never) or 30–365;
 *    historyCount 0–10 (how many previous passwords may not be reused);
 *  - maxFailedLogins 3–10; lockoutMinutes 5–1440; sessionIdleMinutes 5–120;
 *  - a change that changes nothing records nothing.
 */
export interface SecurityPolicy {
  minLength: number;
  minClasses: number;
  expiryDays: number;
  historyCount: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
}

export const SECURITY_POLICY_STREAM = 'security-policy';

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  minLength: 8,
  minClasses: 3,
  expiryDays: 0,
  historyCount: 0,
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  sessionIdleMinutes: 30,
};

export type SecurityPolicyEvent = {
  type: 'SecurityPolicyChanged';
  data: { policy: SecurityPolicy; previous: SecurityPolicy; changedBy: string; at: string };
};
export type SecurityPolicyEventType = SecurityPolicyEvent['type'];
export const SECURITY_POLICY_EVENT_TYPES = ['SecurityPolicyChanged'] as const satisfies readonly SecurityPolicyEventType[];

export interface SecurityPolicyState {
  policy: SecurityPolicy;
  changedAt: string | null;
  changedBy: string | null;
}

export const initialSecurityPolicyState = (): SecurityPolicyState => ({
  policy: { ...DEFAULT_SECURITY_POLICY },
  changedAt: null,
  changedBy: null,
});

export function evolveSecurityPolicy(s: SecurityPolicyState, e: SecurityPolicyEvent): SecurityPolicyState {
  switch (e.type) {
    case 'SecurityPolicyChanged':
      return { policy: { ...e.data.policy }, changedAt: e.data.at, changedBy: e.data.changedBy };
    default:
      return assertNever(e.type);
  }
}

export type SecurityPolicyCommand = Command<'ChangeSecurityPolicy', SecurityPolicy>;

const RANGES: Record<keyof SecurityPolicy, { min: number; max: number; label: string; zero?: boolean }> = {
  minLength: { min: 8, max: 32, label: '密码最小长度' },
  minClasses: { min: 2, max: 4, label: '字符类别数' },
  expiryDays: { min: 30, max: 365, label: '密码有效期（天）', zero: true },
  historyCount: { min: 0, max: 10, label: '不得重复使用的历史密码数' },
  maxFailedLogins: { min: 3, max: 10, label: '连续失败锁定次数' },
  lockoutMinutes: { min: 5, max: 1440, label: '锁定时长（分钟）' },
  sessionIdleMinutes: { min: 5, max: 120, label: '会话超时（分钟）' },
};

/** 修改安全策略 */
export function changeSecurityPolicy(state: SecurityPolicyState, command: SecurityPolicyCommand): SecurityPolicyEvent[] {
  const next = {} as SecurityPolicy;
  for (const key of Object.keys(RANGES) as (keyof SecurityPolicy)[]) {
    const r = RANGES[key];
    const v = command.data[key];
    const ok = Number.isInteger(v) && ((r.zero && v === 0) || (v >= r.min && v <= r.max));
    if (!ok) {
      throw new DomainError(
        'invalid',
        'security_policy.out_of_range',
        `${r.label}须为 ${r.zero ? '0（不限）或 ' : ''}${r.min}–${r.max} 的整数`,
        key,
      );
    }
    next[key] = v;
  }
  if ((Object.keys(RANGES) as (keyof SecurityPolicy)[]).every((k) => state.policy[k] === next[k])) return [];
  return [
    {
      type: 'SecurityPolicyChanged',
      data: { policy: next, previous: state.policy, changedBy: command.metadata.actorId, at: command.metadata.now },
    },
  ];
}

export function decideSecurityPolicy(command: SecurityPolicyCommand, state: SecurityPolicyState): SecurityPolicyEvent[] {
  switch (command.type) {
    case 'ChangeSecurityPolicy':
      return changeSecurityPolicy(state, command);
    default:
      return assertNever(command.type);
  }
}

export const securityPolicyDecider: Decider<SecurityPolicyCommand, SecurityPolicyEvent, SecurityPolicyState> = {
  decide: decideSecurityPolicy,
  evolve: evolveSecurityPolicy,
  initialState: initialSecurityPolicyState,
};

/** 密码复杂度 under a policy (Chinese messages; [] when acceptable). */
export function passwordPolicyProblems(password: string, policy: SecurityPolicy): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 位`);
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses) problems.push(`密码须包含大写字母、小写字母、数字、特殊字符中的至少 ${policy.minClasses} 类`);
  return problems;
}

/** Has the password expired under the policy at `now`? (Never when expiryDays is 0 or it was never set.) */
export function passwordExpired(changedAt: string | null, policy: SecurityPolicy, now: string): boolean {
  if (policy.expiryDays === 0 || !changedAt) return false;
  return Date.parse(now) - Date.parse(changedAt) > policy.expiryDays * 86_400_000;
}
