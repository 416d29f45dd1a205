/**
 * 公文 bounded context (pure). Public API:
 *  - elements: 15 kinds, 密级/紧急程度, DocumentElements, checkElements, checkClearance, formatDocNumber …
 *  - outgoing (发文): outgoingDecider (stream outgoing-document-<id>), OutgoingEvent, OutgoingState
 *  - incoming (收文): incomingDecider (stream incoming-document-<id>), IncomingEvent, IncomingState
 *  - numbering: documentNumberRegister (doc-number-<code>-<year>), archiveItemRegister, incomingReceiptRegister
 *  - archive (DA/T 22): formatArchivalCode, RETENTIONS …
 *  - diff: lineDiff
 *  - flow: outgoingDocumentDefinition (the 发文 workflow definition)
 *  - recipients: who must act (会签/签发 at 送审, 签收, 承办), recorded in the events
 *  - ports: DocumentRenderer, SealService, ArchivePackager (implemented outside domain/)
 */
export * from './archive';
export * from './diff';
export * from './elements';
export * from './flow';
export * from './incoming.decide';
export * from './incoming.events';
export * from './numbering';
export * from './outgoing.decide';
export * from './outgoing.events';
export * from './recipients';
export type * from './ports';
