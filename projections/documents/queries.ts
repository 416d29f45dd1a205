import { normaliseForSearch } from '../../domain/documents/elements';
import type { SqlClient } from '../engine/types';
import { ftsPhrase, ftsTagAny, queryGrams, tagToken, type FtsColumn } from './search-index';

/**
 * Queries over the 公文 read models (projection.ts). `?` placeholders on SQLite and PostgreSQL.
 *
 *   searchDocuments(db, filter, scope, page) → { items, total, totalCapped }  综合查询: keyword
 *     filters through the bigram index (search-index.ts: FTS5 on SQLite, GIN on PostgreSQL), the scope
 *     as disjoint branches each on an index in the result order, totals counted up to 10,000
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

/** Totals stop counting here: a larger result says `total: 10000, totalCapped: true` ("10,000+"). */
export const SEARCH_TOTAL_CAP = 10_000;

export interface SearchResult {
  items: RegistryRow[];
  /** Matches in scope, at most SEARCH_TOTAL_CAP. */
  total: number;
  /** More than SEARCH_TOTAL_CAP matched (show "10,000+"). */
  totalCapped: boolean;
}

/**
 * How SQLite finds the page — 'scan': the caller's scope newest first through its indexes, filters and
 * keyword checked on each row (LIKE), stopping at the page, then a bounded COUNT. 'index': the matches
 * from the FTS5 index (keyword phrases AND scope tags AND filter tags, up to the cap), ordered through
 * a narrow seq index, full rows read for the page only. 'auto' (default): 'scan' with neither keyword
 * nor kind/direction/status/category filter (the scope's indexes answer alone), else 'index', except
 * that beyond the cap the page comes from a bounded walk of the scope when that finds it. All give
 * the same rows (the int spec checks it). PostgreSQL (searchPostgres): 'scan' likewise; otherwise a
 * GIN pre-filter (keyword tokens, filter and scope tags) with the LIKE re-check, and beyond the cap
 * the bounded walk unless 'index'.
 */
export type SearchPlan = 'auto' | 'index' | 'scan';

interface TextTerm {
  /** normalised query text (never contains '\n') */
  text: string;
  /** normalised key column re-checked with LIKE */
  key: 'search_text' | 'title_key' | 'number_key' | 'issuer_key';
  /** FTS5 columns (null: all) */
  columns: FtsColumn[] | null;
}

function textTerms(f: SearchFilter): TextTerm[] {
  const out: TextTerm[] = [];
  const add = (v: string | undefined, key: TextTerm['key'], columns: FtsColumn[] | null) => {
    if (!v?.trim()) return;
    const text = normaliseForSearch(v);
    if (text) out.push({ text, key, columns });
  };
  add(f.q, 'search_text', null);
  add(f.title, 'title_key', ['title']);
  add(f.number, 'number_key', ['doc_number', 'receipt_number']);
  add(f.issuer, 'issuer_key', ['issuer']);
  return out;
}

interface Sql {
  sql: string;
  params: unknown[];
}

const and = (parts: Sql[]): Sql => ({
  sql: parts.length ? parts.map((p) => p.sql).join(' AND ') : '1 = 1',
  params: parts.flatMap((p) => p.params),
});

/** kind, direction, status, category, date range on alias r. */
function plainFilters(f: SearchFilter): Sql[] {
  const out: Sql[] = [];
  const eq = (col: string, v: string | undefined) => {
    if (v !== undefined && v !== '') out.push({ sql: `r.${col} = ?`, params: [v] });
  };
  eq('kind', f.kind);
  eq('direction', f.direction);
  eq('status', f.status);
  eq('category', f.category);
  return [...out, ...dateFilters(f, 'r')];
}

const likeFilters = (terms: TextTerm[]): Sql[] =>
  terms.map((x) => ({ sql: `r.${x.key} LIKE ? ESCAPE '\\'`, params: [containsPattern(x.text)] }));

/**
 * The scope as disjoint conditions, each served by one index in the result order (an OR of two
 * columns would defeat both indexes): unit → unit_id | owner_id outside the unit, and so on.
 */
