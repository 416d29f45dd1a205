/** 公文 read side: the 'documents' projection and its queries. */
export * from './projection';
export * from './queries';
