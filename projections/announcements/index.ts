/** 通知公告 read side: the 'announcements' projection and its queries; its rows in the unified inbox. */
export * from './inbox-contribution';
export * from './projection';
export * from './queries';
