import { Routes } from '@angular/router';
import { ConsoleLayout, type ConsoleTab } from './console.layout';

const T = (s: string) => `${s} - 安全审计 - 政务协同办公平台`;
const TABS: ConsoleTab[] = [
  { path: '/audit/replay', label: '历史回放' },
  { path: '/audit/events', label: '事件检索' },
  { path: '/audit/seen', label: '某人所见' },
  { path: '/audit/verify', label: '完整性校验' },
  { path: '/audit/security', label: '安全事件' },
];

/** 安全审计 console (安全审计员 only: the lazy route's guard asks for audit.read). */
export const AUDIT_ROUTES: Routes = [
  {
    path: '',
    component: ConsoleLayout,
    data: { title: '安全审计', tabs: TABS },
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'replay' },
      { path: 'replay', title: T('历史回放'), loadComponent: () => import('./replay.page').then((c) => c.ReplayPage) },
      {
        path: 'events',
        title: T('事件检索'),
        data: { mode: 'events' },
        loadComponent: () => import('./events.page').then((c) => c.EventsPage),
      },
      { path: 'seen', title: T('某人所见'), loadComponent: () => import('./seen.page').then((c) => c.SeenPage) },
      { path: 'verify', title: T('完整性校验'), loadComponent: () => import('./verify.page').then((c) => c.VerifyPage) },
      {
        path: 'security',
        title: T('安全事件'),
        data: { mode: 'security' },
        loadComponent: () => import('./events.page').then((c) => c.EventsPage),
      },
    ],
  },
];
