/**
 * 统一待办 read side: the inbox (待办/待阅/已办/我的流程 + counts), the 办文日志 and the message center,
 * as projections for the engine, and their queries.
 */
import type { Projection } from '../engine/types';
import type { InboxContribution } from './contribution';
import { processHistoryProjection } from './history.projection';
import { inboxProjection } from './inbox.projection';
import { notificationsProjection } from './notifications.projection';

export type * from './contribution';
export * from './history.projection';
export * from './inbox.projection';
export * from './notifications.projection';
export * from './queries';

/** Every workflow read model, for registration with the ProjectionEngine; `contributions`: the modules' 待办/待阅 rows. */
export function inboxProjections(contributions: readonly InboxContribution[] = []): Projection[] {
  return [inboxProjection(contributions), processHistoryProjection, notificationsProjection];
}
