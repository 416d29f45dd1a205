import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 督办管理 (lazy): 督办看板 (红黄灯, 台账导出), 立项, 督办事项 (both sides' view). */
export const SUPERVISION_ROUTES: Routes = [
  { path: '', pathMatch: 'full', title: T('督办看板'), loadComponent: () => import('./board.page').then((c) => c.SupervisionBoardPage) },
  {
    path: 'new',
    title: T('督办立项'),
    canActivate: [permissionGuard],
    data: { anyOf: ['supervision.admin'] },
    loadComponent: () => import('./propose.page').then((c) => c.SupervisionProposePage),
  },
  { path: 'items/:id', title: T('督办事项'), loadComponent: () => import('./item.page').then((c) => c.SupervisionItemPage) },
];
