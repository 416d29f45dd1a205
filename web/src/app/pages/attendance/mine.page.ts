import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { Application, ApplicationDetail, AttendanceApi, Balance, HALF_END, KINDS, STATUSES, newKey } from './attendance-api.service';

const PAGE_SIZE = 10;

/**
 * 我的考勤: this year's balances (年休假 with its rule and carry-over, 调休 hours, capped types) and every change
 * to them (the balance's events), then my applications with where each waits; 撤回 and 销假 only when the
 * server lists them in allowedActions.
 */
@Component({
  selector: 'oa-att-mine',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    @if (note()) { <div class="alert ok" role="status" data-testid="att-note">{{ note() }}</div> }
    <section class="card clock">
      <button type="button" class="btn primary" [disabled]="busy()" (click)="clockIn()" data-testid="clock-in">手机打卡</button>
      <span class="muted small">外勤人员打卡，记录当前时间与定位（如允许）</span>
    </section>
    <section class="card" data-testid="balance-card">
      <h2>
        <span>我的假期余额</span>
        <select class="input year" aria-label="年度" [(ngModel)]="year" (ngModelChange)="loadBalance()">
          @for (y of years; track y) { <option [ngValue]="y">{{ y }} 年</option> }
        </select>
      </h2>
      @if (balanceError()) { <div class="alert" role="alert">{{ balanceError() }}</div> }
      @if (balance(); as b) {
        @if (b.annual) { <p class="muted small" data-testid="annual-basis">年休假：{{ b.annual.basis }}</p> }
        <div class="tiles">
          @for (r of b.rows; track r.leaveType) {
            <div class="tile" [attr.data-type]="r.leaveType">
              <div class="name">{{ r.leaveType }}</div>
              <div class="big" data-testid="available">{{ r.available ?? '不限' }}<small>{{ r.available === null ? '' : r.unit }}</small></div>
              <div class="muted small">
                @if (r.entitled !== null && r.entitled !== undefined) { <span>{{ r.leaveType === '调休' ? '累计' : '额度' }} {{ r.entitled }}</span> }
                @if (r.carryOver) { <span>结转 {{ r.carryOver }}（{{ r.carryOverExpiresOn }} 止{{ r.carryOverExpired ? '，已过期 ' + r.carryOverExpired : '' }}）</span> }
                <span>已休 {{ r.taken }}</span>
                @if (r.reserved) { <span>审批中 {{ r.reserved }}</span> }
              </div>
            </div>
          }
        </div>
        <details class="history" data-testid="balance-history">
          <summary>余额变动记录（{{ b.history.length }} 条）</summary>
          <ul>
            @for (h of b.history; track h.position) {
              <li>
                <span class="when muted">{{ time(h.at) }}</span>
                <span class="badge">{{ h.label }}</span>
                <span>{{ h.leaveType }}</span>
                <b [class.plus]="h.change > 0" [class.minus]="h.change < 0">{{ h.change > 0 ? '+' : '' }}{{ h.change === 0 ? '—' : h.change }}</b>
                <span class="muted">{{ h.note }}</span>
              </li>
            } @empty { <li class="muted">暂无记录</li> }
          </ul>
        </details>
      }
    </section>

    <section class="card">
      <h2><span>我的申请 <span class="muted small">共 {{ total() }} 条</span></span><a class="btn small primary" routerLink="/attendance/apply">新申请</a></h2>
      <div class="toolbar">
        <select class="input f" aria-label="类型" [(ngModel)]="kind" (ngModelChange)="go(1)"><option value="">全部类型</option>@for (k of kinds; track k.value) { <option [value]="k.value">{{ k.label }}</option> }</select>
        <select class="input f" aria-label="状态" [(ngModel)]="status" (ngModelChange)="go(1)"><option value="">全部状态</option>@for (s of statuses; track s.value) { <option [value]="s.value">{{ s.label }}</option> }</select>
      </div>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else {
        <ul class="apps" data-testid="my-applications">
          @for (a of items(); track a.id) {
            <li [attr.data-id]="a.id">
              <button type="button" class="row" (click)="toggle(a)" [attr.aria-expanded]="open()?.application?.id === a.id">
                <span class="badge">{{ a.kindLabel }}</span>
                <span class="what">{{ a.leaveType ? a.leaveType + ' ' + a.days + ' 天' : a.summary }}</span>
                <span class="muted small">{{ a.startDate }}{{ a.endDate !== a.startDate ? ' ～ ' + a.endDate : '' }}</span>
                <span class="badge" [class.ok]="a.status === 'approved'" [class.overdue]="a.status === 'rejected'" data-testid="status">{{ a.statusLabel }}</span>
                @for (w of a.waitingAt ?? []; track w.nodeName) { <span class="muted small">{{ w.nodeName }}：{{ (w.assignees ?? []).join('、') }}</span> }
              </button>
              @if (open(); as d) {
                @if (d.application.id === a.id) {
                  <div class="detail" data-testid="app-detail">
                    <div class="muted small">{{ a.summary }}@if (a.reason) { · {{ a.reason }} }</div>
                    @if (a.actualEndDate) { <div class="small">已销假：实际至 {{ a.actualEndDate }}，共 {{ a.actualDays }} 天</div> }
                    <div class="ops">
                      @if (d.allowedActions.includes('withdraw')) { <button type="button" class="btn small danger" [disabled]="busy()" (click)="withdraw(a)" data-action="withdraw">撤回</button> }
                      @if (d.allowedActions.includes('reportBack')) {
                        <label class="small">实际结束 <input class="input d" type="date" [min]="a.startDate" [(ngModel)]="backDate" aria-label="实际结束日期" /></label>
                        <select class="input h" [(ngModel)]="backHalf" aria-label="实际结束时段"><option value="am">{{ halfEnd['am'] }}</option><option value="pm">{{ halfEnd['pm'] }}</option></select>
                        <button type="button" class="btn small primary" [disabled]="busy()" (click)="reportBack(a)" data-action="reportBack">销假</button>
                      }
                      <a class="small" [routerLink]="['/processes', a.processId]">审批记录</a>
                    </div>
                  </div>
                }
              }
            </li>
          } @empty { <li class="empty">暂无申请</li> }
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
    :host { display: flex; flex-direction: column; gap: 12px; }
    .clock { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
    .small { font-size: 13px; font-weight: 400; }
    .year { width: auto; min-height: 30px; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
    .tile { border: 1px solid var(--oa-border); border-radius: var(--oa-radius); padding: 10px; }
    .tile .name { font-weight: 600; }
    .tile .big { font-size: 26px; font-weight: 600; color: var(--oa-red); }
    .tile .big small { font-size: 13px; margin-left: 2px; color: var(--oa-muted); }
    .tile .small { display: flex; flex-wrap: wrap; gap: 2px 8px; }
    .history { margin-top: 12px; }
    .history ul { list-style: none; padding: 0; margin: 8px 0 0; }
    .history li { display: flex; flex-wrap: wrap; gap: 4px 10px; padding: 6px 0; border-bottom: 1px solid var(--oa-border); }
    .plus { color: var(--oa-ok); }
    .minus { color: var(--oa-danger); }
    .f { width: auto; min-width: 120px; }
    .apps { list-style: none; margin: 0; padding: 0; }
    .apps > li { border-bottom: 1px solid var(--oa-border); }
    .row { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; width: 100%; padding: 10px 0; border: 0; background: none; text-align: left; cursor: pointer; }
    .what { font-weight: 600; }
    .badge.ok { background: #effaf3; color: var(--oa-ok); }
    .detail { padding: 0 0 10px; display: flex; flex-direction: column; gap: 6px; }
    .ops { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
    .ops .d { width: 150px; min-height: 30px; }
    .ops .h { width: 80px; min-height: 30px; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; }
  `,
})
export class MinePage {
  private readonly api = inject(AttendanceApi);
  readonly kinds = KINDS;
  readonly statuses = STATUSES;
  readonly halfEnd = HALF_END;
  readonly pageSize = PAGE_SIZE;
  readonly thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  readonly years = [this.thisYear + 1, this.thisYear, this.thisYear - 1];
  year = this.thisYear;
  kind = '';
  status = '';
  backDate = '';
  backHalf: 'am' | 'pm' = 'pm';
  readonly balance = signal<Balance | null>(null);
  readonly balanceError = signal('');
  readonly items = signal<Application[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  readonly open = signal<ApplicationDetail | null>(null);
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));

  constructor() {
    const n = inject(Router).getCurrentNavigation()?.extras.state?.['note'];
    if (typeof n === 'string') this.note.set(n);
    void this.loadBalance();
    void this.load();
  }

  time(iso: string): string {
    return formatTime(iso);
  }

  async loadBalance(): Promise<void> {
    try {
      this.balance.set(await this.api.myBalance(this.year));
      this.balanceError.set('');
    } catch (e) {
      this.balanceError.set(problemMessage(e));
    }
  }

  async load(): Promise<void> {
    this.loading.set(true);
    try {
      const r = await this.api.myApplications({ kind: this.kind, status: this.status }, this.page(), PAGE_SIZE);
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

  async toggle(a: Application): Promise<void> {
    if (this.open()?.application.id === a.id) return this.open.set(null);
    try {
      const d = await this.api.detail(a.id);
      this.backDate = a.endDate;
      this.open.set(d);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async withdraw(a: Application): Promise<void> {
    await this.act(() => this.api.withdraw(a.id, newKey()), '申请已撤回，占用的余额已退回');
  }

  async reportBack(a: Application): Promise<void> {
    await this.act(async () => {
      const r = await this.api.reportBack(a.id, { actualEndDate: this.backDate, actualEndHalf: this.backHalf }, newKey());
      return r;
    }, '已销假，余额已按实际天数调整');
  }

  async clockIn(): Promise<void> {
    const pos = await new Promise<GeolocationPosition | null>((ok) => {
      if (!navigator.geolocation) return ok(null);
      navigator.geolocation.getCurrentPosition(ok, () => ok(null), { timeout: 5000, maximumAge: 60_000 });
    });
    const body = pos ? { lat: pos.coords.latitude, lng: pos.coords.longitude, accuracy: Math.round(pos.coords.accuracy) } : {};
    await this.act(async () => {
      const r = await this.api.clockIn(body, newKey());
      this.note.set(`打卡成功：${formatTime(r.at)}`);
    }, '');
  }

  private async act(f: () => Promise<unknown>, msg: string): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.note.set('');
    try {
      await f();
      if (msg) this.note.set(msg);
      this.open.set(null);
      await Promise.all([this.load(), this.loadBalance()]);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
