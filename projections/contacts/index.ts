/** 通讯录 read side: the 'contacts' projection and its queries. */
export * from './projection';
export * from './queries';
export * from './search-index';
