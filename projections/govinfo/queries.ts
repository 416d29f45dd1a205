import type { SqlClient } from '../engine/types';

/**
 * Queries over the 信息报送 read models.
 *   reports(db, { unitIds?, receiverUnitIds?, status?, q?, page, pageSize }) → reports submitted by / to these units
 *   calls(db, { open? }) → 约稿
 *   ranking(db, period 'YYYY-MM' | 'YYYY') → per unit: points, submitted, adopted by level (the 通报), highest first
 */
export interface ReportRow {
  id: string;
  title: string;
  unitId: string;
  submitterName: string;
  receiverUnitId: string;
  callId: string | null;
  status: string;
  levels: string[];
  points: number;
  submittedAt: string;
}

export async function reports(
  db: SqlClient,
  f: { unitIds?: string[]; receiverUnitIds?: string[]; status?: string; q?: string; page: number; pageSize: number },
): Promise<{ items: ReportRow[]; total: number }> {
  const who: string[] = [];
  const params: unknown[] = [];
  if (f.unitIds?.length) {
    who.push(`unit_id IN (${f.unitIds.map(() => '?').join(', ')})`);
    params.push(...f.unitIds);
  }
  if (f.receiverUnitIds?.length) {
    who.push(`receiver_unit_id IN (${f.receiverUnitIds.map(() => '?').join(', ')})`);
    params.push(...f.receiverUnitIds);
  }
  const where = [who.length ? `(${who.join(' OR ')})` : '1 = 0'];
  if (f.status) {
    where.push('status = ?');
    params.push(f.status);
  }
  if (f.q?.trim()) {
    where.push(`title LIKE ? ESCAPE '\\'`);
    params.push(`%${f.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const cond = where.join(' AND ');
  const total = await db.get<{ c: number | string }>(`SELECT count(*) AS c FROM gi_reports WHERE ${cond}`, params);
  const rows = await db.all<{
    id: string;
    title: string;
    unit_id: string;
    submitter_name: string;
    receiver_unit_id: string;
    call_id: string | null;
    status: string;
    levels: string;
    points: number | string;
    submitted_at: string;
  }>(
    `SELECT id, title, unit_id, submitter_name, receiver_unit_id, call_id, status, levels, points, submitted_at FROM gi_reports WHERE ${cond}
      ORDER BY submitted_at DESC, id LIMIT ? OFFSET ?`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      unitId: r.unit_id,
      submitterName: r.submitter_name,
      receiverUnitId: r.receiver_unit_id,
      callId: r.call_id,
      status: r.status,
      levels: r.levels ? r.levels.split(',') : [],
      points: Number(r.points),
      submittedAt: r.submitted_at,
    })),
    total: Number(total?.c ?? 0),
  };
}

export interface CallRow {
  id: string;
  topic: string;
  deadline: string;
  unitId: string;
  issuerName: string;
  status: string;
  reportCount: number;
  issuedAt: string;
}

export async function calls(db: SqlClient, f: { open?: boolean }): Promise<CallRow[]> {
  const rows = await db.all<{
    id: string;
    topic: string;
    deadline: string;
    unit_id: string;
    issuer_name: string;
    status: string;
    report_count: number | string;
    issued_at: string;
  }>(
    `SELECT id, topic, deadline, unit_id, issuer_name, status, report_count, issued_at FROM gi_calls ${f.open ? `WHERE status = 'open'` : ''} ORDER BY issued_at DESC LIMIT 200`,
  );
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    deadline: r.deadline,
    unitId: r.unit_id,
    issuerName: r.issuer_name,
    status: r.status,
    reportCount: Number(r.report_count),
    issuedAt: r.issued_at,
  }));
}

export interface RankingRow {
  unitId: string;
  points: number;
  submitted: number;
  district: number;
  city: number;
  endorsed: number;
}

export async function ranking(db: SqlClient, period: string): Promise<RankingRow[]> {
  const col = period.length === 4 ? 'year' : 'month';
  const rows = await db.all<{
    unit_id: string;
    points: number | string;
    submitted: number | string;
    district: number | string;
    city: number | string;
    endorsed: number | string;
  }>(
    `SELECT unit_id, sum(points) AS points,
       sum(CASE WHEN kind = 'submitted' THEN 1 ELSE 0 END) AS submitted,
       sum(CASE WHEN kind = 'district' THEN 1 ELSE 0 END) AS district,
       sum(CASE WHEN kind = 'city' THEN 1 ELSE 0 END) AS city,
       sum(CASE WHEN kind = 'endorsed' THEN 1 ELSE 0 END) AS endorsed
     FROM gi_points WHERE ${col} = ? GROUP BY unit_id ORDER BY sum(points) DESC, unit_id`,
    [period],
  );
  return rows.map((r) => ({
    unitId: r.unit_id,
    points: Number(r.points),
    submitted: Number(r.submitted),
    district: Number(r.district),
    city: Number(r.city),
    endorsed: Number(r.endorsed),
  }));
}
