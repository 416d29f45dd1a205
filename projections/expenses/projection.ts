import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { BUDGET_LINE_EVENT_TYPES, type BudgetLineEvent } from '../../domain/expenses/budget-line.events';
import { EXPENSE_CLAIM_EVENT_TYPES, type ExpenseClaimEvent } from '../../domain/expenses/claim.events';
import { shanghaiDateOf } from '../../domain/expenses/claim.decide';
import { TRIP_APPROVED, type TripApproved } from '../../domain/expenses/trips';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 费用 read models (one projection, 'expenses'). SQL with `?` only; runs on SQLite and PostgreSQL.
 *
 * exp_trips    可报销的出差: one row per trip and person on it (traveller and each companion), from
 *              attendance's `TripApproved` (contract A, read by type name): trip_id, person_id,
 *              traveller_id, companions (JSON), destinations (JSON), start_date, end_date, purpose,
 *              transport, approved_at, claim_id (the person's claim once drafted).
 * exp_claims   费用台账, one row per claim: claim_id, unit_id, department_id, claimant_id, claimant_name,
 *              kind, title, amount, status, year, date_key (drafting date, Asia/Shanghai), trip_id,
 *              process_id, approval, submitted_at, approved_at, paid_on, payment_id, voucher_no, method,
 *              created_at, updated_at, seq (position of the drafting event: a stable order key).
 * exp_payments 支付流水, one row per payment: payment_id, claim_id, unit_id, department_id, claimant_id,
 *              kind, amount, paid_on, month ('YYYY-MM'), method, voucher_no, paid_by_name, reversed
 *              (0/1), reversal_reason, at.
 * exp_budget   预算额度, one row per line: line_id, unit_id, department_id, year, category, amount,
 *              reserved, spent, allow_overspend.
 */
export const EXPENSE_TABLES = ['exp_trips', 'exp_claims', 'exp_payments', 'exp_budget'] as const;

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const tr = t('exp_trips');
  await db.run(`CREATE TABLE IF NOT EXISTS ${tr} (
    trip_id TEXT NOT NULL, person_id TEXT NOT NULL, traveller_id TEXT NOT NULL, companions TEXT NOT NULL, destinations TEXT NOT NULL,
    start_date TEXT NOT NULL, end_date TEXT NOT NULL, purpose TEXT NOT NULL, transport TEXT NOT NULL, approved_at TEXT NOT NULL,
    claim_id TEXT, PRIMARY KEY (trip_id, person_id))`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${tr}_person ON ${tr} (person_id, start_date)`);
  const c = t('exp_claims');
  await db.run(`CREATE TABLE IF NOT EXISTS ${c} (
    claim_id TEXT PRIMARY KEY, seq BIGINT NOT NULL, unit_id TEXT NOT NULL, department_id TEXT NOT NULL, claimant_id TEXT NOT NULL,
    claimant_name TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, amount BIGINT NOT NULL, status TEXT NOT NULL, year INTEGER NOT NULL,
    date_key TEXT NOT NULL, trip_id TEXT, process_id TEXT, approval TEXT, submitted_at TEXT, approved_at TEXT, paid_on TEXT,
    payment_id TEXT, voucher_no TEXT, method TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  // ledger order: date_key DESC, seq DESC — one index per scope column, one for 'all'
  for (const [name, col] of [
    ['unit', 'unit_id'],
    ['dept', 'department_id'],
    ['owner', 'claimant_id'],
  ] as const) {
    await db.run(`CREATE INDEX IF NOT EXISTS ${c}_${name}_recent ON ${c} (${col}, date_key, seq)`);
  }
  await db.run(`CREATE INDEX IF NOT EXISTS ${c}_recent ON ${c} (date_key, seq)`);
  // the frequent filter: a category within a unit, or across the district
  await db.run(`CREATE INDEX IF NOT EXISTS ${c}_unit_kind ON ${c} (unit_id, kind, date_key, seq)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${c}_kind ON ${c} (kind, date_key, seq)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${c}_unit_year ON ${c} (unit_id, year, status, amount)`);
  const p = t('exp_payments');
  await db.run(`CREATE TABLE IF NOT EXISTS ${p} (
    payment_id TEXT PRIMARY KEY, claim_id TEXT NOT NULL, unit_id TEXT NOT NULL, department_id TEXT NOT NULL, claimant_id TEXT NOT NULL,
    kind TEXT NOT NULL, amount BIGINT NOT NULL, paid_on TEXT NOT NULL, month TEXT NOT NULL, method TEXT NOT NULL, voucher_no TEXT NOT NULL,
    paid_by_name TEXT NOT NULL, reversed INTEGER NOT NULL, reversal_reason TEXT, at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_unit_month ON ${p} (unit_id, month)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_claim ON ${p} (claim_id)`);
  const b = t('exp_budget');
  await db.run(`CREATE TABLE IF NOT EXISTS ${b} (
    line_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, department_id TEXT NOT NULL, year INTEGER NOT NULL, category TEXT NOT NULL,
    amount BIGINT NOT NULL, reserved BIGINT NOT NULL, spent BIGINT NOT NULL, allow_overspend INTEGER NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${b}_unit_year ON ${b} (unit_id, year)`);
}

async function applyTrip(db: SqlClient, t: TableNamer, e: RecordedEvent & TripApproved): Promise<void> {
  const d = e.data;
  const people = [d.personId, ...(d.companions ?? []).filter((x) => x !== d.personId)];
  for (const person of new Set(people)) {
    await db.run(
      `INSERT INTO ${t('exp_trips')} (trip_id, person_id, traveller_id, companions, destinations, start_date, end_date, purpose, transport, approved_at, claim_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (trip_id, person_id) DO UPDATE SET traveller_id = excluded.traveller_id, companions = excluded.companions,
         destinations = excluded.destinations, start_date = excluded.start_date, end_date = excluded.end_date, purpose = excluded.purpose,
         transport = excluded.transport, approved_at = excluded.approved_at`,
      [
        d.tripId,
        person,
        d.personId,
        JSON.stringify(d.companions ?? []),
        JSON.stringify(d.destinations ?? []),
        d.startDate,
        d.endDate,
        d.purpose ?? '',
        d.transport ?? '',
        e.recordedAt,
      ],
    );
  }
}

async function applyClaim(db: SqlClient, t: TableNamer, e: RecordedEvent & ExpenseClaimEvent): Promise<void> {
  const c = t('exp_claims');
  const id = e.streamId.slice('expense-claim-'.length);
  const set = (cols: Record<string, unknown>) => {
    const keys = Object.keys(cols);
    return db.run(`UPDATE ${c} SET ${keys.map((k) => `${k} = ?`).join(', ')}, updated_at = ? WHERE claim_id = ?`, [
      ...keys.map((k) => cols[k]),
      e.recordedAt,
      id,
    ]);
  };
  switch (e.type) {
    case 'ExpenseClaimDrafted': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${c} (claim_id, seq, unit_id, department_id, claimant_id, claimant_name, kind, title, amount, status, year, date_key, trip_id,
           process_id, approval, submitted_at, approved_at, paid_on, payment_id, voucher_no, method, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?)
         ON CONFLICT (claim_id) DO NOTHING`,
        [
          id,
          e.position,
          d.unitId,
          d.departmentId,
          d.claimantId,
          d.claimantName,
          d.kind,
          d.title,
          d.amount,
          d.year,
          shanghaiDateOf(d.at),
          d.trip?.tripId ?? null,
          d.at,
          e.recordedAt,
        ],
      );
      if (d.trip)
        await db.run(`UPDATE ${t('exp_trips')} SET claim_id = ? WHERE trip_id = ? AND person_id = ?`, [id, d.trip.tripId, d.claimantId]);
      return;
    }
    case 'ExpenseClaimRevised':
      await set({ title: e.data.title, amount: e.data.amount });
      return;
    case 'ExpenseInvoiceAttached':
      return;
    case 'ExpenseClaimSubmitted':
      await set({
        status: 'submitted',
        process_id: e.data.processId,
        approval: e.data.approval,
        submitted_at: e.data.at,
        amount: e.data.amount,
      });
      return;
    case 'ExpenseClaimApproved':
      await set({ status: 'approved', approved_at: e.data.at });
      return;
    case 'ExpenseClaimApprovalEnded':
      await set({ status: 'draft' });
      return;
    case 'ExpenseClaimPaid': {
      const d = e.data;
      await set({ status: 'paid', paid_on: d.paidOn, payment_id: d.paymentId, voucher_no: d.voucherNo, method: d.method });
      const row = await db.get<{ unit_id: string; department_id: string; claimant_id: string; kind: string }>(
        `SELECT unit_id, department_id, claimant_id, kind FROM ${c} WHERE claim_id = ?`,
        [id],
      );
      if (!row) return;
      await db.run(
        `INSERT INTO ${t('exp_payments')} (payment_id, claim_id, unit_id, department_id, claimant_id, kind, amount, paid_on, month, method, voucher_no,
           paid_by_name, reversed, reversal_reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?) ON CONFLICT (payment_id) DO NOTHING`,
        [
          d.paymentId,
          id,
          row.unit_id,
          row.department_id,
          row.claimant_id,
          row.kind,
          d.amount,
          d.paidOn,
          d.paidOn.slice(0, 7),
          d.method,
          d.voucherNo,
          d.paidByName,
          d.at,
        ],
      );
      return;
    }
    case 'ExpenseClaimPaymentReversed':
      await set({ status: 'approved', paid_on: null, payment_id: null, voucher_no: null, method: null });
      await db.run(`UPDATE ${t('exp_payments')} SET reversed = 1, reversal_reason = ? WHERE payment_id = ?`, [
        e.data.reason,
        e.data.paymentId,
      ]);
      return;
  }
}

async function applyBudget(db: SqlClient, t: TableNamer, e: RecordedEvent & BudgetLineEvent): Promise<void> {
  const b = t('exp_budget');
  switch (e.type) {
    case 'BudgetLineSet': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${b} (line_id, unit_id, department_id, year, category, amount, reserved, spent, allow_overspend) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)
         ON CONFLICT (line_id) DO UPDATE SET amount = excluded.amount, allow_overspend = excluded.allow_overspend`,
        [d.lineId, d.unitId, d.departmentId, d.year, d.category, d.amount, d.allowOverspend ? 1 : 0],
      );
      return;
    }
    case 'BudgetReserved':
      await db.run(`UPDATE ${b} SET reserved = reserved + ? WHERE line_id = ?`, [e.data.amount, e.data.lineId]);
      return;
    case 'BudgetReservationReleased':
      await db.run(`UPDATE ${b} SET reserved = reserved - ? WHERE line_id = ?`, [e.data.amount, e.data.lineId]);
      return;
    case 'BudgetSpent':
      await db.run(`UPDATE ${b} SET reserved = reserved - ?, spent = spent + ? WHERE line_id = ?`, [
        e.data.amount,
        e.data.amount,
        e.data.lineId,
      ]);
      return;
  }
}

const CLAIM_TYPES = new Set<string>(EXPENSE_CLAIM_EVENT_TYPES);
const BUDGET_TYPES = new Set<string>(BUDGET_LINE_EVENT_TYPES);

export function expenseProjection(): Projection {
  return {
    name: 'expenses',
    version: 2,
    tables: EXPENSE_TABLES,
    eventTypes: [TRIP_APPROVED, ...EXPENSE_CLAIM_EVENT_TYPES, ...BUDGET_LINE_EVENT_TYPES],
    setup,
    async apply(db, e, t) {
      if (e.type === TRIP_APPROVED) return applyTrip(db, t, e as RecordedEvent & TripApproved);
      if (CLAIM_TYPES.has(e.type) && e.streamId.startsWith('expense-claim-'))
        return applyClaim(db, t, e as RecordedEvent & ExpenseClaimEvent);
      if (BUDGET_TYPES.has(e.type)) return applyBudget(db, t, e as RecordedEvent & BudgetLineEvent);
    },
  };
}
