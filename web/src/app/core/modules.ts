import { hasAny } from './permissions';

/** One entry of the portal's module menu (模块菜单). */
export interface ModuleEntry {
  /** Route path below the shell, e.g. 'documents'. */
  path: string;
  /** Menu label (Chinese). */
  label: string;
  /** Short glyph shown as the menu icon. */
  icon: string;
  /** The user needs at least one of these permissions ('' / empty = everyone logged in). */
  anyOf: string[];
  /** Built modules have their own lazy route; the others show 建设中. */
  built: boolean;
}

/** The portal's modules in menu order. Permission ids come from domain/org/permissions.ts. */
export const MODULES: readonly ModuleEntry[] = [
  { path: 'home', label: '首页', icon: '⌂', anyOf: [], built: true },
  { path: 'documents', label: '公文', icon: '文', anyOf: ['document.read', 'document.draft', 'document.register'], built: false },
  { path: 'supervision', label: '督办', icon: '督', anyOf: ['supervision.use', 'supervision.admin'], built: false },
  { path: 'meetings', label: '会议', icon: '会', anyOf: ['meeting.use', 'meeting.admin'], built: false },
  { path: 'schedule', label: '日程', icon: '日', anyOf: ['schedule.use'], built: false },
  { path: 'assets', label: '资产', icon: '资', anyOf: ['asset.use', 'asset.admin'], built: false },
  { path: 'hr', label: '人事', icon: '人', anyOf: ['hr.read', 'hr.admin'], built: false },
  { path: 'attendance', label: '考勤', icon: '勤', anyOf: ['attendance.use', 'attendance.admin'], built: false },
  { path: 'expenses', label: '费用', icon: '费', anyOf: ['expense.use', 'expense.ledger'], built: false },
  { path: 'travel', label: '出国境', icon: '境', anyOf: ['travel.use', 'travel.admin'], built: false },
  { path: 'knowledge', label: '知识', icon: '知', anyOf: ['knowledge.read', 'knowledge.admin'], built: false },
  { path: 'announcements', label: '通知公告', icon: '告', anyOf: ['announcement.read', 'announcement.publish'], built: false },
  { path: 'contacts', label: '通讯录', icon: '通', anyOf: ['org.read'], built: false },
  { path: 'cockpit', label: '领导驾驶舱', icon: '驾', anyOf: ['report.read'], built: true },
  { path: 'audit', label: '安全审计', icon: '审', anyOf: ['audit.read'], built: false },
  {
    path: 'admin',
    label: '系统管理',
    icon: '管',
    anyOf: ['org.admin', 'security.admin', 'system.config', 'workflow.define'],
    built: false,
  },
];

export function moduleByPath(path: string): ModuleEntry | undefined {
  return MODULES.find((m) => m.path === path);
}

/** The menu a user sees: only modules one of whose permissions they hold. */
export function visibleModules(permissions: readonly string[]): ModuleEntry[] {
  return MODULES.filter((m) => hasAny(permissions, m.anyOf));
}
