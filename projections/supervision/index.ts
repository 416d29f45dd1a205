/** 督办 read side: the 'supervision' projection and its queries; its rows in the unified inbox. */
export * from './inbox-contribution';
export * from './projection';
export * from './queries';
