/** 信息报送 (govinfo) context: its public surface. */
export * from './report';
export * from './rules';
