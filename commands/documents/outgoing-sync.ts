import { v7 as uuidv7 } from 'uuid';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { OUTGOING_NODES } from '../../domain/documents/flow';
import { outgoingDecider } from '../../domain/documents/outgoing.decide';
import { outgoingStreamId, type OutgoingState } from '../../domain/documents/outgoing.events';
import { processInstanceDecider } from '../../domain/workflow/instance.decide';
import { instanceStreamId, type InstanceEvent } from '../../domain/workflow/instance.events';
import type { DocumentContext, DocumentKit } from './document-kit';

const SYSTEM = 'system';

/**
 * The one place where the outcome of a 发文 approval process (签发, or its end without one) is copied
 * into the document (RecordApprovalOutcome). Called today before every document command
 * (DocumentKit.current) and exposed as DocumentCommands.syncOutgoing (the GET of a document, the demo
 * seed); meant to become a reactor on ProcessCompleted/Rejected/Terminated/Cancelled (issue 12).
 * Idempotent: a document no longer 审核中 is returned as it is. Returns the state after.
 */
export async function syncOutgoing(kit: DocumentKit, id: string, ctx?: DocumentContext): Promise<OutgoingState> {
  const s = await kit.loadOutgoing(id);
  if (s.status !== 'in_review' || !s.processId) return s;
  const loaded = await kit.handler.load(instanceStreamId(s.processId), processInstanceDecider);
  const p = loaded.state;
  const events = loaded.events as unknown as (RecordedEvent & InstanceEvent)[];
  let result: { outcome: 'signed' | 'rejected' | 'terminated' | 'cancelled'; actorId: string; opinion: string; at: string } | null = null;
  if (p.status === 'completed') {
    const signed = [...events].reverse().find((e) => e.type === 'TaskApproved' && e.data.nodeId === OUTGOING_NODES.sign);
    if (!signed || signed.type !== 'TaskApproved') return s;
    result = {
      outcome: 'signed',
      actorId: signed.data.onBehalfOf ?? signed.data.actorId,
      opinion: signed.data.opinion,
      at: signed.data.at,
    };
  } else if (p.status === 'rejected' || p.status === 'terminated' || p.status === 'cancelled') {
    const end = [...events]
      .reverse()
      .find((e) => e.type === 'ProcessRejected' || e.type === 'ProcessTerminated' || e.type === 'ProcessCancelled');
    const d = (end?.data ?? {}) as { actorId?: string; opinion?: string; reason?: string; at?: string };
    result = {
      outcome: p.status,
      actorId: d.actorId ?? SYSTEM,
      opinion: d.opinion ?? d.reason ?? '',
      at: d.at ?? p.endedAt ?? kit.now(),
    };
  }
  if (!result) return s;
  const name = result.outcome === 'signed' ? ((await kit.org.user(result.actorId))?.name ?? result.actorId) : '';
  const c: DocumentContext = ctx ?? { actorId: SYSTEM, actorName: '系统', unitId: s.unitId, departmentId: null, correlationId: uuidv7() };
  const r = await kit.handler.handle({
    streamId: outgoingStreamId(id),
    decider: outgoingDecider,
    command: {
      type: 'RecordApprovalOutcome',
      data: {
        processId: s.processId,
        outcome: result.outcome,
        actorId: result.actorId,
        actorName: name,
        opinion: result.opinion,
        at: result.at,
      },
    },
    metadata: { ...kit.meta(c, result.at), causationId: ctx?.commandId ?? null },
    commandId: null,
  });
  return r.state;
}
