import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { ExpenseClaimEvent } from '../../domain/expenses/claim.events';
import type { SqlClient } from '../engine/types';
import { toWarehouseTime, type FactBatch, type FactTable } from '../warehouse/facts';
import type { FactMapper } from '../warehouse/sink';

/**
 * 费用支付事实: one row per payment (+amount, at its 支付日期) and per reversal (−amount, at the day it
 * was reversed), so the sum over all time equals what the ledger shows as 已支付. Money: integer fen.
 */
export const FACT_EXPENSE_PAYMENT: FactTable = {
  name: 'fact_expense_payment',
  timeColumn: 'paid_at',
  columns: {
    event_id: 'string',
    claim_id: 'string',
    unit_id: 'string',
    unit_name: 'string',
    dept_id: 'string',
    dept_name: 'string',
    category: 'string', // 差旅费, 会议费 …
    method: 'string',
    amount: 'int64', // fen; negative for a reversal
    paid_at: 'datetime',
  },
};

const TYPES = ['ExpenseClaimDrafted', 'ExpenseClaimPaid', 'ExpenseClaimPaymentReversed'] as const;

interface ClaimRow {
  claim_id: string;
  unit_id: string;
  dept_id: string;
  category: string;
}

/** Shanghai midnight of a 'YYYY-MM-DD' as the warehouse's UTC time. */
const dayStart = (date: string) => toWarehouseTime(`${date}T00:00:00+08:00`);

export const expenseFacts: FactMapper = {
  name: 'expenses',
  eventTypes: TYPES,
  async setup(db: SqlClient) {
    await db.run('CREATE TABLE IF NOT EXISTS wh_org_names (id TEXT PRIMARY KEY, name TEXT NOT NULL)');
    await db.run(
      'CREATE TABLE IF NOT EXISTS wh_expense_claims (claim_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, dept_id TEXT NOT NULL, category TEXT NOT NULL)',
    );
  },
  async reset(db: SqlClient) {
    await db.run('DELETE FROM wh_expense_claims');
  },
  async map(recorded: RecordedEvent, db: SqlClient): Promise<FactBatch[]> {
    if (!recorded.streamId.startsWith('expense-claim-')) return [];
    const e = recorded as unknown as ExpenseClaimEvent;
    if (e.type === 'ExpenseClaimDrafted') {
      await db.run(
        'INSERT INTO wh_expense_claims (claim_id, unit_id, dept_id, category) VALUES (?, ?, ?, ?) ON CONFLICT (claim_id) DO NOTHING',
        [e.data.claimId, e.data.unitId, e.data.departmentId, e.data.kind],
      );
      return [];
    }
    if (e.type !== 'ExpenseClaimPaid' && e.type !== 'ExpenseClaimPaymentReversed') return [];
    const c = await db.get<ClaimRow>('SELECT * FROM wh_expense_claims WHERE claim_id = ?', [e.data.claimId]);
    if (!c) return [];
    const name = async (id: string) => (await db.get<{ name: string }>('SELECT name FROM wh_org_names WHERE id = ?', [id]))?.name ?? id;
    const paid = e.type === 'ExpenseClaimPaid';
    return [
      {
        table: FACT_EXPENSE_PAYMENT,
        rows: [
          {
            event_id: recorded.id,
            claim_id: c.claim_id,
            unit_id: c.unit_id,
            unit_name: await name(c.unit_id),
            dept_id: c.dept_id,
            dept_name: await name(c.dept_id),
            category: c.category,
            method: paid ? e.data.method : '冲销',
            amount: paid ? e.data.amount : -e.data.amount,
            paid_at: paid ? dayStart(e.data.paidOn) : toWarehouseTime(e.data.at),
          },
        ],
      },
    ];
  },
};
