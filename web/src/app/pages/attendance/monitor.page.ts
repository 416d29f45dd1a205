import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { Application, ApplicationFilter, AttendanceApi, KINDS, LEAVE_TYPES, STATUSES, saveBlob } from './attendance-api.service';

const PAGE_SIZE = 20;

/**
 * 考勤监控 (attendance.admin): every application within the admin's data scope with its state and where
 * it waits (the process's open tasks), filterable by type, state, leave type, dates and name/事由, paged;
 * Excel export of the filtered list. A table at 1440 px, cards on the phone.
 */
@Component({
  selector: 'oa-att-monitor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2><span>考勤监控 <span class="muted small" data-testid="monitor-total">共 {{ total() }} 条</span></span>
        <button type="button" class="btn small" [disabled]="busy()" (click)="exportXlsx()" data-testid="monitor-export">导出 Excel</button></h2>
      <form class="toolbar" (ngSubmit)="go(1)">
        <select class="input f" name="kind" aria-label="类型" [(ngModel)]="f.kind" (ngModelChange)="go(1)"><option value="">全部类型</option>@for (k of kinds; track k.value) { <option [value]="k.value">{{ k.label }}</option> }</select>
        <select class="input f" name="status" aria-label="状态" [(ngModel)]="f.status" (ngModelChange)="go(1)"><option value="">全部状态</option>@for (s of statuses; track s.value) { <option [value]="s.value">{{ s.label }}</option> }</select>
        <select class="input f" name="leaveType" aria-label="假别" [(ngModel)]="f.leaveType" (ngModelChange)="go(1)"><option value="">全部假别</option>@for (t of leaveTypes; track t) { <option [value]="t">{{ t }}</option> }</select>
        <input class="input d" type="date" name="from" aria-label="开始日期" [(ngModel)]="f.from" (ngModelChange)="go(1)" />
        <input class="input d" type="date" name="to" aria-label="结束日期" [(ngModel)]="f.to" (ngModelChange)="go(1)" />
        <input class="input q" name="q" placeholder="姓名、事由、目的地" aria-label="关键词" [(ngModel)]="f.q" />
        <button type="submit" class="btn small">查询</button>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else {
        <table class="list wide" data-testid="monitor-table">
          <thead><tr><th>姓名</th><th>类型</th><th>内容</th><th>日期</th><th>状态</th><th>当前环节</th></tr></thead>
          <tbody>
            @for (a of items(); track a.id) {
              <tr [attr.data-id]="a.id">
                <td>{{ a.personName }}</td>
                <td>{{ a.kindLabel }}</td>
                <td>{{ a.leaveType ? a.leaveType + ' ' + a.days + ' 天' : a.summary }}<div class="muted small">{{ a.reason }}</div></td>
                <td>{{ a.startDate }}@if (a.endDate !== a.startDate) { <br />～ {{ a.endDate }} }</td>
                <td><span class="badge" data-testid="status">{{ a.statusLabel }}</span></td>
                <td>@for (w of a.waitingAt ?? []; track w.nodeName) { <div>{{ w.nodeName }}：{{ (w.assignees ?? []).join('、') }}</div> } @empty { <span class="muted">—</span> }
                  <a class="small" [routerLink]="['/processes', a.processId]">审批记录</a></td>
              </tr>
            } @empty { <tr><td colspan="6" class="empty">没有符合条件的申请</td></tr> }
          </tbody>
        </table>
        <ul class="cards narrow" data-testid="monitor-cards">
          @for (a of items(); track a.id) {
            <li>
              <div><b>{{ a.personName }}</b> <span class="badge">{{ a.kindLabel }}</span> <span class="badge">{{ a.statusLabel }}</span></div>
              <div>{{ a.leaveType ? a.leaveType + ' ' + a.days + ' 天' : a.summary }}</div>
              <div class="muted small">{{ a.startDate }}{{ a.endDate !== a.startDate ? ' ～ ' + a.endDate : '' }}</div>
              @for (w of a.waitingAt ?? []; track w.nodeName) { <div class="small">{{ w.nodeName }}：{{ (w.assignees ?? []).join('、') }}</div> }
            </li>
          } @empty { <li class="empty">没有符合条件的申请</li> }
        </ul>
        @if (total() > pageSize) {
          <div class="pager">
            <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
            <span class="muted">第 {{ page() }} / {{ pages() }} 页</span>
            <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
          </div>
        }
      }
    </section>
  `,
  styles: `
    .small { font-size: 13px; font-weight: 400; }
    .f { width: auto; min-width: 110px; }
    .d { width: 150px; }
    .q { width: 200px; }
    .cards { list-style: none; margin: 0; padding: 0; }
    .cards li { padding: 10px 0; border-bottom: 1px solid var(--oa-border); }
    .narrow { display: none; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; }
    @media (max-width: 720px) {
      .wide { display: none; }
      .narrow { display: block; }
      .toolbar .input { flex: 1 1 140px; width: auto; }
    }
  `,
})
export class MonitorPage {
  private readonly api = inject(AttendanceApi);
  readonly kinds = KINDS;
  readonly statuses = STATUSES;
  readonly leaveTypes = LEAVE_TYPES;
  readonly pageSize = PAGE_SIZE;
  f: ApplicationFilter = { kind: '', status: '', leaveType: '', from: '', to: '', q: '' };
  readonly items = signal<Application[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly busy = signal(false);
  readonly error = signal('');
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    try {
      const r = await this.api.applications(this.f, this.page(), PAGE_SIZE);
      this.items.set(r.items);
      this.total.set(r.total);
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  go(p: number): void {
    this.page.set(Math.min(Math.max(1, p), this.pages()));
    void this.load();
  }

  async exportXlsx(): Promise<void> {
    this.busy.set(true);
    try {
      saveBlob(await this.api.applicationsXlsx(this.f), '考勤申请.xlsx');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
