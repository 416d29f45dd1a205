import { bookValueAt, type ValueSegment } from '../../domain/assets';
import type { SqlClient } from '../engine/types';

/**
 * Queries over the 资产 read models (projection.ts). Every query takes the caller's scope: the units it
 * may read (asset.admin: its unit; 'all': every unit) and, for staff, only the assets in their custody.
 */
export interface AssetScope {
  /** null: every unit. */
  unitIds: string[] | null;
  /** When set: only assets of these departments (department-scoped readers). */
  departmentIds?: string[] | null;
  /** When set: only assets held or borrowed by this user (scope 'self'). */
  userId?: string | null;
}

export interface AssetFilter {
  q?: string;
  assetNo?: string;
  name?: string;
  specification?: string;
  categoryCode?: string;
  /** valid = on the books (not disposed); disposed = 已退出; in_transit = 在途; or a status */
  status?: 'valid' | 'disposed' | 'in_transit' | 'in_stock' | 'in_use' | 'lent';
  unitId?: string;
  departmentId?: string;
  custodianId?: string;
  location?: string;
  /** acquisition date range 'YYYY-MM-DD' */
  from?: string;
  to?: string;
}

export interface AssetRow {
  id: string;
  asset_no: string;
  unit_id: string;
  department_id: string | null;
  custodian_id: string | null;
  category_code: string;
  category_name: string;
  life_months: number;
  name: string;
  specification: string;
  serial_number: string;
  quantity: number;
  measure_unit: string;
  original_value: number;
  acquisition_date: string;
  funding_source: string;
  supplier: string;
  warranty_end: string;
  location: string;
  status: string;
  in_transit: number;
  transfer_id: string | null;
  disposal_id: string | null;
  disposed_on: string | null;
  borrower_id: string | null;
  loan_due: string | null;
  segments: string;
  source_type: string;
  registered_at: string;
}

function where(scope: AssetScope, f: AssetFilter, dialect: SqlClient['dialect']): { sql: string; params: unknown[] } {
  const w: string[] = [];
  const p: unknown[] = [];
  const inList = (col: string, xs: string[]) => {
    if (xs.length === 0) w.push('1 = 0');
    else {
      w.push(`${col} IN (${xs.map(() => '?').join(', ')})`);
      p.push(...xs);
    }
  };
  if (scope.unitIds) inList('unit_id', scope.unitIds);
  if (scope.departmentIds) inList('department_id', scope.departmentIds);
  if (scope.userId) {
    w.push('(custodian_id = ? OR borrower_id = ?)');
    p.push(scope.userId, scope.userId);
  }
  const like = (col: string, v: string | undefined) => {
    if (!v) return;
    w.push(`${col} LIKE ?`);
    p.push(`%${v.toLowerCase().replace(/[%_]/g, '')}%`);
  };
  like('search_text', f.q);
  like('LOWER(name)', f.name);
  like('LOWER(specification)', f.specification);
  like('LOWER(location)', f.location);
  if (f.assetNo) {
    const prefix = f.assetNo.toUpperCase().replace(/[%_]/g, '');
    w.push('asset_no LIKE ?');
    p.push(`${prefix}%`);
    // SQLite compares text bytewise: the prefix as a range lets the index on asset_no narrow the rows
    // (LIKE alone is case-insensitive, so it never uses the index). The LIKE stays: same rows.
    if (dialect === 'sqlite' && prefix) {
      w.push('asset_no >= ? AND asset_no < ?');
      p.push(prefix, `${prefix}\uffff`);
    }
  }
  const eq = (col: string, v: string | undefined) => {
    if (!v) return;
    w.push(`${col} = ?`);
    p.push(v);
  };
  eq('category_code', f.categoryCode);
  eq('unit_id', f.unitId);
  eq('department_id', f.departmentId);
  eq('custodian_id', f.custodianId);
  if (f.status === 'valid') w.push(`status <> 'disposed'`);
  else if (f.status === 'in_transit') w.push('in_transit = 1');
  else eq('status', f.status);
  if (f.from) {
    w.push('acquisition_date >= ?');
    p.push(f.from);
  }
  if (f.to) {
    w.push('acquisition_date <= ?');
    p.push(f.to);
  }
  return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', params: p };
}

/** The list query's WHERE (for EXPLAIN QUERY PLAN in bench/assets.ts). */
export function searchWhere(scope: AssetScope, f: AssetFilter, dialect: SqlClient['dialect']) {
  return where(scope, f, dialect);
}

