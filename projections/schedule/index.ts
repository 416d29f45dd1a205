/** 日程 read side: the 'schedule' projection and its queries. */
export * from './projection';
export * from './queries';
