import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import type { ECElementEvent, ECharts } from 'echarts/core';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { ErrorBanner } from '../../core/error-banner.service';
import { problemMessage } from '../../core/problem';
import {
  type ChartOption,
  type Grain,
  type ReportResult,
  GRAIN_LABELS,
  defaultRange,
  fitToWidth,
  documentsByKindOption,
  drillTargetOf,
  handlingTimeOption,
  headcountOption,
  hoursText,
  kpisOf,
  overdueOption,
  percentText,
  pointCount,
  rangeToApi,
  returnedRateOption,
  throughputOption,
  unitsOf,
} from './dashboard-charts';
import { ReportsApi, type ReportQuery } from './reports-api.service';
import { supervisionOption } from '../supervision/dashboard-panel';
import { expenseByCategoryOption } from '../expenses/expense-charts';
import { assetValueOption } from '../assets/asset-chart';
import { roomUtilisationOption } from '../meetings/utilisation-chart';

/** One chart of the page: which report, how its rows become an option. */
interface ChartDef {
  key: string;
  report: string;
  title: string;
  /** Title suffix once drilled into a unit. */
  drilledTitle?: string;
  build: (r: ReportResult, grain: Grain) => ChartOption;
  empty: string;
  /** Bars stand for units: clicking one drills down. */
  drill: boolean;
  wide?: boolean;
}

export const CHARTS: readonly ChartDef[] = [
  {
    key: 'processes',
    report: 'process-throughput',
    title: '流程办结量（按单位）',
    drilledTitle: '流程办结量（按部门）',
    build: (r, g) => throughputOption(r, 'finished', g),
    empty: '所选期间没有办结的流程',
    drill: true,
    wide: true,
  },
  {
    key: 'waits',
    report: 'node-handling-time',
    title: '各环节办理时长（工作小时）',
    build: (r) => handlingTimeOption(r),
    empty: '所选期间没有办结的审批任务',
    drill: false,
  },
  {
    key: 'overdue',
    report: 'overdue-by-unit',
    title: '超期任务排名（按单位）',
    drilledTitle: '超期任务排名（按部门）',
    build: (r) => overdueOption(r),
    empty: '所选期间没有审批任务',
    drill: true,
  },
  {
    key: 'returned',
    report: 'returned-rate',
    title: '退回率',
    build: (r, g) => returnedRateOption(r, g),
    empty: '所选期间没有审批任务',
    drill: false,
  },
  {
    key: 'headcount',
    report: 'headcount',
    title: '在编人数（按职级）',
    build: (r) => headcountOption(r),
    empty: '暂无人员数据',
    drill: true,
  },
  {
    key: 'documents',
    report: 'document-throughput',
    title: '公文办理量（按单位）',
    drilledTitle: '公文办理量',
    build: (r, g) => throughputOption(r, 'documents', g),
    empty: '所选期间暂无公文数据',
    drill: true,
  },
  {
    key: 'kinds',
    report: 'documents-by-kind',
    title: '公文文种分布',
    build: (r) => documentsByKindOption(r),
    empty: '所选期间暂无公文数据',
    drill: false,
  },
  {
    key: 'supervision',
    report: 'supervision-on-time',
    title: '督办按期办结率与平均超期（按主办单位）',
    build: (r) => supervisionOption(r),
    empty: '所选期间没有销号的督办事项',
    drill: false,
  },
  {
    key: 'expenses',
    report: 'expense-by-category',
    title: '费用支出（按类别，元）',
    build: (r) => expenseByCategoryOption(r),
    empty: '所选期间暂无费用支付',
    drill: false,
  },
  {
    key: 'assets',
    report: 'asset-value-by-unit',
    title: '固定资产原值（按单位、分类，期末在账）',
    build: (r) => assetValueOption(r),
    empty: '暂无固定资产数据',
    drill: false,
  },
  {
    key: 'rooms',
    report: 'meeting-room-utilisation',
    title: '会议室使用率（已预约 / 开放小时）',
    build: (r) => roomUtilisationOption(r),
    empty: '所选期间没有会议室预约',
    drill: false,
  },
];

interface ChartState {
  status: 'loading' | 'ready' | 'empty' | 'error';
  option: ChartOption | null;
  result: ReportResult | null;
  error: string;
  points: number;
}

const GRAINS = Object.keys(GRAIN_LABELS) as Grain[];
const isGrain = (x: unknown): x is Grain => typeof x === 'string' && (GRAINS as string[]).includes(x);

/** Turns an error whose body arrived as a Blob (responseType 'blob') back into a readable one. */
async function readableError(e: unknown): Promise<unknown> {
  if (e instanceof HttpErrorResponse && typeof Blob !== 'undefined' && e.error instanceof Blob) {
    try {
      return { status: e.status, error: JSON.parse(await e.error.text()) };
    } catch {
      return { status: e.status };
    }
  }
  return e;
}

