import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import { formatDate } from '../../core/time';
import {
  DOCUMENT_KINDS,
  INCOMING_CATEGORY_LABELS,
  INCOMING_STATUS_LABELS,
  OUTGOING_STATUS_LABELS,
  SearchFilter,
  emptyFilter,
  statusLabel,
} from './document-model';
import { DocumentsApi, RegistryRow, saveBlob } from './documents-api.service';

const PAGE_SIZE = 20;
type Mode = 'outgoing' | 'incoming' | 'search';
const TITLES: Record<Mode, string> = { outgoing: '发文', incoming: '收文登记簿', search: '综合查询' };

/**
 * 综合查询 (every filter, Excel export), and the same list preset as 发文 and 收文登记簿 — always
 * within the caller's data scope (the server applies it).
 */
@Component({
  selector: 'oa-doc-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>{{ heading() }}
        <span class="tools">
          @if (mode() === 'outgoing' && canDraft()) { <a class="btn small primary" routerLink="/documents/outgoing/new" data-testid="new-draft">拟稿</a> }
          @if (mode() === 'incoming' && canRegister()) { <a class="btn small" routerLink="/documents/incoming/paper" data-testid="paper-link">纸质来文登记</a> }
          @if (items().length) { <button type="button" class="btn small" (click)="printPage()" [disabled]="printing()" data-testid="print-batch">{{ printing() ? '正在生成…' : '批量打印本页' }}</button> }
          <button type="button" class="btn small" (click)="export()" [disabled]="exporting()" data-testid="export">{{ exporting() ? '正在导出…' : '导出 Excel' }}</button>
        </span>
      </h2>
      <form class="filters" (ngSubmit)="search()" data-testid="filters">
        <input class="input q" name="q" [(ngModel)]="f.q" placeholder="关键词：标题、文号、机关、正文" aria-label="关键词" />
        @if (mode() === 'search' || more()) {
          <input class="input" name="title" [(ngModel)]="f.title" placeholder="标题" aria-label="标题" />
          <input class="input" name="number" [(ngModel)]="f.number" placeholder="文号 / 收文编号" aria-label="文号" />
          <input class="input" name="issuer" [(ngModel)]="f.issuer" placeholder="发文机关 / 来文单位" aria-label="机关" />
          <select class="input" name="kind" [(ngModel)]="f.kind" aria-label="文种"><option value="">全部文种</option>@for (k of kinds; track k) { <option [value]="k">{{ k }}</option> }</select>
          @if (mode() === 'search') {
            <select class="input" name="direction" [(ngModel)]="f.direction" (ngModelChange)="f.status = ''" aria-label="收发文"><option value="">收文与发文</option><option value="outgoing">发文</option><option value="incoming">收文</option></select>
          }
          <select class="input" name="status" [(ngModel)]="f.status" aria-label="状态"><option value="">全部状态</option>@for (s of statuses(); track s[0]) { <option [value]="s[0]">{{ s[1] }}</option> }</select>
          @if (direction() !== 'outgoing') {
            <select class="input" name="category" [(ngModel)]="f.category" aria-label="收文类别"><option value="">全部类别</option>@for (c of categories; track c[0]) { <option [value]="c[0]">{{ c[1] }}</option> }</select>
          }
          <label class="range">自 <input class="input" type="date" name="from" [(ngModel)]="f.from" aria-label="开始日期" /></label>
          <label class="range">至 <input class="input" type="date" name="to" [(ngModel)]="f.to" aria-label="结束日期" /></label>
        }
        <span class="fbtns">
          <button class="btn" type="submit" data-testid="search">查询</button>
          <button class="btn" type="button" (click)="reset()">重置</button>
          @if (mode() !== 'search') { <button class="btn" type="button" (click)="more.set(!more())">{{ more() ? '收起' : '更多条件' }}</button> }
        </span>
      </form>
      @if (error()) { <div class="alert" role="alert" data-testid="list-error">{{ error() }}</div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else if (!error() && items().length === 0) { <div class="empty" data-testid="list-empty">{{ emptyText() }}</div> }
      @else if (items().length) {
        <div class="table-wrap">
          <table class="grid" data-testid="results">
            <thead><tr>
              @if (direction() === 'incoming') { <th>收文编号</th><th>来文单位</th><th>来文字号</th> } @else if (direction() === 'outgoing') { <th>发文字号</th> } @else { <th>收/发</th><th>文号</th> }
              <th>标题</th><th>文种</th><th>密级</th><th>状态</th><th>日期</th>
            </tr></thead>
            <tbody>
              @for (r of items(); track r.id) {
                <tr>
                  @if (direction() === 'incoming') { <td>{{ r.receipt_number || '—' }}</td><td>{{ r.issuer || '—' }}</td><td>{{ r.doc_number || '—' }}</td> }
                  @else if (direction() === 'outgoing') { <td>{{ r.doc_number || '（未编号）' }}</td> }
                  @else { <td><span class="badge">{{ r.direction === 'incoming' ? '收文' : '发文' }}</span></td><td>{{ r.doc_number || r.receipt_number || '—' }}</td> }
                  <td class="title"><a [routerLink]="['/documents', r.direction, r.id]">{{ r.title }}</a>
                    @if (r.category && r.category !== 'normal') { <span class="badge cat">{{ category(r.category) }}</span> }
                    @if (r.urgency && r.urgency !== '平件') { <span class="badge overdue">{{ r.urgency }}</span> }</td>
                  <td>{{ r.kind || '—' }}</td><td>{{ r.classification || '—' }}</td>
                  <td><span class="badge">{{ r.stage || label(r) }}</span></td><td>{{ date(r.date_key) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <!-- on a phone the rows become cards: title, number, state, date (no sideways scrolling) -->
        <ul class="cards" data-testid="result-cards">
          @for (r of items(); track r.id) {
            <li class="doc-card" data-testid="doc-card">
              <a class="c-title" data-testid="card-title" [routerLink]="['/documents', r.direction, r.id]">{{ r.title }}</a>
              <div class="c-meta">
                @if (direction() === '') { <span class="badge">{{ r.direction === 'incoming' ? '收文' : '发文' }}</span> }
                <span class="c-no" data-testid="card-number">{{ number(r) }}</span>
                <span class="badge" data-testid="card-state">{{ r.stage || label(r) }}</span>
                @if (r.urgency && r.urgency !== '平件') { <span class="badge overdue">{{ r.urgency }}</span> }
                <span class="c-date muted" data-testid="card-date">{{ date(r.date_key) }}</span>
              </div>
              @if (direction() === 'incoming' && r.issuer) { <div class="c-sub muted">来文单位：{{ r.issuer }}</div> }
            </li>
          }
        </ul>
        <div class="pager">
          <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1" data-testid="prev">上一页</button>
          <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }}{{ totalCapped() ? '+' : '' }} 条</span>
          <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()" data-testid="next">下一页</button>
        </div>
      }
    </section>
  `,
  styles: `
    .tools { display: flex; gap: 6px; flex-wrap: wrap; }
    .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-bottom: 12px; align-items: center; }
    .q { grid-column: 1 / -1; }
    .range { display: flex; gap: 4px; align-items: center; white-space: nowrap; }
    .fbtns { display: flex; gap: 6px; flex-wrap: wrap; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .grid td.title { white-space: normal; min-width: 220px; }
    .grid td.title .badge { margin-left: 4px; }
    .cat { background: #e8f0fb; color: var(--oa-blue); }
    .cards { display: none; list-style: none; margin: 0; padding: 0; }
    .doc-card { border-bottom: 1px solid var(--oa-border); padding: 10px 2px; }
    .c-title { display: block; font-weight: 600; line-height: 1.45; overflow-wrap: anywhere; }
    .c-meta { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin-top: 6px; font-size: 13px; }
    .c-no { overflow-wrap: anywhere; }
    .c-date { margin-left: auto; white-space: nowrap; }
    .c-sub { font-size: 13px; margin-top: 4px; overflow-wrap: anywhere; }
    @media (max-width: 640px) {
      .table-wrap { display: none; }
      .cards { display: block; }
      .filters { grid-template-columns: 1fr; }
      .range input { flex: 1; min-width: 0; }
    }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
  `,
})
export class SearchPage {
  private readonly api = inject(DocumentsApi);
  private readonly auth = inject(AuthService);
  /** Route data: which list this is. */
  readonly mode = input<Mode>('search');
  readonly items = signal<RegistryRow[]>([]);
  readonly total = signal(0);
  /** more than total() match (the server counts up to 10,000) */
  readonly totalCapped = signal(false);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly error = signal('');
  readonly exporting = signal(false);
  readonly printing = signal(false);
  readonly more = signal(false);
  readonly kinds = DOCUMENT_KINDS;
  readonly categories = Object.entries(INCOMING_CATEGORY_LABELS);
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));
  f: SearchFilter = emptyFilter();
  /** The filter of the shown results (the form may be edited without searching). */
  private applied: SearchFilter = emptyFilter();

  readonly heading = computed(() => TITLES[this.mode()] ?? '综合查询');
  readonly canDraft = computed(() => this.auth.can(['document.draft']));
  readonly canRegister = computed(() => this.auth.can(['document.register']));

  constructor() {
    effect(() => {
      const m = this.mode();
      untracked(() => {
        this.f = { ...emptyFilter(), direction: m === 'search' ? '' : m };
        this.applied = { ...this.f };
        this.page.set(1);
        void this.load();
      });
    });
  }

  direction(): string {
    return this.mode() === 'search' ? this.applied.direction : this.mode();
  }
  statuses(): [string, string][] {
    const d = this.mode() === 'search' ? this.f.direction : this.mode();
    if (d === 'outgoing') return Object.entries(OUTGOING_STATUS_LABELS);
    if (d === 'incoming') return Object.entries(INCOMING_STATUS_LABELS);
    const all = new Map([...Object.entries(OUTGOING_STATUS_LABELS), ...Object.entries(INCOMING_STATUS_LABELS)]);
    return [...all.entries()];
  }
  emptyText(): string {
    const filtered = Object.entries(this.applied).some(([k, v]) => v && !(k === 'direction' && this.mode() !== 'search'));
    if (filtered) return '没有符合条件的公文';
    return this.mode() === 'outgoing' ? '暂无发文，点击“拟稿”起草' : this.mode() === 'incoming' ? '暂无收文' : '暂无公文';
  }
  category(c: string): string {
    return INCOMING_CATEGORY_LABELS[c] ?? c;
  }
  label(r: RegistryRow): string {
    return statusLabel(r.direction, r.status);
  }
  date(d: string): string {
    return formatDate(d);
  }
  /** 批量打印: the 发文稿纸 / 收文处理笺 of every document on this page, in one PDF. */
  async printPage(): Promise<void> {
    this.printing.set(true);
    this.error.set('');
    try {
      const blob = await this.api.printBatch(this.items().map((r) => ({ direction: r.direction as 'outgoing' | 'incoming', id: r.id })));
      saveBlob(blob, `公文办理单-${this.heading()}-第${this.page()}页.pdf`);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.printing.set(false);
    }
  }
  /** The card's number: 收文编号 (and 来文字号) for 收文, 发文字号 for 发文. */
  number(r: RegistryRow): string {
    if (r.direction === 'incoming') return [r.receipt_number, r.doc_number].filter(Boolean).join(' · ') || '（未编号）';
    return r.doc_number || '（未编号）';
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
    this.f = { ...emptyFilter(), direction: this.mode() === 'search' ? '' : (this.mode() as 'outgoing' | 'incoming') };
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
      const r = await this.api.search(this.applied, this.page(), PAGE_SIZE);
      this.items.set(r.items);
      this.total.set(r.total);
      this.totalCapped.set(r.totalCapped);
    } catch (e) {
      this.items.set([]);
      this.total.set(0);
      this.totalCapped.set(false);
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  async export(): Promise<void> {
    this.exporting.set(true);
    try {
      const blob = await this.api.searchXlsx(this.applied);
      saveBlob(blob, `${this.heading()}.xlsx`);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.exporting.set(false);
    }
  }
}
