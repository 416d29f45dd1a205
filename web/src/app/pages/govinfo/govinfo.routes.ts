import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';
import { GovInfoLayout } from './govinfo.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 信息报送 (lazy): 本单位报送, 审核, 约稿, 积分排名, 详情. */
export const GOVINFO_ROUTES: Routes = [
  {
    path: '',
    component: GovInfoLayout,
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: T('信息报送'),
        data: { box: 'mine' },
        loadComponent: () => import('./reports.page').then((c) => c.GovInfoReportsPage),
      },
      {
        path: 'review',
        title: T('信息审核'),
        canActivate: [permissionGuard],
        data: { box: 'review', anyOf: ['govinfo.review'] },
        loadComponent: () => import('./reports.page').then((c) => c.GovInfoReportsPage),
      },
      { path: 'calls', title: T('约稿'), loadComponent: () => import('./calls.page').then((c) => c.GovInfoCallsPage) },
      { path: 'ranking', title: T('积分排名'), loadComponent: () => import('./ranking.page').then((c) => c.GovInfoRankingPage) },
      { path: ':id', title: T('政务信息'), loadComponent: () => import('./report.page').then((c) => c.GovInfoReportPage) },
    ],
  },
];
