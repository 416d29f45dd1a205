import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ROLES,
  SEPARATED_ROLES,
  isGrantablePermission,
  permissionMatches,
  scopeAllows,
  scopeCovers,
  widerScope,
} from './permissions';
import { RANKS, compareRank, rankAtLeast } from './rank';

describe('职务级别', () => {
  it('orders 办事员 < 科员 < 副科 < 正科 < 副处 < 正处 < 副厅 < 正厅', () => {
    const shuffled = ['正处', '科员', '正厅', '副科', '办事员', '副厅', '正科', '副处'] as const;
    expect([...shuffled].sort(compareRank)).toEqual([...RANKS]);
    expect(rankAtLeast('正科', '正科')).toBe(true);
    expect(rankAtLeast('副处', '正科')).toBe(true);
    expect(rankAtLeast('副科', '正科')).toBe(false);
    expect(() => compareRank('局长' as never, '科员')).toThrow(/unknown rank/);
  });
});

describe('permissions and scopes', () => {
  it('wildcards grant within their prefix only', () => {
    expect(permissionMatches('document.*', 'document.sign')).toBe(true);
    expect(permissionMatches('document.*', 'documents.read')).toBe(false);
    expect(permissionMatches('org.read', 'org.admin')).toBe(false);
    expect(isGrantablePermission('document.*')).toBe(true);
    expect(isGrantablePermission('nothing.*')).toBe(false);
    expect(isGrantablePermission('*')).toBe(false);
  });
  it('scopes widen self < department < department_tree < unit < all', () => {
    expect(widerScope('department', 'unit')).toBe('unit');
    expect(widerScope('all', 'self')).toBe('all');
    expect(scopeCovers('department_tree', 'department')).toBe(true);
    expect(scopeCovers('department', 'unit')).toBe(false);
  });
  it('三员分立: the three admin roles share no administrative permission and only the auditor reads the audit log', () => {
    const admin = (r: (typeof SEPARATED_ROLES)[number]) => new Set<string>(BUILTIN_ROLES[r].permissions.filter((p) => p !== 'org.read'));
    for (const a of SEPARATED_ROLES)
      for (const b of SEPARATED_ROLES) if (a !== b) expect([...admin(a)].filter((p) => admin(b).has(p))).toEqual([]);
    const auditReaders = Object.entries(BUILTIN_ROLES).filter(([, r]) => (r.permissions as readonly string[]).includes('audit.read'));
    expect(auditReaders.map(([id]) => id)).toEqual(['auditor']);
    for (const r of Object.values(BUILTIN_ROLES)) for (const p of r.permissions) expect(isGrantablePermission(p)).toBe(true);
  });

  it('scopeAllows: self < department < department_tree < unit < all', () => {
    const actor = { userId: 'u1', unitId: 'czj', departmentId: 'bgs', departmentSubtree: ['bgs', 'yss'] };
    const mine = { ownerId: 'u1', unitId: 'czj', departmentId: 'bgs' };
    const colleague = { ownerId: 'u2', unitId: 'czj', departmentId: 'bgs' };
    const below = { ownerId: 'u3', unitId: 'czj', departmentId: 'yss' };
    const sameUnit = { ownerId: 'u4', unitId: 'czj', departmentId: 'zfk' };
    const otherUnit = { ownerId: 'u5', unitId: 'rsj', departmentId: 'rsj-bgs' };
    const reach = (scope: Parameters<typeof scopeAllows>[0]) =>
      [mine, colleague, below, sameUnit, otherUnit].map((t) => scopeAllows(scope, actor, t));
    expect(reach('self')).toEqual([true, false, false, false, false]);
    expect(reach('department')).toEqual([true, true, false, false, false]);
    expect(reach('department_tree')).toEqual([true, true, true, false, false]);
    expect(reach('unit')).toEqual([true, true, true, true, false]);
    expect(reach('all')).toEqual([true, true, true, true, true]);
    // unknown ownership/location never matches by accident
    expect(scopeAllows('unit', actor, {})).toBe(false);
    expect(scopeAllows('department', { ...actor, departmentId: '' }, { departmentId: null })).toBe(false);
  });
});
