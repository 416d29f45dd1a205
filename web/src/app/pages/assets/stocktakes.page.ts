import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import { DocumentsApi, type DepartmentOption, type UserOption } from '../documents/documents-api.service';
import { AssetsApi, type StockTakeRow, todayShanghai } from './assets-api.service';

const STATUS: Record<string, string> = { counting: '清点中', resolving: '差异处理中', closed: '已结束' };

/** 盘点计划: the plans the caller runs or ticks in; the 资产管理员 creates one (scope, dates, people). */
@Component({
  selector: 'oa-stocktakes',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>盘点 @if (isAdmin()) { <button type="button" class="btn small primary" (click)="toggleNew()" data-testid="new-plan">新建盘点计划</button> }</h2>
      @if (showNew()) {
        <form class="plan" (ngSubmit)="create()" data-testid="plan-form">
          <input class="input" name="title" [(ngModel)]="p.title" placeholder="盘点名称" aria-label="盘点名称" />
          <select class="input" name="dept" [(ngModel)]="p.departmentId" aria-label="盘点范围"><option value="">全单位</option>@for (d of departments(); track d.id) { <option [value]="d.id">{{ d.name }}</option> }</select>
          <input class="input" name="loc" [(ngModel)]="p.location" placeholder="存放地点（可空）" aria-label="存放地点" />
          <label>开始 <input class="input" type="date" name="s" [(ngModel)]="p.startDate" /></label>
          <label>结束 <input class="input" type="date" name="e" [(ngModel)]="p.endDate" /></label>
          <fieldset class="people"><legend>盘点人</legend>
            @for (u of users(); track u.id) { <label><input type="checkbox" [checked]="checkers.has(u.id)" (change)="toggleChecker(u.id)" /> {{ u.name }}</label> }
          </fieldset>
          <span><button class="btn primary" type="submit" data-testid="create-plan">创建</button></span>
        </form>
      }
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (!items().length) { <div class="empty" data-testid="empty">暂无盘点计划</div> }
      <ul class="list" data-testid="plans">
        @for (s of items(); track s.id) {
          <li><a [routerLink]="['/assets/stocktakes', s.id]" data-testid="plan-link">{{ s.title }}</a>
            <span class="badge">{{ status(s.status) }}</span>
            <span class="muted">{{ s.start_date }} 至 {{ s.end_date }} · 账面 {{ s.book_count }} 项@if (s.status !== 'counting') { · 差异 {{ s.differences }} 条 }</span></li>
        }
      </ul>
    </section>
  `,
  styles: `
    .plan { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px; margin-bottom: 12px; align-items: center; }
    .people { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 4px 12px; border: 1px solid var(--oa-border); border-radius: var(--oa-radius); }
    .list { list-style: none; margin: 0; padding: 0; }
    .list li { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; padding: 10px 2px; border-bottom: 1px solid var(--oa-border); }
    @media (max-width: 640px) { .plan { grid-template-columns: 1fr; } }
  `,
})
export class StockTakesPage {
  private readonly api = inject(AssetsApi);
  private readonly org = inject(DocumentsApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  readonly items = signal<StockTakeRow[]>([]);
  readonly error = signal('');
  readonly showNew = signal(false);
  readonly departments = signal<DepartmentOption[]>([]);
  readonly users = signal<UserOption[]>([]);
  readonly isAdmin = computed(() => this.auth.can(['asset.admin']));
  checkers = new Set<string>();
  p = {
    title: `${todayShanghai().slice(0, 4)} 年度资产盘点`,
    departmentId: '',
    location: '',
    startDate: todayShanghai(),
    endDate: todayShanghai(),
  };

  constructor() {
    void this.load();
  }
  status(s: string): string {
    return STATUS[s] ?? s;
  }
  async load(): Promise<void> {
    try {
      this.items.set((await this.api.stockTakes()).items);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async toggleNew(): Promise<void> {
    this.showNew.set(!this.showNew());
    const unitId = this.showNew() ? (await this.org.myPost()).unitId : null;
    if (this.showNew() && unitId && !this.users().length) {
      this.departments.set(await this.org.departments(unitId));
      this.users.set(await this.org.users(unitId));
    }
  }
  toggleChecker(id: string): void {
    if (this.checkers.has(id)) this.checkers.delete(id);
    else this.checkers.add(id);
  }
  async create(): Promise<void> {
    try {
      const r = await this.api.post('/api/assets/stocktakes', {
        ...this.p,
        departmentId: this.p.departmentId || undefined,
        location: this.p.location || undefined,
        checkerIds: [...this.checkers],
      });
      await this.router.navigate(['/assets/stocktakes', r.id]);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
