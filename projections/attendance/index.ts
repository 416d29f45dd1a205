/** 考勤 read side: the 'attendance' projection and its queries. */
export * from './projection';
export * from './queries';
