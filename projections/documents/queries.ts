import { normaliseForSearch } from '../../domain/documents/elements';
import type { SqlClient } from '../engine/types';

/**
 * Queries over the 公文 read models (projection.ts). Portable SQL (SQLite and PostgreSQL): `?`
 * placeholders, LIKE with an explicit ESCAPE on a normalised column (NFKC + lower case), no FTS.
 *
 *   searchDocuments(db, filter, scope, page) → { items, total }
 *   pendingReceipts(db, unitId, page)         待签收 box
 *   exchangeOf(db, outgoingId)                the sender's view of its deliveries
 *   circulationOf(db, incomingId) · myUnread(db, userId)
 *   archiveCatalogue(db, unitId, year)        归档文件目录 of a year
 */
const T = (logical: string) => logical;

export interface SearchFilter {
  /** keyword in title, numbers, issuer and 正文 */
  q?: string;
  title?: string;
  number?: string;
  issuer?: string;
  kind?: string;
  direction?: 'outgoing' | 'incoming';
  status?: string;
  category?: string;
  /** YYYY-MM-DD, inclusive */
  from?: string;
  to?: string;
}

/** The caller's data scope for 'document.read' (see domain/org/permissions). */
export interface ReadScope {
  scope: 'self' | 'department' | 'department_tree' | 'unit' | 'all';
  userId: string;
  unitId: string | null;
  /** The caller's department, and for department_tree every department below it. */
  departmentIds: string[];
}

export interface RegistryRow {
  id: string;
  direction: 'outgoing' | 'incoming';
  unit_id: string;
  department_id: string | null;
  owner_id: string | null;
  kind: string | null;
  category: string | null;
  title: string;
  doc_number: string | null;
  receipt_number: string | null;
  issuer: string | null;
  from_unit_id: string | null;
  main_recipients: string | null;
  classification: string | null;
  urgency: string | null;
  status: string;
  stage: string;
  signer_name: string | null;
  date_key: string;
  registered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** LIKE pattern for "contains", with %, _ and the escape character escaped. */
export function containsPattern(text: string): string {
  return `%${normaliseForSearch(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function scopeClause(s: ReadScope): { sql: string; params: unknown[] } {
  switch (s.scope) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'unit':
      return { sql: '(unit_id = ? OR owner_id = ?)', params: [s.unitId ?? '', s.userId] };
    case 'department_tree':
    case 'department': {
      const ids = s.scope === 'department' ? s.departmentIds.slice(0, 1) : s.departmentIds;
      if (ids.length === 0) return { sql: 'owner_id = ?', params: [s.userId] };
      return { sql: `(department_id IN (${ids.map(() => '?').join(', ')}) OR owner_id = ?)`, params: [...ids, s.userId] };
    }
    case 'self':
      return { sql: 'owner_id = ?', params: [s.userId] };
  }
}

const COLUMNS = 'id, direction, unit_id, department_id, owner_id, kind, category, title, doc_number, receipt_number, issuer, from_unit_id, main_recipients, classification, urgency, status, stage, signer_name, date_key, registered_at, created_at, updated_at';

export async function searchDocuments(
  db: SqlClient, filter: SearchFilter, scope: ReadScope, page: { limit: number; offset: number }, t: (l: string) => string = T,
): Promise<{ items: RegistryRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const sc = scopeClause(scope);
  where.push(sc.sql);
  params.push(...sc.params);
  const like = (col: string, v: string | undefined) => {
    if (!v?.trim()) return;
    where.push(`${col} LIKE ? ESCAPE '\\'`);
    params.push(containsPattern(v));
  };
  like('search_text', filter.q);
  if (filter.title?.trim()) { where.push(`LOWER(title) LIKE ? ESCAPE '\\'`); params.push(containsPattern(filter.title)); }
  if (filter.number?.trim()) {
    where.push(`(LOWER(COALESCE(doc_number, '')) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(receipt_number, '')) LIKE ? ESCAPE '\\')`);
    params.push(containsPattern(filter.number), containsPattern(filter.number));
  }
  if (filter.issuer?.trim()) { where.push(`LOWER(COALESCE(issuer, '')) LIKE ? ESCAPE '\\'`); params.push(containsPattern(filter.issuer)); }
  const eq = (col: string, v: string | undefined) => {
    if (v === undefined || v === '') return;
    where.push(`${col} = ?`);
    params.push(v);
  };
  eq('kind', filter.kind);
  eq('direction', filter.direction);
  eq('status', filter.status);
  eq('category', filter.category);
  if (filter.from) { where.push('date_key >= ?'); params.push(filter.from); }
  if (filter.to) { where.push('date_key <= ?'); params.push(filter.to); }
  const w = where.join(' AND ');
  const table = t('doc_registry');
  const count = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${w}`, params);
  const items = await db.all<RegistryRow>(
    `SELECT ${COLUMNS} FROM ${table} WHERE ${w} ORDER BY date_key DESC, created_at DESC, id LIMIT ? OFFSET ?`,
    [...params, page.limit, page.offset],
  );
  return { items, total: Number(count?.n ?? 0) };
}

