export { abroadProjection, ABROAD_TABLES } from './projection';
export * from './queries';
export { abroadInboxContribution } from './inbox-contribution';
