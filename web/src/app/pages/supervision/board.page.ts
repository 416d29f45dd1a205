import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import { saveBlob } from '../documents/documents-api.service';
import { BoardView, LIGHT_LABELS, SupervisionApi, SupervisionRow, SupervisionSummary } from './supervision-api.service';

const PAGE_SIZE = 20;
const VIEWS: { view: BoardView; label: string }[] = [
  { view: 'all', label: '全部' },
  { view: 'supervising', label: '本单位督办' },
  { view: 'leader', label: '我批示的' },
  { view: 'undertaking', label: '本单位承办' },
];
const STATUSES = [
  { value: '', label: '全部状态' },
  { value: 'approving', label: '立项审批中' },
  { value: 'handling', label: '办理中' },
  { value: 'reviewing', label: '待审核' },
  { value: 'closed', label: '已办结' },
  { value: 'not_established', label: '未立项' },
];

/** 督办看板: by view (督办 / 批示 / 承办), state and unit; overdue first with red/yellow lights; 台账 export. */
@Component({
  selector: 'oa-supervision-board',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <div class="page sup">
      <section class="card">
        <h2>
          <span>督办看板</span>
          <span class="acts">
            @if (canPropose()) { <a class="btn small primary" routerLink="/supervision/new" data-testid="propose">立项</a> }
            <button type="button" class="btn small" (click)="exportLedger()" [disabled]="busy()" data-testid="export">导出台账</button>
          </span>
        </h2>
        <nav class="views" aria-label="督办视图" data-testid="views">
          @for (v of views; track v.view) {
            <button type="button" [class.on]="view() === v.view" (click)="setView(v.view)" [attr.data-view]="v.view">{{ v.label }}</button>
          }
        </nav>
        @if (summary(); as s) {
          <div class="chips" data-testid="summary">
            <button type="button" class="chip red" [class.on]="light === 'red'" (click)="toggleLight('red')" data-testid="chip-red">
              <i class="dot red"></i>超期 {{ s.red }}
            </button>
            <button type="button" class="chip yellow" [class.on]="light === 'yellow'" (click)="toggleLight('yellow')" data-testid="chip-yellow">
              <i class="dot yellow"></i>3个工作日内到期 {{ s.yellow }}
            </button>
            @for (x of s.byStatus; track x.status) {
              <button type="button" class="chip" [class.on]="status === x.status" (click)="toggleStatus(x.status)">{{ x.label }} {{ x.count }}</button>
            }
          </div>
        }
        <div class="filters">
          <input class="input" [(ngModel)]="q" (keyup.enter)="search()" placeholder="搜索事项标题或主办单位" aria-label="搜索" data-testid="q" />
          <select class="input" [(ngModel)]="status" (change)="search()" aria-label="状态">
            @for (s of statuses; track s.value) { <option [value]="s.value">{{ s.label }}</option> }
          </select>
          <select class="input" [(ngModel)]="light" (change)="search()" aria-label="灯号">
            <option value="">全部灯号</option>
            <option value="red">红灯（超期）</option>
            <option value="yellow">黄灯（临期）</option>
            <option value="green">正常</option>
          </select>
          <button type="button" class="btn small" (click)="search()">查询</button>
          @if (unit(); as u) {
            <button type="button" class="chip on" (click)="toggleUnit(u.id, u.name)" data-testid="unit-filter">承办单位：{{ u.name }} ×</button>
          }
        </div>
        @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
        @if (loading()) { <div class="empty">正在加载…</div> }
        @else if (items().length === 0 && !error()) { <div class="empty" data-testid="board-empty">暂无督办事项</div> }
        @else {
          <ul class="rows" data-testid="board-list">
            @for (x of items(); track x.id) {
              <li [attr.data-item]="x.id" [attr.data-light]="x.light">
                <i class="dot" [class]="'dot ' + x.light" [attr.title]="lightLabel(x.light)" [attr.aria-label]="lightLabel(x.light)"></i>
                <div class="main">
                  <a [routerLink]="['/supervision/items', x.id]" class="t">{{ x.title }}</a>
                  <div class="muted small meta">
                    <span>主办：{{ x.leadUnitName }}</span>
                    @if (x.coUnitNames) { <span>协办：{{ x.coUnitNames }}</span> }
                    <span [class.late]="x.light === 'red'">时限：{{ x.deadline }}</span>
                    <span>{{ x.sourceLabel }}</span>
                    @if (x.receipts) { <span>签收 {{ x.receipts }}</span> }
                    @if (x.urgeCount) { <span>催办 {{ x.urgeCount }} 次</span> }
                  </div>
                </div>
                <div class="side">
                  @if (x.priority !== 'normal') { <span class="badge" [class.overdue]="x.priority === 'urgent'">{{ x.priorityLabel }}</span> }
                  <span class="badge">{{ x.statusLabel }}</span>
                  @if (x.light === 'red' || x.light === 'yellow') { <span class="lt" [class]="'lt ' + x.light">{{ lightLabel(x.light) }}</span> }
                </div>
              </li>
            }
          </ul>
          @if (total() > pageSize) {
            <div class="pager">
              <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
              <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }} 项</span>
              <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
            </div>
          } @else {
            <div class="muted small count">共 {{ total() }} 项</div>
          }
        }
      </section>
      @if (summary(); as s) {
        @if (s.byUnit.length) {
          <section class="card">
            <h2>按承办单位</h2>
            <div class="scroll">
              <table class="units" data-testid="by-unit">
                <thead><tr><th>单位</th><th>事项</th><th>在办</th><th>超期</th><th>临期</th><th>办结</th><th>按期办结</th></tr></thead>
                <tbody>
                  @for (u of s.byUnit; track u.unitId) {
                    <tr [class.on]="unit()?.id === u.unitId" (click)="toggleUnit(u.unitId, u.unitName)" [attr.data-unit]="u.unitId" title="只看该单位承办的事项">
                      <td>{{ u.unitName }}</td><td>{{ u.total }}</td><td>{{ u.open }}</td><td class="r">{{ u.red }}</td><td class="y">{{ u.yellow }}</td><td>{{ u.closed }}</td><td>{{ u.onTime }}</td></tr>
                  }
                </tbody>
              </table>
            </div>
          </section>
        }
      }
    </div>
  `,
  styles: `
    .sup { display: flex; flex-direction: column; gap: 12px; }
    .acts { display: flex; gap: 6px; }
    .small { font-size: 13px; font-weight: 400; }
    .views { display: flex; gap: 2px; border-bottom: 1px solid var(--oa-border); margin-bottom: 10px; overflow-x: auto; }
    .views button { border: 0; background: none; padding: 8px 12px; cursor: pointer; border-bottom: 2px solid transparent; white-space: nowrap; }
    .views button.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 10px; }
    .chip { border: 1px solid var(--oa-border); background: #fff; border-radius: 14px; padding: 2px 10px; font-size: 13px; cursor: pointer; display: inline-flex; align-items: center; gap: 4px; }
    .chip.on { border-color: var(--oa-blue); color: var(--oa-blue); }
    .filters { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 10px; }
    .filters .input { min-height: 32px; width: auto; }
    .filters input.input { flex: 1 1 240px; }
    .filters select.input { flex: 0 1 160px; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { display: flex; gap: 10px; align-items: flex-start; padding: 10px 0; border-bottom: 1px solid var(--oa-border); }
    .dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%; background: #c8ced6; flex: 0 0 12px; margin-top: 5px; }
    .dot.red { background: #d92d20; box-shadow: 0 0 0 3px #fde2e0; }
    .dot.yellow { background: #f5a524; box-shadow: 0 0 0 3px #fff1d6; }
    .dot.green { background: #2e9d5b; }
    .chip .dot { margin-top: 0; width: 10px; height: 10px; flex-basis: 10px; }
    .main { flex: 1 1 auto; min-width: 0; }
    .t { font-weight: 600; overflow-wrap: anywhere; }
    .meta { display: flex; flex-wrap: wrap; gap: 4px 12px; margin-top: 2px; }
    .late { color: var(--oa-danger); font-weight: 600; }
    .side { display: flex; gap: 4px; flex-wrap: wrap; justify-content: flex-end; flex: 0 0 auto; max-width: 40%; }
    .lt { font-size: 12px; padding: 0 6px; border-radius: 3px; }
    .lt.red { background: #fde2e0; color: #b42318; }
    .lt.yellow { background: #fff1d6; color: #935f00; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
    .count { margin-top: 8px; }
    .scroll { overflow-x: auto; }
    .units { border-collapse: collapse; width: 100%; min-width: 480px; }
    .units th, .units td { border-bottom: 1px solid var(--oa-border); padding: 6px 8px; text-align: left; white-space: nowrap; }
    .units tbody tr { cursor: pointer; }
    .units tbody tr:hover, .units tbody tr.on { background: #f3f6fb; }
    .units td.r { color: #b42318; font-weight: 600; }
    .units td.y { color: #935f00; }
    @media (max-width: 520px) {
      .rows li { flex-wrap: wrap; }
      .main { flex-basis: calc(100% - 24px); }
      .side { max-width: none; justify-content: flex-start; padding-left: 22px; }
    }
  `,
})
export class SupervisionBoardPage {
  private readonly api = inject(SupervisionApi);
  private readonly auth = inject(AuthService);
  readonly views = VIEWS;
  readonly statuses = STATUSES;
  readonly pageSize = PAGE_SIZE;
  readonly view = signal<BoardView>('all');
  readonly items = signal<SupervisionRow[]>([]);
  readonly summary = signal<SupervisionSummary | null>(null);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly busy = signal(false);
  readonly error = signal('');
  readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / PAGE_SIZE)));
  readonly canPropose = computed(() => this.auth.can(['supervision.admin']));
  /** 按单位: the unit chosen in the by-unit table. */
  readonly unit = signal<{ id: string; name: string } | null>(null);
  q = '';
  status = '';
  light = '';

  constructor() {
    void this.load();
  }

  lightLabel(l: string): string {
    return LIGHT_LABELS[l] ?? '';
  }

  private filter() {
    return { view: this.view(), status: this.status, light: this.light, q: this.q, unitId: this.unit()?.id };
  }

  async load(): Promise<void> {
    this.loading.set(true);
    try {
      const [page, summary] = await Promise.all([this.api.board(this.filter(), this.page(), PAGE_SIZE), this.api.summary(this.view())]);
      this.items.set(page.items);
      this.total.set(page.total);
      this.summary.set(summary);
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  setView(v: BoardView): void {
    this.view.set(v);
    this.search();
  }
  toggleUnit(id: string, name: string): void {
    this.unit.set(this.unit()?.id === id ? null : { id, name });
    this.search();
  }
  toggleLight(l: string): void {
    this.light = this.light === l ? '' : l;
    this.search();
  }
  toggleStatus(s: string): void {
    this.status = this.status === s ? '' : s;
    this.search();
  }
  search(): void {
    this.page.set(1);
    void this.load();
  }
  go(p: number): void {
    this.page.set(Math.min(Math.max(1, p), this.pages()));
    void this.load();
  }

  async exportLedger(): Promise<void> {
    this.busy.set(true);
    try {
      saveBlob(await this.api.ledgerXlsx(this.filter()), '督办台账.xlsx');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
