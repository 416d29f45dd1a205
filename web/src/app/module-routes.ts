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
    path: 'cockpit',
    title: '领导驾驶舱 - 政务协同办公平台',
    canActivate: [permissionGuard],
    data: { anyOf: ['report.read'] },
    loadComponent: () => import('./pages/dashboard/dashboard.page').then((c) => c.DashboardPage),
  },
];
