import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { INCOMING_STATUS_LABELS, INCOMING_EVENT_TYPES, type IncomingEvent } from '../../domain/documents/incoming.events';
import { OUTGOING_EVENT_TYPES, type OutgoingEvent } from '../../domain/documents/outgoing.events';
import type { Projection, SqlClient, TableNamer } from '../engine/types';
import { ftsValues, gramSet, rowTags, searchKeys } from './search-index';

/**
 * 公文 read models (one projection, 'documents'). SQL with `?` only; runs on SQLite and PostgreSQL.
 *
 * doc_registry    one row per document, 发文 and 收文 (发文登记簿 / 收文登记簿 / 综合查询):
 *   id, direction 'outgoing'|'incoming', unit_id, department_id (drafting / lead department), owner_id
 *   (drafter / registrar), kind, category ('normal'|'fax'|'supervision' for 收文), title, doc_number
 *   (发文字号 / 来文字号), receipt_number (收文编号), issuer (发文机关 / 来文单位), from_unit_id,
 *   main_recipients, classification, urgency, status, stage (Chinese), signer_name, date_key
 *   (YYYY-MM-DD: 成文日期, or 收文日期, or the drafting date), registered_at, review_pending, rendered,
 *   sealed, created_at, updated_at, position; for 综合查询 (search-index.ts): seq (the position of the event
 *   that created the row: a stable integer key), search_text (normalised title, numbers, issuer and
 *   正文 joined by '\n'), title_key, number_key (发文字号 '\n' 收文编号), issuer_key (normalised).
 *   Indexes in the result order (newest first) per scope column: unit, owner, department, and none.
 * doc_search      the keyword index, one row per registry row (key seq), see search-index.ts — SQLite:
 *   FTS5 over bigram tokens, one column per field, plus scope/filter tags; PostgreSQL: (seq, grams
 *   text[]) with a GIN index.
 * doc_exchange    one row per delivery (公文交换; the receiver's 待签收 box = status 'sent'):
 *   incoming_id, outgoing_id, from_unit_id, from_unit_name, to_unit_id, to_unit_name, copy_no, title,
 *   doc_number, urgency, classification, status 'sent'|'signed'|'returned', reason, sent_at, acted_at, acted_by
 * doc_circulation one row per reader per round (传阅): incoming_id, round, reader_id, reader_name,
 *   unit_id, assigned_at, read_at
 * doc_archive     one row per filed document (归档文件目录, DA/T 22): document_id, direction, unit_id,
 *   fonds_code, year, retention, org_code, item_number, archival_code, doc_number, responsible, title,
 *   date, classification, pages, remarks, archived_at
 */
export const DOCUMENT_TABLES = ['doc_registry', 'doc_exchange', 'doc_circulation', 'doc_archive', 'doc_search'] as const;

type Row = Record<string, unknown>;

