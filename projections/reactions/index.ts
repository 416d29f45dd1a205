/** Reactors and scheduled work on the platform (the pure parts are in domain/shared/reactor.ts and scheduled-job.ts). */
export { ReactionRuntime, type ReactorBinding, type ScheduledJobBinding, type ReactionRuntimeOptions } from './runtime';
export { reactorProjection, reactionCommandId, reactorTables } from './reactor-projection';
export { OutboxDispatcher } from './outbox';
export { scheduleProjection, Sweeper, jobCommandId, scheduleTable } from './schedule';
export { SYSTEM_ACTOR, type ReactionContext, type ReactionDispatch, type ReactionLogger, type OutboxStatus } from './types';
export { reactInline } from './inline';
