import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { Grid, GridBooking, MeetingsApi } from './meetings-api.service';
import { WEEKDAYS, addDays, hhmm, instant, minutes, mondayOf, shTime, todaySh, weekday } from './sh-time';

const DAY_FROM = 8 * 60;
const DAY_TO = 21 * 60;
const STEP = 30;

interface Draft {
  roomId: string;
  roomName: string;
  date: string;
  from: string;
  to: string;
  title: string;
  repeat: '' | 'weekly' | 'monthly';
  count: number;
}

/** 综合安排: rooms × day (30-minute slots) or × week; a free slot is booked by clicking it. */
@Component({
  selector: 'oa-meeting-grid',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <div class="toolbar">
        <button type="button" class="btn small" (click)="shift(-1)" aria-label="上一段">‹</button>
        <input class="input date" type="date" [ngModel]="date()" (ngModelChange)="go($event, days())" aria-label="日期" data-testid="grid-date" />
        <button type="button" class="btn small" (click)="shift(1)" aria-label="下一段">›</button>
        <button type="button" class="btn small" (click)="go(today, days())">今天</button>
        <span class="seg">
          <button type="button" class="btn small" [class.primary]="days() === 1" (click)="go(date(), 1)" data-testid="view-day">日</button>
          <button type="button" class="btn small" [class.primary]="days() === 7" (click)="go(mondayOf(date()), 7)" data-testid="view-week">周</button>
        </span>
        <input class="input q" type="search" placeholder="搜索会议室" [(ngModel)]="q" (keyup.enter)="load()" aria-label="搜索会议室" />
      </div>
      @if (note()) { <div class="alert ok" role="status" data-testid="grid-note">{{ note() }}</div> }
      @if (error()) { <div class="alert" role="alert" data-testid="grid-error">{{ error() }}</div> }
      @if (draft(); as d) {
        <form class="book card" (ngSubmit)="book()" data-testid="book-form">
          <strong>预约 {{ d.roomName }} · {{ d.date }}</strong>
          <label class="field">开始 <input class="input" type="time" step="300" name="from" [(ngModel)]="d.from" required /></label>
          <label class="field">结束 <input class="input" type="time" step="300" name="to" [(ngModel)]="d.to" required /></label>
          <label class="field grow">会议主题 <input class="input" name="title" [(ngModel)]="d.title" required maxlength="100" data-testid="book-title" /></label>
          <label class="field">重复
            <select class="input" name="repeat" [(ngModel)]="d.repeat"><option value="">不重复</option><option value="weekly">每周</option><option value="monthly">每月</option></select>
          </label>
          @if (d.repeat) { <label class="field">次数 <input class="input" type="number" min="2" max="52" name="count" [(ngModel)]="d.count" /></label> }
          <span class="ops">
            <button type="submit" class="btn primary" [disabled]="busy()" data-testid="book-submit">预约</button>
            <button type="button" class="btn" (click)="draft.set(null)">取消</button>
          </span>
        </form>
      }
      @if (grid(); as g) {
        @if (g.rooms.length === 0) { <div class="empty">没有可预约的会议室</div> }
        @else if (days() === 1) {
          <div class="scroll">
            <table class="grid day" data-testid="grid-day">
              <thead><tr><th class="room">会议室</th>@for (s of slots; track s) { <th class="slot">{{ s.endsWith(':00') ? s : '' }}</th> }</tr></thead>
              <tbody>
                @for (r of g.rooms; track r.roomId) {
                  <tr [attr.data-room]="r.roomId">
                    <th class="room"><div>{{ r.name }}</div><div class="muted small">{{ r.capacity }} 人 · {{ r.location }}@if (r.needsApproval) { · 需审批 }</div></th>
                    @for (c of rowCells(r.roomId); track c.key) {
                      @if (c.booking) {
                        <td class="busy" [class.mine]="c.booking.mine" [class.pending]="c.booking.status === 'pending'" [attr.colspan]="c.span" [title]="c.booking.title + ' ' + time(c.booking.start) + '–' + time(c.booking.end)" data-testid="grid-booking">
                          @if (c.booking.meetingId) { <a [routerLink]="['/meetings', c.booking.meetingId]">{{ c.booking.title }}</a> } @else { {{ c.booking.title }} }
                          <span class="small">{{ time(c.booking.start) }}–{{ time(c.booking.end) }}@if (c.booking.status === 'pending') { · 待审批 }</span>
                        </td>
                      } @else if (c.closed) {
                        <td class="closed"></td>
                      } @else {
                        <td class="free" (click)="pick(r.roomId, r.name, c.from)" [attr.data-slot]="c.from" [attr.aria-label]="r.name + ' ' + c.from + ' 空闲'" title="空闲，点击预约"></td>
                      }
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else {
          <div class="scroll">
            <table class="grid week" data-testid="grid-week">
              <thead><tr><th class="room">会议室</th>@for (d of g.days; track d) { <th>{{ d.slice(5) }} {{ WEEKDAYS[weekday(d)] }}</th> }</tr></thead>
              <tbody>
                @for (r of g.rooms; track r.roomId) {
                  <tr>
                    <th class="room"><div>{{ r.name }}</div><div class="muted small">{{ r.capacity }} 人</div></th>
                    @for (d of g.days; track d) {
                      <td class="wk" (click)="go(d, 1)" title="查看当天">
                        @for (b of bookingsOn(r.roomId, d); track b.bookingId) { <div class="chip" [class.mine]="b.mine">{{ time(b.start) }} {{ b.title }}</div> }
                        @if (bookingsOn(r.roomId, d).length === 0) { <span class="muted small">空闲</span> }
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
        <div class="pager">
          <span class="muted">共 {{ g.total }} 间</span>
          <button type="button" class="btn small" [disabled]="page() <= 1" (click)="setPage(page() - 1)">上一页</button>
          <span>{{ page() }}</span>
          <button type="button" class="btn small" [disabled]="page() * g.pageSize >= g.total" (click)="setPage(page() + 1)">下一页</button>
        </div>
      } @else if (!error()) { <div class="empty">正在加载…</div> }
    </section>
  `,
  styles: `
    .toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 10px; }
    .date { width: 150px; } .q { width: 160px; } .seg { display: inline-flex; gap: 2px; }
    .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
    .grid { border-collapse: collapse; width: 100%; table-layout: fixed; }
    .grid th, .grid td { border: 1px solid var(--oa-border); padding: 0; font-weight: 400; }
    .grid.day { min-width: 1100px; } .grid.week { min-width: 820px; }
    .room { width: 150px; text-align: left; padding: 6px !important; background: #fafbfc; position: sticky; left: 0; z-index: 1; }
    .slot { font-size: 11px; color: var(--oa-muted); height: 22px; }
    td.free { height: 44px; cursor: pointer; background: #fff; }
    td.free:hover { background: #e8f3ff; }
    td.closed { background: repeating-linear-gradient(45deg, #f3f3f3, #f3f3f3 4px, #fafafa 4px, #fafafa 8px); }
    td.busy { background: #fde8e8; color: #7a1d1d; font-size: 12px; padding: 2px 4px !important; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
    td.busy.mine { background: #dff5e3; color: #145a24; } td.busy.pending { background: #fff4d6; color: #7a5a00; }
    td.busy .small { display: block; font-size: 11px; }
    td.wk { vertical-align: top; padding: 4px !important; height: 64px; cursor: pointer; }
    .chip { font-size: 12px; background: #fde8e8; border-radius: 3px; padding: 1px 4px; margin-bottom: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .chip.mine { background: #dff5e3; }
    .book { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; margin-bottom: 10px; background: #f7fbff; }
    .book .grow { flex: 1 1 200px; } .ops { display: flex; gap: 6px; }
    .pager { display: flex; gap: 8px; align-items: center; justify-content: flex-end; margin-top: 8px; }
    .small { font-size: 12px; }
    @media (max-width: 520px) { .q { width: 100%; } .book .field { flex: 1 1 45%; } }
  `,
})
export class GridPage {
  private readonly api = inject(MeetingsApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  readonly WEEKDAYS = WEEKDAYS;
  readonly weekday = weekday;
  readonly mondayOf = mondayOf;
  readonly today = todaySh();
  readonly date = signal(this.today);
  readonly days = signal<1 | 7>(1);
  readonly page = signal(1);
  q = '';
  readonly grid = signal<Grid | null>(null);
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  readonly draft = signal<Draft | null>(null);
  readonly slots = Array.from({ length: (DAY_TO - DAY_FROM) / STEP }, (_, i) => hhmm(DAY_FROM + i * STEP));
  private readonly byRoom = computed(() => {
    const m = new Map<string, GridBooking[]>();
    for (const b of this.grid()?.bookings ?? []) m.set(`${b.roomId}|${b.date}`, [...(m.get(`${b.roomId}|${b.date}`) ?? []), b]);
    return m;
  });

  constructor() {
    this.route.queryParamMap.subscribe((q) => {
      const d = q.get('date');
      this.date.set(d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : this.today);
      this.days.set(q.get('view') === 'week' ? 7 : 1);
      void this.load();
    });
  }

  time(iso: string) {
    return shTime(iso);
  }

  go(date: string, days: 1 | 7) {
    void this.router.navigate([], { queryParams: { date, view: days === 7 ? 'week' : 'day' } });
  }

  shift(dir: number) {
    this.go(addDays(this.date(), dir * this.days()), this.days());
  }

  setPage(p: number) {
    this.page.set(p);
    void this.load();
  }

  async load() {
    this.error.set('');
    try {
      this.grid.set(await this.api.grid(this.date(), this.days(), this.q.trim(), this.page()));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  bookingsOn(roomId: string, date: string) {
    return this.byRoom().get(`${roomId}|${date}`) ?? [];
  }

  /** The day row: free 30-minute cells, bookings spanning their cells, closed hours. */
  rowCells(roomId: string) {
    const room = this.grid()?.rooms.find((r) => r.roomId === roomId);
    const list = this.bookingsOn(roomId, this.date());
    const cells: { key: string; from: string; span: number; booking: GridBooking | null; closed: boolean }[] = [];
    for (let m = DAY_FROM; m < DAY_TO;) {
      const b = list.find((x) => minutes(shTime(x.start)) <= m && minutes(shTime(x.end)) > m);
      if (b) {
        const end = Math.min(DAY_TO, Math.ceil(minutes(shTime(b.end) === '00:00' ? '24:00' : shTime(b.end)) / STEP) * STEP);
        const span = Math.max(1, (end - m) / STEP);
        cells.push({ key: `${b.bookingId}-${m}`, from: hhmm(m), span, booking: b, closed: false });
        m += span * STEP;
        continue;
      }
      const closed = !!room && (m < minutes(room.opensAt) || m + STEP > minutes(room.closesAt));
      cells.push({ key: `f-${m}`, from: hhmm(m), span: 1, booking: null, closed });
      m += STEP;
    }
    return cells;
  }

  pick(roomId: string, roomName: string, from: string) {
    this.note.set('');
    this.error.set('');
    this.draft.set({
      roomId,
      roomName,
      date: this.date(),
      from,
      to: hhmm(Math.min(minutes(from) + 60, DAY_TO)),
      title: '',
      repeat: '',
      count: 4,
    });
  }

  async book() {
    const d = this.draft();
    if (!d) return;
    if (!d.title.trim()) {
      this.error.set('请填写会议主题');
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      const r = await this.api.book({
        roomId: d.roomId,
        start: instant(d.date, d.from),
        end: instant(d.date, d.to),
        title: d.title.trim(),
        ...(d.repeat ? { repeat: { freq: d.repeat, count: d.count } } : {}),
      });
      this.note.set(
        r.status === 'pending' ? '已提交预约，等待会议室管理员审批' : `预约成功${d.repeat ? `（共 ${r.bookingIds.length} 次）` : ''}`,
      );
      this.draft.set(null);
      await this.load();
    } catch (e) {
      await this.load(); // the grid as it is now (someone else may hold the slot) — then the reason
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
