import { Routes } from '@angular/router';
import { authGuard, guestGuard, permissionGuard } from './core/guards';
import { MODULE_ROUTES } from './module-routes';

/** The portal: login, then the shell with the modules' lazy routes (module-routes.ts) and the pages every user has. */
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
      ...MODULE_ROUTES,
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
        path: 'settings',
        title: '个人设置 - 政务协同办公平台',
        loadChildren: () => import('./pages/settings/settings.routes').then((r) => r.SETTINGS_ROUTES),
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
