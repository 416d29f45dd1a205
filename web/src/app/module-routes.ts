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