export async function registryRow(db: SqlClient, id: string, t: (l: string) => string = T): Promise<RegistryRow | undefined> {
  return db.get<RegistryRow>(`SELECT ${COLUMNS} FROM ${t('doc_registry')} WHERE id = ?`, [id]);
}

export interface ExchangeRow {
  incoming_id: string; outgoing_id: string; from_unit_id: string; from_unit_name: string; to_unit_id: string; to_unit_name: string;
  copy_no: string; title: string; doc_number: string | null; urgency: string | null; classification: string | null;
  status: 'sent' | 'signed' | 'returned'; reason: string; sent_at: string; acted_at: string | null; acted_by: string | null;
}

export async function pendingReceipts(db: SqlClient, unitId: string, page: { limit: number; offset: number }, t: (l: string) => string = T) {
  const table = t('doc_exchange');
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table} WHERE to_unit_id = ? AND status = 'sent'`, [unitId]);
  const items = await db.all<ExchangeRow>(
    `SELECT * FROM ${table} WHERE to_unit_id = ? AND status = 'sent' ORDER BY sent_at DESC, incoming_id LIMIT ? OFFSET ?`,
    [unitId, page.limit, page.offset],
  );
  return { items, total: Number(total?.n ?? 0) };
}

export async function exchangeOf(db: SqlClient, outgoingId: string, t: (l: string) => string = T): Promise<ExchangeRow[]> {
  return db.all<ExchangeRow>(`SELECT * FROM ${t('doc_exchange')} WHERE outgoing_id = ? ORDER BY copy_no`, [outgoingId]);
}

export async function exchangeByIncoming(db: SqlClient, incomingId: string, t: (l: string) => string = T): Promise<ExchangeRow | undefined> {
  return db.get<ExchangeRow>(`SELECT * FROM ${t('doc_exchange')} WHERE incoming_id = ?`, [incomingId]);
}

export interface CirculationRow { incoming_id: string; round: number; reader_id: string; reader_name: string; unit_id: string; assigned_at: string; read_at: string | null }

export async function circulationOf(db: SqlClient, incomingId: string, t: (l: string) => string = T): Promise<CirculationRow[]> {
  return db.all<CirculationRow>(`SELECT * FROM ${t('doc_circulation')} WHERE incoming_id = ? ORDER BY round, assigned_at, reader_id`, [incomingId]);
}

/** 待阅 of a reader, with the document's title. */
export async function myUnread(db: SqlClient, userId: string, t: (l: string) => string = T) {
  return db.all<CirculationRow & { title: string; doc_number: string | null }>(
    `SELECT c.*, r.title, r.doc_number FROM ${t('doc_circulation')} c JOIN ${t('doc_registry')} r ON r.id = c.incoming_id
     WHERE c.reader_id = ? AND c.read_at IS NULL ORDER BY c.assigned_at`,
    [userId],
  );
}

export interface ArchiveRow {
  document_id: string; direction: string; unit_id: string; fonds_code: string; year: number; retention: string; org_code: string;
  item_number: number; archival_code: string; doc_number: string | null; responsible: string; title: string; date: string;
  classification: string; pages: number | null; remarks: string; archived_at: string;
}

/** 归档文件目录 of a unit and year, in 档号 order. */
export async function archiveCatalogue(db: SqlClient, unitId: string, year: number, t: (l: string) => string = T): Promise<ArchiveRow[]> {
  return db.all<ArchiveRow>(`SELECT * FROM ${t('doc_archive')} WHERE unit_id = ? AND year = ? ORDER BY archival_code`, [unitId, year]);
}
