import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';
import { ContactsLayout } from './contacts.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 通讯录 (lazy): 单位通讯录, 个人通讯录, 我的信息, 手机号码可见范围 (security admin). */
export const CONTACT_ROUTES: Routes = [
  {
    path: '',
    component: ContactsLayout,
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: T('通讯录'),
        loadComponent: () => import('./directory.page').then((c) => c.ContactDirectoryPage),
      },
      { path: 'personal', title: T('个人通讯录'), loadComponent: () => import('./personal.page').then((c) => c.PersonalContactsPage) },
      { path: 'me', title: T('我的通讯录信息'), loadComponent: () => import('./my-card.page').then((c) => c.MyCardPage) },
      {
        path: 'policy',
        title: T('手机号码可见范围'),
        canActivate: [permissionGuard],
        data: { anyOf: ['security.admin'] },
        loadComponent: () => import('./policy.page').then((c) => c.MobilePolicyPage),
      },
    ],
  },
];
