import { describe, expect, it } from 'vitest';
import { isNotBuilt, problemMessage, toProblem } from './problem';

describe('RFC 7807 problems → messages', () => {
  it('shows the server detail (423 lockout)', () => {
    const err = {
      status: 423,
      error: { type: 'x', title: '账户已锁定', status: 423, detail: '账户已锁定，请15分钟后再试', code: 'auth.locked' },
    };
    expect(problemMessage(err)).toBe('账户已锁定，请15分钟后再试');
    expect(toProblem(err).code).toBe('auth.locked');
  });

  it('parses a problem+json body that arrived as text', () => {
    const err = {
      status: 401,
      error: JSON.stringify({ title: '未登录或登录已失效', status: 401, detail: '用户名或密码错误（再失败 4 次将锁定账户 15 分钟）' }),
    };
    expect(problemMessage(err)).toContain('再失败 4 次');
  });

  it('appends field errors that the detail does not already say', () => {
    const err = {
      status: 400,
      error: {
        detail: '新密码不符合要求',
        errors: [
          { field: 'newPassword', message: '至少 8 位' },
          { field: 'newPassword', message: '需包含三类字符' },
        ],
      },
    };
    expect(problemMessage(err)).toBe('新密码不符合要求：至少 8 位；需包含三类字符');
    expect(toProblem(err).errors).toHaveLength(2);
  });

  it('falls back to a Chinese message by status (network down, server error, HTML error page)', () => {
    expect(problemMessage({ status: 0, error: new Error('x') })).toBe('无法连接服务器，请检查网络后重试');
    expect(problemMessage({ status: 502, error: '<html>bad gateway</html>' })).toBe('服务暂不可用，请稍后重试');
    expect(problemMessage({ status: 500, error: null })).toBe('服务器内部错误，请稍后重试');
    expect(problemMessage(undefined)).toBe('无法连接服务器，请检查网络后重试');
  });

  it('treats 404/501 as "not built yet"', () => {
    expect(isNotBuilt({ status: 404 })).toBe(true);
    expect(isNotBuilt({ status: 403 })).toBe(false);
  });
});
