/**
 * 领导驾驶舱: report rows (GET /api/reports/:key) → ECharts options. Pure functions, no Angular and
 * no echarts import (the options are plain objects), so they are unit tested without a browser.
 *
 * Drill-down: every bar that stands for a unit carries `unitId` and `unitName` in its data item;
 * the page reads them from the click event. Once drilled (`unit=`), the reports group by department
 * and the items carry no unitId (nothing further to drill into).
 */
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const GRAIN_LABELS: Record<Grain, string> = { day: '按日', week: '按周', month: '按月', quarter: '按季度', year: '按年' };

export interface ReportColumn {
  key: string;
  label: string;
  type: 'dimension' | 'measure' | 'period';
}
export type ReportRow = Record<string, string | number | null>;
export interface ReportResult {
  key: string;
  title: string;
  params?: Record<string, unknown>;
  columns: ReportColumn[];
  rows: ReportRow[];
}

/** A data item of a drillable bar. */
export interface DrillItem {
  value: number;
  unitId?: string;
  unitName?: string;
}

/** The ECharts option, loosely typed (we do not import echarts' types into pure code). */
export type ChartOption = Record<string, unknown> & { series: Array<Record<string, unknown> & { data: unknown[] }> };

export const PALETTE = ['#b52222', '#1f5fa8', '#d08a1a', '#2f8f5b', '#7b4fa0', '#3aa0b5', '#c25a7c', '#6b7785', '#8c6d1f', '#4f6bd0'];

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The grouping dimension present in the rows: units at the top, departments after a drill-down. */
export function groupDimension(r: ReportResult): { key: 'unit' | 'department'; nameKey: string; drillable: boolean } | null {
  if (r.columns.some((c) => c.key === 'unit')) return { key: 'unit', nameKey: 'unitName', drillable: true };
  if (r.columns.some((c) => c.key === 'department')) return { key: 'department', nameKey: 'departmentName', drillable: false };
  return null;
}

