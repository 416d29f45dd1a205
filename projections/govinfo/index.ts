/** 信息报送 read side: the 'govinfo' projection and its queries. */
export * from './projection';
export * from './queries';
