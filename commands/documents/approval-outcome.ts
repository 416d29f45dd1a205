import type { RecordOutgoingApprovalOutcome } from '../../domain/documents/outgoing-approval.reactor';
import { outgoingDecider } from '../../domain/documents/outgoing.decide';
import { outgoingStreamId } from '../../domain/documents/outgoing.events';
import type { CommandHandler } from '../pipeline/handler';
import type { DocumentOrg } from './org-lookup';

/**
 * Executes the 发文审批 → 发文 reactor's command (domain/documents/outgoing-approval.reactor.ts):
 * RecordApprovalOutcome on the document, as `system`, with the reaction's idempotency key, causation
 * (the process's end event) and correlation. The signer's name is looked up here (the reactor is pure).
 * The decider ignores an outcome the document already has; another round's process is refused
 * (document.process_mismatch), which ends the reaction.
 */
export async function recordOutgoingApprovalOutcome(
  handler: CommandHandler,
  org: DocumentOrg,
  cmd: RecordOutgoingApprovalOutcome,
  ctx: { commandId: string; correlationId: string; causationId: string | null; actorId: string },
): Promise<void> {
  const d = cmd.data;
  const actorName = d.outcome === 'signed' ? ((await org.user(d.actorId))?.name ?? d.actorId) : '';
  await handler.handle({
    streamId: outgoingStreamId(d.documentId),
    decider: outgoingDecider,
    command: {
      type: 'RecordApprovalOutcome',
      data: { processId: d.processId, outcome: d.outcome, actorId: d.actorId, actorName, opinion: d.opinion, at: d.at },
    },
    metadata: { actorId: ctx.actorId, correlationId: ctx.correlationId, causationId: ctx.causationId, occurredAt: d.at },
    commandId: ctx.commandId,
  });
}