export async function searchAssets(db: SqlClient, scope: AssetScope, f: AssetFilter, page: { offset: number; limit: number }) {
  const { sql, params } = where(scope, f, db.dialect);
  const items = await db.all<AssetRow>(`SELECT * FROM asset_register ${sql} ORDER BY asset_no LIMIT ? OFFSET ?`, [
    ...params,
    page.limit,
    page.offset,
  ]);
  // A page that is not full and not past the end is the last one: the total is known without counting.
  if (items.length < page.limit && (items.length > 0 || page.offset === 0)) return { items, total: page.offset + items.length };
  const total = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM asset_register ${sql}`, params))?.n ?? 0);
  return { items, total };
}

export async function assetById(db: SqlClient, id: string): Promise<AssetRow | undefined> {
  return db.get<AssetRow>(`SELECT * FROM asset_register WHERE id = ?`, [id]);
}

export async function assetByNo(db: SqlClient, assetNo: string): Promise<AssetRow | undefined> {
  return db.get<AssetRow>(`SELECT * FROM asset_register WHERE asset_no = ?`, [assetNo]);
}

/** The book list of a stock-take: the assets on the books in the unit (and department / location) now. */
export async function bookList(db: SqlClient, unitId: string, departmentId: string | null, location: string | null) {
  const w = [`unit_id = ?`, `status <> 'disposed'`];
  const p: unknown[] = [unitId];
  if (departmentId) {
    w.push('department_id = ?');
    p.push(departmentId);
  }
  if (location) {
    w.push('location = ?');
    p.push(location);
  }
  return db.all<Pick<AssetRow, 'id' | 'asset_no' | 'name' | 'department_id' | 'custodian_id' | 'location'>>(
    `SELECT id, asset_no, name, department_id, custodian_id, location FROM asset_register WHERE ${w.join(' AND ')} ORDER BY asset_no`,
    p,
  );
}

export interface HeldAsset {
  row: Pick<AssetRow, 'id' | 'category_code' | 'category_name' | 'original_value' | 'acquisition_date' | 'segments' | 'disposed_on'>;
  departmentId: string | null;
}

/**
 * The assets a unit held at the end of `date` (custody history: a transfer counts from its acceptance),
 * with the department that held each. Point-in-time: acquired on or before the date.
 */
export async function heldAt(db: SqlClient, unitId: string, date: string): Promise<HeldAsset[]> {
  // the custody rows of the unit in force at the end of the date ([from_date, to_date)), with the card's value columns
  const rows = await db.all<{
    asset_id: string;
    unit_id: string;
    department_id: string | null;
    category_code: string;
    category_name: string;
    original_value: number;
    acquisition_date: string;
    segments: string;
    disposed_on: string | null;
  }>(
    `SELECT c.asset_id, c.unit_id, c.department_id, r.category_code, r.category_name, r.original_value, r.acquisition_date, r.segments, r.disposed_on
       FROM asset_custody c JOIN asset_register r ON r.id = c.asset_id
      WHERE c.unit_id = ? AND c.from_date <= ? AND (c.to_date IS NULL OR c.to_date > ?)
      ORDER BY c.asset_id, c.from_date, c.seq`,
    [unitId, date, date],
  );
  const last = new Map<string, (typeof rows)[number]>();
  for (const r of rows) last.set(r.asset_id, r);
  const out: HeldAsset[] = [];
  for (const r of last.values()) {
    if (r.unit_id !== unitId) continue;
    out.push({
      row: {
        id: r.asset_id,
        category_code: r.category_code,
        category_name: r.category_name,
        original_value: r.original_value,
        acquisition_date: r.acquisition_date,
        segments: r.segments,
        disposed_on: r.disposed_on,
      },
      departmentId: r.department_id,
    });
  }
  return out;
}

export function valueOf(r: HeldAsset['row'], date: string) {
  return bookValueAt(
    {
      originalValue: Number(r.original_value),
      acquisitionDate: r.acquisition_date,
      segments: JSON.parse(r.segments) as ValueSegment[],
      disposedOn: r.disposed_on,
    },
    date,
  );
}

export interface ValueLine {
  departmentId: string | null;
  categoryCode: string;
  categoryName: string;
  count: number;
  originalValue: number;
  accumulatedDepreciation: number;
  netValue: number;
}

/** 部门 × 分类 at a date: count, 原值, 累计折旧, 净值 of the assets on the unit's books that day. */
export async function departmentCategoryReport(
  db: SqlClient,
  unitId: string,
  date: string,
  departmentId?: string | null,
): Promise<{ lines: ValueLine[]; total: Omit<ValueLine, 'departmentId' | 'categoryCode' | 'categoryName'> }> {
  const lines = new Map<string, ValueLine>();
  const total = { count: 0, originalValue: 0, accumulatedDepreciation: 0, netValue: 0 };
  for (const h of await heldAt(db, unitId, date)) {
    if (departmentId && h.departmentId !== departmentId) continue;
    const v = valueOf(h.row, date);
    if (!v.onBooks) continue;
    const key = `${h.departmentId ?? ''}|${h.row.category_code}`;
    const l = lines.get(key) ?? {
      departmentId: h.departmentId,
      categoryCode: h.row.category_code,
      categoryName: h.row.category_name,
      count: 0,
      originalValue: 0,
      accumulatedDepreciation: 0,
      netValue: 0,
    };
    l.count++;
    l.originalValue += v.originalValue;
    l.accumulatedDepreciation += v.accumulatedDepreciation;
    l.netValue += v.netValue;
    lines.set(key, l);
    total.count++;
    total.originalValue += v.originalValue;
    total.accumulatedDepreciation += v.accumulatedDepreciation;
    total.netValue += v.netValue;
  }
  return {
    lines: [...lines.values()].sort(
      (a, b) => (a.departmentId ?? '').localeCompare(b.departmentId ?? '') || a.categoryCode.localeCompare(b.categoryCode),
    ),
    total,
  };
}

/** 新增与减少: cards acquired and assets disposed in [from, to] of the unit. */
export async function movements(db: SqlClient, unitIds: string[] | null, from: string, to: string) {
  const u = unitIds ? `AND unit_id IN (${unitIds.map(() => '?').join(', ') || "''"})` : '';
  const up = unitIds ?? [];
  const additions = await db.all<AssetRow>(
    `SELECT * FROM asset_register WHERE acquisition_date >= ? AND acquisition_date <= ? ${u} ORDER BY acquisition_date, asset_no`,
    [from, to, ...up],
  );
  const disposals = await db.all<AssetRow>(
    `SELECT * FROM asset_register WHERE disposed_on >= ? AND disposed_on <= ? ${u} ORDER BY disposed_on, asset_no`,
    [from, to, ...up],
  );
  return { additions, disposals };
}

export interface TransferRow {
  transfer_id: string;
  asset_id: string;
  asset_no: string;
  name: string;
  from_unit_id: string;
  from_department_id: string | null;
  to_unit_id: string;
  to_department_id: string | null;
  to_custodian_id: string | null;
  giver_id: string | null;
  receiver_id: string | null;
  status: string;
  reason: string;
  process_id: string;
  requested_at: string;
  accepted_on: string | null;
  net_value: number | null;
}

/** 转移记录: transfers from or to the units, requested in [from, to] (ISO dates), newest first. */
export async function transfers(
  db: SqlClient,
  unitIds: string[] | null,
  f: { from?: string; to?: string; status?: string },
  page: { offset: number; limit: number },
) {
  const w: string[] = [];
  const p: unknown[] = [];
  if (unitIds) {
    const qs = unitIds.map(() => '?').join(', ') || "''";
    w.push(`(from_unit_id IN (${qs}) OR to_unit_id IN (${qs}))`);
    p.push(...unitIds, ...unitIds);
  }
  if (f.from) {
    w.push('requested_at >= ?');
    p.push(`${f.from}T00:00:00.000Z`);
  }
  if (f.to) {
    w.push('requested_at <= ?');
    p.push(`${f.to}T23:59:59.999Z`);
  }
  if (f.status) {
    w.push('status = ?');
    p.push(f.status);
  }
  const sql = w.length ? `WHERE ${w.join(' AND ')}` : '';
  const items = await db.all<TransferRow>(`SELECT * FROM asset_transfers ${sql} ORDER BY requested_at DESC LIMIT ? OFFSET ?`, [
    ...p,
    page.limit,
    page.offset,
  ]);
  const total = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM asset_transfers ${sql}`, p))?.n ?? 0);
  return { items, total };
}

