/** 通知公告 (announcements) context: its public surface (other contexts import only this). */
export * from './announcement.events';
export * from './announcement.decide';
export * from './announcement-approval.reactor';
export * from './flow';
export * from './receipt';
export * from './recipients';
