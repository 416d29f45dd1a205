import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { saveBlob } from '../documents/documents-api.service';
import { WEEKDAYS, addDays, instant, mondayOf, shDate, shTime, todaySh, weekday } from '../meetings/sh-time';
import { CalItem, Calendar, Person, ScheduleApi } from './schedule-api.service';

type View = 'day' | 'week' | 'month';
interface Form {
  entryId: string | null;
  kind: 'event' | 'task' | 'plan';
  title: string;
  location: string;
  notes: string;
  date: string;
  from: string;
  to: string;
  repeat: '' | 'daily' | 'weekly' | 'monthly';
  count: number;
  remind: number | null;
  published: boolean;
  private: boolean;
}

/**
 * 我的日程: day / week / month; my entries, meetings I attend, approved leave and trips; a colleague's
 * calendar as they shared it; a leader's calendar kept by their secretary (edits recorded as 秘书 on behalf of 领导).
 */
@Component({
  selector: 'oa-schedule',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <div class="page sch">
      <nav class="tabs" aria-label="日程导航">
        <a routerLink="/schedule" class="on">我的日程</a><a routerLink="/schedule/leaders">领导活动安排</a><a routerLink="/schedule/settings">共享与秘书</a>
      </nav>
      <section class="card">
        <div class="toolbar">
          <select class="input who" [ngModel]="owner()" (ngModelChange)="setOwner($event)" aria-label="查看谁的日程" data-testid="cal-owner">
            <option value="">我的日程</option>
            @for (p of people(); track p.userId) { <option [value]="p.userId">{{ p.name }}（{{ p.relation }}）</option> }
          </select>
          <button type="button" class="btn small" (click)="shift(-1)" aria-label="上一段">‹</button>
          <input class="input date" type="date" [ngModel]="date()" (ngModelChange)="nav({ date: $event })" aria-label="日期" />
          <button type="button" class="btn small" (click)="shift(1)" aria-label="下一段">›</button>
          <button type="button" class="btn small" (click)="nav({ date: today })">今天</button>
          <span class="seg">
            @for (v of views; track v.id) { <button type="button" class="btn small" [class.primary]="view() === v.id" (click)="nav({ view: v.id })" [attr.data-testid]="'cal-' + v.id">{{ v.label }}</button> }
          </span>
          @if (cal()?.canWrite) { <button type="button" class="btn small primary" (click)="newEntry()" data-testid="cal-new">新建</button> }
        </div>
        @if (cal(); as c) { @if (c.owner.id !== me()) { <div class="muted small who-line" data-testid="cal-owner-name">{{ c.owner.name }}的日程 · {{ accessLabel(c.access) }}</div> } }
        @if (error()) { <div class="alert" role="alert" data-testid="cal-error">{{ error() }}</div> }
        @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
        @if (form(); as f) {
          <form class="entry card" (ngSubmit)="save()" data-testid="entry-form">
            <div class="row">
              <label class="field grow">标题 <input class="input" name="title" [(ngModel)]="f.title" maxlength="100" data-testid="entry-title" /></label>
              <label class="field">类型 <select class="input" name="kind" [(ngModel)]="f.kind"><option value="event">日程</option><option value="task">任务</option><option value="plan">计划</option></select></label>
            </div>
            <div class="row">
              <label class="field">日期 <input class="input" type="date" name="date" [(ngModel)]="f.date" /></label>
              <label class="field">开始 <input class="input" type="time" name="from" [(ngModel)]="f.from" data-testid="entry-from" /></label>
              <label class="field">结束 <input class="input" type="time" name="to" [(ngModel)]="f.to" data-testid="entry-to" /></label>
              <label class="field">提醒 <select class="input" name="remind" [(ngModel)]="f.remind"><option [ngValue]="null">不提醒</option><option [ngValue]="0">开始时</option><option [ngValue]="15">提前 15 分钟</option><option [ngValue]="30">提前 30 分钟</option><option [ngValue]="60">提前 1 小时</option><option [ngValue]="1440">提前 1 天</option></select></label>
            </div>
            <div class="row">
              <label class="field grow">地点 <input class="input" name="location" [(ngModel)]="f.location" /></label>
              <label class="field">重复 <select class="input" name="repeat" [(ngModel)]="f.repeat"><option value="">不重复</option><option value="daily">每天</option><option value="weekly">每周</option><option value="monthly">每月</option></select></label>
              @if (f.repeat) { <label class="field">次数 <input class="input" type="number" min="2" max="366" name="count" [(ngModel)]="f.count" /></label> }
            </div>
            <label class="field">备注 <textarea class="input" name="notes" rows="2" [(ngModel)]="f.notes"></textarea></label>
            <div class="row chks">
              <label><input type="checkbox" name="pub" [(ngModel)]="f.published" /> 在领导活动安排中发布</label>
              <label><input type="checkbox" name="priv" [(ngModel)]="f.private" /> 私密（默认共享的同事只见忙闲）</label>
            </div>
            <div class="ops">
              <button type="submit" class="btn primary" [disabled]="busy()" data-testid="entry-save">保存</button>
              @if (f.entryId) {
                <button type="button" class="btn danger" (click)="remove(f.entryId)">删除</button>
                @if (f.kind === 'task') { <button type="button" class="btn" (click)="markDone(f.entryId)">完成</button> }
                <button type="button" class="btn" (click)="exportIcs(f.entryId, f.title)">导出 .ics</button>
              }
              <button type="button" class="btn" (click)="form.set(null)">取消</button>
            </div>
          </form>
        }
        @if (view() === 'month') {
          <div class="month" data-testid="cal-month">
            @for (w of WEEK_HEAD; track w) { <div class="mh">{{ w }}</div> }
            @for (d of monthDays(); track d) {
              <div class="md" [class.other]="d.slice(0, 7) !== date().slice(0, 7)" [class.today]="d === today" (click)="nav({ date: d, view: 'day' })">
                <div class="dn">{{ +d.slice(8) }}</div>
                @for (i of itemsOn(d).slice(0, 3); track i.key + i.start) { <div class="chip" [class]="'k-' + i.kind">{{ i.allDay ? '' : time(i.start) }} {{ i.title }}</div> }
                @if (itemsOn(d).length > 3) { <div class="muted small">还有 {{ itemsOn(d).length - 3 }} 项</div> }
              </div>
            }
          </div>
        } @else {
          <div class="cols" [class.week]="view() === 'week'" data-testid="cal-list">
            @for (d of visibleDays(); track d) {
              <div class="col">
                <div class="ch" [class.today]="d === today">{{ d.slice(5) }} {{ WEEKDAYS[weekday(d)] }}</div>
                @for (i of itemsOn(d); track i.key + i.start) {
                  <div class="item" [class]="'k-' + i.kind" (click)="open(i)" [attr.data-source]="i.source" data-testid="cal-item">
                    <div class="it">{{ i.allDay ? '全天' : time(i.start) + '–' + time(i.end) }} <span class="badge">{{ i.kindLabel }}</span></div>
                    <div class="tt" [class.done]="i.done">{{ i.title }}</div>
                    @if (i.location) { <div class="muted small">{{ i.location }}</div> }
                    @if (i.onBehalfOf) { <div class="muted small" data-testid="by-secretary">{{ i.byName }}（秘书）代为安排</div> }
                  </div>
                }
                @if (itemsOn(d).length === 0) { <div class="muted small empty-day">无安排</div> }
              </div>
            }
          </div>
        }
      </section>
    </div>
  `,
  styles: `
    .sch { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 8px; }
    .who { max-width: 220px; } .date { width: 150px; } .seg { display: inline-flex; gap: 2px; }
    .who-line { margin-bottom: 6px; }
    .entry { display: flex; flex-direction: column; gap: 8px; background: #f7fbff; margin-bottom: 10px; }
    .row { display: flex; flex-wrap: wrap; gap: 8px; } .row .field { flex: 1 1 130px; } .row .grow { flex: 3 1 220px; }
    .chks { gap: 16px; } .ops { display: flex; gap: 6px; flex-wrap: wrap; }
    .cols { display: grid; grid-template-columns: 1fr; gap: 8px; }
    .cols.week { grid-template-columns: repeat(7, minmax(0, 1fr)); }
    .col { border: 1px solid var(--oa-border); border-radius: 6px; padding: 6px; min-height: 120px; background: #fff; min-width: 0; }
    .ch { font-weight: 600; margin-bottom: 6px; } .ch.today { color: var(--oa-red); }
    .item { border-left: 3px solid #3b82f6; background: #f3f7ff; padding: 4px 6px; margin-bottom: 6px; border-radius: 3px; cursor: pointer; overflow-wrap: anywhere; }
    .item.k-meeting, .chip.k-meeting { border-color: var(--oa-red); background: #fdf0f0; }
    .item.k-leave, .item.k-trip, .chip.k-leave, .chip.k-trip { border-color: #d97706; background: #fff7e6; }
    .item.k-task { border-color: #16a34a; background: #effaf2; }
    .it { font-size: 12px; color: var(--oa-muted); } .tt { font-weight: 600; } .tt.done { text-decoration: line-through; }
    .month { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 2px; }
    .mh { text-align: center; font-weight: 600; padding: 4px; }
    .md { min-height: 86px; border: 1px solid var(--oa-border); padding: 3px; cursor: pointer; background: #fff; min-width: 0; }
    .md.other { background: #fafafa; color: #aaa; } .md.today { outline: 2px solid var(--oa-red); }
    .dn { font-size: 12px; }
    .chip { font-size: 11px; border-left: 2px solid #3b82f6; background: #f3f7ff; margin-top: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding: 0 2px; }
    .small { font-size: 12px; } .empty-day { padding: 6px 0; }
    @media (max-width: 760px) { .cols.week { grid-template-columns: 1fr; } .col { min-height: 0; } .md { min-height: 56px; } .chip { display: none; } .md:has(.chip)::after { content: '•'; color: var(--oa-red); } }
  `,
})
export class CalendarPage {
  private readonly api = inject(ScheduleApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  readonly WEEKDAYS = WEEKDAYS;
  readonly WEEK_HEAD = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
  readonly weekday = weekday;
  readonly today = todaySh();
  readonly views: { id: View; label: string }[] = [
    { id: 'day', label: '日' },
    { id: 'week', label: '周' },
    { id: 'month', label: '月' },
  ];
  readonly view = signal<View>('week');
  readonly date = signal(this.today);
  readonly owner = signal('');
  readonly cal = signal<Calendar | null>(null);
  readonly people = signal<Person[]>([]);
  readonly me = signal('');
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  readonly form = signal<Form | null>(null);
  readonly visibleDays = computed(() =>
    this.view() === 'day' ? [this.date()] : Array.from({ length: 7 }, (_, i) => addDays(mondayOf(this.date()), i)),
  );
  readonly monthDays = computed(() => {
    const first = `${this.date().slice(0, 7)}-01`;
    const start = mondayOf(first);
    return Array.from({ length: 42 }, (_, i) => addDays(start, i));
  });
  private readonly byDay = computed(() => {
    const m = new Map<string, CalItem[]>();
    for (const i of this.cal()?.items ?? []) {
      // an item spanning days shows on each day it covers
      for (
        let d = shDate(i.start), last = shDate(new Date(Date.parse(i.end) - 1).toISOString()), k = 0;
        d <= last && k < 62;
        d = addDays(d, 1), k++
      )
        m.set(d, [...(m.get(d) ?? []), i]);
    }
    return m;
  });

  constructor() {
    this.route.queryParamMap.subscribe((q) => {
      const d = q.get('date');
      this.date.set(d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : this.today);
      const v = q.get('view') as View | null;
      this.view.set(v === 'day' || v === 'month' ? v : 'week');
      this.owner.set(q.get('user') ?? '');
      void this.load();
    });
    void this.api
      .people()
      .then((p) => {
        const seen = new Set<string>();
        this.people.set([...p.kept, ...p.members, ...p.shared].filter((x) => !seen.has(x.userId) && seen.add(x.userId)));
      })
      .catch(() => undefined);
  }

  time(iso: string) {
    return shTime(iso);
  }
  itemsOn(d: string) {
    return this.byDay().get(d) ?? [];
  }
  accessLabel(a: string) {
    return a === 'full' ? '可查看详情' : a === 'busy' ? '仅显示忙闲' : '仅显示单独共享给您的日程';
  }

  nav(p: { date?: string; view?: View }) {
    void this.router.navigate([], {
      queryParams: { date: p.date ?? this.date(), view: p.view ?? this.view(), user: this.owner() || null },
    });
  }
  setOwner(u: string) {
    void this.router.navigate([], { queryParams: { date: this.date(), view: this.view(), user: u || null } });
  }
  shift(dir: number) {
    const v = this.view();
    if (v === 'month') {
      const [y, m] = this.date().split('-').map(Number) as [number, number];
      const mm = m - 1 + dir;
      this.nav({ date: `${y + Math.floor(mm / 12)}-${String((((mm % 12) + 12) % 12) + 1).padStart(2, '0')}-01` });
    } else this.nav({ date: addDays(this.date(), dir * (v === 'day' ? 1 : 7)) });
  }

  private range(): [string, string] {
    if (this.view() === 'month') {
      const days = this.monthDays();
      return [days[0]!, days[days.length - 1]!];
    }
    const days = this.visibleDays();
    return [days[0]!, days[days.length - 1]!];
  }

  async load() {
    this.error.set('');
    try {
      const [from, to] = this.range();
      const c = await this.api.calendar(from, to, this.owner() || undefined);
      if (!this.owner()) this.me.set(c.owner.id);
      else if (!this.me()) this.me.set('');
      this.cal.set(c);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  newEntry() {
    this.note.set('');
    this.form.set({
      entryId: null,
      kind: 'event',
      title: '',
      location: '',
      notes: '',
      date: this.date(),
      from: '09:00',
      to: '10:00',
      repeat: '',
      count: 10,
      remind: 15,
      published: false,
      private: false,
    });
  }

  open(i: CalItem) {
    if (i.source === 'own' && this.cal()?.canWrite && !i.busyOnly) {
      this.form.set({
        entryId: i.sourceId,
        kind: (i.kind as Form['kind']) ?? 'event',
        title: i.title,
        location: i.location,
        notes: i.notes,
        date: shDate(i.start),
        from: shTime(i.start),
        to: shTime(i.end),
        repeat: (i.repeat?.freq as Form['repeat']) ?? '',
        count: i.repeat?.count ?? 10,
        remind: 15,
        published: i.published,
        private: false,
      });
    } else if (i.link && !i.busyOnly) void this.router.navigateByUrl(i.link);
  }

  private ownerParam() {
    return this.owner() || undefined;
  }

  async save() {
    const f = this.form();
    if (!f) return;
    this.busy.set(true);
    this.error.set('');
    const body = {
      kind: f.kind,
      title: f.title.trim(),
      location: f.location,
      notes: f.notes,
      start: instant(f.date, f.from),
      end: instant(f.date, f.to),
      remindMinutes: f.remind === null ? [] : [f.remind],
      published: f.published,
      private: f.private,
      ...(f.repeat ? { repeat: { freq: f.repeat, count: Number(f.count) } } : {}),
    };
    try {
      if (f.entryId) await this.api.change(f.entryId, body, this.ownerParam());
      else await this.api.add(body, this.ownerParam());
      this.form.set(null);
      this.note.set('已保存');
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }

  async remove(entryId: string) {
    try {
      await this.api.remove(entryId, this.ownerParam());
      this.form.set(null);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async markDone(entryId: string) {
    try {
      await this.api.done(entryId, this.ownerParam());
      this.form.set(null);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async exportIcs(entryId: string, title: string) {
    try {
      saveBlob(await this.api.ics(`own:${entryId}`, this.ownerParam()), `${title}.ics`);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