/** '2026-03-01' → '2026-03' (month), '2026 Q1' (quarter), '2026' (year); days and weeks as the date. */
export function periodLabel(period: string, grain: Grain): string {
  const p = str(period).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p)) return p;
  switch (grain) {
    case 'month':
      return p.slice(0, 7);
    case 'quarter':
      return `${p.slice(0, 4)} Q${Math.floor((Number(p.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return p.slice(0, 4);
    default:
      return p;
  }
}

function baseGrid(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { left: 8, right: 16, top: 40, bottom: 8, containLabel: true, ...extra };
}

/** Many periods on a small screen: let the reader zoom and scroll. */
function zoomFor(categories: number, show = 12): Record<string, unknown>[] | undefined {
  if (categories <= show) return undefined;
  const start = Math.max(0, Math.round(100 - (show / categories) * 100));
  return [
    { type: 'inside', start, end: 100 },
    { type: 'slider', start, end: 100, height: 16, bottom: 4 },
  ];
}

/**
 * Throughput by period and unit (or department): stacked bars, one series per unit. `measure` is the
 * measure key to plot (finished / documents).
 */
export function throughputOption(r: ReportResult, measure: string, grain: Grain): ChartOption {
  const dim = groupDimension(r);
  const periods = [...new Set(r.rows.map((x) => str(x['period'])))].sort();
  const groups = new Map<string, string>(); // id → name
  for (const row of r.rows) {
    const id = dim ? str(row[dim.key]) : '';
    if (!groups.has(id)) groups.set(id, (dim && str(row[dim.nameKey])) || id || '合计');
  }
  const idx = new Map(periods.map((p, i) => [p, i]));
  const series = [...groups.entries()].map(([id, name]) => {
    const data: DrillItem[] = periods.map(() => (dim?.drillable ? { value: 0, unitId: id, unitName: name } : { value: 0 }));
    for (const row of r.rows) {
      if ((dim ? str(row[dim.key]) : '') !== id) continue;
      data[idx.get(str(row['period']))!].value += num(row[measure]);
    }
    return { type: 'bar', name, id: id || name, stack: 'total', emphasis: { focus: 'series' }, barMaxWidth: 36, data };
  });
  const dataZoom = zoomFor(periods.length, 13); // a year by month may touch 13 calendar months
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: { type: 'scroll', top: 0 },
    grid: baseGrid(dataZoom ? { bottom: 28 } : {}),
    xAxis: { type: 'category', data: periods.map((p) => periodLabel(p, grain)) },
    yAxis: { type: 'value', minInterval: 1 },
    ...(dataZoom ? { dataZoom } : {}),
    series,
  };
}

/** The handling-time series a leader reads: no statistics jargon (P90 = 九成事项在此时长内办完). */
export const P90_NAME = '九成事项办完用时';

/** Where work waits: average and P90 handling time by node, the slowest (by P90) on top. */
export function handlingTimeOption(r: ReportResult, top = 10): ChartOption {
  const rows = [...r.rows]
    .sort((a, b) => num(b['p90Hours']) - num(a['p90Hours']))
    .slice(0, top)
    .reverse();
  const label = (x: ReportRow) => (x['kind'] ? `${str(x['node'])}\n${str(x['kind'])}` : str(x['node']));
  return {
    color: ['#1f5fa8', '#b52222'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: hoursText },
    legend: { top: 0 },
    grid: baseGrid(),
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map(label), axisLabel: { width: 120, overflow: 'truncate', lineHeight: 14 } },
    series: [
      { type: 'bar', name: '平均时长', barMaxWidth: 14, data: rows.map((x) => num(x['avgHours'])) },
      { type: 'bar', name: P90_NAME, barMaxWidth: 14, data: rows.map((x) => num(x['p90Hours'])) },
    ],
  };
}

/** Overdue tasks by unit (or department), ranked: the most overdue on top. */
export function overdueOption(r: ReportResult): ChartOption {
  const dim = groupDimension(r);
  const rows = [...r.rows].sort((a, b) => num(b['overdue']) - num(a['overdue'])).reverse();
  return {
    color: ['#b52222'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
    },
    grid: baseGrid({ top: 16 }),
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: rows.map((x) => (dim ? str(x[dim.nameKey]) || str(x[dim.key]) : '')),
      axisLabel: { width: 104, overflow: 'break', lineHeight: 14 },
    },
    series: [
      {
        type: 'bar',
        name: '超期任务',
        barMaxWidth: 22,
        label: { show: true, position: 'right' },
        data: rows.map((x): DrillItem => {
          const v = num(x['overdue']);
          return dim?.drillable ? { value: v, unitId: str(x['unit']), unitName: str(x['unitName']) || str(x['unit']) } : { value: v };
        }),
      },
    ],
  };
}

export function percentText(v: unknown): string {
  return `${(num(v) * 100).toFixed(1)}%`;
}
export function hoursText(v: unknown): string {
  return `${num(v).toFixed(1)} 小时`;
}

/** Returned rate by period: a line in per cent. */
export function returnedRateOption(r: ReportResult, grain: Grain): ChartOption {
  const rows = [...r.rows].sort((a, b) => str(a['period']).localeCompare(str(b['period'])));
  const dataZoom = zoomFor(rows.length, 24);
  return {
    color: ['#d08a1a'],
    tooltip: { trigger: 'axis', confine: true, valueFormatter: percentText },
    grid: baseGrid({ top: 16, ...(dataZoom ? { bottom: 28 } : {}) }),
    xAxis: { type: 'category', boundaryGap: false, data: rows.map((x) => periodLabel(str(x['period']), grain)) },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (v: number) => `${Math.round(v * 1000) / 10}%` } },
    ...(dataZoom ? { dataZoom } : {}),
    series: [
      {
        type: 'line',
        name: '退回率',
        smooth: true,
        symbolSize: 6,
        areaStyle: { opacity: 0.12 },
        data: rows.map((x) => num(x['returnedRate'])),
      },
    ],
  };
}

/** Documents by kind (文种): a ring. */
export function documentsByKindOption(r: ReportResult): ChartOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', confine: true, formatter: '{b}：{c} 件（{d}%）' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        name: '文种',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        label: { formatter: '{b}\n{d}%' },
        data: r.rows.map((x) => ({ name: str(x['docKind']) || '未分类', value: num(x['documents']) })).filter((x) => x.value > 0),
      },
    ],
  };
}

const RANK_ORDER = ['正处', '副处', '正科', '副科', '科员', '办事员'];

/** Head-count by unit (or department), stacked by rank (职级). */
export function headcountOption(r: ReportResult): ChartOption {
  const dim = groupDimension(r);
  const groups = new Map<string, string>();
  for (const row of r.rows) {
    const id = dim ? str(row[dim.key]) : '';
    if (!groups.has(id)) groups.set(id, (dim && str(row[dim.nameKey])) || id || '合计');
  }
  const ids = [...groups.keys()];
  const ranks = [...new Set(r.rows.map((x) => str(x['rank']) || '未定级'))].sort((a, b) => {
    const ia = RANK_ORDER.indexOf(a);
    const ib = RANK_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const series = ranks.map((rank) => ({
    type: 'bar',
    name: rank,
    stack: 'people',
    barMaxWidth: 36,
    data: ids.map((id): DrillItem => {
      const value = r.rows
        .filter((x) => (dim ? str(x[dim.key]) : '') === id && (str(x['rank']) || '未定级') === rank)
        .reduce((s, x) => s + num(x['people']), 0);
      return dim?.drillable ? { value, unitId: id, unitName: groups.get(id)! } : { value };
    }),
  }));
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: { type: 'scroll', top: 0 },
    grid: baseGrid(),
    xAxis: { type: 'category', data: ids.map((id) => groups.get(id)!), axisLabel: { interval: 0, width: 72, overflow: 'break' } },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  };
}

/** Data points with a value across all series (what the browser test checks is not empty). */
export function pointCount(option: { series?: unknown } | null | undefined): number {
  const series = Array.isArray(option?.series) ? (option!.series as Array<{ data?: unknown[] }>) : [];
  let n = 0;
  for (const s of series) {
    for (const d of s.data ?? []) {
      const v = d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as { value?: unknown }).value : d;
      if (typeof v === 'number' && Number.isFinite(v) && v !== 0) n++;
    }
  }
  return n;
}

/** The unit a click on a chart element drills into, or null (departments, lines, pies). */
export function drillTargetOf(params: unknown): { unitId: string; unitName: string } | null {
  const data = (params as { data?: unknown } | null)?.data;
  if (!data || typeof data !== 'object') return null;
  const d = data as DrillItem;
  return d.unitId ? { unitId: d.unitId, unitName: d.unitName || d.unitId } : null;
}

/** The units present in the results (for the drill-down chips), in order of appearance. */
export function unitsOf(...results: Array<ReportResult | null | undefined>): Array<{ unitId: string; unitName: string }> {
  const seen = new Map<string, string>();
  for (const r of results) {
    if (!r || groupDimension(r)?.key !== 'unit') continue;
    for (const row of r.rows) {
      const id = str(row['unit']);
      if (id && !seen.has(id)) seen.set(id, str(row['unitName']) || id);
    }
  }
  return [...seen.entries()].map(([unitId, unitName]) => ({ unitId, unitName }));
}

export interface Kpis {
  finished: number;
  avgHours: number | null;
  overdueRate: number | null;
  returnedRate: number | null;
  people: number;
}

/** Headline figures: processes finished, average duration (weighted), overdue and returned rates, head-count. */
export function kpisOf(r: {
  throughput?: ReportResult | null;
  overdue?: ReportResult | null;
  returned?: ReportResult | null;
  headcount?: ReportResult | null;
}): Kpis {
  const t = r.throughput?.rows ?? [];
  const finished = t.reduce((s, x) => s + num(x['finished']), 0);
  const hours = t.reduce((s, x) => s + num(x['finished']) * num(x['avgHours']), 0);
  const o = r.overdue?.rows ?? [];
  const oTasks = o.reduce((s, x) => s + num(x['tasks']), 0);
  const rt = r.returned?.rows ?? [];
  const rTasks = rt.reduce((s, x) => s + num(x['tasks']), 0);
  return {
    finished,
    avgHours: finished ? hours / finished : null,
    overdueRate: oTasks ? o.reduce((s, x) => s + num(x['overdue']), 0) / oTasks : null,
    returnedRate: rTasks ? rt.reduce((s, x) => s + num(x['returned']), 0) / rTasks : null,
    people: (r.headcount?.rows ?? []).reduce((s, x) => s + num(x['people']), 0),
  };
}

// ------------------------------------------------------------------ the date range (Beijing dates)
const BEIJING = 8 * 3600_000;

/** Today's date in Beijing, 'YYYY-MM-DD'. */
export function beijingToday(now = Date.now()): string {
  return new Date(now + BEIJING).toISOString().slice(0, 10);
}

/**
 * The default range: twelve whole calendar months in Beijing, this month and the eleven before it
 * (1 January to 31 December when today is in December), so every monthly bar covers a whole month.
 */
export function defaultRange(now = Date.now()): { from: string; to: string } {
  const [y, m] = beijingToday(now).split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1 - 11, 1));
  const to = new Date(Date.UTC(y, m, 0)); // day 0 of next month = the last day of this month
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/**
 * Inclusive Beijing dates → the API's instants: from = 00:00 of `from`, to = 00:00 of the day after
 * `to` (exclusive). Null when a date is malformed or the range is empty.
 */
export function rangeToApi(from: string, to: string): { from: string; to: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return null;
  const f = Date.parse(`${from}T00:00:00+08:00`);
  const t = Date.parse(`${to}T00:00:00+08:00`) + 86_400_000;
  if (!Number.isFinite(f) || !Number.isFinite(t) || f >= t) return null;
  return { from: new Date(f).toISOString(), to: new Date(t).toISOString() };
}

/** A phone's pie label: the whole per cent, nothing on a slice under 6 %. */
export function pieLabel(p: { percent?: number }): string {
  const v = Number(p?.percent ?? 0);
  return v >= 6 ? `${Math.round(v)}%` : '';
}

/** Below this width (a phone) charts get smaller labels, a scrolling legend and pie labels inside. */
export const NARROW = 520;

/**
 * An option adapted to the width it is drawn at. On a phone (≤ 520 px): legends scroll in one line
 * in 11 px type, category labels are shortened to fit (names truncate with …, periods turn 40°),
 * value axes use 10 px type, and pie labels move inside the ring as percentages (the legend names
 * them) instead of spilling off the card. Wider screens get the option unchanged.
 */
export function fitToWidth(option: ChartOption, width: number): ChartOption {
  if (!(width > 0) || width > NARROW) return option;
  const o: ChartOption = { ...option };
  const small = { fontSize: 11 };
  if (o['legend'])
    o['legend'] = { ...(o['legend'] as object), type: 'scroll', itemWidth: 14, itemHeight: 10, itemGap: 8, textStyle: small };
  const axis = (a: unknown, vertical: boolean): unknown => {
    if (!a || typeof a !== 'object') return a;
    const ax = a as Record<string, unknown>;
    const label = (ax['axisLabel'] ?? {}) as Record<string, unknown>;
    if (ax['type'] !== 'category') return { ...ax, axisLabel: { ...label, fontSize: 10 } };
    // one line per category (two-line names crowd each other on a phone)
    const data = Array.isArray(ax['data'])
      ? (ax['data'] as unknown[]).map((d) => (typeof d === 'string' ? d.replace(/\n/g, '·') : d))
      : ax['data'];
    return vertical
      ? { ...ax, data, axisLabel: { ...label, fontSize: 11, width: 84, overflow: 'truncate', lineHeight: 13 } }
      : { ...ax, axisLabel: { ...label, fontSize: 10, width: 64, overflow: 'truncate', rotate: 40, hideOverlap: true, interval: 'auto' } };
  };
  if (o['xAxis']) o['xAxis'] = axis(o['xAxis'], false);
  if (o['yAxis']) o['yAxis'] = axis(o['yAxis'], true);
  if (o['grid']) o['grid'] = { ...(o['grid'] as object), left: 4, right: 8, containLabel: true };
  o.series = o.series.map((sr) =>
    (sr as { type?: string }).type === 'pie'
      ? {
          ...sr,
          radius: ['30%', '62%'],
          center: ['50%', '44%'],
          // whole per cents, and none on slivers (they would print over each other); the legend names every slice
          label: { show: true, position: 'inside', formatter: pieLabel, fontSize: 11, color: '#fff' },
          labelLine: { show: false },
        }
      : sr,
  );
  return o;
}
