import { v7 as uuidv7 } from 'uuid';
import type { EventStore } from '../../domain/eventstore/port';

/** Metadata of a business event: who, which request, when it happened (UTC ISO-8601). */
export const meta = (actorId = 'u-zhangsan', occurredAt = '2026-01-05T08:00:00.000Z') => ({
  actorId,
  correlationId: uuidv7(),
  occurredAt,
});

/** The clock the audit tests record with, unless a test moves it. */
export const SEED_TIME = new Date('2026-01-05T08:00:00.000Z');

/**
 * Three streams interleaved, positions 1..9:
 *   1 leave-1@0  2 leave-2@0  3 leave-1@1  4 asset-9@0  5 leave-2@1  6 leave-2@2  7 leave-1@2  8 asset-9@1  9 leave-1@3
 * (请假单 leave-1 with 4 events, leave-2 with 3, 固定资产 asset-9 with 2).
 */
export async function seed(store: EventStore): Promise<void> {
  await store.append('leave-1', [{ type: 'LeaveRequested', data: { days: 2 }, metadata: meta() }], { expectedRevision: 'no_stream' });
  await store.append('leave-2', [{ type: 'LeaveRequested', data: { days: 5 }, metadata: meta() }]);
  await store.append('leave-1', [{ type: 'LeaveApproved', data: { by: '李局长' }, metadata: meta('u-li') }]);
  await store.append('asset-9', [{ type: 'AssetRegistered', data: { valueFen: 599900 }, metadata: meta() }]);
  await store.append('leave-2', [
    { type: 'LeaveApproved', data: { by: '王主任' }, metadata: meta('u-wang') },
    { type: 'LeaveTaken', data: {}, metadata: meta() },
  ]);
  await store.append('leave-1', [{ type: 'LeaveTaken', data: {}, metadata: meta() }]);
  await store.append('asset-9', [{ type: 'AssetTransferred', data: { to: '区财政局' }, metadata: meta() }]);
  await store.append('leave-1', [{ type: 'LeaveClosed', data: {}, metadata: meta() }]);
}
