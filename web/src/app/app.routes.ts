import { Routes } from '@angular/router';
import { authGuard, guestGuard, permissionGuard } from './core/guards';

/**
 * Every module with pages has a lazy route here and its path in core/modules.ts MODULE_PAGES; the menu
 * shows a module when the server lists it for the user (GET /api/modules) and it has pages.
 */
export const routes: Routes = [
  {
    path: 'login',
    title: '登录 - 政务协同办公平台',
    canMatch: [guestGuard],
    loadComponent: () => import('./pages/login/login.page').then((c) => c.LoginPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./layout/shell.component').then((c) => c.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'home' },
      {
        path: 'home',
        title: '个人工作台 - 政务协同办公平台',
        loadComponent: () => import('./pages/workbench/workbench.page').then((c) => c.WorkbenchPage),
      },
      {
        path: 'inbox',
        title: '待办事项 - 政务协同办公平台',
        loadComponent: () => import('./pages/inbox/inbox.page').then((c) => c.InboxPage),
      },
      {
        path: 'processes',
        canActivate: [permissionGuard],
        data: { anyOf: ['workflow.use'] },
        loadChildren: () => import('./pages/process/process.routes').then((r) => r.PROCESS_ROUTES),
      },
      {
        path: 'cockpit',
        title: '领导驾驶舱 - 政务协同办公平台',
        canActivate: [permissionGuard],
        data: { anyOf: ['report.read'] },
        loadComponent: () => import('./pages/dashboard/dashboard.page').then((c) => c.DashboardPage),
      },
      {
        path: 'settings',
        title: '个人设置 - 政务协同办公平台',
        loadChildren: () => import('./pages/settings/settings.routes').then((r) => r.SETTINGS_ROUTES),
      },
      {
        path: 'documents',
        title: '公文 - 政务协同办公平台',
        canActivate: [permissionGuard],
        data: { anyOf: ['document.read', 'document.draft', 'document.register'] },
        loadChildren: () => import('./pages/documents/documents.routes').then((r) => r.DOCUMENT_ROUTES),
      },
      {
        path: 'forbidden',
        title: '无权访问 - 政务协同办公平台',
        loadComponent: () => import('./pages/status/forbidden.page').then((c) => c.ForbiddenPage),
      },
      {
        path: '**',
        title: '页面不存在 - 政务协同办公平台',
        loadComponent: () => import('./pages/status/not-found.page').then((c) => c.NotFoundPage),
      },
    ],
  },
];
