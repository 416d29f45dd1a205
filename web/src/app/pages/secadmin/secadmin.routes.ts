import { Routes } from '@angular/router';
import { ConsoleLayout, type ConsoleTab } from '../audit/console.layout';

const T = (s: string) => `${s} - 安全管理 - 政务协同办公平台`;
const TABS: ConsoleTab[] = [
  { path: '/secadmin/accounts', label: '账户与授权' },
  { path: '/secadmin/policy', label: '安全策略' },
  { path: '/secadmin/sessions', label: '在线会话' },
];

/** 安全管理 console (安全管理员 only: the lazy route's guard asks for security.admin). */
export const SECADMIN_ROUTES: Routes = [
  {
    path: '',
    component: ConsoleLayout,
    data: { title: '安全管理', tabs: TABS },
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'accounts' },
      { path: 'accounts', title: T('账户与授权'), loadComponent: () => import('./accounts.page').then((c) => c.AccountsPage) },
      { path: 'policy', title: T('安全策略'), loadComponent: () => import('./policy.page').then((c) => c.PolicyPage) },
      { path: 'sessions', title: T('在线会话'), loadComponent: () => import('./sessions.page').then((c) => c.SessionsPage) },
    ],
  },
];
