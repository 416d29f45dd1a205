import { FACT_EXPENSE_PAYMENT } from '../../projections/expenses/expense-facts';
import type { ReportDefinition } from '../warehouse/definitions';

/**
 * 费用 reports over the warehouse (领导驾驶舱 panel and GET /api/reports/:key): payments net of
 * reversals, in fen — the same total as the 费用台账's 已支付.
 */
export const EXPENSE_REPORTS: readonly ReportDefinition[] = [
  {
    key: 'expense-by-category',
    title: '费用支出（按类别）',
    description: '期间内已支付的报销金额（扣除冲销），按报销类别，单位：分',
    table: FACT_EXPENSE_PAYMENT,
    timeColumn: 'paid_at',
    dimensions: [{ key: 'category', label: '类别', kind: 'column', column: 'category' }],
    measures: [
      { key: 'paid', label: '支付金额（分）', agg: 'sum', column: 'amount', format: 'integer' },
      { key: 'payments', label: '笔数', agg: 'count' },
    ],
    orderBy: { measure: 'paid', direction: 'desc' },
    unitColumn: 'unit_id',
    deptColumn: 'dept_id',
  },
  {
    key: 'expense-by-month',
    title: '费用支出（按月、单位）',
    description: '期间内已支付的报销金额（扣除冲销），按时间粒度与单位（下钻到部门），单位：分',
    table: FACT_EXPENSE_PAYMENT,
    timeColumn: 'paid_at',
    dimensions: [
      { key: 'period', label: '期间', kind: 'period' },
      { key: 'unit', label: '单位', kind: 'column', column: 'unit_id', labelColumn: 'unit_name' },
    ],
    measures: [{ key: 'paid', label: '支付金额（分）', agg: 'sum', column: 'amount', format: 'integer' }],
    drillUnitToDepartment: true,
    unitColumn: 'unit_id',
    deptColumn: 'dept_id',
  },
];