export async function purchases(db: SqlClient, unitIds: string[] | null, page: { offset: number; limit: number }) {
  const sql = unitIds ? `WHERE unit_id IN (${unitIds.map(() => '?').join(', ') || "''"})` : '';
  const p = unitIds ?? [];
  const items = await db.all<Record<string, unknown>>(`SELECT * FROM asset_purchases ${sql} ORDER BY requested_at DESC LIMIT ? OFFSET ?`, [
    ...p,
    page.limit,
    page.offset,
  ]);
  const total = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM asset_purchases ${sql}`, p))?.n ?? 0);
  return { items, total };
}

export async function stockTakes(db: SqlClient, unitIds: string[] | null, userId: string, page: { offset: number; limit: number }) {
  const w = unitIds ? `WHERE (unit_id IN (${unitIds.map(() => '?').join(', ') || "''"}) OR checker_ids LIKE ?)` : '';
  const p = unitIds ? [...unitIds, `%"${userId}"%`] : [];
  const items = await db.all<Record<string, unknown>>(`SELECT * FROM asset_stocktakes ${w} ORDER BY planned_at DESC LIMIT ? OFFSET ?`, [
    ...p,
    page.limit,
    page.offset,
  ]);
  const total = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM asset_stocktakes ${w}`, p))?.n ?? 0);
  return { items, total };
}