function scopeBranches(s: ReadScope): Sql[] {
  switch (s.scope) {
    case 'all':
      return [{ sql: '1 = 1', params: [] }];
    case 'unit':
      return [
        { sql: 'r.unit_id = ?', params: [s.unitId ?? ''] },
        { sql: 'r.owner_id = ? AND r.unit_id <> ?', params: [s.userId, s.unitId ?? ''] },
      ];
    case 'department_tree':
    case 'department': {
      const ids = s.scope === 'department' ? s.departmentIds.slice(0, 1) : s.departmentIds;
      if (ids.length === 0) return [{ sql: 'r.owner_id = ?', params: [s.userId] }];
      const list = ids.map(() => '?').join(', ');
      return [
        { sql: `r.department_id IN (${list})`, params: [...ids] },
        { sql: `r.owner_id = ? AND (r.department_id IS NULL OR r.department_id NOT IN (${list}))`, params: [s.userId, ...ids] },
      ];
    }
    case 'self':
      return [{ sql: 'r.owner_id = ?', params: [s.userId] }];
  }
}

const COLUMNS =
  'id, direction, unit_id, department_id, owner_id, kind, category, title, doc_number, receipt_number, issuer, from_unit_id, main_recipients, classification, urgency, status, stage, signer_name, date_key, registered_at, created_at, updated_at';
const R_COLUMNS = COLUMNS.split(', ')
  .map((c) => `r.${c}`)
  .join(', ');
const ORDER = 'date_key DESC, created_at DESC, id';
const R_ORDER = 'r.date_key DESC, r.created_at DESC, r.id';

