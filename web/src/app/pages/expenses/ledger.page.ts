import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import {
  CLAIM_KINDS,
  ExpensesApi,
  STATUS_LABELS,
  emptyLedgerFilter,
  saveBlob,
  yuan,
  type LedgerFilter,
  type LedgerPage as LedgerAnswer,
  type LedgerRow,
} from './expenses-api.service';

const PAGE_SIZE = 20;
const SCOPE_LABELS: Record<string, string> = {
  self: '本人的报销单',
  department: '本部门的报销单',
  department_tree: '本部门及下级部门的报销单',
  unit: '本单位的报销单',
  all: '全区各单位的报销单',
};

/** 费用台账: every claim and payment the caller may see (the server applies the data scope), filters, totals, Excel. */
@Component({
  selector: 'oa-expense-ledger',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>费用台账
        <span class="tools">
          @if (canClaim()) { <a class="btn small primary" routerLink="/expenses/new" data-testid="new-claim">新建报销</a> }
          <button type="button" class="btn small" (click)="export()" [disabled]="exporting()" data-testid="export">{{ exporting() ? '正在导出…' : '导出 Excel' }}</button>
        </span>
      </h2>
      @if (scope()) { <p class="muted scope" data-testid="scope">查看范围：{{ scope() }}</p> }
      <form class="filters" (ngSubmit)="search()" data-testid="filters">
        <input class="input q" name="q" [(ngModel)]="f.q" placeholder="事由或报销人" aria-label="关键词" />
        <select class="input" name="kind" [(ngModel)]="f.kind" aria-label="类别"><option value="">全部类别</option>@for (k of kinds; track k) { <option [value]="k">{{ k }}</option> }</select>
        <select class="input" name="status" [(ngModel)]="f.status" aria-label="状态"><option value="">全部状态</option>@for (s of statuses; track s[0]) { <option [value]="s[0]">{{ s[1] }}</option> }</select>
        <label class="range">自 <input class="input" type="date" name="from" [(ngModel)]="f.from" aria-label="开始日期" /></label>
        <label class="range">至 <input class="input" type="date" name="to" [(ngModel)]="f.to" aria-label="结束日期" /></label>
        <input class="input" name="minYuan" [(ngModel)]="f.minYuan" inputmode="decimal" placeholder="最低金额（元）" aria-label="最低金额" />
        <input class="input" name="maxYuan" [(ngModel)]="f.maxYuan" inputmode="decimal" placeholder="最高金额（元）" aria-label="最高金额" />
        <span class="fbtns">
          <button class="btn" type="submit" data-testid="search">查询</button>
          <button class="btn" type="button" (click)="reset()">重置</button>
        </span>
      </form>
      @if (error()) { <div class="alert" role="alert" data-testid="list-error">{{ error() }}</div> }
      @if (data(); as d) {
        <div class="totals" data-testid="totals">
          <span>共 <b>{{ d.totals.count }}</b> 笔</span>
          <span>合计 <b>{{ yuan(d.totals.amount) }}</b> 元</span>
          <span>已支付 <b>{{ yuan(d.totals.paid) }}</b> 元</span>
          <span>待支付 <b>{{ yuan(d.totals.approved) }}</b> 元</span>
          <span>审批中 <b>{{ yuan(d.totals.submitted) }}</b> 元</span>
        </div>
      }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else if (!error() && items().length === 0) { <div class="empty" data-testid="list-empty">没有符合条件的报销单</div> }
      @else if (items().length) {
        <div class="table-wrap">
          <table class="grid" data-testid="ledger">
            <thead><tr><th>填报日期</th><th>单位</th><th>部门</th><th>报销人</th><th>类别</th><th>事由</th><th class="num">金额（元）</th><th>状态</th><th>支付日期</th><th>凭证号</th></tr></thead>
            <tbody>
              @for (r of items(); track r.claimId) {
                <tr data-testid="ledger-row">
                  <td>{{ r.date }}</td><td>{{ r.unitName }}</td><td>{{ r.departmentName }}</td><td>{{ r.claimantName }}</td><td>{{ r.kind }}</td>
                  <td class="title"><a [routerLink]="['/expenses/claims', r.claimId]">{{ r.title }}</a></td>
                  <td class="num">{{ yuan(r.amount) }}</td><td><span class="badge" [class.ok]="r.status === 'paid'">{{ r.statusLabel }}</span></td>
                  <td>{{ r.paidOn || '—' }}</td><td>{{ r.voucherNo || '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <ul class="cards" data-testid="ledger-cards">
          @for (r of items(); track r.claimId) {
            <li class="c" data-testid="ledger-card">
              <a class="c-title" [routerLink]="['/expenses/claims', r.claimId]">{{ r.title }}</a>
              <div class="c-meta"><span class="badge">{{ r.kind }}</span><span class="badge" [class.ok]="r.status === 'paid'">{{ r.statusLabel }}</span>
                <span>{{ r.claimantName }}</span><b class="c-amt">{{ yuan(r.amount) }} 元</b></div>
              <div class="muted c-sub">{{ r.unitName }} · {{ r.departmentName }} · {{ r.date }}</div>
            </li>
          }
        </ul>
        <div class="pager">
          <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1" data-testid="prev">上一页</button>
          <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }}{{ data()?.totalCapped ? '+' : '' }} 条</span>
          <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()" data-testid="next">下一页</button>
        </div>
      }
    </section>
  `,
  styles: `
    .tools { display: flex; gap: 6px; flex-wrap: wrap; }
    .scope { margin: -4px 0 8px; }
    .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-bottom: 12px; align-items: center; }
    .q { grid-column: 1 / -1; }
    .range { display: flex; gap: 4px; align-items: center; white-space: nowrap; }
    .fbtns { display: flex; gap: 6px; }
    .totals { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 8px 10px; background: #faf7f2; border-radius: var(--oa-radius); margin-bottom: 10px; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .grid td.title { white-space: normal; min-width: 200px; }
    .num { text-align: right !important; font-variant-numeric: tabular-nums; }
    .badge.ok { background: #e6f4ea; color: #2f8f5b; }
    .cards { display: none; list-style: none; margin: 0; padding: 0; }
    .c { border-bottom: 1px solid var(--oa-border); padding: 10px 2px; }
    .c-title { display: block; font-weight: 600; overflow-wrap: anywhere; }
    .c-meta { display: flex; flex-wrap: wrap; gap: 6px 8px; align-items: center; margin-top: 6px; font-size: 13px; }
    .c-amt { margin-left: auto; }
    .c-sub { font-size: 13px; margin-top: 4px; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
    @media (max-width: 640px) {
      .table-wrap { display: none; }
      .cards { display: block; }
      .filters { grid-template-columns: 1fr; }
      .range input { flex: 1; min-width: 0; }
    }
  `,
})
export class LedgerPage {
  private readonly api = inject(ExpensesApi);
  private readonly auth = inject(AuthService);
  readonly kinds = CLAIM_KINDS;
  readonly statuses = Object.entries(STATUS_LABELS);
  readonly yuan = yuan;
  readonly data = signal<LedgerAnswer | null>(null);
  readonly items = computed<LedgerRow[]>(() => this.data()?.items ?? []);
  readonly total = computed(() => this.data()?.total ?? 0);
  readonly scope = computed(() => SCOPE_LABELS[this.data()?.scope ?? ''] ?? '');
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly exporting = signal(false);
  readonly error = signal('');
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));
  readonly canClaim = computed(() => this.auth.can(['expense.use']));
  f: LedgerFilter = emptyLedgerFilter();
  private applied: LedgerFilter = emptyLedgerFilter();

  constructor() {
    void this.load();
  }

  search(): void {
    if (this.f.from && this.f.to && this.f.from > this.f.to) {
      this.error.set('开始日期不能晚于结束日期');
      return;
    }
    this.applied = { ...this.f };
    this.page.set(1);
    void this.load();
  }
  reset(): void {
    this.f = emptyLedgerFilter();
    this.search();
  }
  go(p: number): void {
    this.page.set(Math.min(Math.max(1, p), this.pages()));
    void this.load();
  }
  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set('');
    try {
      this.data.set(await this.api.ledger(this.applied, this.page(), PAGE_SIZE));
    } catch (e) {
      this.data.set(null);
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }
  async export(): Promise<void> {
    this.exporting.set(true);
    try {
      saveBlob(await this.api.ledgerXlsx(this.applied), '费用台账.xlsx');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.exporting.set(false);
    }
  }
}
