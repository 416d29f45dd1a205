import { Routes } from '@angular/router';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 日程 (lazy): 我的日程 (日/周/月), 领导活动安排, 共享与秘书设置. */
export const SCHEDULE_ROUTES: Routes = [
  { path: '', title: T('日程'), loadComponent: () => import('./calendar.page').then((c) => c.CalendarPage) },
  { path: 'leaders', title: T('领导活动安排'), loadComponent: () => import('./leaders.page').then((c) => c.LeadersPage) },
  { path: 'settings', title: T('日程设置'), loadComponent: () => import('./settings.page').then((c) => c.ScheduleSettingsPage) },
];
