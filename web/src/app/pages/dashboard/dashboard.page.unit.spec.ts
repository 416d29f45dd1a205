import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { NGX_ECHARTS_CONFIG } from 'ngx-echarts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHARTS, DashboardPage } from './dashboard.page';

const tick = () => new Promise((r) => setTimeout(r));
const col = (key: string, type = 'dimension') => ({ key, label: key, type });

/** Rows per report, as GET /api/reports/:key answers (top level: by unit). */
function body(report: string, drilled: boolean): object {
  const g = drilled ? [col('department'), col('departmentName')] : [col('unit'), col('unitName')];
  const who = (id: string, name: string) => (drilled ? { department: id, departmentName: name } : { unit: id, unitName: name });
  const a = drilled ? who('czj-ysk', '预算科') : who('czj', '区财政局');
  const b = drilled ? who('czj-gkk', '国库科') : who('rsj', '区人社局');
  switch (report) {
    case 'process-throughput':
      return {
        key: report,
        title: '',
        columns: [col('period', 'period'), ...g, col('finished', 'measure'), col('avgHours', 'measure')],
        rows: [
          { period: '2026-01-01', ...a, finished: 8, avgHours: 5 },
          { period: '2026-02-01', ...b, finished: 4, avgHours: 11 },
        ],
      };
    case 'node-handling-time':
      return {
        key: report,
        title: '',
        columns: [col('kind'), col('node'), col('tasks', 'measure'), col('avgHours', 'measure'), col('p90Hours', 'measure')],
        rows: [{ kind: '请休假', node: '部门负责人审批', tasks: 12, avgHours: 3, p90Hours: 9 }],
      };
    case 'overdue-by-unit':
      return {
        key: report,
        title: '',
        columns: [...g, col('overdue', 'measure'), col('tasks', 'measure'), col('overdueRate', 'measure')],
        rows: [
          { ...b, overdue: 6, tasks: 30, overdueRate: 0.2 },
          { ...a, overdue: 2, tasks: 20, overdueRate: 0.1 },
        ],
      };
    case 'returned-rate':
      return {
        key: report,
        title: '',
        columns: [col('period', 'period'), col('tasks', 'measure'), col('returned', 'measure'), col('returnedRate', 'measure')],
        rows: [{ period: '2026-01-01', tasks: 50, returned: 3, returnedRate: 0.06 }],
      };
    case 'headcount':
      return { key: report, title: '', columns: [...g, col('rank'), col('people', 'measure')], rows: [{ ...a, rank: '科员', people: 4 }] };
    default: // the 公文 reports: no documents yet
      return { key: report, title: '', columns: [], rows: [] };
  }
}

/** jsdom has no ResizeObserver (ngx-echarts' autoResize needs one): a do-nothing stand-in. */
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

