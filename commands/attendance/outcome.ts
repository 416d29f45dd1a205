import { v5 as uuidv5 } from 'uuid';
import type { RecordAttendanceOutcome } from '../../domain/attendance/application-outcome.reactor';
import { applicationDecider } from '../../domain/attendance/application.decide';
import { applicationStreamId, type LeaveRequested, type OvertimeRequested } from '../../domain/attendance/application.events';
import { balanceDecider, type BalanceCommand } from '../../domain/attendance/balance.decide';
import { balanceStreamId } from '../../domain/attendance/balance.events';
import type { CommandHandler } from '../pipeline/handler';

const NS = '8a3c4f61-0d7b-4c55-b0f2-6a1e9d2c7b40';
type Dist<T> = T extends unknown ? Omit<T, 'metadata'> : never;

/**
 * Executes the attendance reactor's command (domain/attendance/application-outcome.reactor.ts), as
 * `system` with the reaction's idempotency key: the outcome on the application (LeaveApproved,
 * TripApproved … or ApplicationClosed), then the balance — a leave's reservation taken or given back,
 * an overtime's 调休 hours earned. The balance step has its own key derived from the reaction's, so a
 * crash between the two appends is completed by the retry and never acts twice.
 */
export async function recordAttendanceOutcome(
  handler: CommandHandler,
  cmd: RecordAttendanceOutcome,
  ctx: { commandId: string; correlationId: string; causationId: string | null; actorId: string },
): Promise<void> {
  const d = cmd.data;
  const metadata = { actorId: ctx.actorId, correlationId: ctx.correlationId, causationId: ctx.causationId, occurredAt: d.at };
  const r = await handler.handle({
    streamId: applicationStreamId(d.applicationId),
    decider: applicationDecider,
    command: {
      type: 'RecordApplicationOutcome',
      data: { processId: d.processId, outcome: d.outcome, actorId: d.actorId, opinion: d.opinion, at: d.at },
    },
    metadata,
    commandId: ctx.commandId,
  });
  const s = r.state;
  let balance: Dist<BalanceCommand> | null = null;
  let personId = s.personId;
  let year = 0;
  if (s.kind === 'leave') {
    const q = s.requested as LeaveRequested['data'];
    year = Number(q.startDate.slice(0, 4));
    balance =
      d.outcome === 'approved'
        ? { type: 'TakeLeave', data: { personId, year, applicationId: d.applicationId } }
        : { type: 'ReleaseLeave', data: { personId, year, applicationId: d.applicationId, reason: d.outcome } };
  } else if (s.kind === 'overtime' && d.outcome === 'approved') {
    const q = s.requested as OvertimeRequested['data'];
    personId = q.personId;
    year = Number(q.date.slice(0, 4));
    balance = { type: 'EarnCompTime', data: { personId, year, applicationId: d.applicationId, hours: q.hours } };
  }
  if (!balance) return;
  await handler.handle({
    streamId: balanceStreamId(personId, year),
    decider: balanceDecider,
    command: balance,
    metadata,
    commandId: uuidv5(`${ctx.commandId}:balance`, NS),
  });
}
