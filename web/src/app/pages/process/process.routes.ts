import { Routes } from '@angular/router';

export const PROCESS_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'new' },
  { path: 'new', title: '起草 - 政务协同办公平台', loadComponent: () => import('./start-list.page').then((c) => c.StartListPage) },
  { path: 'new/:key', title: '发起流程 - 政务协同办公平台', loadComponent: () => import('./start.page').then((c) => c.StartPage) },
  { path: ':id', title: '办理 - 政务协同办公平台', loadComponent: () => import('./process.page').then((c) => c.ProcessPage) },
];