/** Newest first, within the scope's branches (each through its own index), then merged. */
async function scanItems(
  db: SqlClient,
  table: string,
  branches: Sql[],
  filter: Sql,
  page: { limit: number; offset: number },
): Promise<RegistryRow[]> {
  const n = page.offset + page.limit;
  if (branches.length === 1) {
    const w = and([branches[0], filter]);
    return db.all<RegistryRow>(`SELECT ${R_COLUMNS} FROM ${table} r WHERE ${w.sql} ORDER BY ${R_ORDER} LIMIT ? OFFSET ?`, [
      ...w.params,
      page.limit,
      page.offset,
    ]);
  }
  const params: unknown[] = [];
  const parts = branches.map((b, i) => {
    const w = and([b, filter]);
    params.push(...w.params, n);
    return `SELECT * FROM (SELECT ${R_COLUMNS} FROM ${table} r WHERE ${w.sql} ORDER BY ${R_ORDER} LIMIT ?) b${i}`;
  });
  return db.all<RegistryRow>(`${parts.join(' UNION ALL ')} ORDER BY ${ORDER} LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]);
}

/** Matches in scope, counted up to `cap` per branch (the branches are disjoint). */
async function scanCount(db: SqlClient, table: string, branches: Sql[], filter: Sql, cap: number): Promise<number> {
  const params: unknown[] = [];
  const parts = branches.map((b, i) => {
    const w = and([b, filter]);
    params.push(...w.params, cap);
    return `(SELECT COUNT(*) FROM (SELECT 1 FROM ${table} r WHERE ${w.sql} LIMIT ?) c${i})`;
  });
  const row = await db.get<{ n: number | string }>(`SELECT ${parts.join(' + ')} AS n`, params);
  return Number(row?.n ?? 0);
}

/** Scopes of at most this many rows are read whole ('scan') by the 'auto' plan. */
const SMALL_SCOPE = 2000;

export interface SearchOptions {
  /** Plan (default 'auto'); tests run every plan against the same brute force. */
  plan?: SearchPlan;
  /** Count up to this many (default SEARCH_TOTAL_CAP); small values let tests reach the capped paths. */
  totalCap?: number;
  /** SQLite 'auto': scopes of at most this many rows are read whole (default 2,000; 0: never). */
  smallScope?: number;
  /** Rows per scope branch the capped 'auto' plan walks before it sorts the index's matches instead (default 3,000). */
  walkBudget?: number;
}

export async function searchDocuments(
  db: SqlClient,
  filter: SearchFilter,
  scope: ReadScope,
  page: { limit: number; offset: number },
  t: (l: string) => string = T,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const table = t('doc_registry');
  const search = t('doc_search');
  if (db.dialect === 'postgres') return searchPostgres(db, table, search, filter, scope, page, options);

  // SQLite.
  const terms = textTerms(filter);
  const plain = plainFilters(filter);
  const branches = scopeBranches(scope);
  const totalCap = options.totalCap ?? SEARCH_TOTAL_CAP;
  const cap = totalCap + 1;
  const result = (items: RegistryRow[], n: number): SearchResult => ({ items, total: Math.min(n, totalCap), totalCapped: n > totalCap });
  const tagged = tagFilters(filter);
  const wanted = options.plan ?? 'auto';
  const parts = [...terms.map((x) => ftsPhrase(x.text, x.columns)), ...scopeTags(scope), ...tagged];
  const rowFilter = and([...plain, ...likeFilters(terms)]);
  // The scope and the date range alone: the scope's indexes answer without reading a row. A small
  // scope (a department, a person) is cheaper to read whole than an FTS phrase of common bigrams.
  const smallScope = options.smallScope ?? SMALL_SCOPE;
  const small =
    wanted === 'auto' &&
    scope.scope !== 'all' &&
    smallScope > 0 &&
    (await scanCount(db, table, branches, and([]), smallScope + 1)) <= smallScope;
  if (wanted === 'scan' || small || parts.length === 0 || (terms.length === 0 && tagged.length === 0)) {
    const items = await scanItems(db, table, branches, rowFilter, page);
    return result(items, await countAfter(items, page, () => scanCount(db, table, branches, rowFilter, cap)));
  }
  // One FTS5 query intersects the keyword phrases, the scope and the filter tags: the matches (up to
  // the cap) come from the index alone; the bigram phrases are exact, so no LIKE re-check is needed.
  const match = parts.join(' AND ');
  // date_key >= '' is always true (NOT NULL): it makes SQLite read (seq, date_key, created_at, id)
  // from the narrow covering index instead of the wide row (no INDEXED BY: a rebuild renames indexes)
  const dates = and([{ sql: `c.date_key >= ''`, params: [] }, ...dateFilters(filter, 'c')]);
  const seqs = (await db.all<{ s: number }>(`SELECT rowid AS s FROM ${search} WHERE ${search} MATCH ? LIMIT ?`, [match, cap])).map(
    (r) => r.s,
  );
  if (seqs.length <= totalCap) {
    // All the matches are known: date range and order through the narrow (seq, date_key, created_at,
    // id) index, full rows read for the page only.
    if (seqs.length === 0) return result([], 0);
    const list = JSON.stringify(seqs);
    const among = `FROM ${table} c WHERE c.seq IN (SELECT value FROM json_each(?)) AND ${dates.sql}`;
    const items = await db.all<RegistryRow>(
      `SELECT ${R_COLUMNS} FROM ${table} r WHERE r.seq IN (SELECT c.seq ${among} ORDER BY c.date_key DESC, c.created_at DESC, c.id LIMIT ? OFFSET ?) ORDER BY ${R_ORDER}`,
      [list, ...dates.params, page.limit, page.offset],
    );
    const n =
      !filter.from && !filter.to
        ? seqs.length
        : await countAfter(items, page, async () =>
            Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n ${among}`, [list, ...dates.params]))?.n ?? 0),
          );
    return result(items, n);
  }
  // More matches than the cap: the total says "cap+" (with a date range: counted through the index up
  // to the cap). The page: walk the scope newest first for a bounded number of rows (matches are
  // plentiful, so a page is usually found at once); if a branch runs out of budget, sort all matches.
  const viaIndex = `SELECT c.seq, c.date_key, c.created_at, c.id FROM ${search} CROSS JOIN ${table} c ON c.seq = ${search}.rowid AND ${dates.sql} WHERE ${search} MATCH ?`;
  const n =
    !filter.from && !filter.to
      ? cap
      : Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM (${viaIndex} LIMIT ?) x`, [...dates.params, match, cap]))?.n ?? 0);
  if (n === 0) return result([], 0);
  const walked = wanted === 'auto' ? await walkItems(db, table, branches, rowFilter, page, options.walkBudget ?? 3000) : null;
  if (walked) return result(walked, n);
  const items = await db.all<RegistryRow>(
    `SELECT ${R_COLUMNS} FROM ${table} r WHERE r.seq IN (SELECT seq FROM (${viaIndex}) ORDER BY date_key DESC, created_at DESC, id LIMIT ? OFFSET ?) ORDER BY ${R_ORDER}`,
    [...dates.params, match, page.limit, page.offset],
  );
  return result(items, n);
}

/**
 * PostgreSQL: one GIN bitmap on doc_search gives the candidates — keyword tokens and filter tags with
 * @>, the scope with && — then the rows re-check the real substrings (LIKE) and the date range; the
 * total is counted up to the cap. Beyond the cap the page comes from the bounded walk when it can.
 */
async function searchPostgres(
  db: SqlClient,
  table: string,
  search: string,
  filter: SearchFilter,
  scope: ReadScope,
  page: { limit: number; offset: number },
  options: SearchOptions,
): Promise<SearchResult> {
  const terms = textTerms(filter);
  const plain = plainFilters(filter);
  const branches = scopeBranches(scope);
  const totalCap = options.totalCap ?? SEARCH_TOTAL_CAP;
  const cap = totalCap + 1;
  const result = (items: RegistryRow[], n: number): SearchResult => ({ items, total: Math.min(n, totalCap), totalCapped: n > totalCap });
  const rowFilter = and([...plain, ...likeFilters(terms)]);
  const required = [...new Set([...terms.flatMap((x) => queryGrams(x.text)), ...tagFilterTokens(filter)])];
  if (options.plan === 'scan' || required.length === 0) {
    const items = await scanItems(db, table, branches, rowFilter, page);
    return result(items, await countAfter(items, page, () => scanCount(db, table, branches, rowFilter, cap)));
  }
  const anyOf = scopeTokens(scope);
  const gin = [`grams @> string_to_array(?, ' ')`, ...(anyOf ? [`grams && string_to_array(?, ' ')`] : [])].join(' AND ');
  const f = and([
    {
      sql: `r.seq IN (SELECT seq FROM ${search} WHERE ${gin})`,
      params: anyOf ? [required.join(' '), anyOf.join(' ')] : [required.join(' ')],
    },
    rowFilter,
  ]);
  const from = `FROM ${table} r WHERE ${f.sql}`;
  const n = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 ${from} LIMIT ?) x`, [...f.params, cap]))?.n ?? 0);
  if (n === 0) return result([], 0);
  const walked =
    n > totalCap && options.plan !== 'index' ? await walkItems(db, table, branches, rowFilter, page, options.walkBudget ?? 3000) : null;
  if (walked) return result(walked, n);
  return result(
    await db.all<RegistryRow>(`SELECT ${R_COLUMNS} ${from} ORDER BY ${R_ORDER} LIMIT ? OFFSET ?`, [...f.params, page.limit, page.offset]),
    n,
  );
}

