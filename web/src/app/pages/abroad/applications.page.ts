import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import { AbroadApi, ENTRIES, STATUS_OPTIONS, saveBlob, type ApplicationRow, type ListFilter } from './abroad-api.service';
import { LIST_STYLES } from './list-styles';

const PAGE_SIZE = 20;

/** 出国（境）申请: my applications; for 出国境管理员 every application in their data scope, with where each waits. */
@Component({
  selector: 'oa-abroad-applications',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>出国（境）申请
        <span class="tools">
          @if (canApply()) { <a class="btn small primary" routerLink="/abroad/applications/new" data-testid="new-application">新建申请</a> }
          <button type="button" class="btn small" (click)="export()" [disabled]="exporting()" data-testid="export">{{ exporting() ? '正在导出…' : '导出 Excel' }}</button>
        </span>
      </h2>
      <form class="filters" (ngSubmit)="search()">
        <input class="input" name="q" [(ngModel)]="f.q" placeholder="申请人、国家/地区、事由" aria-label="关键词" />
        <select class="input" name="entry" [(ngModel)]="f.entry" aria-label="类别"><option value="">全部类别</option>@for (e of entries; track e) { <option [value]="e">{{ e }}</option> }</select>
        <select class="input" name="status" [(ngModel)]="f.status" aria-label="状态"><option value="">全部状态</option>@for (s of statuses; track s[0]) { <option [value]="s[0]">{{ s[1] }}</option> }</select>
        @if (canAdmin()) {
          <label class="muted"><input type="checkbox" name="mine" [(ngModel)]="f.mine" /> 只看本人</label>
        }
        <span class="fbtns"><button class="btn" type="submit" data-testid="search">查询</button><button class="btn" type="button" (click)="reset()">重置</button></span>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else if (!items().length) { <div class="empty" data-testid="list-empty">暂无出国（境）申请</div> }
      @else {
        <div class="table-wrap">
          <table class="grid" data-testid="applications">
            <thead><tr><th>类别</th><th>申请人</th><th>出访国家/地区</th><th>出境</th><th>入境</th><th>天数</th><th>状态</th><th>当前环节</th></tr></thead>
            <tbody>
              @for (r of items(); track r.id) {
                <tr>
                  <td>{{ r.entry }}</td><td>{{ r.applicantName }}</td>
                  <td class="wrap"><a [routerLink]="['/abroad/applications', r.id]">{{ r.destinations }}</a></td>
                  <td>{{ r.departDate }}</td><td>{{ r.returnDate }}</td><td>{{ r.days }}</td>
                  <td><span class="badge" [class.ok]="r.status === 'approved'">{{ r.statusLabel }}</span></td>
                  <td>{{ r.currentStep || '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <ul class="cards" data-testid="application-cards">
          @for (r of items(); track r.id) {
            <li>
              <a class="c-title" [routerLink]="['/abroad/applications', r.id]">{{ r.applicantName }} 赴{{ r.destinations }}</a>
              <div class="c-meta">
                <span class="badge" [class.ok]="r.status === 'approved'">{{ r.statusLabel }}</span>
                @if (r.currentStep) { <span class="muted">待{{ r.currentStep }}</span> }
                <span class="muted">{{ r.departDate }} 至 {{ r.returnDate }}</span>
              </div>
              <div class="muted">{{ r.entry }}</div>
            </li>
          }
        </ul>
        <div class="pager">
          <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
          <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }} 条</span>
          <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
        </div>
      }
    </section>
  `,
  styles: LIST_STYLES,
})
export class ApplicationsPage {
  private readonly api = inject(AbroadApi);
  private readonly auth = inject(AuthService);
  readonly entries = ENTRIES;
  readonly statuses = STATUS_OPTIONS;
  readonly items = signal<ApplicationRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / PAGE_SIZE)));
  readonly loading = signal(true);
  readonly exporting = signal(false);
  readonly error = signal('');
  readonly canAdmin = signal(false);
  readonly canApply = computed(() => this.auth.can(['travel.use']));
  f: ListFilter = { q: '', status: '', entry: '', mine: false };
  private applied: ListFilter = { ...this.f };

  constructor() {
    void this.load();
  }
  search(): void {
    this.applied = { ...this.f };
    this.go(1);
  }
  reset(): void {
    this.f = { q: '', status: '', entry: '', mine: false };
    this.search();
  }
  go(p: number): void {
    this.page.set(Math.max(1, p));
    void this.load();
  }
  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set('');
    try {
      const r = await this.api.applications(this.applied, this.page(), PAGE_SIZE);
      this.items.set(r.items);
      this.total.set(r.total);
      this.canAdmin.set(r.canAdmin);
    } catch (e) {
      this.items.set([]);
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }
  async export(): Promise<void> {
    this.exporting.set(true);
    try {
      saveBlob(await this.api.applicationsXlsx(this.applied), '出国（境）申请.xlsx');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.exporting.set(false);
    }
  }
}