/** 领导驾驶舱 (issue 7): the year's throughput, where work waits, overdue and returned work, head-count. */
@Component({
  selector: 'oa-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgxEchartsDirective],
  providers: [provideEchartsCore({ echarts: () => import('./echarts-setup').then((m) => m.echarts) })],
  template: `
    <div class="page dash">
      <div class="head">
        <h1>领导驾驶舱</h1>
        <nav class="crumbs" aria-label="当前位置" data-testid="breadcrumb">
          @if (unit()) {
            <a href="" (click)="back($event)" data-testid="crumb-root">总览</a>
            <span class="sep" aria-hidden="true">›</span>
            <span class="cur" data-testid="crumb-unit">{{ unitName() }}</span>
          } @else {
            <span class="cur">总览</span>
          }
        </nav>
      </div>

      <form class="filters card" (submit)="apply($event, fromEl.value, toEl.value, grainEl.value)" data-testid="filters">
        <label class="f">起始日期<input #fromEl class="input" type="date" name="from" [value]="range().from" [max]="range().to" data-testid="from" /></label>
        <label class="f">截止日期<input #toEl class="input" type="date" name="to" [value]="range().to" data-testid="to" /></label>
        <label class="f">时间粒度
          <select #grainEl class="input" name="grain" data-testid="grain">
            @for (g of grains; track g) { <option [value]="g" [selected]="g === grain()">{{ grainLabels[g] }}</option> }
          </select>
        </label>
        <div class="f buttons">
          <button type="submit" class="btn primary" data-testid="apply">查询</button>
          <button type="button" class="btn" (click)="lastYear()">近一年</button>
        </div>
      </form>
      @if (rangeError()) { <div class="alert" role="alert" data-testid="range-error">{{ rangeError() }}</div> }

      <div class="progress" [class.on]="loading()" role="progressbar" aria-label="加载中" [attr.aria-hidden]="!loading()"></div>

      <section class="kpis" aria-label="关键指标" data-testid="kpis">
        <div class="kpi"><span class="v">{{ kpis().finished }}</span><span class="l">办结流程（件）</span></div>
        <div class="kpi"><span class="v">{{ kpis().avgHours === null ? '–' : hours(kpis().avgHours) }}</span><span class="l">平均办理用时</span></div>
        <div class="kpi"><span class="v warn">{{ kpis().overdueRate === null ? '–' : pct(kpis().overdueRate) }}</span><span class="l">任务超期率</span></div>
        <div class="kpi"><span class="v">{{ kpis().returnedRate === null ? '–' : pct(kpis().returnedRate) }}</span><span class="l">任务退回率</span></div>
        <div class="kpi"><span class="v">{{ kpis().people }}</span><span class="l">在编人数</span></div>
      </section>

      @if (!unit() && units().length) {
        <nav class="units" aria-label="按单位下钻" data-testid="unit-chips">
          <span class="muted">下钻到单位：</span>
          @for (u of units(); track u.unitId) {
            <button type="button" class="chip" (click)="drill(u.unitId, u.unitName)" [attr.data-unit]="u.unitId">{{ u.unitName }}</button>
          }
        </nav>
      }

      <div class="grid">
        @for (c of charts; track c.key) {
          @let s = state()[c.key];
          <section class="card chart-card" [class.wide]="c.wide" [attr.data-chart-card]="c.key">
            <h2>
              <span class="t">{{ unit() && c.drilledTitle ? c.drilledTitle : c.title }}</span>
              <button type="button" class="btn small" (click)="exportXlsx(c)" [disabled]="exporting() === c.key || s.status !== 'ready'" [attr.data-export]="c.report">
                {{ exporting() === c.key ? '导出中…' : '导出 Excel' }}
              </button>
            </h2>
            @switch (s.status) {
              @case ('loading') { <div class="state loading" data-testid="chart-loading"><span class="spinner" aria-hidden="true"></span>加载中…</div> }
              @case ('error') {
                <div class="state error" role="alert" data-testid="chart-error">
                  <span>加载失败：{{ s.error }}</span>
                  <button type="button" class="btn small" (click)="reloadOne(c)">重试</button>
                </div>
              }
              @case ('empty') { <div class="state empty" data-testid="chart-empty">{{ c.empty }}</div> }
              @default {
                <div echarts class="chart" [initOpts]="initOpts" [options]="s.option ?? emptyOption" [autoResize]="true" [attr.data-chart]="c.key" [attr.data-points]="s.points"
                     [class.clickable]="c.drill && !unit()" (chartInit)="onInit(c.key, $event)" (chartClick)="onClick(c, $event)" (chartFinished)="onFinished(c.key)"></div>
                @if (c.drill && !unit()) { <p class="hint muted">点击单位可查看其各部门情况</p> }
              }
            }
          </section>
        }
      </div>
    </div>
  `,
  styles: `
    .head { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; margin-bottom: 8px; }
    .head h1 { margin: 0; }
    .crumbs { display: flex; gap: 6px; align-items: baseline; color: var(--oa-muted); }
    .crumbs .cur { color: var(--oa-text); font-weight: 600; }
    .filters { display: flex; flex-wrap: wrap; gap: 10px 14px; align-items: flex-end; padding: 12px 16px; margin-bottom: 10px; }
    .f { display: flex; flex-direction: column; gap: 2px; font-size: 13px; color: var(--oa-muted); min-width: 0; }
    .f .input { min-width: 140px; color: var(--oa-text); }
    .buttons { flex-direction: row; gap: 8px; }
    .progress { height: 3px; margin: 0 0 8px; background: transparent; overflow: hidden; position: relative; border-radius: 2px; }
    .progress.on::after { content: ''; position: absolute; inset: 0; width: 35%; background: var(--oa-red); animation: slide 1s linear infinite; }
    @keyframes slide { from { transform: translateX(-100%); } to { transform: translateX(300%); } }
    .kpis { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 10px; margin-bottom: 10px; }
    .kpi { background: #fff; border: 1px solid var(--oa-border); border-top: 3px solid var(--oa-red); border-radius: 6px; padding: 10px 8px; display: flex; flex-direction: column; align-items: center; min-width: 0; }
    .kpi .v { font-size: 22px; font-weight: 700; color: var(--oa-red); line-height: 1.3; white-space: nowrap; }
    .kpi .v.warn { color: var(--oa-warn); }
    .kpi .l { font-size: 12px; color: var(--oa-muted); white-space: nowrap; }
    .units { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 10px; }
    .chip { border: 1px solid var(--oa-border); background: #fff; border-radius: 14px; padding: 3px 12px; cursor: pointer; font-size: 13px; }
    .chip:hover { border-color: var(--oa-red); color: var(--oa-red); }
    .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; }
    .chart-card { display: flex; flex-direction: column; min-width: 0; }
    .chart-card.wide { grid-column: 1 / -1; }
    .chart-card h2 { margin-bottom: 6px; }
    .chart-card h2 .t { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .chart { width: 100%; height: 300px; }
    .chart.clickable { cursor: pointer; }
    .hint { margin: 4px 0 0; font-size: 12px; }
    .state { height: 300px; display: flex; flex-direction: column; gap: 10px; align-items: center; justify-content: center; color: var(--oa-muted); text-align: center; padding: 0 12px; }
    .state.error { color: var(--oa-danger); }
    .state.empty { height: 160px; }
    .spinner { width: 22px; height: 22px; border: 3px solid #eadede; border-top-color: var(--oa-red); border-radius: 50%; animation: spin .8s linear infinite; }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (max-width: 900px) {
      .grid { grid-template-columns: minmax(0, 1fr); }
      .kpis { grid-template-columns: repeat(3, minmax(0, 1fr)); }
    }
    @media (max-width: 520px) {
      .kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 6px; }
      .kpi .v { font-size: 18px; }
      .f { flex: 1 1 40%; }
      .f .input { min-width: 0; width: 100%; }
      .chart, .state { height: 260px; }
      .state.empty { height: 120px; }
    }
  `,
})
export class DashboardPage {
  private readonly api = inject(ReportsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly banner = inject(ErrorBanner);

  readonly charts = CHARTS;
  readonly grains = GRAINS;
  readonly grainLabels = GRAIN_LABELS;
  readonly emptyOption: ChartOption = { series: [] };
  /** SVG: crisp at any zoom and on phones, and renderable under jsdom in unit tests. */
  readonly initOpts = { renderer: 'svg' as const };

  readonly range = signal(defaultRange());
  readonly grain = signal<Grain>('month');
  readonly unit = signal<string | null>(null);
  readonly unitName = signal('');
  readonly rangeError = signal('');
  readonly exporting = signal<string | null>(null);
  readonly state = signal<Record<string, ChartState>>(Object.fromEntries(CHARTS.map((c) => [c.key, this.blank()])));
  readonly loading = computed(() => Object.values(this.state()).some((s) => s.status === 'loading'));
  readonly kpis = computed(() => {
    const s = this.state();
    return kpisOf({
      throughput: s['processes'].result,
      overdue: s['overdue'].result,
      returned: s['returned'].result,
      headcount: s['headcount'].result,
    });
  });
  readonly units = computed(() => {
    const s = this.state();
    return unitsOf(s['overdue'].result, s['processes'].result, s['headcount'].result);
  });

  private readonly instances = new Map<string, ECharts>();
  private generation = 0;

  constructor() {
    const sub = this.route.queryParamMap.subscribe((q) => {
      const def = defaultRange();
      const from = q.get('from') ?? def.from;
      const to = q.get('to') ?? def.to;
      this.range.set({ from, to });
      const g = q.get('grain');
      this.grain.set(isGrain(g) ? g : 'month');
      this.unit.set(q.get('unit') || null);
      this.unitName.set(q.get('unitName') || q.get('unit') || '');
      void this.load();
    });
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.instances.clear();
    });
  }

  hours(v: number | null): string {
    return hoursText(v);
  }
  pct(v: number | null): string {
    return percentText(v);
  }

  private blank(): ChartState {
    return { status: 'loading', option: null, result: null, error: '', points: 0 };
  }

  /** The API query for the current filters, or null (and a message) when the range is not valid. */
  query(): ReportQuery | null {
    const r = rangeToApi(this.range().from, this.range().to);
    if (!r) {
      this.rangeError.set('请选择有效的起止日期（起始日期不得晚于截止日期）');
      return null;
    }
    this.rangeError.set('');
    return { ...r, grain: this.grain(), unit: this.unit() };
  }

  async load(): Promise<void> {
    const q = this.query();
    if (!q) {
      this.state.set(Object.fromEntries(CHARTS.map((c) => [c.key, { ...this.blank(), status: 'empty' as const }])));
      return;
    }
    const gen = ++this.generation;
    this.state.set(Object.fromEntries(CHARTS.map((c) => [c.key, this.blank()])));
    await Promise.all(CHARTS.map((c) => this.loadOne(c, q, gen)));
  }

  reloadOne(c: ChartDef): void {
    const q = this.query();
    if (q) void this.loadOne(c, q, this.generation);
  }

  private async loadOne(c: ChartDef, q: ReportQuery, gen: number): Promise<void> {
    this.patch(c.key, this.blank());
    let next: ChartState;
    try {
      const result = await this.api.report(c.report, q);
      const option = fitToWidth(c.build(result, q.grain), typeof window === 'undefined' ? 0 : window.innerWidth);
      const points = pointCount(option);
      next = { status: result.rows.length && points ? 'ready' : 'empty', option, result, error: '', points };
    } catch (e) {
      next = { status: 'error', option: null, result: null, error: problemMessage(e), points: 0 };
    }
    if (gen === this.generation) this.patch(c.key, next);
  }

  private patch(key: string, s: ChartState): void {
    this.state.update((all) => ({ ...all, [key]: s }));
  }

  apply(ev: Event, from: string, to: string, grain: string): void {
    ev.preventDefault();
    if (!rangeToApi(from, to)) {
      this.rangeError.set('请选择有效的起止日期（起始日期不得晚于截止日期）');
      return;
    }
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { from, to, grain: isGrain(grain) ? grain : 'month' },
      queryParamsHandling: 'merge',
    });
  }

  lastYear(): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { from: null, to: null, grain: null },
      queryParamsHandling: 'merge',
    });
  }

  drill(unitId: string, unitName: string): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { unit: unitId, unitName }, queryParamsHandling: 'merge' });
  }

  back(ev?: Event): void {
    ev?.preventDefault();
    void this.router.navigate([], { relativeTo: this.route, queryParams: { unit: null, unitName: null }, queryParamsHandling: 'merge' });
  }

  onClick(c: ChartDef, params: ECElementEvent | unknown): void {
    if (!c.drill || this.unit()) return;
    const t = drillTargetOf(params);
    if (t) this.drill(t.unitId, t.unitName);
  }

  onInit(key: string, chart: ECharts): void {
    this.instances.set(key, chart);
  }

  /** Marks the chart element with the points ECharts itself holds (read by the browser test). */
  onFinished(key: string): void {
    const chart = this.instances.get(key);
    if (!chart || chart.isDisposed()) return;
    const dom = chart.getDom();
    dom.setAttribute('data-rendered-points', String(pointCount(chart.getOption() as { series?: unknown })));
  }

  async exportXlsx(c: ChartDef): Promise<void> {
    const q = this.query();
    if (!q) return;
    this.exporting.set(c.key);
    try {
      const title = this.unit() && c.drilledTitle ? `${this.unitName()}${c.drilledTitle}` : c.title;
      await this.api.downloadXlsx(c.report, q, `${title}_${this.range().from}_${this.range().to}`);
    } catch (e) {
      this.banner.show(await readableError(e));
    } finally {
      this.exporting.set(null);
    }
  }
}
