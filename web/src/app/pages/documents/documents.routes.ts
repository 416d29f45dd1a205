import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/guards';
import { DocumentsLayout } from './documents.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 公文管理 (lazy): 发文, 拟稿, 收文 (待签收, 登记簿, 纸质登记), 待阅, 综合查询, 归档目录. */
export const DOCUMENT_ROUTES: Routes = [
  {
    path: '',
    component: DocumentsLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'outgoing' },
      {
        path: 'outgoing',
        title: T('发文'),
        data: { mode: 'outgoing' },
        loadComponent: () => import('./search.page').then((c) => c.SearchPage),
      },
      {
        path: 'outgoing/new',
        title: T('拟稿'),
        canActivate: [permissionGuard],
        data: { anyOf: ['document.draft'] },
        loadComponent: () => import('./draft.page').then((c) => c.DraftPage),
      },
      { path: 'outgoing/:id/edit', title: T('修改发文'), loadComponent: () => import('./draft.page').then((c) => c.DraftPage) },
      { path: 'outgoing/:id', title: T('发文'), loadComponent: () => import('./outgoing.page').then((c) => c.OutgoingPage) },
      {
        path: 'incoming',
        title: T('收文登记簿'),
        data: { mode: 'incoming' },
        loadComponent: () => import('./search.page').then((c) => c.SearchPage),
      },
      {
        path: 'incoming/pending',
        title: T('待签收'),
        canActivate: [permissionGuard],
        data: { anyOf: ['document.register'] },
        loadComponent: () => import('./pending.page').then((c) => c.PendingPage),
      },
      {
        path: 'incoming/paper',
        title: T('纸质来文登记'),
        canActivate: [permissionGuard],
        data: { anyOf: ['document.register'] },
        loadComponent: () => import('./paper.page').then((c) => c.PaperPage),
      },
      { path: 'incoming/:id', title: T('收文'), loadComponent: () => import('./incoming.page').then((c) => c.IncomingPage) },
      { path: 'circulation', title: T('我的待阅'), loadComponent: () => import('./circulation.page').then((c) => c.CirculationPage) },
      {
        path: 'search',
        title: T('综合查询'),
        data: { mode: 'search' },
        loadComponent: () => import('./search.page').then((c) => c.SearchPage),
      },
      {
        path: 'archive',
        title: T('归档目录'),
        canActivate: [permissionGuard],
        data: { anyOf: ['document.admin'] },
        loadComponent: () => import('./catalogue.page').then((c) => c.CataloguePage),
      },
    ],
  },
];
