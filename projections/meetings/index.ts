/** 会议 read side: the 'meetings' projection and its queries; its rows in the unified inbox. */
export * from './inbox-contribution';
export * from './projection';
export * from './queries';
