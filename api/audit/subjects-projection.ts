import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { Projection, SqlClient, TableNamer } from '../../projections/engine/types';

/**
 * 审计对象索引: the things an auditor can pick (a 发文, a 收文, a process, a user, a unit, a department, a
 * process definition, or any module's aggregate whose events carry a title or a name), with the label and
 * number to search them by, and — for a process started about a business object — the stream of that
 * object, so that a document's timeline holds its approval processes too. Filled from the events only.
 */
export const AUDIT_SUBJECTS = 'audit_subjects';

/** Streams that are not business objects: never offered as a subject. */
const SKIP = /^(security-log-|\$|username-|doc-number-|archive-item-|incoming-receipt-|idempotency-)/;

export const SUBJECT_KIND_LABELS: Record<string, string> = {
  'outgoing-document': '发文',
  'incoming-document': '收文',
  process: '审批流程',
  'process-definition': '流程定义',
  user: '用户',
  unit: '单位',
  department: '部门',
  role: '角色',
};

/** The kind of a stream: its id without the trailing identifier (`outgoing-document-<uuid>` → `outgoing-document`). */
export function subjectKind(streamId: string): string {
  for (const k of Object.keys(SUBJECT_KIND_LABELS).sort((a, b) => b.length - a.length)) if (streamId.startsWith(`${k}-`)) return k;
  const m = /^(.*?)-(?:[0-9a-f]{8}-[0-9a-f-]{27,}|[0-9a-z]+)$/i.exec(streamId);
  return m ? m[1]! : streamId;
}

const str = (x: unknown): string | null => (typeof x === 'string' && x.trim() ? x.trim().slice(0, 300) : null);

/** Label, number and parent of a stream as far as this event tells (null: this event says nothing). */
export function subjectFacts(e: Pick<RecordedEvent, 'streamId' | 'type' | 'data'>): {
  label: string | null;
  number: string | null;
  parent: string | null;
} {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const elements = (d.elements ?? d.changes ?? d.document) as Record<string, unknown> | undefined;
  const inner = (elements && typeof elements === 'object' ? ((elements as { elements?: unknown }).elements ?? elements) : {}) as Record<
    string,
    unknown
  >;
  const label = str(d.title) ?? str(inner.title) ?? str(d.name);
  const number = str(d.docNumber) ?? str(d.receiptNumber) ?? (e.type === 'UserHired' ? str(d.username) : null) ?? str(d.number);
  let parent: string | null = null;
  const subject = d.subject as { type?: unknown; id?: unknown } | null | undefined;
  if (e.type === 'ProcessStarted' && subject && typeof subject.type === 'string' && typeof subject.id === 'string') {
    parent = `${subject.type}-${subject.id}`;
  }
  return { label, number, parent };
}

export const auditSubjectsProjection: Projection = {
  name: 'audit_subjects',
  version: 1,
  tables: [AUDIT_SUBJECTS],
  async setup(db: SqlClient, t: TableNamer) {
    const tbl = t(AUDIT_SUBJECTS);
    await db.run(`CREATE TABLE IF NOT EXISTS ${tbl} (
      stream_id TEXT PRIMARY KEY, kind TEXT NOT NULL, label TEXT, number TEXT, parent_stream TEXT,
      events BIGINT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_parent ON ${tbl} (parent_stream)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_kind ON ${tbl} (kind, last_at)`);
  },
  async apply(db: SqlClient, e: RecordedEvent, t: TableNamer) {
    if (SKIP.test(e.streamId)) return;
    const tbl = t(AUDIT_SUBJECTS);
    const f = subjectFacts(e);
    await db.run(
      `INSERT INTO ${tbl} (stream_id, kind, label, number, parent_stream, events, first_at, last_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET events = ${tbl}.events + 1, last_at = excluded.last_at,
         label = COALESCE(excluded.label, ${tbl}.label), number = COALESCE(excluded.number, ${tbl}.number),
         parent_stream = COALESCE(excluded.parent_stream, ${tbl}.parent_stream)`,
      [e.streamId, subjectKind(e.streamId), f.label, f.number, f.parent, e.recordedAt, e.recordedAt],
    );
  },
};

export interface SubjectRow {
  streamId: string;
  kind: string;
  kindLabel: string;
  label: string | null;
  number: string | null;
  parentStream: string | null;
  events: number;
  firstAt: string;
  lastAt: string;
}

type Raw = {
  stream_id: string;
  kind: string;
  label: string | null;
  number: string | null;
  parent_stream: string | null;
  events: number | string;
  first_at: string;
  last_at: string;
};
const row = (r: Raw): SubjectRow => ({
  streamId: r.stream_id,
  kind: r.kind,
  kindLabel: SUBJECT_KIND_LABELS[r.kind] ?? r.kind,
  label: r.label,
  number: r.number,
  parentStream: r.parent_stream,
  events: Number(r.events),
  firstAt: r.first_at,
  lastAt: r.last_at,
});

/** Subjects whose title/name/number contains `q` (or whose stream id is `q`), newest activity first. */
export async function searchSubjects(
  db: SqlClient,
  q: { text?: string; kind?: string },
  limit: number,
  offset: number,
): Promise<{ items: SubjectRow[]; total: number }> {
  const where: string[] = ['label IS NOT NULL'];
  const params: unknown[] = [];
  if (q.text) {
    const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(label LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\' OR stream_id = ?)`);
    params.push(like, like, q.text);
  }
  if (q.kind) {
    where.push('kind = ?');
    params.push(q.kind);
  }
  const w = `WHERE ${where.join(' AND ')}`;
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${AUDIT_SUBJECTS} ${w}`, params);
  const rows = await db.all<Raw>(`SELECT * FROM ${AUDIT_SUBJECTS} ${w} ORDER BY last_at DESC, stream_id LIMIT ? OFFSET ?`, [
    ...params,
    limit,
    offset,
  ]);
  return { items: rows.map(row), total: Number(total?.n ?? 0) };
}

export async function subjectOf(db: SqlClient, streamId: string): Promise<SubjectRow | null> {
  const r = await db.get<Raw>(`SELECT * FROM ${AUDIT_SUBJECTS} WHERE stream_id = ?`, [streamId]);
  return r ? row(r) : null;
}

/** The streams below a subject (the processes started about it), oldest first. */
export async function childStreams(db: SqlClient, streamId: string): Promise<SubjectRow[]> {
  const rows = await db.all<Raw>(`SELECT * FROM ${AUDIT_SUBJECTS} WHERE parent_stream = ? ORDER BY first_at, stream_id`, [streamId]);
  return rows.map(row);
}
