import {
  ABROAD_APPLICATION_EVENT_TYPES,
  ABROAD_SUBJECT_TYPE,
  PASSPORT_EVENT_TYPES,
  type AbroadApplicationEvent,
  type PassportEvent,
} from '../../domain/abroad';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 出国境 read models (one projection, 'abroad'). SQL with `?` only; runs on SQLite and PostgreSQL.
 *
 * abroad_application  one row per application (申请列表, 监控): id, entry, applicant_id/name, unit_id,
 *   department_id, rank, destinations (joined), destination_type, depart_date, return_date, days,
 *   status, process_id, submitted_at, decided_at, approvers (JSON: who approves each level), position
 * abroad_process      one row per 出国境 approval process: process_id, current_step (the node it waits
 *   at, '' when ended) — "where it waits", from the workflow's NodeActivated / process end events
 * abroad_passport     证照台账, one row per 证照: where it is now — status in_custody | checked_out,
 *   keeper, the open 领用 (application_id, due_back), overdue (a reminder was recorded), returned_at
 * abroad_custody      every custody event of every 证照 (its history): passport_id, seq, action, at,
 *   actor_id, application_id, note
 */
export const ABROAD_TABLES = ['abroad_application', 'abroad_process', 'abroad_passport', 'abroad_custody'] as const;

const PROCESS_EVENTS = ['ProcessStarted', 'NodeActivated', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'];

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const a = t('abroad_application');
  const pr = t('abroad_process');
  const p = t('abroad_passport');
  const c = t('abroad_custody');
  await db.run(`CREATE TABLE IF NOT EXISTS ${a} (
    id TEXT PRIMARY KEY, entry TEXT NOT NULL, applicant_id TEXT NOT NULL, applicant_name TEXT NOT NULL, unit_id TEXT NOT NULL,
    department_id TEXT NOT NULL, rank TEXT NOT NULL, destinations TEXT NOT NULL, destination_type TEXT NOT NULL,
    depart_date TEXT NOT NULL, return_date TEXT NOT NULL, days INTEGER NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL,
    process_id TEXT NOT NULL, submitted_at TEXT NOT NULL, decided_at TEXT, approvers TEXT NOT NULL, position BIGINT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${a}_unit ON ${a} (unit_id, submitted_at)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${a}_applicant ON ${a} (applicant_id, submitted_at)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${a}_submitted ON ${a} (submitted_at)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${a}_process ON ${a} (process_id)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${pr} (process_id TEXT PRIMARY KEY, current_step TEXT NOT NULL)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${p} (
    id TEXT PRIMARY KEY, holder_id TEXT NOT NULL, holder_name TEXT NOT NULL, unit_id TEXT NOT NULL, department_id TEXT NOT NULL,
    doc_type TEXT NOT NULL, number TEXT NOT NULL, valid_until TEXT NOT NULL, keeper_id TEXT NOT NULL, keeper_name TEXT NOT NULL,
    status TEXT NOT NULL, application_id TEXT, checked_out_at TEXT, due_back TEXT, overdue INTEGER NOT NULL,
    returned_at TEXT, registered_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_unit ON ${p} (unit_id, holder_name)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_holder ON ${p} (holder_id)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${c} (
    passport_id TEXT NOT NULL, seq BIGINT NOT NULL, action TEXT NOT NULL, at TEXT NOT NULL, actor_id TEXT NOT NULL,
    application_id TEXT, note TEXT NOT NULL, PRIMARY KEY (passport_id, seq))`);
}

async function apply(db: SqlClient, e: RecordedEvent, t: TableNamer): Promise<void> {
  if ((PASSPORT_EVENT_TYPES as readonly string[]).includes(e.type)) return applyPassport(db, e as RecordedEvent & PassportEvent, t);
  if ((ABROAD_APPLICATION_EVENT_TYPES as readonly string[]).includes(e.type))
    return applyApplication(db, e as RecordedEvent & AbroadApplicationEvent, t);
  return applyProcess(db, e, t);
}

async function applyApplication(db: SqlClient, e: RecordedEvent & AbroadApplicationEvent, t: TableNamer): Promise<void> {
  const a = t('abroad_application');
  switch (e.type) {
    case 'AbroadApplicationSubmitted': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${a} (id, entry, applicant_id, applicant_name, unit_id, department_id, rank, destinations, destination_type,
           depart_date, return_date, days, reason, status, process_id, submitted_at, decided_at, approvers, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in_review', ?, ?, NULL, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [
          d.applicationId,
          d.entry,
          d.applicant.userId,
          d.applicant.name,
          d.applicant.unitId,
          d.applicant.departmentId,
          d.applicant.rank,
          d.itinerary.map((x) => x.region).join('、'),
          d.destinationType,
          d.departDate,
          d.returnDate,
          d.days,
          d.reason,
          d.processId,
          d.at,
          JSON.stringify(d.approvers),
          e.position,
        ],
      );
      return;
    }
    case 'AbroadApplicationApproved':
      await db.run(`UPDATE ${a} SET status = 'approved', decided_at = ? WHERE id = ?`, [e.data.at, e.data.applicationId]);
      return;
    case 'AbroadApplicationEnded':
      await db.run(`UPDATE ${a} SET status = ?, decided_at = ? WHERE id = ?`, [e.data.outcome, e.data.at, e.data.applicationId]);
      return;
  }
}

