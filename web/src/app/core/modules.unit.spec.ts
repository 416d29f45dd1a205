import { describe, expect, it } from 'vitest';
import { MODULES, visibleModules } from './modules';
import { hasAny, permissionMatches } from './permissions';

// Grants of the built-in roles (domain/org/permissions.ts BUILTIN_ROLES).
const STAFF = [
  'org.read',
  'workflow.use',
  'document.draft',
  'document.read',
  'supervision.use',
  'meeting.use',
  'schedule.use',
  'asset.use',
  'attendance.use',
  'expense.use',
  'travel.use',
  'knowledge.read',
  'announcement.read',
];
const SYSADMIN = ['org.read', 'org.admin', 'system.config', 'workflow.define'];
const AUDITOR = ['org.read', 'audit.read'];

describe('module menu by permission', () => {
  const labels = (p: string[]) => visibleModules(p).map((m) => m.label);

  it('staff see the business modules but not 系统管理, 驾驶舱 or audit', () => {
    const l = labels(STAFF);
    expect(l).toContain('首页');
    expect(l).toContain('公文');
    expect(l).toContain('通讯录');
    expect(l).not.toContain('系统管理');
    expect(l).not.toContain('领导驾驶舱');
    expect(l).not.toContain('安全审计');
  });

  it('the system admin sees 系统管理; the auditor sees audit but not 系统管理 (三员分立)', () => {
    expect(labels(SYSADMIN)).toContain('系统管理');
    expect(labels(AUDITOR)).toContain('安全审计');
    expect(labels(AUDITOR)).not.toContain('系统管理');
  });

  it('everyone logged in has 首页; nobody without grants has more', () => {
    expect(labels([])).toEqual(['首页']);
  });

  it('wildcards grant by prefix only', () => {
    expect(permissionMatches('document.*', 'document.read')).toBe(true);
    expect(permissionMatches('document.*', 'documents.read')).toBe(false);
    expect(permissionMatches('org.read', 'org.admin')).toBe(false);
    expect(hasAny(['org.*'], ['org.admin'])).toBe(true);
    expect(labels(['report.*'])).toContain('领导驾驶舱');
  });

  it("every module has a unique path and the brief's modules are all there", () => {
    expect(new Set(MODULES.map((m) => m.path)).size).toBe(MODULES.length);
    for (const l of [
      '首页',
      '公文',
      '督办',
      '会议',
      '日程',
      '资产',
      '人事',
      '考勤',
      '费用',
      '出国境',
      '知识',
      '通知公告',
      '通讯录',
      '领导驾驶舱',
      '系统管理',
    ]) {
      expect(MODULES.map((m) => m.label)).toContain(l);
    }
  });
});
