import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';
import { AbroadLayout } from './abroad.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 出国境管理 (lazy): 出国（境）申请 (three entries), 申请详情, 证照台账 and 证照详情. */
export const ABROAD_ROUTES: Routes = [
  {
    path: '',
    component: AbroadLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'applications' },
      {
        path: 'applications',
        title: T('出国（境）申请'),
        loadComponent: () => import('./applications.page').then((c) => c.ApplicationsPage),
      },
      {
        path: 'applications/new',
        title: T('新建出国（境）申请'),
        canActivate: [permissionGuard],
        data: { anyOf: ['travel.use'] },
        loadComponent: () => import('./apply.page').then((c) => c.ApplyPage),
      },
      {
        path: 'applications/:id',
        title: T('出国（境）申请'),
        loadComponent: () => import('./application.page').then((c) => c.ApplicationPage),
      },
      { path: 'passports', title: T('证照台账'), loadComponent: () => import('./passports.page').then((c) => c.PassportsPage) },
      { path: 'passports/:id', title: T('证照'), loadComponent: () => import('./passport.page').then((c) => c.PassportPage) },
    ],
  },
];
