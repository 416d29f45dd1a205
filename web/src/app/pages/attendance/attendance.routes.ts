import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';
import { AttendanceLayout } from './attendance.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 考勤 (lazy): 申请 (请休假 / 出差 / 加班 / 补签), 我的考勤 (余额与记录), 考勤监控 (attendance.admin). */
export const ATTENDANCE_ROUTES: Routes = [
  {
    path: '',
    component: AttendanceLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'mine' },
      { path: 'apply', title: T('考勤申请'), loadComponent: () => import('./apply.page').then((c) => c.ApplyPage) },
      { path: 'mine', title: T('我的考勤'), loadComponent: () => import('./mine.page').then((c) => c.MinePage) },
      {
        path: 'monitor',
        title: T('考勤监控'),
        canActivate: [permissionGuard],
        data: { anyOf: ['attendance.admin'] },
        loadComponent: () => import('./monitor.page').then((c) => c.MonitorPage),
      },
      {
        path: 'statement',
        title: T('考勤月报'),
        canActivate: [permissionGuard],
        data: { anyOf: ['attendance.admin'] },
        loadComponent: () => import('./statement.page').then((c) => c.StatementPage),
      },
    ],
  },
];
