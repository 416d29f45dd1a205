import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';
import { ExpensesLayout } from './expenses.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 费用管理 (lazy): 费用台账, 新建报销 (差旅费 from an approved trip), 报销单, 预算与统计. */
export const EXPENSE_ROUTES: Routes = [
  {
    path: '',
    component: ExpensesLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'ledger' },
      { path: 'ledger', title: T('费用台账'), loadComponent: () => import('./ledger.page').then((c) => c.LedgerPage) },
      {
        path: 'new',
        title: T('新建报销'),
        canActivate: [permissionGuard],
        data: { anyOf: ['expense.use'] },
        loadComponent: () => import('./claim-form.page').then((c) => c.ClaimFormPage),
      },
      { path: 'claims/:id/edit', title: T('修改报销单'), loadComponent: () => import('./claim-form.page').then((c) => c.ClaimFormPage) },
      { path: 'claims/:id', title: T('报销单'), loadComponent: () => import('./claim.page').then((c) => c.ClaimPage) },
      {
        path: 'stats',
        title: T('预算与统计'),
        canActivate: [permissionGuard],
        data: { anyOf: ['expense.ledger', 'report.read'] },
        loadComponent: () => import('./stats.page').then((c) => c.StatsPage),
      },
    ],
  },
];
