import { Routes } from '@angular/router';
import { MeetingsLayout } from './meetings.layout';

const T = (s: string) => `${s} - 政务协同办公平台`;

/** 会议 (lazy): 综合安排 (会议室 × 日/周), 我的会议, 发起会议, 会议详情 (回执/催报/材料/签到), 我的预约, 会议室管理. */
export const MEETING_ROUTES: Routes = [
  {
    path: '',
    component: MeetingsLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'rooms' },
      { path: 'rooms', title: T('综合安排'), loadComponent: () => import('./grid.page').then((c) => c.GridPage) },
      { path: 'list', title: T('我的会议'), loadComponent: () => import('./list.page').then((c) => c.MeetingListPage) },
      { path: 'new', title: T('发起会议'), loadComponent: () => import('./new.page').then((c) => c.NewMeetingPage) },
      { path: 'bookings', title: T('我的预约'), loadComponent: () => import('./bookings.page').then((c) => c.BookingsPage) },
      { path: 'manage', title: T('会议室管理'), loadComponent: () => import('./manage.page').then((c) => c.ManageRoomsPage) },
      { path: ':id/check-in', title: T('签到'), loadComponent: () => import('./check-in.page').then((c) => c.CheckInPage) },
      { path: ':id', title: T('会议'), loadComponent: () => import('./meeting.page').then((c) => c.MeetingPage) },
    ],
  },
];