/** PostgreSQL: kind, direction, status and category as tag tokens. */
function tagFilterTokens(f: SearchFilter): string[] {
  const out: string[] = [];
  for (const c of ['kind', 'direction', 'status', 'category'] as const) {
    const v = f[c];
    if (v !== undefined && v !== '') out.push(tagToken(c, v));
  }
  return out;
}

/** PostgreSQL: the scope as "any of these tags" (null: everything). */
function scopeTokens(s: ReadScope): string[] | null {
  switch (s.scope) {
    case 'all':
      return null;
    case 'unit':
      return [tagToken('unit_id', s.unitId ?? ''), tagToken('owner_id', s.userId)];
    case 'department_tree':
    case 'department': {
      const ids = s.scope === 'department' ? s.departmentIds.slice(0, 1) : s.departmentIds;
      return [...ids.map((d) => tagToken('department_id', d)), tagToken('owner_id', s.userId)];
    }
    case 'self':
      return [tagToken('owner_id', s.userId)];
  }
}

/**
 * The page from the newest `budget` rows of each scope branch (filters and keyword checked on the
 * row), or null when a branch has more rows than that and not enough of them matched — then its
 * page may lie further back.
 */
async function walkItems(
  db: SqlClient,
  table: string,
  branches: Sql[],
  filter: Sql,
  page: { limit: number; offset: number },
  budget: number,
): Promise<RegistryRow[] | null> {
  const want = page.offset + page.limit;
  const found: RegistryRow[] = [];
  for (const b of branches) {
    const rows = await db.all<RegistryRow>(
      `SELECT ${COLUMNS} FROM (SELECT * FROM ${table} r WHERE ${b.sql} ORDER BY ${R_ORDER} LIMIT ?) r WHERE ${filter.sql} ORDER BY ${ORDER} LIMIT ?`,
      [...b.params, budget, ...filter.params, want],
    );
    if (rows.length < want) {
      const size = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table} r WHERE ${b.sql} LIMIT ?) x`, [
        ...b.params,
        budget + 1,
      ]);
      if (Number(size?.n ?? 0) > budget) return null;
    }
    found.push(...rows);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  found.sort((a, b) => cmp(b.date_key, a.date_key) || cmp(b.created_at, a.created_at) || cmp(a.id, b.id));
  return found.slice(page.offset, want);
}

/** The total without a COUNT when this page already shows the end of the result. */
async function countAfter(items: RegistryRow[], page: { limit: number; offset: number }, count: () => Promise<number>): Promise<number> {
  if (items.length < page.limit && (items.length > 0 || page.offset === 0)) return page.offset + items.length;
  return count();
}

function dateFilters(f: SearchFilter, alias: string): Sql[] {
  const out: Sql[] = [];
  if (f.from) out.push({ sql: `${alias}.date_key >= ?`, params: [f.from] });
  if (f.to) out.push({ sql: `${alias}.date_key <= ?`, params: [f.to] });
  return out;
}

/** kind, direction, status and category as FTS5 tags conditions. */
function tagFilters(f: SearchFilter): string[] {
  const out: string[] = [];
  for (const c of ['kind', 'direction', 'status', 'category'] as const) {
    const v = f[c];
    if (v !== undefined && v !== '') out.push(ftsTagAny(c, [v]));
  }
  return out;
}

/** The scope as FTS5 tags conditions (the same rows as scopeBranches). */
function scopeTags(s: ReadScope): string[] {
  switch (s.scope) {
    case 'all':
      return [];
    case 'unit':
      return [`(${ftsTagAny('unit_id', [s.unitId ?? ''])} OR ${ftsTagAny('owner_id', [s.userId])})`];
    case 'department_tree':
    case 'department': {
      const ids = s.scope === 'department' ? s.departmentIds.slice(0, 1) : s.departmentIds;
      if (ids.length === 0) return [ftsTagAny('owner_id', [s.userId])];
      return [`(${ftsTagAny('department_id', ids)} OR ${ftsTagAny('owner_id', [s.userId])})`];
    }
    case 'self':
      return [ftsTagAny('owner_id', [s.userId])];
  }
}

export async function registryRow(db: SqlClient, id: string, t: (l: string) => string = T): Promise<RegistryRow | undefined> {
  return db.get<RegistryRow>(`SELECT ${COLUMNS} FROM ${t('doc_registry')} WHERE id = ?`, [id]);
}

export interface ExchangeRow {
  incoming_id: string;
  outgoing_id: string;
  from_unit_id: string;
  from_unit_name: string;
  to_unit_id: string;
  to_unit_name: string;
  copy_no: string;
  title: string;
  doc_number: string | null;
  urgency: string | null;
  classification: string | null;
  status: 'sent' | 'signed' | 'returned';
  reason: string;
  sent_at: string;
  acted_at: string | null;
  acted_by: string | null;
}

export async function pendingReceipts(
  db: SqlClient,
  unitId: string,
  page: { limit: number; offset: number },
  t: (l: string) => string = T,
) {
  const table = t('doc_exchange');
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table} WHERE to_unit_id = ? AND status = 'sent'`, [
    unitId,
  ]);
  const items = await db.all<ExchangeRow>(
    `SELECT * FROM ${table} WHERE to_unit_id = ? AND status = 'sent' ORDER BY sent_at DESC, incoming_id LIMIT ? OFFSET ?`,
    [unitId, page.limit, page.offset],
  );
  return { items, total: Number(total?.n ?? 0) };
}

