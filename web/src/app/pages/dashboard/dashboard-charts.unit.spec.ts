import { describe, expect, it } from 'vitest';
import {
  type ReportResult,
  defaultRange,
  fitToWidth,
  pieLabel,
  documentsByKindOption,
  drillTargetOf,
  handlingTimeOption,
  headcountOption,
  kpisOf,
  overdueOption,
  periodLabel,
  pointCount,
  rangeToApi,
  returnedRateOption,
  throughputOption,
  unitsOf,
} from './dashboard-charts';

const col = (key: string, type: 'dimension' | 'measure' | 'period' = 'dimension') => ({ key, label: key, type });

/** process-throughput as the API returns it (GET /api/reports/process-throughput). */
const throughput: ReportResult = {
  key: 'process-throughput',
  title: '流程办结量',
  columns: [col('period', 'period'), col('unit'), col('unitName'), col('finished', 'measure'), col('avgHours', 'measure')],
  rows: [
    { period: '2026-01-01', unit: 'czj', unitName: '区财政局', finished: 10, avgHours: 4 },
    { period: '2026-01-01', unit: 'rsj', unitName: '区人社局', finished: 5, avgHours: 10 },
    { period: '2026-02-01', unit: 'rsj', unitName: '区人社局', finished: 7, avgHours: 6 },
  ],
};

const drilled: ReportResult = {
  key: 'process-throughput',
  title: '流程办结量',
  columns: [col('period', 'period'), col('department'), col('departmentName'), col('finished', 'measure')],
  rows: [
    { period: '2026-01-01', department: 'czj-ysk', departmentName: '预算科', finished: 3 },
    { period: '2026-02-01', department: 'czj-gkk', departmentName: '国库科', finished: 2 },
  ],
};

type Series = Array<{ name: string; data: Array<{ value: number; unitId?: string; unitName?: string } | number> }>;

