import { APPLICATION_EVENT_TYPES, type ApplicationEvent } from '../../domain/attendance/application.events';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 考勤 read model (projection 'attendance'). SQL with `?` only; runs on SQLite and PostgreSQL.
 *
 * att_application  one row per application (请休假 / 国内出差 / 加班 / 补签), for 我的考勤 and the monitoring view:
 *   seq (position of the filing event), id, kind, person_id, person_name, unit_id, department_id, process_id,
 *   status 'pending'|'approved'|'rejected'|'cancelled'|'terminated', leave_type, start_date, end_date
 *   (a one-day form: both the date), days (leave), hours (overtime), summary (目的地 / 事由 / 补签时间),
 *   reason, requested_at, decided_at, actual_end_date, actual_days (销假), detail (JSON: leave startHalf/endHalf —
 *   actualEndHalf after 销假 —, trip companions/destinations, 补签 direction/time), position.
 */
export const ATTENDANCE_TABLES = ['att_application'] as const;

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const a = t('att_application');
  await db.run(`CREATE TABLE IF NOT EXISTS ${a} (
    seq BIGINT NOT NULL, id TEXT PRIMARY KEY, kind TEXT NOT NULL, person_id TEXT NOT NULL, person_name TEXT NOT NULL,
    unit_id TEXT NOT NULL, department_id TEXT NOT NULL, process_id TEXT NOT NULL, status TEXT NOT NULL,
    leave_type TEXT, start_date TEXT NOT NULL, end_date TEXT NOT NULL, days REAL, hours REAL, summary TEXT NOT NULL,
    reason TEXT NOT NULL, requested_at TEXT NOT NULL, decided_at TEXT, actual_end_date TEXT, actual_days REAL, detail TEXT NOT NULL, position BIGINT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${a}_person ON ${a} (person_id, seq)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${a}_unit ON ${a} (unit_id, seq)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${a}_dates ON ${a} (unit_id, start_date)`);
}

const INSERT = (
  a: string,
) => `INSERT INTO ${a} (seq, id, kind, person_id, person_name, unit_id, department_id, process_id, status, leave_type,
  start_date, end_date, days, hours, summary, reason, requested_at, detail, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO NOTHING`;

async function apply(db: SqlClient, e: RecordedEvent & ApplicationEvent, t: TableNamer): Promise<void> {
  const a = t('att_application');
  const common = (d: {
    applicationId: string;
    personId: string;
    personName: string;
    unitId: string;
    departmentId: string;
    processId: string;
  }) => [e.position, d.applicationId];
  switch (e.type) {
    case 'LeaveRequested': {
      const d = e.data;
      const half = (h: string, first: boolean) => (h === 'am' ? (first ? '上午' : '中午') : first ? '下午' : '下班');
      const summary = `${d.startDate} ${half(d.startHalf, true)} 至 ${d.endDate} ${half(d.endHalf, false)}`;
      await db.run(INSERT(a), [
        ...common(d),
        'leave',
        d.personId,
        d.personName,
        d.unitId,
        d.departmentId,
        d.processId,
        d.leaveType,
        d.startDate,
        d.endDate,
        d.days,
        null,
        summary,
        d.reason,
        d.at,
        JSON.stringify({ startHalf: d.startHalf, endHalf: d.endHalf }),
        e.position,
      ]);
      return;
    }
    case 'TripRequested': {
      const d = e.data;
      await db.run(INSERT(a), [
        ...common(d),
        'trip',
        d.personId,
        d.personName,
        d.unitId,
        d.departmentId,
        d.processId,
        null,
        d.startDate,
        d.endDate,
        null,
        null,
        `${d.destinations.join('、')}（${d.transport}）`,
        d.purpose,
        d.at,
        JSON.stringify({ companions: d.companions, destinations: d.destinations }),
        e.position,
      ]);
      return;
    }
    case 'OvertimeRequested': {
      const d = e.data;
      await db.run(INSERT(a), [
        ...common(d),
        'overtime',
        d.personId,
        d.personName,
        d.unitId,
        d.departmentId,
        d.processId,
        null,
        d.date,
        d.date,
        null,
        d.hours,
        `${d.hours} 小时`,
        d.reason,
        d.at,
        '{}',
        e.position,
      ]);
      return;
    }
    case 'CorrectionRequested': {
      const d = e.data;
      await db.run(INSERT(a), [
        ...common(d),
        'correction',
        d.personId,
        d.personName,
        d.unitId,
        d.departmentId,
        d.processId,
        null,
        d.date,
        d.date,
        null,
        null,
        `${d.direction === 'in' ? '上班' : '下班'} ${d.time}`,
        d.reason,
        d.at,
        JSON.stringify({ direction: d.direction, time: d.time }),
        e.position,
      ]);
      return;
    }
    case 'LeaveApproved':
    case 'OvertimeApproved':
    case 'CorrectionApproved':
      await db.run(`UPDATE ${a} SET status = 'approved', decided_at = ?, position = ? WHERE id = ?`, [
        e.metadata.occurredAt ?? e.recordedAt,
        e.position,
        e.data.applicationId,
      ]);
      return;
    case 'TripApproved':
      await db.run(`UPDATE ${a} SET status = 'approved', decided_at = ?, position = ? WHERE id = ?`, [
        e.metadata.occurredAt ?? e.recordedAt,
        e.position,
        e.data.tripId,
      ]);
      return;
    case 'ApplicationClosed':
      await db.run(`UPDATE ${a} SET status = ?, decided_at = ?, position = ? WHERE id = ?`, [
        e.data.outcome,
        e.data.at,
        e.position,
        e.data.applicationId,
      ]);
      return;
    case 'LeaveReportedBack':
      {
        const row = await db.get<{ detail: string }>(`SELECT detail FROM ${a} WHERE id = ?`, [e.data.applicationId]);
        const detail = { ...(row ? (JSON.parse(row.detail) as object) : {}), actualEndHalf: e.data.actualEndHalf };
        await db.run(`UPDATE ${a} SET actual_end_date = ?, actual_days = ?, detail = ?, position = ? WHERE id = ?`, [
          e.data.actualEndDate,
          e.data.days,
          JSON.stringify(detail),
          e.position,
          e.data.applicationId,
        ]);
      }
      return;
  }
}

export const attendanceProjection: Projection = {
  name: 'attendance',
  version: 2, // 2: detail (half-day marks, companions, 补签 time) for the monthly statement
  tables: ATTENDANCE_TABLES,
  eventTypes: [...APPLICATION_EVENT_TYPES],
  pipelineWrites: true,
  setup,
  apply: (db, e, t) => apply(db, e as RecordedEvent & ApplicationEvent, t),
};

export function attendanceProjections(): Projection[] {
  return [attendanceProjection];
}
