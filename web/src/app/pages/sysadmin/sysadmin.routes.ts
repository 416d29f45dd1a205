import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';
import { ConsoleLayout, type ConsoleTab } from '../audit/console.layout';

const T = (s: string) => `${s} - 系统管理 - 政务协同办公平台`;
const TABS: ConsoleTab[] = [
  { path: '/sysadmin/org', label: '组织机构' },
  { path: '/sysadmin/designer', label: '流程设计' },
  { path: '/sysadmin/holidays', label: '节假日' },
  { path: '/sysadmin/projections', label: '投影与读模型' },
];

/** 系统管理 console (系统管理员: org.admin / system.config). */
export const SYSADMIN_ROUTES: Routes = [
  {
    path: '',
    component: ConsoleLayout,
    data: { title: '系统管理', tabs: TABS },
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'org' },
      {
        path: 'org',
        title: T('组织机构'),
        canActivate: [permissionGuard],
        data: { anyOf: ['org.admin'] },
        loadComponent: () => import('./org.page').then((c) => c.OrgPage),
      },
      {
        path: 'designer',
        title: T('流程设计'),
        canActivate: [permissionGuard],
        data: { anyOf: ['workflow.define'] },
        loadComponent: () => import('./designer.page').then((c) => c.DesignerPage),
      },
      {
        path: 'holidays',
        title: T('节假日'),
        canActivate: [permissionGuard],
        data: { anyOf: ['system.config'] },
        loadComponent: () => import('./holidays.page').then((c) => c.HolidaysPage),
      },
      {
        path: 'projections',
        title: T('投影与读模型'),
        canActivate: [permissionGuard],
        data: { anyOf: ['system.config'] },
        loadComponent: () => import('./projections.page').then((c) => c.ProjectionsPage),
      },
    ],
  },
];
