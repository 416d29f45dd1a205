import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { IncomingEvent } from '../../domain/documents/incoming.events';
import type { OutgoingEvent } from '../../domain/documents/outgoing.events';
import type { SqlClient } from '../engine/types';
import { FACT_DOCUMENT, toWarehouseTime, type FactBatch } from './facts';
import type { FactMapper } from './sink';

/**
 * 公文 facts: one row per stage a document reaches — 发文: drafted, signed, registered (编号),
 * sealed, distributed, archived; 收文: received, signed_for, returned, registered (登记), completed,
 * archived. The document's kind, unit, 密级 and 紧急程度 are remembered from its first event.
 * Unit names come from the head-count mapper's wh_org_names (register that mapper too).
 */
const TYPES = [
  'OutgoingDocumentDrafted',
  'OutgoingDocumentEdited',
  'OutgoingDocumentSigned',
  'OutgoingDocumentNumbered',
  'DocumentSealed',
  'OutgoingDocumentDistributed',
  'DocumentArchived',
  'IncomingDocumentReceived',
  'IncomingPaperDocumentRegistered',
  'IncomingDocumentSignedFor',
  'IncomingDocumentReturned',
  'IncomingDocumentRegistered',
  'IncomingDocumentCompleted',
] as const;

interface DocRow {
  document_id: string;
  direction: string;
  doc_kind: string;
  unit_id: string;
  secrecy: string;
  urgency: string;
}

export const documentFacts: FactMapper = {
  name: 'documents',
  eventTypes: TYPES,
  async setup(db: SqlClient) {
    await db.run('CREATE TABLE IF NOT EXISTS wh_org_names (id TEXT PRIMARY KEY, name TEXT NOT NULL)');
    await db.run(
      'CREATE TABLE IF NOT EXISTS wh_documents (document_id TEXT PRIMARY KEY, direction TEXT NOT NULL, doc_kind TEXT NOT NULL, ' +
        'unit_id TEXT NOT NULL, secrecy TEXT NOT NULL, urgency TEXT NOT NULL)',
    );
  },
  async reset(db: SqlClient) {
    await db.run('DELETE FROM wh_org_names');
    await db.run('DELETE FROM wh_documents');
  },
  async map(recorded: RecordedEvent, db: SqlClient): Promise<FactBatch[]> {
    const e = recorded as unknown as OutgoingEvent | IncomingEvent;
    const remember = (d: DocRow) =>
      db.run(
        'INSERT INTO wh_documents (document_id, direction, doc_kind, unit_id, secrecy, urgency) VALUES (?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (document_id) DO UPDATE SET doc_kind = excluded.doc_kind, secrecy = excluded.secrecy, urgency = excluded.urgency',
        [d.document_id, d.direction, d.doc_kind, d.unit_id, d.secrecy, d.urgency],
      );
    const fact = async (documentId: string, stage: string, at: string): Promise<FactBatch[]> => {
      const d = await db.get<DocRow>('SELECT * FROM wh_documents WHERE document_id = ?', [documentId]);
      if (!d) return [];
      const unitName = (await db.get<{ name: string }>('SELECT name FROM wh_org_names WHERE id = ?', [d.unit_id]))?.name ?? d.unit_id;
      return [
        {
          table: FACT_DOCUMENT,
          rows: [
            {
              event_id: recorded.id,
              document_id: documentId,
              direction: d.direction,
              doc_kind: d.doc_kind,
              unit_id: d.unit_id,
              unit_name: unitName,
              secrecy: d.secrecy,
              urgency: d.urgency,
              stage,
              occurred_at: toWarehouseTime(at),
            },
          ],
        },
      ];
    };
    switch (e.type) {
      case 'OutgoingDocumentDrafted': {
        const el = e.data.elements;
        await remember({
          document_id: e.data.documentId,
          direction: 'outgoing',
          doc_kind: el.kind,
          unit_id: e.data.unitId,
          secrecy: el.classification,
          urgency: el.urgency,
        });
        return fact(e.data.documentId, 'drafted', e.data.at);
      }
      case 'OutgoingDocumentEdited': {
        const c = e.data.changes;
        if (c.kind || c.classification || c.urgency) {
          const d = await db.get<DocRow>('SELECT * FROM wh_documents WHERE document_id = ?', [e.data.documentId]);
          if (d)
            await remember({
              ...d,
              doc_kind: c.kind ?? d.doc_kind,
              secrecy: c.classification ?? d.secrecy,
              urgency: c.urgency ?? d.urgency,
            });
        }
        return [];
      }
      case 'OutgoingDocumentSigned':
        return fact(e.data.documentId, 'signed', e.data.signedAt);
      case 'OutgoingDocumentNumbered':
        return fact(e.data.documentId, 'registered', e.data.at);
      case 'DocumentSealed':
        return fact(e.data.documentId, 'sealed', e.data.at);
      case 'OutgoingDocumentDistributed':
        return fact(e.data.documentId, 'distributed', e.data.at);
      case 'DocumentArchived':
        return fact(e.data.documentId, 'archived', e.data.at);
      case 'IncomingDocumentReceived': {
        const doc = e.data.document;
        await remember({
          document_id: e.data.incomingId,
          direction: 'incoming',
          doc_kind: doc.kind,
          unit_id: e.data.unitId,
          secrecy: doc.classification,
          urgency: doc.urgency,
        });
        return fact(e.data.incomingId, 'received', e.data.at);
      }
      case 'IncomingPaperDocumentRegistered': {
        const en = e.data.entry;
        await remember({
          document_id: e.data.incomingId,
          direction: 'incoming',
          doc_kind: en.kind ?? '其他',
          unit_id: e.data.unitId,
          secrecy: en.classification,
          urgency: en.urgency,
        });
        return fact(e.data.incomingId, 'registered', e.data.receivedAt);
      }
      case 'IncomingDocumentSignedFor':
        return fact(e.data.incomingId, 'signed_for', e.data.at);
      case 'IncomingDocumentReturned':
        return fact(e.data.incomingId, 'returned', e.data.at);
      case 'IncomingDocumentRegistered':
        return fact(e.data.incomingId, 'registered', e.data.at);
      case 'IncomingDocumentCompleted':
        return fact(e.data.incomingId, 'completed', e.data.at);
      default:
        return [];
    }
  },
};
