import { passwordProblems as baseProblems } from '../../commands/org/password';
import { passwordPolicyProblems, type SecurityPolicy } from '../../domain/org';

/** Hashing is the org context's (scrypt, parameters and salt in the hash string). */
export { hashPassword, verifyPassword } from '../../commands/org/password';

/** 密码复杂度 on change: the org rule, plus a length cap and "must not contain the username". */
export function passwordProblems(password: string, username?: string, policy?: SecurityPolicy): string[] {
  // the 安全策略 when given (length, classes), else the org rule
  const problems = policy ? passwordPolicyProblems(password, policy) : baseProblems(password);
  if (password.length > 64) problems.push('密码长度不能超过 64 位');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  return problems;
}