export async function exchangeOf(db: SqlClient, outgoingId: string, t: (l: string) => string = T): Promise<ExchangeRow[]> {
  return db.all<ExchangeRow>(`SELECT * FROM ${t('doc_exchange')} WHERE outgoing_id = ? ORDER BY copy_no`, [outgoingId]);
}

export async function exchangeByIncoming(
  db: SqlClient,
  incomingId: string,
  t: (l: string) => string = T,
): Promise<ExchangeRow | undefined> {
  return db.get<ExchangeRow>(`SELECT * FROM ${t('doc_exchange')} WHERE incoming_id = ?`, [incomingId]);
}

export interface CirculationRow {
  incoming_id: string;
  round: number;
  reader_id: string;
  reader_name: string;
  unit_id: string;
  assigned_at: string;
  read_at: string | null;
}

export async function circulationOf(db: SqlClient, incomingId: string, t: (l: string) => string = T): Promise<CirculationRow[]> {
  return db.all<CirculationRow>(`SELECT * FROM ${t('doc_circulation')} WHERE incoming_id = ? ORDER BY round, assigned_at, reader_id`, [
    incomingId,
  ]);
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
  document_id: string;
  direction: string;
  unit_id: string;
  fonds_code: string;
  year: number;
  retention: string;
  org_code: string;
  item_number: number;
  archival_code: string;
  doc_number: string | null;
  responsible: string;
  title: string;
  date: string;
  classification: string;
  pages: number | null;
  remarks: string;
  archived_at: string;
}

/** 归档文件目录 of a unit and year, in 档号 order. */
export async function archiveCatalogue(db: SqlClient, unitId: string, year: number, t: (l: string) => string = T): Promise<ArchiveRow[]> {
  return db.all<ArchiveRow>(`SELECT * FROM ${t('doc_archive')} WHERE unit_id = ? AND year = ? ORDER BY archival_code`, [unitId, year]);
}
