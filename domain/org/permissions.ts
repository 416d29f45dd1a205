/**
 * Permission catalogue (权限目录), data scopes (数据范围) and the built-in roles (内置角色).
 *
 * Public API:
 *  - PERMISSIONS: the catalogue { id → Chinese label }; Permission (a catalogue id).
 *  - permissionMatches(granted, required): 'document.*' grants 'document.read'; exact ids grant themselves.
 *  - isGrantablePermission(p): a catalogue id or a 'prefix.*' wildcard whose prefix is in the catalogue.
 *  - DATA_SCOPES (narrowest first), DataScope, isDataScope, widerScope(a, b), scopeCovers(granted, needed),
 *    scopeAllows(scope, actor, target): the data-scope check for one record.
 *  - BUILTIN_ROLES { id → { name, permissions } }, BuiltinRoleId, isBuiltinRole.
 *  - SEPARATED_ROLES: 三员分立 — 'sysadmin', 'secadmin', 'auditor'; no user may hold two of them.
 *
 * There is no '*' permission: 三员分立 forbids a role that can do everything (the system admin may
 * not read the audit log, the auditor may not administer).
 */
export const PERMISSIONS = {
  'org.read': '查看组织机构与通讯录',
  'org.admin': '管理单位、部门与用户',
  'security.admin': '授权管理（角色授予与撤销、解锁账号、安全策略）',
  'audit.read': '查阅审计日志与完整性校验',
  'system.config': '系统配置',
  'workflow.define': '定义审批流程',
  'workflow.use': '发起与办理审批',
  'workflow.admin': '流程干预（管理员）',
  'document.draft': '拟稿',
  'document.read': '阅读公文',
  'document.sign': '签发公文',
  'document.register': '收发文登记',
  'document.admin': '公文管理（归档、模板、印章）',
  'supervision.use': '督办事项办理',
  'supervision.admin': '督办立项与管理',
  'meeting.use': '会议与会议室预约',
  'meeting.admin': '会议室管理',
  'schedule.use': '日程',
  'asset.use': '资产领用',
  'asset.admin': '资产管理',
  'hr.read': '查阅人事档案',
  'hr.admin': '人事管理',
  'attendance.use': '考勤与请假',
  'attendance.admin': '考勤管理',
  'expense.use': '报销申请',
  'expense.ledger': '费用台账（财务）',
  'travel.use': '出国（境）申请',
  'travel.admin': '出国（境）管理',
  'knowledge.read': '知识库阅读',
  'knowledge.admin': '知识库管理',
  'announcement.read': '阅读通知公告',
  'announcement.publish': '发布通知公告',
  'govinfo.submit': '报送政务信息',
  'govinfo.review': '政务信息审核、约稿与通报',
  'report.read': '领导驾驶舱与统计报表',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(x: unknown): x is Permission {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(PERMISSIONS, x);
}

/** A grantable permission: a catalogue id, or 'prefix.*' where some catalogue id starts with 'prefix.'. */
export function isGrantablePermission(x: unknown): x is string {
  if (isPermission(x)) return true;
  if (typeof x !== 'string' || !x.endsWith('.*')) return false;
  const prefix = x.slice(0, -1); // keeps the dot
  return prefix.length > 1 && Object.keys(PERMISSIONS).some((p) => p.startsWith(prefix));
}

/** Does a granted permission (possibly a 'prefix.*' wildcard) grant the required one? */
export function permissionMatches(granted: string, required: string): boolean {
  if (granted === required) return true;
  if (granted.endsWith('.*')) return required.startsWith(granted.slice(0, -1));
  return false;
}

/** 数据范围, narrowest first: 本人 / 本部门 / 本部门及下级 / 本单位 / 全部. */
export const DATA_SCOPES = ['self', 'department', 'department_tree', 'unit', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];
export const DATA_SCOPE_LABELS: Record<DataScope, string> = {
  self: '本人',
  department: '本部门',
  department_tree: '本部门及下级部门',
  unit: '本单位',
  all: '全部',
};

export function isDataScope(x: unknown): x is DataScope {
  return typeof x === 'string' && (DATA_SCOPES as readonly string[]).includes(x);
}

export function widerScope(a: DataScope, b: DataScope): DataScope {
  return DATA_SCOPES.indexOf(a) >= DATA_SCOPES.indexOf(b) ? a : b;
}

/** Does a grant with scope `granted` reach data that needs `needed`? (e.g. 'unit' covers 'department') */
export function scopeCovers(granted: DataScope, needed: DataScope): boolean {
  return DATA_SCOPES.indexOf(granted) >= DATA_SCOPES.indexOf(needed);
}

export interface RoleDefinition {
  name: string;
  permissions: readonly string[];
}

const STAFF_PERMISSIONS = [
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
  'govinfo.submit',
] as const;

/** 内置角色. Custom roles are defined with the Role decider (domain/org/role) and may not reuse these ids. */
export const BUILTIN_ROLES = {
  sysadmin: { name: '系统管理员', permissions: ['org.read', 'org.admin', 'system.config', 'workflow.define'] },
  secadmin: { name: '安全管理员', permissions: ['org.read', 'security.admin'] },
  auditor: { name: '安全审计员', permissions: ['org.read', 'audit.read'] },
  staff: { name: '工作人员', permissions: [...STAFF_PERMISSIONS] },
  leader: {
    name: '领导',
    permissions: [...STAFF_PERMISSIONS, 'document.sign', 'supervision.admin', 'report.read', 'hr.read'],
  },
  office_admin: {
    name: '办公室管理员',
    permissions: [
      'document.register',
      'document.admin',
      'meeting.admin',
      'asset.admin',
      'announcement.publish',
      'govinfo.review',
      'knowledge.admin',
      'workflow.admin',
    ],
  },
  finance: { name: '财务人员', permissions: ['expense.ledger', 'report.read'] },
  hr_admin: { name: '人事管理员', permissions: ['hr.read', 'hr.admin', 'attendance.admin', 'travel.admin'] },
} as const satisfies Record<string, RoleDefinition>;

export type BuiltinRoleId = keyof typeof BUILTIN_ROLES;

export function isBuiltinRole(x: unknown): x is BuiltinRoleId {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(BUILTIN_ROLES, x);
}

/** 三员分立: 系统管理员, 安全管理员, 安全审计员 — mutually exclusive. */
export const SEPARATED_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const;
export type SeparatedRole = (typeof SEPARATED_ROLES)[number];
export function isSeparatedRole(x: string): x is SeparatedRole {
  return (SEPARATED_ROLES as readonly string[]).includes(x);
}

/** Where the acting user sits (primary post), for data-scope checks. */
export interface ScopeActor {
  userId: string;
  unitId: string;
  departmentId: string;
  /** The actor's department and all departments below it (read model: departmentSubtreeIds). */
  departmentSubtree: readonly string[];
}

/** What a piece of data belongs to; absent fields are unknown and never match. */
export interface ScopeTarget {
  ownerId?: string | null;
  unitId?: string | null;
  departmentId?: string | null;
}

/**
 * 数据范围 check: may an actor whose grant has `scope` reach `target`?
 *   self: the actor owns it; department: same department (or own); department_tree: the actor's
 *   department or below (or own); unit: same unit (or own); all: anything.
 */
export function scopeAllows(scope: DataScope, actor: ScopeActor, target: ScopeTarget): boolean {
  const own = target.ownerId != null && target.ownerId === actor.userId;
  switch (scope) {
    case 'all':
      return true;
    case 'unit':
      return own || (target.unitId != null && target.unitId === actor.unitId);
    case 'department_tree':
      return own || (target.departmentId != null && actor.departmentSubtree.includes(target.departmentId));
    case 'department':
      return own || (target.departmentId != null && target.departmentId === actor.departmentId);
    case 'self':
      return own;
    default: {
      const exhaustive: never = scope;
      return exhaustive;
    }
  }
}