const REGISTRY_COLUMNS = [
  'seq',
  'id',
  'direction',
  'unit_id',
  'department_id',
  'owner_id',
  'kind',
  'category',
  'title',
  'doc_number',
  'receipt_number',
  'issuer',
  'from_unit_id',
  'main_recipients',
  'classification',
  'urgency',
  'status',
  'stage',
  'signer_name',
  'date_key',
  'registered_at',
  'review_pending',
  'rendered',
  'sealed',
  'body_text',
  'search_text',
  'title_key',
  'number_key',
  'issuer_key',
  'created_at',
  'updated_at',
  'position',
] as const;

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const r = t('doc_registry');
  const pg = db.dialect === 'postgres';
  // seq: on SQLite the rowid itself (INTEGER PRIMARY KEY, kept by VACUUM), the FTS5 rowid.
  await db.run(`CREATE TABLE IF NOT EXISTS ${r} (
    seq ${pg ? 'BIGINT' : 'INTEGER'} PRIMARY KEY, id TEXT NOT NULL UNIQUE, direction TEXT NOT NULL, unit_id TEXT NOT NULL, department_id TEXT, owner_id TEXT, kind TEXT, category TEXT,
    title TEXT NOT NULL, doc_number TEXT, receipt_number TEXT, issuer TEXT, from_unit_id TEXT, main_recipients TEXT, classification TEXT,
    urgency TEXT, status TEXT NOT NULL, stage TEXT NOT NULL, signer_name TEXT, date_key TEXT NOT NULL, registered_at TEXT,
    review_pending INTEGER NOT NULL, rendered INTEGER NOT NULL, sealed INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, position BIGINT NOT NULL,
    title_key TEXT NOT NULL, number_key TEXT NOT NULL, issuer_key TEXT NOT NULL, search_text TEXT NOT NULL, body_text TEXT NOT NULL)`);
  // (the long texts last: a row's other columns are read without touching its overflow pages)
  // 综合查询 order: date_key DESC, created_at DESC, id — one index per scope column, and one for 'all'.
  for (const [name, col] of [
    ['unit', 'unit_id'],
    ['owner', 'owner_id'],
    ['dept', 'department_id'],
  ] as const) {
    await db.run(`CREATE INDEX IF NOT EXISTS ${r}_${name}_recent ON ${r} (${col}, date_key DESC, created_at DESC, id)`);
  }
  await db.run(`CREATE INDEX IF NOT EXISTS ${r}_recent ON ${r} (date_key DESC, created_at DESC, id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${r}_number ON ${r} (doc_number)`);
  const s = t('doc_search');
  if (pg) {
    await db.run(`CREATE TABLE IF NOT EXISTS ${s} (seq BIGINT PRIMARY KEY, grams TEXT[] NOT NULL)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${s}_grams ON ${s} USING GIN (grams)`);
  } else {
    await db.run(
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${s} USING fts5(title, doc_number, receipt_number, issuer, body, tags, tokenize = 'ascii', content = '', contentless_delete = 1)`,
    );
    // the index plan's row check without reading the (wide) row: date range and result order by seq
    await db.run(`CREATE INDEX IF NOT EXISTS ${r}_seq_order ON ${r} (seq, date_key, created_at, id)`);
  }
  const x = t('doc_exchange');
  await db.run(`CREATE TABLE IF NOT EXISTS ${x} (
    incoming_id TEXT PRIMARY KEY, outgoing_id TEXT NOT NULL, from_unit_id TEXT NOT NULL, from_unit_name TEXT NOT NULL, to_unit_id TEXT NOT NULL,
    to_unit_name TEXT NOT NULL, copy_no TEXT NOT NULL, title TEXT NOT NULL, doc_number TEXT, urgency TEXT, classification TEXT,
    status TEXT NOT NULL, reason TEXT NOT NULL, sent_at TEXT NOT NULL, acted_at TEXT, acted_by TEXT)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${x}_to ON ${x} (to_unit_id, status)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${x}_out ON ${x} (outgoing_id)`);
  const c = t('doc_circulation');
  await db.run(`CREATE TABLE IF NOT EXISTS ${c} (
    incoming_id TEXT NOT NULL, round INTEGER NOT NULL, reader_id TEXT NOT NULL, reader_name TEXT NOT NULL, unit_id TEXT NOT NULL,
    assigned_at TEXT NOT NULL, read_at TEXT, PRIMARY KEY (incoming_id, round, reader_id))`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${c}_reader ON ${c} (reader_id, read_at)`);
  const a = t('doc_archive');
  await db.run(`CREATE TABLE IF NOT EXISTS ${a} (
    document_id TEXT PRIMARY KEY, direction TEXT NOT NULL, unit_id TEXT NOT NULL, fonds_code TEXT NOT NULL, year INTEGER NOT NULL,
    retention TEXT NOT NULL, org_code TEXT NOT NULL, item_number INTEGER NOT NULL, archival_code TEXT NOT NULL, doc_number TEXT,
    responsible TEXT NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL, classification TEXT NOT NULL, pages INTEGER, remarks TEXT NOT NULL,
    archived_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${a}_year ON ${a} (unit_id, year, archival_code)`);
}

async function getRow(db: SqlClient, t: TableNamer, id: string): Promise<Row | undefined> {
  return db.get<Row>(`SELECT * FROM ${t('doc_registry')} WHERE id = ?`, [id]);
}

