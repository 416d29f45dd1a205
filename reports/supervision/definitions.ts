import { FACT_SUPERVISION } from '../../projections/supervision/facts';
import type { ReportDefinition } from '../warehouse/definitions';

/**
 * 督办 reports over fact_supervision (projections/supervision/facts.ts), for the 领导驾驶舱 panel and the
 * report centre: by lead unit (主办) and period.
 */
const PERIOD = { key: 'period', label: '期间', kind: 'period' } as const;
const UNIT = { key: 'unit', label: '单位', kind: 'column', column: 'unit_id', labelColumn: 'unit_name' } as const;

export const SUPERVISION_REPORTS: readonly ReportDefinition[] = [
  {
    key: 'supervision-on-time',
    title: '督办按期办结率（按单位、月）',
    description: '期间内销号的督办事项：按期办结率、超期办结数与平均超期工作日，按主办单位与时间粒度',
    table: FACT_SUPERVISION,
    timeColumn: 'occurred_at',
    dimensions: [PERIOD, UNIT],
    measures: [
      { key: 'closed', label: '办结数', agg: 'count' },
      { key: 'onTimeRate', label: '按期办结率', agg: 'rate', column: 'on_time' },
      { key: 'late', label: '超期办结数', agg: 'sum', column: 'late', format: 'integer' },
      { key: 'avgOverdueDays', label: '平均超期工作日', agg: 'avg', column: 'overdue_days', format: 'decimal' },
    ],
    where: [{ column: 'stage', equals: 'closed' }],
    unitColumn: 'unit_id',
  },
  {
    key: 'supervision-overdue',
    title: '督办超期事项（按单位、月）',
    description: '期间内超过办理时限（自动催办）的督办事项数，按主办单位与时间粒度',
    table: FACT_SUPERVISION,
    timeColumn: 'occurred_at',
    dimensions: [PERIOD, UNIT],
    measures: [{ key: 'overdue', label: '超期事项', agg: 'count' }],
    where: [{ column: 'stage', equals: 'overdue' }],
    unitColumn: 'unit_id',
  },
];
