import { Routes } from '@angular/router';
import { SettingsLayout } from './settings.layout';

export const SETTINGS_ROUTES: Routes = [
  {
    path: '',
    component: SettingsLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'opinions' },
      {
        path: 'opinions',
        title: '常用意见 - 政务协同办公平台',
        loadComponent: () => import('./opinions.page').then((c) => c.OpinionsPage),
      },
      {
        path: 'delegation',
        title: '外出授权 - 政务协同办公平台',
        loadComponent: () => import('./delegation.page').then((c) => c.DelegationPage),
      },
      {
        path: 'password',
        title: '修改密码 - 政务协同办公平台',
        loadComponent: () => import('./password.page').then((c) => c.PasswordPage),
      },
    ],
  },
];
