/**
 * Where an inbox row opens. Workflow tasks open the process page (/processes/:id?task=…); 公文 open
 * the document page instead:
 *  - 收文 (definitionKey 'incoming-document': 待签收, 领导批示, 承办, 传阅) → /documents/incoming/:id
 *    (the row's instance id is the incoming document's id);
 *  - 发文 approval tasks and processes (definitionKey 'outgoing-document') → /documents/outgoing/:id when
 *    the API gives that link (the read model's `link`); otherwise the row keeps the process page link and
 *    `outgoingDocumentOf` finds the document from the process's subject when the row is opened.
 */
export const INCOMING_DEFINITION_KEY = 'incoming-document';
export const OUTGOING_DEFINITION_KEY = 'outgoing-document';

export interface RowLink {
  /** Router path (no query). */
  path: string;
  query: Record<string, string>;
  /** A 发文 row whose document page is not known yet: resolve on open. */
  resolveOutgoing: boolean;
}

type Obj = Record<string, unknown>;
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** The link of one raw `/api/inbox` item. */
export function rowLink(raw: unknown, box: string): RowLink {
  const o: Obj = raw && typeof raw === 'object' ? (raw as Obj) : {};
  const key = str(o['definitionKey']);
  const id = str(o['instanceId']) || str(o['processId']);
  const taskId = str(o['taskId']);
  const link = str(o['link']);
  if (link.startsWith('/documents/')) return { path: link, query: {}, resolveOutgoing: false };
  if (key === INCOMING_DEFINITION_KEY && id)
    return { path: `/documents/incoming/${encodeURIComponent(id)}`, query: {}, resolveOutgoing: false };
  const query: Record<string, string> = taskId && box !== 'done' && box !== 'mine' ? { task: taskId } : {};
  return { path: `/processes/${encodeURIComponent(id)}`, query, resolveOutgoing: key === OUTGOING_DEFINITION_KEY };
}

/** The outgoing document a 发文 process is about (GET /api/processes/:id → subject), or null. */
export function outgoingDocumentOf(processView: unknown): string | null {
  const subject = processView && typeof processView === 'object' ? (processView as Obj)['subject'] : null;
  if (!subject || typeof subject !== 'object') return null;
  const s = subject as Obj;
  return s['type'] === OUTGOING_DEFINITION_KEY && typeof s['id'] === 'string' && s['id']
    ? `/documents/outgoing/${encodeURIComponent(s['id'])}`
    : null;
}

/** 批量同意 applies to workflow approval tasks only (not to 收文 待签收 / 批示 / 承办 / 传阅 rows). */
export function isBatchable(raw: unknown): boolean {
  const o: Obj = raw && typeof raw === 'object' ? (raw as Obj) : {};
  return str(o['definitionKey']) !== INCOMING_DEFINITION_KEY && (str(o['taskKind']) === '' || str(o['taskKind']) === 'approval');
}
