import type { InboxRow, ProcessAnswer } from './models';

/**
 * Where an inbox row opens. The row's `link` (from /api/inbox) is the page its module gave it — the
 * module's inbox contribution or, for a workflow process about one of the module's subjects, the
 * module's subject link (收文 → /documents/incoming/:id, 发文 approval tasks and processes →
 * /documents/outgoing/:id …). Without one, a workflow row opens its process page (/processes/:id, with
 * ?task= while the task is open); a 发文 process row without a link (from an older read model) is
 * resolved through the process's subject when opened (`outgoingDocumentOf`).
 */
export const OUTGOING_DEFINITION_KEY = 'outgoing-document';

export interface RowLink {
  /** Router path (no query). */
  path: string;
  query: Record<string, string>;
  /** A 发文 row whose document page is not known yet: resolve on open. */
  resolveOutgoing: boolean;
}

/** The fields of a GET /api/inbox row (and of GET /api/processes/:id) that say where it opens. */
type LinkFields = Pick<InboxRow, 'definitionKey' | 'processId' | 'taskId' | 'link'>;

/** A module link ('/path?x=1') as router path + query; null unless it is an app path other than the process page. */
function moduleLink(link: string): { path: string; query: Record<string, string> } | null {
  if (!link.startsWith('/') || link.startsWith('//') || link.startsWith('/processes/')) return null;
  const [path, search = ''] = link.split('?', 2);
  return { path: path!, query: Object.fromEntries(new URLSearchParams(search)) };
}

/** The link of one `/api/inbox` row. */
export function rowLink(row: LinkFields, box: string): RowLink {
  const own = moduleLink(row.link);
  if (own) return { ...own, resolveOutgoing: false };
  const query: Record<string, string> = row.taskId && box !== 'done' && box !== 'mine' ? { task: row.taskId } : {};
  return { path: `/processes/${encodeURIComponent(row.processId)}`, query, resolveOutgoing: row.definitionKey === OUTGOING_DEFINITION_KEY };
}

/** The outgoing document a 发文 process is about (GET /api/processes/:id → subject), or null. */
export function outgoingDocumentOf(processView: Pick<ProcessAnswer, 'subject'>): string | null {
  const s = processView.subject;
  return s && s.type === OUTGOING_DEFINITION_KEY && s.id ? `/documents/outgoing/${encodeURIComponent(s.id)}` : null;
}

/** 批量同意 applies to workflow approval tasks only (not to rows a module contributed: 待签收, 批示, 承办, 传阅 …). */
export function isBatchable(row: Pick<InboxRow, 'taskKind'>): boolean {
  return row.taskKind === null || row.taskKind === 'approval';
}
