import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';
import { AssetsLayout } from './assets.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 固定资产 (lazy): 资产台账 (查询、录入、导入、导出、标签), 资产卡片, 盘点 (手机清点), 转移记录, 统计报表. */
export const ASSET_ROUTES: Routes = [
  {
    path: '',
    component: AssetsLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'list' },
      { path: 'list', title: T('资产台账'), loadComponent: () => import('./list.page').then((c) => c.AssetListPage) },
      { path: 'stocktakes', title: T('盘点'), loadComponent: () => import('./stocktakes.page').then((c) => c.StockTakesPage) },
      { path: 'stocktakes/:id', title: T('盘点清点'), loadComponent: () => import('./stocktake.page').then((c) => c.StockTakePage) },
      { path: 'purchases', title: T('采购申请'), loadComponent: () => import('./purchases.page').then((c) => c.PurchasesPage) },
      { path: 'purchases/:id', title: T('采购申请'), loadComponent: () => import('./purchases.page').then((c) => c.PurchasePage) },
      { path: 'transfers', title: T('转移记录'), loadComponent: () => import('./transfers.page').then((c) => c.TransfersPage) },
      {
        path: 'reports',
        title: T('资产统计'),
        canActivate: [permissionGuard],
        data: { anyOf: ['asset.admin'] },
        loadComponent: () => import('./reports.page').then((c) => c.AssetReportsPage),
      },
      { path: ':id', title: T('资产卡片'), loadComponent: () => import('./asset.page').then((c) => c.AssetPage) },
    ],
  },
];