describe('report rows → ECharts options', () => {
  it('throughput: one stacked series per unit, periods on the x axis, gaps filled with 0, bars carry the unit to drill into', () => {
    const o = throughputOption(throughput, 'finished', 'month');
    expect((o['xAxis'] as { data: string[] }).data).toEqual(['2026-01', '2026-02']);
    const series = o.series as unknown as Series;
    expect(series.map((s) => s.name)).toEqual(['区财政局', '区人社局']);
    expect(series[0].data).toEqual([
      { value: 10, unitId: 'czj', unitName: '区财政局' },
      { value: 0, unitId: 'czj', unitName: '区财政局' },
    ]);
    expect(series[1].data.map((d) => (d as { value: number }).value)).toEqual([5, 7]);
    expect(o.series.every((s) => s['stack'] === 'total')).toBe(true);
    expect(o['dataZoom']).toBeUndefined(); // two periods: no zoom
    expect(pointCount(o)).toBe(3);
    expect(drillTargetOf({ data: series[1].data[0] })).toEqual({ unitId: 'rsj', unitName: '区人社局' });
  });

  it('throughput sums rows of the same unit and period (document-throughput has a 收/发 dimension too)', () => {
    const docs: ReportResult = {
      key: 'document-throughput',
      title: '公文办理量',
      columns: [col('period', 'period'), col('unit'), col('unitName'), col('direction'), col('documents', 'measure')],
      rows: [
        { period: '2026-03-01', unit: 'czj', unitName: '区财政局', direction: 'incoming', documents: 4 },
        { period: '2026-03-01', unit: 'czj', unitName: '区财政局', direction: 'outgoing', documents: 6 },
      ],
    };
    const o = throughputOption(docs, 'documents', 'quarter');
    expect((o['xAxis'] as { data: string[] }).data).toEqual(['2026 Q1']);
    expect((o.series as unknown as Series)[0].data).toEqual([{ value: 10, unitId: 'czj', unitName: '区财政局' }]);
  });

  it('after a drill-down the series are departments and nothing drills further', () => {
    const o = throughputOption(drilled, 'finished', 'month');
    const series = o.series as unknown as Series;
    expect(series.map((s) => s.name)).toEqual(['预算科', '国库科']);
    expect(drillTargetOf({ data: series[0].data[0] })).toBeNull();
    expect(unitsOf(drilled)).toEqual([]);
  });

  it('many periods get a zoom window on the latest ones', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      period: `2026-01-${String(i + 1).padStart(2, '0')}`,
      unit: 'czj',
      unitName: '区财政局',
      finished: 1,
    }));
    const o = throughputOption({ ...throughput, rows }, 'finished', 'day');
    const zoom = o['dataZoom'] as Array<{ start: number; end: number }>;
    expect(zoom).toHaveLength(2);
    expect(zoom[0].end).toBe(100);
    expect(zoom[0].start).toBeGreaterThan(0);
  });

  it('period labels follow the grain', () => {
    expect(periodLabel('2026-03-01', 'month')).toBe('2026-03');
    expect(periodLabel('2026-10-01', 'quarter')).toBe('2026 Q4');
    expect(periodLabel('2026-01-01', 'year')).toBe('2026');
    expect(periodLabel('2026-03-09', 'week')).toBe('2026-03-09');
  });

  it('handling time: the slowest nodes by P90, the slowest drawn on top, both average and P90', () => {
    const r: ReportResult = {
      key: 'node-handling-time',
      title: '',
      columns: [col('kind'), col('node'), col('tasks', 'measure'), col('avgHours', 'measure'), col('p90Hours', 'measure')],
      rows: [
        { kind: '请休假', node: '部门负责人审批', tasks: 9, avgHours: 2, p90Hours: 5 },
        { kind: '请休假', node: '分管领导审批', tasks: 4, avgHours: 8, p90Hours: 20 },
        { kind: '通用审批', node: '单位负责人审批', tasks: 6, avgHours: 5, p90Hours: 12 },
      ],
    };
    const o = handlingTimeOption(r, 2);
    expect((o['yAxis'] as { data: string[] }).data).toEqual(['单位负责人审批\n通用审批', '分管领导审批\n请休假']); // category axis draws bottom-up
    expect(o.series.map((s) => s.data)).toEqual([
      [5, 8],
      [12, 20],
    ]);
  });

  it('overdue: ranked with the most overdue on top; each bar knows its unit', () => {
    const r: ReportResult = {
      key: 'overdue-by-unit',
      title: '',
      columns: [col('unit'), col('unitName'), col('overdue', 'measure'), col('tasks', 'measure'), col('overdueRate', 'measure')],
      rows: [
        { unit: 'czj', unitName: '区财政局', overdue: 3, tasks: 40, overdueRate: 0.075 },
        { unit: 'jgswj', unitName: '区机关事务管理局', overdue: 12, tasks: 50, overdueRate: 0.24 },
        { unit: 'qzfb', unitName: '区政府办公室', overdue: 0, tasks: 30, overdueRate: 0 },
      ],
    };
    const o = overdueOption(r);
    expect((o['yAxis'] as { data: string[] }).data).toEqual(['区政府办公室', '区财政局', '区机关事务管理局']);
    const data = (o.series as unknown as Series)[0].data as Array<{ value: number; unitId: string }>;
    expect(data.map((d) => [d.unitId, d.value])).toEqual([
      ['qzfb', 0],
      ['czj', 3],
      ['jgswj', 12],
    ]);
    expect(pointCount(o)).toBe(2); // a zero is not a point
    expect(unitsOf(r).map((u) => u.unitId)).toEqual(['czj', 'jgswj', 'qzfb']);
  });

  it('returned rate: a line over the periods in time order, values as fractions', () => {
    const r: ReportResult = {
      key: 'returned-rate',
      title: '',
      columns: [col('period', 'period'), col('tasks', 'measure'), col('returned', 'measure'), col('returnedRate', 'measure')],
      rows: [
        { period: '2026-02-01', tasks: 50, returned: 5, returnedRate: 0.1 },
        { period: '2026-01-01', tasks: 40, returned: 2, returnedRate: 0.05 },
      ],
    };
    const o = returnedRateOption(r, 'month');
    expect((o['xAxis'] as { data: string[] }).data).toEqual(['2026-01', '2026-02']);
    expect(o.series[0].data).toEqual([0.05, 0.1]);
    expect(o.series[0]['type']).toBe('line');
  });

  it('documents by kind: a pie without empty slices', () => {
    const r: ReportResult = {
      key: 'documents-by-kind',
      title: '',
      columns: [col('docKind'), col('documents', 'measure')],
      rows: [
        { docKind: '通知', documents: 30 },
        { docKind: '请示', documents: 12 },
        { docKind: '函', documents: 0 },
        { docKind: null, documents: 2 },
      ],
    };
    const o = documentsByKindOption(r);
    expect(o.series[0].data).toEqual([
      { name: '通知', value: 30 },
      { name: '请示', value: 12 },
      { name: '未分类', value: 2 },
    ]);
  });

  it('head-count: units on the x axis, stacked by rank from senior to junior', () => {
    const r: ReportResult = {
      key: 'headcount',
      title: '',
      columns: [col('unit'), col('unitName'), col('rank'), col('people', 'measure')],
      rows: [
        { unit: 'czj', unitName: '区财政局', rank: '科员', people: 5 },
        { unit: 'czj', unitName: '区财政局', rank: '正处', people: 1 },
        { unit: 'rsj', unitName: '区人社局', rank: '科员', people: 3 },
      ],
    };
    const o = headcountOption(r);
    expect((o['xAxis'] as { data: string[] }).data).toEqual(['区财政局', '区人社局']);
    const series = o.series as unknown as Series;
    expect(series.map((s) => s.name)).toEqual(['正处', '科员']);
    expect(series[1].data.map((d) => (d as { value: number }).value)).toEqual([5, 3]);
    expect(series[0].data.map((d) => (d as { value: number }).value)).toEqual([1, 0]);
  });

  it('pointCount counts plain numbers and {value} items across series; null options have none', () => {
    expect(pointCount({ series: [{ data: [1, 0, 2] }, { data: [{ value: 3 }, { value: 0 }, { name: 'x' }] }] })).toBe(3);
    expect(pointCount(null)).toBe(0);
    expect(pointCount({})).toBe(0);
  });

  it('headline figures: average duration weighted by the number finished', () => {
    const k = kpisOf({
      throughput,
      overdue: {
        key: 'o',
        title: '',
        columns: [],
        rows: [
          { overdue: 2, tasks: 10 },
          { overdue: 1, tasks: 20 },
        ],
      },
      returned: {
        key: 'r',
        title: '',
        columns: [],
        rows: [
          { tasks: 40, returned: 2 },
          { tasks: 60, returned: 3 },
        ],
      },
      headcount: { key: 'h', title: '', columns: [], rows: [{ people: 5 }, { people: 7 }] },
    });
    expect(k.finished).toBe(22);
    expect(k.avgHours).toBeCloseTo((10 * 4 + 5 * 10 + 7 * 6) / 22, 6);
    expect(k.overdueRate).toBeCloseTo(0.1, 6);
    expect(k.returnedRate).toBeCloseTo(0.05, 6);
    expect(k.people).toBe(12);
    expect(kpisOf({}).avgHours).toBeNull();
  });
});

