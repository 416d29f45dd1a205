import { inject } from '@angular/core';
import { CanActivateFn, Router, Routes } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { SettingsLayout } from './settings.layout';

/** 三员 accounts (no workflow.use) have neither 常用意见 nor 外出授权: their settings open on 修改密码. */
const handlesFlows: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router); // before the await: inject() needs the injection context
  await auth.loadMe();
  return auth.can(['workflow.use']) || router.createUrlTree(['/settings/password']);
};

export const SETTINGS_ROUTES: Routes = [
  {
    path: '',
    component: SettingsLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'opinions' },
      {
        path: 'opinions',
        title: '常用意见 - 政务协同办公平台',
        canActivate: [handlesFlows],
        loadComponent: () => import('./opinions.page').then((c) => c.OpinionsPage),
      },
      {
        path: 'delegation',
        title: '外出授权 - 政务协同办公平台',
        canActivate: [handlesFlows],
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
