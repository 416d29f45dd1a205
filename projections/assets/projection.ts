import type { RecordedEvent } from '../../domain/eventstore/envelope';
import {
  ASSET_EVENT_TYPES,
  ASSET_STATUS_LABELS,
  PURCHASE_EVENT_TYPES,
  STOCKTAKE_EVENT_TYPES,
  type AssetEvent,
  type PurchaseEvent,
  type StockTakeEvent,
} from '../../domain/assets';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 资产 read models (one projection, 'assets'). SQL with `?` only; runs on SQLite and PostgreSQL.
 *
 * asset_register   one row per asset (资产台账): the card, category and life, custody, status
 *   (in_stock/in_use/lent/disposed), in_transit, open transfer / disposal, loan, the value segments
 *   (JSON: the category lives in force) and disposed_on for the book value at a date, search_text.
 * asset_custody    custody history: one row per change (asset_id, seq = position, unit_id,
 *   department_id, custodian_id, from_date 'YYYY-MM-DD', to_date: the next change's date or null) — which unit/department held the asset on a
 *   date (a transfer changes it only when the receiver accepts: 在途 stays with the giver).
 * asset_transfers  one row per transfer: status approving/in_transit/accepted/rejected, from/to, dates, net value moved.
 * asset_purchases  one row per 采购申请 · asset_stocktakes one row per 盘点计划.
 */
export const ASSET_TABLES = ['asset_register', 'asset_custody', 'asset_transfers', 'asset_purchases', 'asset_stocktakes'] as const;

type Ev = RecordedEvent & (AssetEvent | PurchaseEvent | StockTakeEvent);
const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const norm = (...xs: (string | null | undefined)[]) => xs.filter(Boolean).join(' ').toLowerCase();

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const big = db.dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('asset_register')} (
    id TEXT PRIMARY KEY, asset_no TEXT NOT NULL, unit_id TEXT NOT NULL, department_id TEXT, custodian_id TEXT,
    category_code TEXT NOT NULL, category_name TEXT NOT NULL, life_months INTEGER NOT NULL,
    name TEXT NOT NULL, specification TEXT NOT NULL, serial_number TEXT NOT NULL, quantity INTEGER NOT NULL, measure_unit TEXT NOT NULL,
    original_value ${big} NOT NULL, acquisition_date TEXT NOT NULL, funding_source TEXT NOT NULL, supplier TEXT NOT NULL, warranty_end TEXT NOT NULL,
    location TEXT NOT NULL, status TEXT NOT NULL, in_transit INTEGER NOT NULL, transfer_id TEXT, disposal_id TEXT, disposed_on TEXT,
    borrower_id TEXT, loan_due TEXT, segments TEXT NOT NULL, source_type TEXT NOT NULL, source_id TEXT,
    registered_at TEXT NOT NULL, updated_at TEXT NOT NULL, search_text TEXT NOT NULL, position ${big} NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_register')}_unit ON ${t('asset_register')} (unit_id, asset_no)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_register')}_dept ON ${t('asset_register')} (department_id, asset_no)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_register')}_no ON ${t('asset_register')} (asset_no)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_register')}_status ON ${t('asset_register')} (status, unit_id, asset_no)`);
  // The list/search page (queries.ts searchAssets): its COUNT(*) reads only these (covering) indexes,
  // and the status / category filters get an ordered or narrow range instead of a scan of the unit.
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_register')}_unit_status ON ${t('asset_register')} (unit_id, status, in_transit)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_register')}_dept_status ON ${t('asset_register')} (department_id, status)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_register')}_status_no ON ${t('asset_register')} (status, asset_no)`);
  await db.run(
    `CREATE INDEX IF NOT EXISTS ${t('asset_register')}_unit_cat ON ${t('asset_register')} (unit_id, category_code, acquisition_date)`,
  );
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_register')}_unit_text ON ${t('asset_register')} (unit_id, search_text)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('asset_custody')} (
    asset_id TEXT NOT NULL, seq ${big} NOT NULL, unit_id TEXT NOT NULL, department_id TEXT, custodian_id TEXT, from_date TEXT NOT NULL, to_date TEXT,
    PRIMARY KEY (asset_id, seq))`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_custody')}_unit ON ${t('asset_custody')} (unit_id, from_date)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_custody')}_open ON ${t('asset_custody')} (asset_id, to_date)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('asset_transfers')} (
    transfer_id TEXT PRIMARY KEY, asset_id TEXT NOT NULL, asset_no TEXT NOT NULL, name TEXT NOT NULL,
    from_unit_id TEXT NOT NULL, from_department_id TEXT, to_unit_id TEXT NOT NULL, to_department_id TEXT, to_custodian_id TEXT,
    giver_id TEXT, receiver_id TEXT, status TEXT NOT NULL, reason TEXT NOT NULL, process_id TEXT NOT NULL,
    requested_at TEXT NOT NULL, accepted_on TEXT, net_value ${big})`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_transfers')}_from ON ${t('asset_transfers')} (from_unit_id, requested_at)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${t('asset_transfers')}_to ON ${t('asset_transfers')} (to_unit_id, requested_at)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('asset_purchases')} (
    id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, department_id TEXT NOT NULL, requester_id TEXT NOT NULL, title TEXT NOT NULL,
    budget_line TEXT NOT NULL, estimated_total ${big} NOT NULL, total ${big}, status TEXT NOT NULL, process_id TEXT NOT NULL, requested_at TEXT NOT NULL, cards INTEGER NOT NULL)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('asset_stocktakes')} (
    id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, title TEXT NOT NULL, department_id TEXT, location TEXT, start_date TEXT NOT NULL, end_date TEXT NOT NULL,
    checker_ids TEXT NOT NULL, book_count INTEGER NOT NULL, counted INTEGER NOT NULL, differences INTEGER NOT NULL, status TEXT NOT NULL, planned_at TEXT NOT NULL)`);
}

async function update(db: SqlClient, t: TableNamer, id: string, set: Record<string, unknown>, at: string): Promise<void> {
  const cols = Object.keys(set);
  await db.run(`UPDATE ${t('asset_register')} SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`, [
    ...cols.map((c) => set[c]),
    at,
    id,
  ]);
}

async function custody(
  db: SqlClient,
  t: TableNamer,
  e: RecordedEvent,
  assetId: string,
  unitId: string,
  departmentId: string | null,
  custodianId: string | null,
  date: string,
) {
  // the previous custody ends where this one starts (a row holds [from_date, to_date))
  await db.run(`UPDATE ${t('asset_custody')} SET to_date = ? WHERE asset_id = ? AND to_date IS NULL AND seq < ?`, [
    date,
    assetId,
    e.position,
  ]);
  await db.run(
    `INSERT INTO ${t('asset_custody')} (asset_id, seq, unit_id, department_id, custodian_id, from_date) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (asset_id, seq) DO NOTHING`,
    [assetId, e.position, unitId, departmentId, custodianId, date],
  );
}

async function apply(db: SqlClient, e: RecordedEvent, t: TableNamer): Promise<void> {
  const ev = e as Ev;
  const at = e.recordedAt;
  switch (ev.type) {
    case 'AssetRegistered': {
      const d = ev.data;
      const c = d.card;
      const status = d.custody.custodianId ? 'in_use' : 'in_stock';
      await db.run(
        `INSERT INTO ${t('asset_register')} (id, asset_no, unit_id, department_id, custodian_id, category_code, category_name, life_months, name, specification,
          serial_number, quantity, measure_unit, original_value, acquisition_date, funding_source, supplier, warranty_end, location, status, in_transit,
          transfer_id, disposal_id, disposed_on, borrower_id, loan_due, segments, source_type, source_id, registered_at, updated_at, search_text, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [
          d.assetId,
          d.assetNo,
          d.custody.unitId,
          d.custody.departmentId,
          d.custody.custodianId,
          d.category.code,
          d.category.name,
          d.category.usefulLifeMonths,
          c.name,
          c.specification,
          c.serialNumber,
          c.quantity,
          c.measureUnit,
          c.originalValue,
          c.acquisitionDate,
          c.fundingSource,
          c.supplier,
          c.warrantyEnd,
          c.location,
          status,
          JSON.stringify([{ from: c.acquisitionDate, usefulLifeMonths: d.category.usefulLifeMonths }]),
          d.source.type,
          d.source.id,
          at,
          at,
          norm(d.assetNo, c.name, c.specification, c.serialNumber, c.location, c.supplier),
          e.position,
        ],
      );
      await custody(db, t, e, d.assetId, d.custody.unitId, d.custody.departmentId, d.custody.custodianId, c.acquisitionDate);
      return;
    }
    case 'AssetIssued': {
      const unit = await db.get<{ unit_id: string }>(`SELECT unit_id FROM ${t('asset_register')} WHERE id = ?`, [ev.data.assetId]);
      await update(
        db,
        t,
        ev.data.assetId,
        { status: 'in_use', department_id: ev.data.departmentId, custodian_id: ev.data.custodianId },
        at,
      );
      if (unit) await custody(db, t, e, ev.data.assetId, unit.unit_id, ev.data.departmentId, ev.data.custodianId, day(at));
      return;
    }
    case 'AssetReturned': {
      const unit = await db.get<{ unit_id: string }>(`SELECT unit_id FROM ${t('asset_register')} WHERE id = ?`, [ev.data.assetId]);
      await update(db, t, ev.data.assetId, { status: 'in_stock', department_id: null, custodian_id: null }, at);
      if (unit) await custody(db, t, e, ev.data.assetId, unit.unit_id, null, null, day(at));
      return;
    }
    case 'AssetLent':
      return update(db, t, ev.data.assetId, { status: 'lent', borrower_id: ev.data.borrowerId, loan_due: ev.data.dueDate }, at);
    case 'AssetLoanReturned': {
      const r = await db.get<{ custodian_id: string | null }>(`SELECT custodian_id FROM ${t('asset_register')} WHERE id = ?`, [
        ev.data.assetId,
      ]);
      return update(db, t, ev.data.assetId, { status: r?.custodian_id ? 'in_use' : 'in_stock', borrower_id: null, loan_due: null }, at);
    }
    case 'AssetLoanOverdue':
      return;
    case 'AssetTransferRequested': {
      const d = ev.data;
      const r = await db.get<{ asset_no: string; name: string }>(`SELECT asset_no, name FROM ${t('asset_register')} WHERE id = ?`, [
        d.assetId,
      ]);
      await db.run(
        `INSERT INTO ${t('asset_transfers')} (transfer_id, asset_id, asset_no, name, from_unit_id, from_department_id, to_unit_id, to_department_id, to_custodian_id,
          giver_id, receiver_id, status, reason, process_id, requested_at, accepted_on, net_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 'approving', ?, ?, ?, NULL, NULL)
         ON CONFLICT (transfer_id) DO NOTHING`,
        [
          d.transferId,
          d.assetId,
          r?.asset_no ?? '',
          r?.name ?? '',
          d.from.unitId,
          d.from.departmentId,
          d.to.unitId,
          d.to.departmentId,
          d.to.custodianId,
          d.reason,
          d.processId,
          at,
        ],
      );
      return update(db, t, d.assetId, { transfer_id: d.transferId }, at);
    }
    case 'AssetTransferApproved':
      await db.run(`UPDATE ${t('asset_transfers')} SET status = 'in_transit', giver_id = ?, receiver_id = ? WHERE transfer_id = ?`, [
        ev.data.giverId,
        ev.data.receiverId,
        ev.data.transferId,
      ]);
      return update(db, t, ev.data.assetId, { in_transit: 1 }, at);
    case 'AssetTransferRejected':
      await db.run(`UPDATE ${t('asset_transfers')} SET status = 'rejected' WHERE transfer_id = ?`, [ev.data.transferId]);
      return update(db, t, ev.data.assetId, { transfer_id: null, in_transit: 0 }, at);
    case 'AssetHandedOver':
      await db.run(`UPDATE ${t('asset_transfers')} SET status = 'handed_over' WHERE transfer_id = ?`, [ev.data.transferId]);
      return;
    case 'AssetTransferAccepted': {
      const d = ev.data;
      await db.run(`UPDATE ${t('asset_transfers')} SET status = 'accepted', accepted_on = ?, net_value = ? WHERE transfer_id = ?`, [
        d.date,
        d.netValue,
        d.transferId,
      ]);
      await update(
        db,
        t,
        d.assetId,
        {
          transfer_id: null,
          in_transit: 0,
          unit_id: d.to.unitId,
          department_id: d.to.departmentId,
          custodian_id: d.to.custodianId,
          status: d.to.custodianId ? 'in_use' : 'in_stock',
        },
        at,
      );
      await custody(db, t, e, d.assetId, d.to.unitId, d.to.departmentId, d.to.custodianId, d.date);
      return;
    }
    case 'AssetRepairRequested':
    case 'AssetRepairCompleted':
      return;
    case 'AssetCategoryChanged': {
      const r = await db.get<{ segments: string }>(`SELECT segments FROM ${t('asset_register')} WHERE id = ?`, [ev.data.assetId]);
      const segs = r ? (JSON.parse(r.segments) as unknown[]) : [];
      segs.push({ from: ev.data.effectiveDate, usefulLifeMonths: ev.data.to.usefulLifeMonths });
      return update(
        db,
        t,
        ev.data.assetId,
        {
          category_code: ev.data.to.code,
          category_name: ev.data.to.name,
          life_months: ev.data.to.usefulLifeMonths,
          segments: JSON.stringify(segs),
        },
        at,
      );
    }
    case 'AssetAdjusted': {
      const r = await db.get<{ unit_id: string; status: string }>(`SELECT unit_id, status FROM ${t('asset_register')} WHERE id = ?`, [
        ev.data.assetId,
      ]);
      const status = r?.status === 'lent' ? 'lent' : ev.data.custodianId ? 'in_use' : 'in_stock';
      await update(
        db,
        t,
        ev.data.assetId,
        { location: ev.data.location, department_id: ev.data.departmentId, custodian_id: ev.data.custodianId, status },
        at,
      );
      if (r) await custody(db, t, e, ev.data.assetId, r.unit_id, ev.data.departmentId, ev.data.custodianId, day(at));
      return;
    }
    case 'AssetDisposalRequested':
      return update(db, t, ev.data.assetId, { disposal_id: ev.data.disposalId }, at);
    case 'AssetDisposalApproved':
      return;
    case 'AssetDisposalRejected':
      return update(db, t, ev.data.assetId, { disposal_id: null }, at);
    case 'AssetDisposed':
      return update(
        db,
        t,
        ev.data.assetId,
        { status: 'disposed', disposal_id: null, disposed_on: ev.data.date, in_transit: 0, transfer_id: null },
        at,
      );
    case 'PurchaseRequested': {
      const d = ev.data;
      await db.run(
        `INSERT INTO ${t('asset_purchases')} (id, unit_id, department_id, requester_id, title, budget_line, estimated_total, total, status, process_id, requested_at, cards)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'approving', ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
        [d.purchaseId, d.unitId, d.departmentId, d.requesterId, d.title, d.budgetLine, d.estimatedTotal, d.processId, at],
      );
      return;
    }
    case 'PurchaseApprovalEnded':
      await db.run(`UPDATE ${t('asset_purchases')} SET status = ? WHERE id = ?`, [
        ev.data.outcome === 'approved' ? 'approved' : 'rejected',
        ev.data.purchaseId,
      ]);
      return;
    case 'PurchaseReceived':
      await db.run(`UPDATE ${t('asset_purchases')} SET status = 'received', total = ?, cards = ? WHERE id = ?`, [
        ev.data.total,
        ev.data.assetIds.length,
        ev.data.purchaseId,
      ]);
      return;
    case 'StockTakePlanned': {
      const d = ev.data;
      await db.run(
        `INSERT INTO ${t('asset_stocktakes')} (id, unit_id, title, department_id, location, start_date, end_date, checker_ids, book_count, counted, differences, status, planned_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 'counting', ?) ON CONFLICT (id) DO NOTHING`,
        [
          d.stockTakeId,
          d.unitId,
          d.title,
          d.scope.departmentId,
          d.scope.location,
          d.startDate,
          d.endDate,
          JSON.stringify(d.checkerIds),
          d.book.length,
          at,
        ],
      );
      return;
    }
    case 'StockTakeAssetCounted':
      return;
    case 'StockTakeCountingFinished':
      await db.run(`UPDATE ${t('asset_stocktakes')} SET status = 'resolving', counted = ?, differences = ? WHERE id = ?`, [
        ev.data.counted,
        ev.data.differences.length,
        ev.data.stockTakeId,
      ]);
      return;
    case 'StockTakeDifferenceResolved':
      return;
    case 'StockTakeClosed':
      await db.run(`UPDATE ${t('asset_stocktakes')} SET status = 'closed' WHERE id = ?`, [ev.data.stockTakeId]);
      return;
  }
}

export function assetProjection(): Projection {
  return {
    name: 'assets',
    version: 1,
    tables: ASSET_TABLES,
    eventTypes: [...ASSET_EVENT_TYPES, ...PURCHASE_EVENT_TYPES, ...STOCKTAKE_EVENT_TYPES],
    setup,
    apply,
  };
}

export { ASSET_STATUS_LABELS };
