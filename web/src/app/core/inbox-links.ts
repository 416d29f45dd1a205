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

type Obj = Record<string, unknown>;
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** A module link ('/path?x=1') as router path + query; null unless it is an app path other than the process page. */
function moduleLink(link: string): { path: string; query: Record<string, string> } | null {
  if (!link.startsWith('/') || link.startsWith('//') || link.startsWith('/processes/')) return null;
  const [path, search = ''] = link.split('?', 2);
  return { path: path!, query: Object.fromEntries(new URLSearchParams(search)) };
}

/** The link of one raw `/api/inbox` item. */
export function rowLink(raw: unknown, box: string): RowLink {
  const o: Obj = raw && typeof raw === 'object' ? (raw as Obj) : {};
  const key = str(o['definitionKey']);
  const id = str(o['instanceId']) || str(o['processId']);
  const taskId = str(o['taskId']);
  const own = moduleLink(str(o['link']));
  if (own) return { ...own, resolveOutgoing: false };
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

/** 批量同意 applies to workflow approval tasks only (not to rows a module contributed: 待签收, 批示, 承办, 传阅 …). */
export function isBatchable(raw: unknown): boolean {
  const o: Obj = raw && typeof raw === 'object' ? (raw as Obj) : {};
  const kind = str(o['taskKind']);
  return kind === '' || kind === 'approval';
}