async function applyProcess(db: SqlClient, e: RecordedEvent, t: TableNamer): Promise<void> {
  const pr = t('abroad_process');
  const processId = e.streamId.startsWith('process-') ? e.streamId.slice('process-'.length) : e.streamId;
  if (e.type === 'ProcessStarted') {
    const subject = (e.data as { subject?: { type: string } | null }).subject;
    if (subject?.type !== ABROAD_SUBJECT_TYPE) return;
    await db.run(`INSERT INTO ${pr} (process_id, current_step) VALUES (?, '') ON CONFLICT (process_id) DO NOTHING`, [processId]);
    return;
  }
  if (e.type === 'NodeActivated') {
    const d = e.data as { nodeName: string; kind: string };
    if (d.kind === 'condition' || d.kind === 'end' || d.kind === 'start') return;
    await db.run(`UPDATE ${pr} SET current_step = ? WHERE process_id = ?`, [d.nodeName, processId]);
    return;
  }
  await db.run(`UPDATE ${pr} SET current_step = '' WHERE process_id = ?`, [processId]);
}

const ACTION: Record<PassportEvent['type'], string> = {
  PassportRegistered: '登记保管',
  PassportCheckedOut: '领用',
  PassportReturned: '归还',
  PassportReturnOverdue: '逾期提醒',
};

async function applyPassport(db: SqlClient, e: RecordedEvent & PassportEvent, t: TableNamer): Promise<void> {
  const p = t('abroad_passport');
  const c = t('abroad_custody');
  let note = '';
  let applicationId: string | null = null;
  switch (e.type) {
    case 'PassportRegistered': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${p} (id, holder_id, holder_name, unit_id, department_id, doc_type, number, valid_until, keeper_id, keeper_name,
           status, application_id, checked_out_at, due_back, overdue, returned_at, registered_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in_custody', NULL, NULL, NULL, 0, NULL, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [
          d.passportId,
          d.holderId,
          d.holderName,
          d.unitId,
          d.departmentId,
          d.docType,
          d.number,
          d.validUntil,
          d.keeperId,
          d.keeperName,
          d.at,
          d.at,
        ],
      );
      note = `保管人 ${d.keeperName}`;
      break;
    }
    case 'PassportCheckedOut':
      applicationId = e.data.applicationId;
      note = `应于 ${e.data.dueBack} 前归还`;
      await db.run(
        `UPDATE ${p} SET status = 'checked_out', application_id = ?, checked_out_at = ?, due_back = ?, overdue = 0, returned_at = NULL,
           keeper_id = ?, updated_at = ? WHERE id = ?`,
        [e.data.applicationId, e.data.at, e.data.dueBack, e.data.keeperId, e.data.at, e.data.passportId],
      );
      break;
    case 'PassportReturned':
      applicationId = e.data.applicationId;
      note = e.data.daysLate > 0 ? `逾期 ${e.data.daysLate} 天归还` : '按期归还';
      await db.run(
        `UPDATE ${p} SET status = 'in_custody', application_id = NULL, due_back = NULL, overdue = 0, returned_at = ?, keeper_id = ?,
           updated_at = ? WHERE id = ?`,
        [e.data.at, e.data.keeperId, e.data.at, e.data.passportId],
      );
      break;
    case 'PassportReturnOverdue':
      applicationId = e.data.applicationId;
      note = `提醒 ${e.data.remind.join('、')}`;
      await db.run(`UPDATE ${p} SET overdue = 1, updated_at = ? WHERE id = ?`, [e.data.at, e.data.passportId]);
      break;
  }
  const d = e.data as { passportId: string; at: string };
  await db.run(
    `INSERT INTO ${c} (passport_id, seq, action, at, actor_id, application_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (passport_id, seq) DO NOTHING`,
    [d.passportId, e.position, ACTION[e.type], d.at, e.metadata.actorId ?? 'system', applicationId, note],
  );
}

export const abroadProjection: Projection = {
  name: 'abroad',
  version: 1,
  tables: ABROAD_TABLES,
  eventTypes: [...ABROAD_APPLICATION_EVENT_TYPES, ...PASSPORT_EVENT_TYPES, ...PROCESS_EVENTS],
  setup,
  apply,
};