describe('DashboardPage (领导驾驶舱)', () => {
  let ctl: HttpTestingController;
  const g = globalThis as { ResizeObserver?: unknown };
  const hadResizeObserver = 'ResizeObserver' in g;

  beforeEach(() => {
    if (!hadResizeObserver) g.ResizeObserver = NoResizeObserver;
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'cockpit', component: DashboardPage }]), provideHttpClient(), provideHttpClientTesting()],
    });
    // jsdom has no canvas: ECharts is never loaded here (the browser test renders it for real).
    TestBed.overrideProvider(NGX_ECHARTS_CONFIG, { useValue: { echarts: () => new Promise(() => undefined) } });
    ctl = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    ctl.verify();
    if (!hadResizeObserver) delete g.ResizeObserver;
  });

  const reportRequests = () => ctl.match((r) => r.url.startsWith('/api/reports/'));

  async function answerAll(drilled = false, override: Record<string, (r: TestRequest) => void> = {}): Promise<TestRequest[]> {
    await tick();
    const reqs = reportRequests();
    expect(reqs.map((r) => r.request.url.replace('/api/reports/', '')).sort()).toEqual(CHARTS.map((c) => c.report).sort());
    for (const r of reqs) {
      const key = r.request.url.replace('/api/reports/', '');
      if (override[key]) override[key](r);
      else r.flush(body(key, drilled));
    }
    await tick();
    return reqs;
  }

  it('loads every report for the last year by month, shows the charts, the headline figures and the Chinese empty state', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/cockpit', DashboardPage);
    const el: HTMLElement = harness.routeNativeElement!;
    expect(el.querySelectorAll('[data-testid="chart-loading"]').length).toBe(CHARTS.length);
    const reqs = await answerAll();
    const p = reqs[0].request.params;
    expect(p.get('grain')).toBe('month');
    expect(Date.parse(p.get('to')!) - Date.parse(p.get('from')!)).toBeGreaterThan(360 * 86_400_000);
    expect(p.has('unit')).toBe(false);
    harness.detectChanges();
    await harness.fixture.whenStable();

    const points = (k: string) => Number(el.querySelector(`[data-chart="${k}"]`)?.getAttribute('data-points'));
    expect(points('processes')).toBe(2);
    expect(points('overdue')).toBe(2);
    expect(points('waits')).toBe(2); // average + P90
    expect(el.querySelector('[data-chart-card="documents"] [data-testid="chart-empty"]')?.textContent).toContain('暂无公文数据');
    expect(el.querySelector('[data-testid="kpis"]')?.textContent).toContain('12'); // 8 + 4 finished
    expect(el.querySelector('[data-testid="kpis"]')?.textContent).toContain('16.0%'); // 8 overdue of 50 tasks
    expect([...el.querySelectorAll('[data-testid="unit-chips"] .chip')].map((b) => b.textContent?.trim())).toEqual([
      '区人社局',
      '区财政局',
    ]);
  });

  it('clicking a unit bar drills down (unit= in the URL, departments, breadcrumb) and the breadcrumb comes back', async () => {
    const harness = await RouterTestingHarness.create();
    const page = await harness.navigateByUrl('/cockpit', DashboardPage);
    await answerAll();
    page.onClick(
      CHARTS.find((c) => c.key === 'overdue')!,
      { data: { value: 6, unitId: 'rsj', unitName: '区人社局' } },
    );
    const reqs = await answerAll(true);
    expect(reqs.every((r) => r.request.params.get('unit') === 'rsj')).toBe(true);
    harness.detectChanges();
    await harness.fixture.whenStable();
    const el: HTMLElement = harness.routeNativeElement!;
    expect(el.querySelector('[data-testid="crumb-unit"]')?.textContent).toContain('区人社局');
    expect(el.querySelector('[data-chart-card="overdue"] h2')?.textContent).toContain('按部门');
    expect(el.querySelector('[data-testid="unit-chips"]')).toBeNull();
    // departments do not drill further
    page.onClick(
      CHARTS.find((c) => c.key === 'overdue')!,
      { data: { value: 2 } },
    );
    await tick();
    expect(reportRequests()).toHaveLength(0);

    (el.querySelector('[data-testid="crumb-root"]') as HTMLAnchorElement).click();
    const back = await answerAll();
    expect(back.every((r) => !r.request.params.has('unit'))).toBe(true);
  });

  it('the date range and grain go to the URL and into every query; a reversed range is refused in Chinese', async () => {
    const harness = await RouterTestingHarness.create();
    const page = await harness.navigateByUrl('/cockpit', DashboardPage);
    await answerAll();
    page.apply(new Event('submit'), '2026-01-01', '2026-03-31', 'quarter');
    const reqs = await answerAll();
    expect(reqs[0].request.params.get('from')).toBe('2025-12-31T16:00:00.000Z');
    expect(reqs[0].request.params.get('to')).toBe('2026-03-31T16:00:00.000Z');
    expect(reqs.every((r) => r.request.params.get('grain') === 'quarter')).toBe(true);

    page.apply(new Event('submit'), '2026-05-01', '2026-03-31', 'month');
    await tick();
    expect(reportRequests()).toHaveLength(0);
    harness.detectChanges();
    expect(harness.routeNativeElement!.querySelector('[data-testid="range-error"]')?.textContent).toContain('起始日期不得晚于截止日期');
  });

  it('a failing report shows its error in Chinese with a retry, the others still show', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/cockpit', DashboardPage);
    await answerAll(false, {
      'overdue-by-unit': (r) =>
        r.flush(
          { type: 'about:blank', title: '服务暂不可用', status: 503, detail: '数据仓库尚未就绪，请稍后再试' },
          { status: 503, statusText: 'Service Unavailable' },
        ),
    });
    harness.detectChanges();
    await harness.fixture.whenStable();
    const el: HTMLElement = harness.routeNativeElement!;
    const err = el.querySelector('[data-chart-card="overdue"] [data-testid="chart-error"]');
    expect(err?.textContent).toContain('数据仓库尚未就绪');
    expect(el.querySelector('[data-chart="processes"]')).not.toBeNull();
    (err!.querySelector('button') as HTMLButtonElement).click();
    await tick();
    const retry = ctl.expectOne((r) => r.url === '/api/reports/overdue-by-unit');
    retry.flush(body('overdue-by-unit', false));
    await tick();
    harness.detectChanges();
    expect(el.querySelector('[data-chart="overdue"]')).not.toBeNull();
  });

  it('导出 Excel fetches ?format=xlsx as a blob through HttpClient (so the auth interceptor adds the token) and saves it under the chart title', async () => {
    const created: Blob[] = [];
    const clicked: string[] = [];
    const origCreate = URL.createObjectURL;
    URL.createObjectURL = vi.fn((b: Blob) => (created.push(b), 'blob:test')) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    try {
      const harness = await RouterTestingHarness.create();
      await harness.navigateByUrl('/cockpit', DashboardPage);
      await answerAll();
      harness.detectChanges();
      await harness.fixture.whenStable();
      (harness.routeNativeElement!.querySelector('[data-export="overdue-by-unit"]') as HTMLButtonElement).click();
      await tick();
      const req = ctl.expectOne((r) => r.url === '/api/reports/overdue-by-unit' && r.params.get('format') === 'xlsx');
      expect(req.request.responseType).toBe('blob');
      req.flush(new Blob(['PK'], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      await tick();
      expect(created).toHaveLength(1);
      expect(clicked).toHaveLength(1);
      expect(clicked[0]).toMatch(/^超期任务排名（按单位）_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);
    } finally {
      URL.createObjectURL = origCreate;
      click.mockRestore();
    }
  });
});
