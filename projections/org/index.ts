/** Organisation read side: projections and their queries. */
export * from './projections';
export * from './queries';
export * from './pinyin';
