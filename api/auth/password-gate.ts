import { HttpProblem, titleFor } from '../http/problem';
import type { Platform } from '../platform';
import { passwordExpired } from '../../domain/org';
import { securityPolicy } from './policy';
import type { Principal } from './principal';

/**
 * 强制修改密码: while an account's password was set by an administrator (reset, or the one-time
 * password of a production start) or the 安全策略's expiry has passed, the API answers every authenticated route but these three with
 * 403 `auth.password_change_required` — the web app then sends the user to the password page.
 */
export const ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED: readonly string[] = ['GET /me', 'POST /me/password', 'POST /auth/logout'];
export const PASSWORD_CHANGE_REQUIRED = 'auth.password_change_required';

export async function requirePasswordChanged(p: Platform, route: { method: string; path: string }, who: Principal): Promise<void> {
  if (ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED.includes(`${route.method.toUpperCase()} ${route.path}`)) return;
  const account = (await p.directory.snapshot()).users.get(who.userId);
  const expired = !!account && passwordExpired(account.passwordChangedAt, (await securityPolicy(p)).policy, p.clock().toISOString());
  if (account?.mustChangePassword || expired) {
    throw new HttpProblem(403, titleFor(403), '请先修改初始密码（管理员设置的密码须在首次登录时修改）', {
      code: PASSWORD_CHANGE_REQUIRED,
    });
  }
}
