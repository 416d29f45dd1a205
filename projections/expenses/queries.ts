import type { DataScope } from '../../domain/org/permissions';
import type { SqlClient } from '../engine/types';

/** Which rows a reader may see (domain/expenses/visibility.ts decides the scope; the route resolves it). */
export interface LedgerScope {
  scope: DataScope;
  userId: string;
  unitId: string | null;
  /** The reader's department, or its subtree for department_tree. */
  departmentIds: string[];
}

export interface LedgerFilter {
  unitId?: string;
  departmentId?: string;
  claimantId?: string;
  kind?: string;
  status?: string;
  /** date_key range (drafting date), 'YYYY-MM-DD' inclusive */
  from?: string;
  to?: string;
  year?: number;
  minAmount?: number;
  maxAmount?: number;
  /** 事由 or 报销人 contains */
  q?: string;
}

export interface LedgerRow {
  claimId: string;
  unitId: string;
  departmentId: string;
  claimantId: string;
  claimantName: string;
  kind: string;
  title: string;
  amount: number;
  status: string;
  year: number;
  date: string;
  tripId: string | null;
  approval: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  paidOn: string | null;
  voucherNo: string | null;
  method: string | null;
}

type Row = Record<string, unknown>;
const T = (n: string) => n;

function where(filter: LedgerFilter, scope: LedgerScope): { sql: string; params: unknown[] } {
  const w: string[] = [];
  const params: unknown[] = [];
  switch (scope.scope) {
    case 'all':
      break;
    case 'unit':
      w.push('unit_id = ?');
      params.push(scope.unitId ?? '\u0000');
      break;
    case 'department':
    case 'department_tree': {
      const ids = scope.departmentIds.length ? scope.departmentIds : ['\u0000'];
      // a claim carries its claimant's department, so the reader's own claims are among these (an OR on
      // claimant_id would keep the index from being used: a full scan of the ledger)
      w.push(`department_id IN (${ids.map(() => '?').join(', ')})`);
      params.push(...ids);
      break;
    }
    case 'self':
      w.push('claimant_id = ?');
      params.push(scope.userId);
      break;
  }
  const eq = (col: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return;
    w.push(`${col} = ?`);
    params.push(v);
  };
  eq('unit_id', filter.unitId);
  eq('department_id', filter.departmentId);
  eq('claimant_id', filter.claimantId);
  eq('kind', filter.kind);
  eq('status', filter.status);
  eq('year', filter.year);
  if (filter.from) {
    w.push('date_key >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    w.push('date_key <= ?');
    params.push(filter.to);
  }
  if (filter.minAmount !== undefined) {
    w.push('amount >= ?');
    params.push(filter.minAmount);
  }
  if (filter.maxAmount !== undefined) {
    w.push('amount <= ?');
    params.push(filter.maxAmount);
  }
  if (filter.q) {
    w.push('(title LIKE ? OR claimant_name LIKE ?)');
    const like = `%${filter.q.replace(/[%_]/g, '')}%`;
    params.push(like, like);
  }
  return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', params };
}

const toRow = (r: Row): LedgerRow => ({
  claimId: r.claim_id as string,
  unitId: r.unit_id as string,
  departmentId: r.department_id as string,
  claimantId: r.claimant_id as string,
  claimantName: r.claimant_name as string,
  kind: r.kind as string,
  title: r.title as string,
  amount: Number(r.amount),
  status: r.status as string,
  year: Number(r.year),
  date: r.date_key as string,
  tripId: (r.trip_id as string | null) ?? null,
  approval: (r.approval as string | null) ?? null,
  submittedAt: (r.submitted_at as string | null) ?? null,
  approvedAt: (r.approved_at as string | null) ?? null,
  paidOn: (r.paid_on as string | null) ?? null,
  voucherNo: (r.voucher_no as string | null) ?? null,
  method: (r.method as string | null) ?? null,
});

const COLS =
  'claim_id, seq, unit_id, department_id, claimant_id, claimant_name, kind, title, amount, status, year, date_key, trip_id, approval, submitted_at, approved_at, paid_on, voucher_no, method';

export interface LedgerTotals {
  count: number;
  amount: number;
  paid: number;
  approved: number;
  submitted: number;
}

/** Counting stops here: the page says "10,000+" (the exact figures are ledgerTotals'). */
export const LEDGER_COUNT_CAP = 10_000;

/** 费用台账: one page (newest first) with the total count (capped at LEDGER_COUNT_CAP). */
export async function ledgerPage(
  db: SqlClient,
  filter: LedgerFilter,
  scope: LedgerScope,
  page: { limit: number; offset: number },
  t: (n: string) => string = T,
): Promise<{ items: LedgerRow[]; total: number; totalCapped: boolean }> {
  const { sql, params } = where(filter, scope);
  const table = t('exp_claims');
  const rows = await db.all<Row>(`SELECT ${COLS} FROM ${table} ${sql} ORDER BY date_key DESC, seq DESC LIMIT ? OFFSET ?`, [
    ...params,
    page.limit,
    page.offset,
  ]);
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table} ${sql} LIMIT ?) x`, [
    ...params,
    LEDGER_COUNT_CAP + 1,
  ]);
  const n = Number(total?.n ?? 0);
  return { items: rows.map(toRow), total: Math.min(n, LEDGER_COUNT_CAP), totalCapped: n > LEDGER_COUNT_CAP };
}

/** 合计: count and amounts by status over the filtered rows. */
export async function ledgerTotals(
  db: SqlClient,
  filter: LedgerFilter,
  scope: LedgerScope,
  t: (n: string) => string = T,
): Promise<LedgerTotals> {
  const { sql, params } = where(filter, scope);
  const r = await db.get<Row>(
    `SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount,
       COALESCE(SUM(CASE WHEN status = 'paid' THEN amount ELSE 0 END), 0) AS paid,
       COALESCE(SUM(CASE WHEN status = 'approved' THEN amount ELSE 0 END), 0) AS approved,
       COALESCE(SUM(CASE WHEN status = 'submitted' THEN amount ELSE 0 END), 0) AS submitted
     FROM ${t('exp_claims')} ${sql}`,
    params,
  );
  return {
    count: Number(r?.n ?? 0),
    amount: Number(r?.amount ?? 0),
    paid: Number(r?.paid ?? 0),
    approved: Number(r?.approved ?? 0),
    submitted: Number(r?.submitted ?? 0),
  };
}

/**
 * Every filtered row, newest first, in chunks (keyset on date_key, seq): the streamed Excel export reads
 * it without holding the result in memory.
 */
export async function* ledgerRows(
  db: SqlClient,
  filter: LedgerFilter,
  scope: LedgerScope,
  chunk = 2000,
  t: (n: string) => string = T,
): AsyncGenerator<LedgerRow[]> {
  const { sql, params } = where(filter, scope);
  const table = t('exp_claims');
  let after: { date: string; seq: number } | null = null;
  for (;;) {
    const keyset: string = after ? `${sql ? `${sql} AND` : 'WHERE'} (date_key < ? OR (date_key = ? AND seq < ?))` : sql;
    const ps: unknown[] = after ? [...params, after.date, after.date, after.seq] : params;
    const rows: Row[] = await db.all<Row>(`SELECT ${COLS} FROM ${table} ${keyset} ORDER BY date_key DESC, seq DESC LIMIT ?`, [
      ...ps,
      chunk,
    ]);
    if (!rows.length) return;
    yield rows.map(toRow);
    if (rows.length < chunk) return;
    const last: Row = rows[rows.length - 1];
    after = { date: last.date_key as string, seq: Number(last.seq) };
  }
}

export interface ClaimableTrip {
  tripId: string;
  travellerId: string;
  companions: string[];
  destinations: string[];
  startDate: string;
  endDate: string;
  purpose: string;
  transport: string;
  claimId: string | null;
}

const toTrip = (r: Row): ClaimableTrip => ({
  tripId: r.trip_id as string,
  travellerId: r.traveller_id as string,
  companions: JSON.parse(r.companions as string) as string[],
  destinations: JSON.parse(r.destinations as string) as string[],
  startDate: r.start_date as string,
  endDate: r.end_date as string,
  purpose: r.purpose as string,
  transport: r.transport as string,
  claimId: (r.claim_id as string | null) ?? null,
});

/** The approved trips a person is on (traveller or companion), newest first; `claimId` once claimed. */
export async function tripsOf(db: SqlClient, personId: string, limit = 100, t: (n: string) => string = T): Promise<ClaimableTrip[]> {
  const rows = await db.all<Row>(`SELECT * FROM ${t('exp_trips')} WHERE person_id = ? ORDER BY start_date DESC LIMIT ?`, [personId, limit]);
  return rows.map(toTrip);
}

export async function tripOf(db: SqlClient, tripId: string, personId: string, t: (n: string) => string = T): Promise<ClaimableTrip | null> {
  const r = await db.get<Row>(`SELECT * FROM ${t('exp_trips')} WHERE trip_id = ? AND person_id = ?`, [tripId, personId]);
  return r ? toTrip(r) : null;
}

export interface BudgetRow {
  lineId: string;
  unitId: string;
  departmentId: string;
  year: number;
  category: string;
  amount: number;
  reserved: number;
  spent: number;
  remaining: number;
  allowOverspend: boolean;
}

/** 预算额度 of a year, within the reader's scope (units / departments). */
export async function budgetLines(
  db: SqlClient,
  year: number,
  scope: LedgerScope,
  filter: { unitId?: string; departmentId?: string; category?: string } = {},
  t: (n: string) => string = T,
): Promise<BudgetRow[]> {
  const w = ['year = ?'];
  const ps: unknown[] = [year];
  if (scope.scope === 'unit') {
    w.push('unit_id = ?');
    ps.push(scope.unitId ?? '\u0000');
  } else if (scope.scope !== 'all') {
    const ids = scope.departmentIds.length ? scope.departmentIds : ['\u0000'];
    w.push(`department_id IN (${ids.map(() => '?').join(', ')})`);
    ps.push(...ids);
  }
  for (const [col, v] of [
    ['unit_id', filter.unitId],
    ['department_id', filter.departmentId],
    ['category', filter.category],
  ] as const) {
    if (v) {
      w.push(`${col} = ?`);
      ps.push(v);
    }
  }
  const rows = await db.all<Row>(`SELECT * FROM ${t('exp_budget')} WHERE ${w.join(' AND ')} ORDER BY unit_id, department_id, category`, ps);
  return rows.map((r) => ({
    lineId: r.line_id as string,
    unitId: r.unit_id as string,
    departmentId: r.department_id as string,
    year: Number(r.year),
    category: r.category as string,
    amount: Number(r.amount),
    reserved: Number(r.reserved),
    spent: Number(r.spent),
    remaining: Number(r.amount) - Number(r.reserved) - Number(r.spent),
    allowOverspend: Number(r.allow_overspend) === 1,
  }));
}

export interface PaymentStatRow {
  unitId: string;
  category: string;
  month: string;
  paid: number;
  count: number;
}

/** 资金支付统计表: payments (not reversed) by unit, category and month of a year, within the scope. */
export async function paymentStats(
  db: SqlClient,
  year: number,
  scope: LedgerScope,
  t: (n: string) => string = T,
): Promise<PaymentStatRow[]> {
  const w = ['reversed = 0', 'month >= ?', 'month <= ?'];
  const ps: unknown[] = [`${year}-01`, `${year}-12`];
  if (scope.scope === 'unit') {
    w.push('unit_id = ?');
    ps.push(scope.unitId ?? '\u0000');
  } else if (scope.scope === 'self') {
    w.push('claimant_id = ?');
    ps.push(scope.userId);
  } else if (scope.scope !== 'all') {
    const ids = scope.departmentIds.length ? scope.departmentIds : ['\u0000'];
    w.push(`department_id IN (${ids.map(() => '?').join(', ')})`);
    ps.push(...ids);
  }
  const rows = await db.all<Row>(
    `SELECT unit_id, kind, month, SUM(amount) AS paid, COUNT(*) AS n FROM ${t('exp_payments')} WHERE ${w.join(' AND ')}
     GROUP BY unit_id, kind, month ORDER BY unit_id, kind, month`,
    ps,
  );
  return rows.map((r) => ({
    unitId: r.unit_id as string,
    category: r.kind as string,
    month: r.month as string,
    paid: Number(r.paid),
    count: Number(r.n),
  }));
}
