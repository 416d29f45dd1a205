import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { problemMessage } from '../../core/problem';
import { ExpensesApi, yuan, type BudgetItem, type StatRow } from './expenses-api.service';

const PALETTE = ['#b52222', '#1f5fa8', '#d08a1a', '#2f8f5b', '#7b4fa0', '#3aa0b5'];
const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
type Option = Record<string, unknown>;

/** 支出按类别 (pie) — pure, from the 资金支付统计表 rows. */
export function byCategoryOption(rows: readonly StatRow[]): Option {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.category, (sums.get(r.category) ?? 0) + r.paid);
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 元（{d}%）' },
    legend: { bottom: 0 },
    series: [
      { type: 'pie', radius: ['35%', '65%'], data: [...sums].filter(([, v]) => v > 0).map(([name, v]) => ({ name, value: v / 100 })) },
    ],
  };
}
/** 支出按月 (bars stacked by category). */
export function byMonthOption(rows: readonly StatRow[]): Option {
  const cats = [...new Set(rows.map((r) => r.category))];
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 50, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: MONTHS },
    yAxis: { type: 'value', name: '元' },
    series: cats.map((c) => ({
      type: 'bar',
      stack: 'paid',
      name: c,
      data: MONTHS.map((_, m) => rows.filter((r) => r.category === c).reduce((a, r) => a + r.months[m], 0) / 100),
    })),
  };
}
/** 支出按部门 (spent and reserved per department, from the budget lines). */
export function byDepartmentOption(lines: readonly BudgetItem[]): Option {
  const sums = new Map<string, { spent: number; reserved: number }>();
  for (const l of lines) {
    const k = `${l.unitName} ${l.departmentName}`;
    const s = sums.get(k) ?? { spent: 0, reserved: 0 };
    s.spent += l.spent;
    s.reserved += l.reserved;
    sums.set(k, s);
  }
  const rows = [...sums].filter(([, v]) => v.spent + v.reserved > 0).sort((a, b) => b[1].spent - a[1].spent);
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 120, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'value', name: '元' },
    yAxis: { type: 'category', data: rows.map(([k]) => k), inverse: true },
    series: [
      { type: 'bar', stack: 'x', name: '已支出', data: rows.map(([, v]) => v.spent / 100) },
      { type: 'bar', stack: 'x', name: '已冻结', data: rows.map(([, v]) => v.reserved / 100) },
    ],
  };
}

/** 预算与统计: 资金支付统计表 (by unit, category and month, with budget, spent, reserved, remaining) and charts. */
@Component({
  selector: 'oa-expense-stats',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, NgxEchartsDirective],
  providers: [provideEchartsCore({ echarts: () => import('../dashboard/echarts-setup').then((m) => m.echarts) })],
  template: `
    <section class="card">
      <h2>资金支付统计表
        <span class="tools"><label>年度 <select class="input" [(ngModel)]="year" (ngModelChange)="load()" name="year" data-testid="year">@for (y of years; track y) { <option [ngValue]="y">{{ y }}</option> }</select></label></span>
      </h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      <div class="table-wrap">
        <table class="grid" data-testid="stats">
          <thead><tr><th>单位</th><th>类别</th><th class="num">预算</th><th class="num">已支出</th><th class="num">已冻结</th><th class="num">可用</th><th class="num">本年支付</th>@for (m of months; track m) { <th class="num">{{ m }}</th> }</tr></thead>
          <tbody>
            @for (r of rows(); track r.unitId + r.category) {
              <tr data-testid="stats-row"><td>{{ r.unitName }}</td><td>{{ r.category }}</td><td class="num">{{ yuan(r.budget) }}</td><td class="num">{{ yuan(r.spent) }}</td>
                <td class="num">{{ yuan(r.reserved) }}</td><td class="num" [class.over]="r.remaining < 0">{{ yuan(r.remaining) }}</td><td class="num"><b>{{ yuan(r.paid) }}</b></td>
                @for (v of r.months; track $index) { <td class="num">{{ v ? yuan(v) : '' }}</td> }</tr>
            } @empty { <tr><td colspan="19" class="empty">本年度暂无数据</td></tr> }
          </tbody>
        </table>
      </div>
    </section>
    <div class="charts">
      <section class="card"><h3>支出按类别</h3><div echarts class="chart" [options]="catOption()" [autoResize]="true" data-chart="category"></div></section>
      <section class="card"><h3>支出按月份</h3><div echarts class="chart" [options]="monthOption()" [autoResize]="true" data-chart="month"></div></section>
      <section class="card wide"><h3>支出按部门（已支出 / 已冻结）</h3><div echarts class="chart tall" [options]="deptOption()" [autoResize]="true" data-chart="department"></div></section>
    </div>
  `,
  styles: `
    .tools label { display: flex; gap: 6px; align-items: center; font-weight: normal; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 13px; }
    .grid th, .grid td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .num { text-align: right !important; font-variant-numeric: tabular-nums; }
    .over { color: var(--oa-red); }
    .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
    .wide { grid-column: 1 / -1; }
    .chart { height: 300px; width: 100%; } .chart.tall { height: 380px; }
    @media (max-width: 760px) { .charts { grid-template-columns: 1fr; } }
  `,
})
export class StatsPage {
  private readonly api = inject(ExpensesApi);
  readonly yuan = yuan;
  readonly months = MONTHS;
  readonly years = Array.from({ length: 5 }, (_, i) => new Date().getFullYear() - i);
  year = this.years[0];
  readonly rows = signal<StatRow[]>([]);
  readonly budgets = signal<BudgetItem[]>([]);
  readonly error = signal('');
  readonly catOption = computed(() => byCategoryOption(this.rows()));
  readonly monthOption = computed(() => byMonthOption(this.rows()));
  readonly deptOption = computed(() => byDepartmentOption(this.budgets()));

  constructor() {
    void this.load();
  }
  async load(): Promise<void> {
    this.error.set('');
    try {
      const [s, b] = await Promise.all([this.api.stats(this.year), this.api.budgets(this.year)]);
      this.rows.set(s.items);
      this.budgets.set(b.items);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
