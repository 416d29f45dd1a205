import { Routes } from '@angular/router';
import { AnnouncementsLayout } from './announcements.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 通知公告 (lazy): 我收到的, 发布管理, 起草, 详情 (审核 / 发布 / 回执 / 撤回), 修改. */
export const ANNOUNCEMENT_ROUTES: Routes = [
  {
    path: '',
    component: AnnouncementsLayout,
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: T('通知公告'),
        data: { mode: 'received' },
        loadComponent: () => import('./list.page').then((c) => c.AnnouncementListPage),
      },
      {
        path: 'manage',
        title: T('发布管理'),
        data: { mode: 'managed' },
        loadComponent: () => import('./list.page').then((c) => c.AnnouncementListPage),
      },
      { path: 'new', title: T('起草通知公告'), loadComponent: () => import('./edit.page').then((c) => c.AnnouncementEditPage) },
      { path: ':id/edit', title: T('修改通知公告'), loadComponent: () => import('./edit.page').then((c) => c.AnnouncementEditPage) },
      { path: ':id', title: T('通知公告'), loadComponent: () => import('./detail.page').then((c) => c.AnnouncementDetailPage) },
    ],
  },
];
