/**
 * 出国境 (travel abroad), pure domain. Public surface for other contexts:
 *  - flow: ABROAD_ENTRIES, ABROAD_DEFINITIONS, abroadDefinition, RETURN_DAYS, passportDueBack
 *  - applications: abroadApplicationDecider (stream abroad-application-<id>), AbroadApplicationEvent
 *  - 证照保管: passportDecider (stream abroad-passport-<id>), PassportEvent
 *  - abroadApprovers (who approves), abroadApprovalReactor, passportOverdueJob
 */
export * from './flow';
export * from './application.events';
export * from './application.decide';
export * from './passport.events';
export * from './passport.decide';
export * from './recipients';
export * from './abroad-approval.reactor';
export * from './passport-overdue.job';
