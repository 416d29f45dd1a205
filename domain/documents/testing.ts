/**
 * Test support only (imported by *.unit.spec.ts, never by the model): fixtures for 公文 specs.
 */
import type { DocumentElements } from './elements';
import type { ExchangedDocument } from './incoming.events';
import type { OutgoingEvent } from './outgoing.events';

export const T0 = '2026-03-02T01:00:00.000Z';
export const md = (actorId: string, now = T0, onBehalfOf: string | null = null) => ({ now, actorId, onBehalfOf, unitId: null });

export function elements(over: Partial<DocumentElements> = {}): DocumentElements {
  return {
    kind: '通知',
    title: '关于做好2026年部门预算编制工作的通知',
    classification: '内部',
    secrecyPeriod: null,
    urgency: '平件',
    issuers: [{ unitId: 'czj', name: '区财政局' }],
    numberCode: '区财预',
    mainRecipients: ['区属各单位'],
    copyTo: ['区政府办公室'],
    attachments: [],
    signatureNames: ['区财政局'],
    note: null,
    printingOrgan: '区财政局办公室',
    ...over,
  };
}

export const BODY = '一、编制原则\n坚持量入为出。\n二、时间安排\n3月底前报送。';

/** The events of a document drafted by `staff`, reviewed and signed by `director`. */
export function signedHistory(id = 'd1'): OutgoingEvent[] {
  return [
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
        at: T0,
      },
    },
    { type: 'OutgoingDocumentSubmitted', data: { documentId: id, processId: 'p1', round: 1, submittedBy: 'staff', at: T0 } },
    {
      type: 'OutgoingDocumentSigned',
      data: {
        documentId: id,
        processId: 'p1',
        signerId: 'director',
        signerName: '沈振华',
        opinion: '同意',
        signedAt: '2026-03-03T02:00:00.000Z',
        writtenDate: '2026-03-03',
        version: 1,
      },
    },
  ];
}

export function numbered(id = 'd1', n = 7): OutgoingEvent[] {
  return [
    ...signedHistory(id),
    {
      type: 'OutgoingDocumentNumbered',
      data: { documentId: id, code: '区财预', year: 2026, number: n, docNumber: `区财预〔2026〕${n}号`, registeredBy: 'yang-fan', at: T0 },
    },
  ];
}

export function exchanged(over: Partial<ExchangedDocument> = {}): ExchangedDocument {
  return {
    kind: '通知',
    title: '关于做好2026年部门预算编制工作的通知',
    docNumber: '区财预〔2026〕7号',
    issuers: [{ unitId: 'czj', name: '区财政局' }],
    classification: '内部',
    secrecyPeriod: null,
    urgency: '加急',
    mainRecipients: ['区属各单位'],
    copyTo: [],
    body: BODY,
    attachments: [],
    signerName: '沈振华',
    writtenDate: '2026-03-03',
    printingOrgan: '区财政局办公室',
    printedDate: '2026-03-04',
    pdf: null,
    ...over,
  };
}
