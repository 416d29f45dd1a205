/**
 * Test support only (imported by *.spec.ts and the reliability suite, never by the product): a signed
 * 发文 appended as the 发文 flow would leave it, ready for 登记编号.
 */
import type { EventStore } from '../../domain/eventstore/port';
import { outgoingStreamId } from '../../domain/documents/outgoing.events';
import { BODY, elements } from '../../domain/documents/testing';

export async function appendSignedDocument(store: EventStore, id: string, now: string): Promise<void> {
  const md = { actorId: 'staff', correlationId: 'seed', occurredAt: now };
  await store.append(
    outgoingStreamId(id),
    [
      {
        type: 'OutgoingDocumentDrafted',
        data: {
          documentId: id,
          unitId: 'czj',
          departmentId: 'czj-ysk',
          drafterId: 'staff',
          drafterName: '许文博',
          elements: elements(),
          body: BODY,
          version: 1,
          at: now,
        },
        metadata: md,
      },
      {
        type: 'OutgoingDocumentSubmitted',
        data: { documentId: id, processId: `p-${id}`, round: 1, submittedBy: 'staff', at: now },
        metadata: md,
      },
      {
        type: 'OutgoingDocumentSigned',
        data: {
          documentId: id,
          processId: `p-${id}`,
          signerId: 'director',
          signerName: '沈振华',
          opinion: '同意',
          signedAt: now,
          writtenDate: '2026-03-05',
          version: 1,
        },
        metadata: md,
      },
    ],
    { expectedRevision: 'no_stream' },
  );
}
