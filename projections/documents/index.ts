/** 公文 read side: the 'documents' projection and its queries; its rows in the unified inbox (documentInboxContributions). */
export * from './inbox-contribution';
export * from './projection';
export * from './queries';