/**
 * Upserts a registry row (search keys recomputed from its fields) and keeps doc_search in step. The
 * keyword index is rewritten only when what it holds changed (`previous`: the stored row before this
 * event, null for a new row). `row.seq` must be set (the position of the creating event).
 */
export async function putRegistryRow(db: SqlClient, t: TableNamer, row: Row, previous: Row | null): Promise<void> {
  Object.assign(row, searchKeys(row));
  const cols = REGISTRY_COLUMNS;
  const sets = cols
    .filter((c) => c !== 'id' && c !== 'seq')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  await db.run(
    `INSERT INTO ${t('doc_registry')} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (id) DO UPDATE SET ${sets}`,
    cols.map((c) => row[c] ?? null),
  );
  if (previous && previous.search_text === row.search_text && rowTags(previous) === rowTags(row)) return;
  const s = t('doc_search');
  if (db.dialect === 'postgres') {
    await db.run(
      `INSERT INTO ${s} (seq, grams) VALUES (?, string_to_array(?, ' ')) ON CONFLICT (seq) DO UPDATE SET grams = excluded.grams`,
      [row.seq, gramSet(row)],
    );
  } else {
    if (previous) await db.run(`DELETE FROM ${s} WHERE rowid = ?`, [row.seq]);
    await db.run(`INSERT INTO ${s} (rowid, title, doc_number, receipt_number, issuer, body, tags) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      row.seq,
      ...ftsValues(row),
    ]);
  }
}

/** A new row (drafted / received): keeps the seq of a row that exists already. */
async function putNewRow(db: SqlClient, t: TableNamer, row: Row, position: number): Promise<void> {
  const prev = (await getRow(db, t, String(row.id))) ?? null;
  row.seq = prev?.seq ?? position;
  await putRegistryRow(db, t, row, prev);
}

const dateOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

function outgoingStage(row: Row): string {
  switch (row.status) {
    case 'draft':
      return '拟稿';
    case 'in_review':
      return '审核中';
    case 'signed':
      if (row.review_pending) return '待复核';
      if (row.sealed) return '已用印';
      if (row.rendered) return '已套红';
      if (row.doc_number) return '已编号';
      return '已签发';
    case 'distributed':
      return '已分发';
    case 'archived':
      return '已归档';
    default:
      return String(row.status);
  }
}

async function applyOutgoing(db: SqlClient, t: TableNamer, e: RecordedEvent & OutgoingEvent): Promise<void> {
  const id = e.streamId.slice('outgoing-document-'.length);
  const at = e.recordedAt;
  if (e.type === 'OutgoingDocumentDrafted') {
    const d = e.data;
    const row: Row = {
      id,
      direction: 'outgoing',
      unit_id: d.unitId,
      department_id: d.departmentId,
      owner_id: d.drafterId,
      kind: d.elements.kind,
      category: null,
      title: d.elements.title,
      doc_number: null,
      receipt_number: null,
      issuer: d.elements.issuers.map((i) => i.name).join('、'),
      from_unit_id: null,
      main_recipients: d.elements.mainRecipients.join('、'),
      classification: d.elements.classification,
      urgency: d.elements.urgency,
      status: 'draft',
      signer_name: null,
      date_key: dateOf(d.at),
      registered_at: null,
      review_pending: 0,
      rendered: 0,
      sealed: 0,
      body_text: d.body,
      created_at: d.at,
      updated_at: at,
      position: e.position,
    };
    row.stage = outgoingStage(row);
    await putNewRow(db, t, row, e.position);
    return;
  }
  if (e.type === 'OutgoingDistributionAcknowledged') {
    const d = e.data;
    await db.run(`UPDATE ${t('doc_exchange')} SET status = ?, reason = ?, acted_at = ?, acted_by = ? WHERE incoming_id = ?`, [
      d.outcome,
      d.reason,
      d.at,
      d.actorId,
      d.incomingId,
    ]);
  }
  const row = await getRow(db, t, id);
  if (!row) return;
  const previous = { ...row };
  switch (e.type) {
    case 'OutgoingDocumentEdited': {
      const c = e.data.changes;
      if (c.title !== undefined) row.title = c.title;
      if (c.kind !== undefined) row.kind = c.kind;
      if (c.issuers !== undefined) row.issuer = c.issuers.map((i) => i.name).join('、');
      if (c.mainRecipients !== undefined) row.main_recipients = c.mainRecipients.join('、');
      if (c.classification !== undefined) row.classification = c.classification;
      if (c.urgency !== undefined) row.urgency = c.urgency;
      if (e.data.body !== null) row.body_text = e.data.body;
      row.rendered = 0;
      break;
    }
    case 'OutgoingDocumentSubmitted':
      row.status = 'in_review';
      break;
    case 'OutgoingDocumentApprovalEnded':
      row.status = 'draft';
      break;
    case 'OutgoingDocumentSigned':
      row.status = 'signed';
      row.signer_name = e.data.signerName;
      row.date_key = e.data.writtenDate;
      break;
    case 'OutgoingDocumentReturnedForReview':
      row.review_pending = 1;
      break;
    case 'OutgoingDocumentSignatureReconfirmed':
      row.review_pending = 0;
      break;
    case 'OutgoingDocumentNumbered':
      row.doc_number = e.data.docNumber;
      row.registered_at = e.data.at;
      break;
    case 'DocumentRendered':
      row.rendered = 1;
      break;
    case 'DocumentSealed':
      row.sealed = 1;
      break;
    case 'OutgoingDocumentDistributed': {
      row.status = 'distributed';
      for (const r of e.data.recipients) {
        await db.run(
          `INSERT INTO ${t('doc_exchange')} (incoming_id, outgoing_id, from_unit_id, from_unit_name, to_unit_id, to_unit_name, copy_no, title, doc_number, urgency, classification, status, reason, sent_at, acted_at, acted_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'sent', '', ?, NULL, NULL) ON CONFLICT (incoming_id) DO NOTHING`,
          [
            r.incomingId,
            id,
            row.unit_id,
            String(row.issuer ?? ''),
            r.unitId,
            r.unitName,
            r.copyNo,
            row.title,
            row.doc_number,
            row.urgency,
            row.classification,
            e.data.at,
          ],
        );
      }
      break;
    }
    case 'OutgoingDistributionAcknowledged':
      break;
    case 'DocumentArchived':
      row.status = 'archived';
      await putArchive(db, t, e);
      break;
  }
  row.stage = outgoingStage(row);
  row.updated_at = at;
  row.position = e.position;
  await putRegistryRow(db, t, row, previous);
}

async function putArchive(db: SqlClient, t: TableNamer, e: RecordedEvent & { type: 'DocumentArchived' }): Promise<void> {
  const d = (e as unknown as { data: Extract<OutgoingEvent, { type: 'DocumentArchived' }>['data'] }).data;
  await db.run(
    `INSERT INTO ${t('doc_archive')} (document_id, direction, unit_id, fonds_code, year, retention, org_code, item_number, archival_code, doc_number, responsible, title, date, classification, pages, remarks, archived_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document_id) DO NOTHING`,
    [
      d.documentId,
      d.direction,
      d.unitId,
      d.fondsCode,
      d.year,
      d.retention,
      d.orgCode,
      d.itemNumber,
      d.archivalCode,
      d.docNumber,
      d.responsible,
      d.title,
      d.date,
      d.classification,
      d.pages,
      d.remarks,
      d.at,
    ],
  );
}

async function applyIncoming(db: SqlClient, t: TableNamer, e: RecordedEvent & IncomingEvent): Promise<void> {
  const id = e.streamId.slice('incoming-document-'.length);
  const at = e.recordedAt;
  if (e.type === 'IncomingDocumentReceived' || e.type === 'IncomingPaperDocumentRegistered') {
    const d = e.data;
    const paper = e.type === 'IncomingPaperDocumentRegistered' ? e.data : null;
    const doc = e.type === 'IncomingDocumentReceived' ? e.data.document : null;
    const row: Row = {
      id,
      direction: 'incoming',
      unit_id: d.unitId,
      department_id: null,
      owner_id: paper ? paper.registeredBy : null,
      kind: doc?.kind ?? paper?.entry.kind ?? null,
      category: d.category,
      title: doc?.title ?? paper!.entry.title,
      doc_number: doc?.docNumber ?? paper!.entry.docNumber,
      receipt_number: paper?.receiptNumber ?? null,
      issuer: doc ? doc.issuers.map((i) => i.name).join('、') : paper!.entry.sourceOrgan,
      from_unit_id: e.type === 'IncomingDocumentReceived' ? e.data.from.unitId : null,
      main_recipients: doc?.mainRecipients.join('、') ?? '',
      classification: doc?.classification ?? paper!.entry.classification,
      urgency: doc?.urgency ?? paper!.entry.urgency,
      status: paper ? 'registered' : 'pending',
      signer_name: doc?.signerName ?? null,
      date_key: paper ? paper.entry.receivedDate : dateOf(e.data.at),
      registered_at: paper ? paper.at : null,
      review_pending: 0,
      rendered: 0,
      sealed: doc?.pdf?.sealId ? 1 : 0,
      body_text: doc?.body ?? paper!.body,
      created_at: e.data.at,
      updated_at: at,
      position: e.position,
    };
    row.stage = INCOMING_STATUS_LABELS[row.status as keyof typeof INCOMING_STATUS_LABELS];
    await putNewRow(db, t, row, e.position);
    return;
  }
  const row = await getRow(db, t, id);
  if (!row) return;
  const previous = { ...row };
  switch (e.type) {
    case 'IncomingDocumentSignedFor':
      row.status = 'signed';
      break;
    case 'IncomingDocumentReturned':
      row.status = 'returned';
      break;
    case 'IncomingDocumentRegistered':
      row.status = 'registered';
      row.receipt_number = e.data.receiptNumber;
      row.registered_at = e.data.at;
      row.owner_id = e.data.registeredBy;
      row.date_key = e.data.entry.receivedDate;
      break;
    case 'IncomingDocumentProposed':
      row.status = 'proposed';
      break;
    case 'IncomingDocumentInstructed':
      if (row.status !== 'assigned') row.status = 'instructed';
      break;
    case 'IncomingDocumentAssigned':
      row.status = 'assigned';
      row.department_id = e.data.lead.id;
      break;
    case 'IncomingCirculationStarted':
      for (const r of e.data.readers) {
        await db.run(
          `INSERT INTO ${t('doc_circulation')} (incoming_id, round, reader_id, reader_name, unit_id, assigned_at, read_at) VALUES (?, ?, ?, ?, ?, ?, NULL)
           ON CONFLICT (incoming_id, round, reader_id) DO NOTHING`,
          [id, e.data.round, r.id, r.name, row.unit_id, e.data.at],
        );
      }
      break;
    case 'IncomingDocumentRead':
      await db.run(`UPDATE ${t('doc_circulation')} SET read_at = ? WHERE incoming_id = ? AND round = ? AND reader_id = ?`, [
        e.data.at,
        id,
        e.data.round,
        e.data.readerId,
      ]);
      break;
    case 'IncomingDocumentCompleted':
      row.status = 'completed';
      break;
    case 'DocumentArchived':
      row.status = 'archived';
      await putArchive(db, t, e);
      break;
    default:
      break;
  }
  row.stage = INCOMING_STATUS_LABELS[row.status as keyof typeof INCOMING_STATUS_LABELS] ?? String(row.status);
  row.updated_at = at;
  row.position = e.position;
  await putRegistryRow(db, t, row, previous);
}

export const documentsProjection: Projection = {
  name: 'documents',
  // 2: 综合查询 keyword index (doc_search), search keys, indexes in the result order
  version: 2,
  tables: DOCUMENT_TABLES,
  eventTypes: [...new Set<string>([...OUTGOING_EVENT_TYPES, ...INCOMING_EVENT_TYPES])],
  pipelineWrites: true,
  setup,
  async apply(db, event, t) {
    if (event.streamId.startsWith('outgoing-document-')) await applyOutgoing(db, t, event as RecordedEvent & OutgoingEvent);
    else if (event.streamId.startsWith('incoming-document-')) await applyIncoming(db, t, event as RecordedEvent & IncomingEvent);
  },
};

export function documentProjections(): Projection[] {
  return [documentsProjection];
}