describe('date range (Beijing dates → API instants)', () => {
  it('from is 00:00 Beijing of the first day, to is 00:00 Beijing of the day after the last', () => {
    expect(rangeToApi('2026-01-01', '2026-01-31')).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-01-31T16:00:00.000Z' });
    expect(rangeToApi('2026-03-05', '2026-03-05')).toEqual({ from: '2026-03-04T16:00:00.000Z', to: '2026-03-05T16:00:00.000Z' });
  });

  it('refuses malformed or reversed ranges', () => {
    expect(rangeToApi('2026-02-01', '2026-01-31')).toBeNull();
    expect(rangeToApi('2026/01/01', '2026-01-31')).toBeNull();
    expect(rangeToApi('', '')).toBeNull();
  });

  it('defaults to twelve whole months in Beijing: this month and the eleven before it', () => {
    // 2026-11-30 20:00 UTC is already 1 December in Beijing
    expect(defaultRange(Date.parse('2026-11-30T20:00:00Z'))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(defaultRange(Date.parse('2026-03-15T04:00:00Z'))).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(defaultRange(Date.parse('2028-02-10T04:00:00Z'))).toEqual({ from: '2027-03-01', to: '2028-02-29' });
  });
});

describe('charts a leader reads on a phone (issue 13)', () => {
  const ring: ReportResult = {
    key: 'documents-by-kind',
    title: '',
    columns: [col('docKind'), col('documents', 'measure')],
    rows: [
      { docKind: '通知', documents: 12 },
      { docKind: '请示', documents: 5 },
    ],
  };
  const waits: ReportResult = {
    key: 'node-handling-time',
    title: '',
    columns: [col('kind'), col('node'), col('tasks', 'measure'), col('avgHours', 'measure'), col('p90Hours', 'measure')],
    rows: [{ kind: '请休假', node: '部门负责人审批', tasks: 9, avgHours: 2, p90Hours: 5 }],
  };

  it('says P90 in plain words', () => {
    const names = handlingTimeOption(waits).series.map((s) => s['name']);
    expect(names).toEqual(['平均时长', '九成事项办完用时']);
    expect(names.join()).not.toMatch(/P90/i);
  });

  it('at 375 px: pie labels inside the ring, legends in small scrolling type, category labels shortened', () => {
    const pie = fitToWidth(documentsByKindOption(ring), 375);
    expect(pie.series[0]['label']).toMatchObject({ position: 'inside', formatter: pieLabel });
    expect([pieLabel({ percent: 40.43 }), pieLabel({ percent: 3.83 })]).toEqual(['40%', '']);
    expect(pie['legend']).toMatchObject({ type: 'scroll', textStyle: { fontSize: 11 } });
    const bars = fitToWidth(handlingTimeOption(waits), 375);
    const y = bars['yAxis'] as { data: string[]; axisLabel: Record<string, unknown> };
    expect(y.axisLabel).toMatchObject({ width: 84, overflow: 'truncate', fontSize: 11 });
    expect(y.data).toEqual(['部门负责人审批·请休假']); // one line each on a phone
    expect((bars['xAxis'] as { axisLabel: Record<string, unknown> }).axisLabel).toMatchObject({ fontSize: 10 });
    // a desktop gets the option as built
    expect(fitToWidth(documentsByKindOption(ring), 1440)).toEqual(documentsByKindOption(ring));
  });
});
