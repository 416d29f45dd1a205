import { Routes } from '@angular/router';
import { permissionGuard } from './core/guards';

/**
 * The lazy route of every module that has pages in this web app — the one web-side line a new module
 * adds (MODULES.md). Its path is the `menu.path` of the module's manifest: the menu shows a module when
 * the server lists it for the user (GET /api/modules) and it has a route here.
 */
export const MODULE_ROUTES: Routes = [
  {
    path: 'home',
    title: '个人工作台 - 政务协同办公平台',
    loadComponent: () => import('./pages/workbench/workbench.page').then((c) => c.WorkbenchPage),
  },
  {
    path: 'documents',
    title: '公文 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['document.read', 'document.draft', 'document.register'] },
    loadChildren: () => import('./pages/documents/documents.routes').then((r) => r.DOCUMENT_ROUTES),
  },
  {
    path: 'attendance',
    title: '考勤 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['attendance.use', 'attendance.admin'] },
    loadChildren: () => import('./pages/attendance/attendance.routes').then((r) => r.ATTENDANCE_ROUTES),
  },
  {
    path: 'abroad',
    title: '出国境 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['travel.use', 'travel.admin'] },
    loadChildren: () => import('./pages/abroad/abroad.routes').then((r) => r.ABROAD_ROUTES),
  },
  {
    path: 'expenses',
    title: '费用 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['expense.use', 'expense.ledger'] },
    loadChildren: () => import('./pages/expenses/expenses.routes').then((r) => r.EXPENSE_ROUTES),
  },
  {
    path: 'assets',
    title: '资产 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['asset.use', 'asset.admin'] },
    loadChildren: () => import('./pages/assets/assets.routes').then((r) => r.ASSET_ROUTES),
  },
  {
    path: 'supervision',
    title: '督办 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['supervision.use', 'supervision.admin'] },
    loadChildren: () => import('./pages/supervision/supervision.routes').then((r) => r.SUPERVISION_ROUTES),
  },
  {
    path: 'announcements',
    title: '通知公告 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['announcement.read', 'announcement.publish'] },
    loadChildren: () => import('./pages/announcements/announcements.routes').then((r) => r.ANNOUNCEMENT_ROUTES),
  },
  {
    path: 'govinfo',
    title: '信息报送 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['govinfo.submit', 'govinfo.review'] },
    loadChildren: () => import('./pages/govinfo/govinfo.routes').then((r) => r.GOVINFO_ROUTES),
  },
  {
    path: 'contacts',
    title: '通讯录 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['org.read'] },
    loadChildren: () => import('./pages/contacts/contacts.routes').then((r) => r.CONTACT_ROUTES),
  },
  {
    path: 'meetings',
    title: '会议 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['meeting.use', 'meeting.admin'] },
    loadChildren: () => import('./pages/meetings/meetings.routes').then((r) => r.MEETING_ROUTES),
  },
  {
    path: 'schedule',
    title: '日程 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['schedule.use'] },
    loadChildren: () => import('./pages/schedule/schedule.routes').then((r) => r.SCHEDULE_ROUTES),
  },
  {
    path: 'cockpit',
    title: '领导驾驶舱 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['report.read'] },
    loadComponent: () => import('./pages/dashboard/dashboard.page').then((c) => c.DashboardPage),
  },
  {
    path: 'audit',
    title: '安全审计 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['audit.read'] },
    loadChildren: () => import('./pages/audit/audit.routes').then((r) => r.AUDIT_ROUTES),
  },
  {
    path: 'secadmin',
    title: '安全管理 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['security.admin'] },
    loadChildren: () => import('./pages/secadmin/secadmin.routes').then((r) => r.SECADMIN_ROUTES),
  },
  {
    path: 'sysadmin',
    title: '系统管理 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['system.config', 'org.admin'] },
    loadChildren: () => import('./pages/sysadmin/sysadmin.routes').then((r) => r.SYSADMIN_ROUTES),
  },
];
