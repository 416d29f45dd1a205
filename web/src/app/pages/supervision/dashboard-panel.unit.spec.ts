import { describe, expect, it } from 'vitest';
import type { ReportResult } from '../dashboard/dashboard-charts';
import { supervisionByUnit, supervisionOption } from './dashboard-panel';

const result: ReportResult = {
  key: 'supervision-on-time',
  title: '',
  columns: [],
  rows: [
    { period: '2026-10-01', unit: 'czj', unitName: '区财政局', closed: 2, onTimeRate: 1, late: 0, avgOverdueDays: 0 },
    { period: '2026-11-01', unit: 'czj', unitName: '区财政局', closed: 2, onTimeRate: 0.5, late: 1, avgOverdueDays: 3 },
    { period: '2026-11-01', unit: 'rsj', unitName: '区人社局', closed: 1, onTimeRate: 0, late: 1, avgOverdueDays: 4 },
  ],
};

describe('督办 panel of the 领导驾驶舱', () => {
  it('sums the months of each unit, weighting the rate and the average by the closed items', () => {
    expect(supervisionByUnit(result)).toEqual([
      { unitId: 'rsj', unitName: '区人社局', closed: 1, onTime: 0, late: 1, overdueDays: 4 },
      { unitId: 'czj', unitName: '区财政局', closed: 4, onTime: 3, late: 1, overdueDays: 6 },
    ]);
  });
  it('plots the on-time rate in percent and the average overdue working days', () => {
    const o = supervisionOption(result);
    expect(o.series[0]!.data).toEqual([0, 75]);
    expect(o.series[1]!.data).toEqual([4, 1.5]);
    expect((o['xAxis'] as { data: string[] }).data).toEqual(['区人社局', '区财政局']);
  });
});
