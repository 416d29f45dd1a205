import { DomainError } from '../shared/errors';

/**
 * Small rules shared by the organisation deciders. Ids are chosen by the caller (uuid v7 normally,
 * readable ids such as 'czj' in the demo seed) and must match ORG_ID_PATTERN.
 */
export const ORG_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Stream ids of the organisation context (`<aggregate>-<id>`). */
export const orgStreams = {
  unit: (unitId: string) => `unit-${unitId}`,
  department: (departmentId: string) => `department-${departmentId}`,
  user: (userId: string) => `user-${userId}`,
  /** The username reservation stream: uniqueness is enforced by the store (see domain/org/username). */
  username: (username: string) => `username-${username}`,
  role: (roleId: string) => `role-${roleId}`,
} as const;

/** Trims and checks a display name (单位/部门/姓名…); throws an 'invalid' DomainError naming `field`. */
export function cleanName(raw: string, field: string, label: string, max = 100): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name.length === 0) throw new DomainError('invalid', 'org.name_required', `${label}不能为空`, field);
  if (name.length > max) throw new DomainError('invalid', 'org.name_too_long', `${label}不能超过 ${max} 个字符`, field);
  return name;
}

export function checkId(id: string, field: string): void {
  if (!ORG_ID_PATTERN.test(id)) {
    throw new DomainError('invalid', 'org.bad_id', '标识只能包含小写字母、数字和连字符（最长 64 位）', field);
  }
}
