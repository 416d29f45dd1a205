import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { WEEKDAYS, addDays, shDate, shTime, todaySh, weekday } from '../meetings/sh-time';
import { LeadersWeek, ScheduleApi } from './schedule-api.service';

/** 领导活动安排: the leaders' published week (rows: leaders, columns: days) for the office. */
@Component({
  selector: 'oa-schedule-leaders',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <div class="page">
      <nav class="tabs" aria-label="日程导航"><a routerLink="/schedule">我的日程</a><a routerLink="/schedule/leaders" class="on">领导活动安排</a><a routerLink="/schedule/settings">共享与秘书</a></nav>
      <section class="card">
        <div class="toolbar">
          <button type="button" class="btn small" (click)="go(-7)">上一周</button>
          <strong>{{ w()?.weekStart }} 起一周</strong>
          <button type="button" class="btn small" (click)="go(7)">下一周</button>
          <button type="button" class="btn small" (click)="date = today; load()">本周</button>
        </div>
        @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
        @if (w(); as w) {
          @if (w.leaders.length === 0) { <div class="empty">本周暂无已发布的领导活动</div> }
          @else {
            <div class="scroll">
              <table class="tbl" data-testid="leaders-week">
                <thead><tr><th>领导</th>@for (d of w.days; track d) { <th>{{ d.slice(5) }} {{ WEEKDAYS[weekday(d)] }}</th> }</tr></thead>
                <tbody>
                  @for (l of w.leaders; track l.userId) {
                    <tr><th>{{ l.name }}<div class="muted small">{{ l.title }}</div></th>
                      @for (d of w.days; track d) {
                        <td>@for (i of on(l.userId, d); track i.key + i.start) { <div class="it"><span class="muted">{{ time(i.start) }}</span> {{ i.title }}@if (i.location) { <span class="muted">（{{ i.location }}）</span> }</div> }</td>
                      }
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        }
      </section>
    </div>
  `,
  styles: `
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; padding: 0 6px; margin-bottom: 12px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    .toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
    .scroll { overflow-x: auto; } .tbl { border-collapse: collapse; width: 100%; min-width: 760px; }
    .tbl th, .tbl td { border: 1px solid var(--oa-border); padding: 6px; vertical-align: top; text-align: left; font-weight: 400; }
    .tbl thead th { background: #fafbfc; font-weight: 600; } .it { font-size: 13px; margin-bottom: 4px; } .small { font-size: 12px; }
  `,
})
export class LeadersPage {
  private readonly api = inject(ScheduleApi);
  readonly WEEKDAYS = WEEKDAYS;
  readonly weekday = weekday;
  readonly today = todaySh();
  date = this.today;
  readonly w = signal<LeadersWeek | null>(null);
  readonly error = signal('');

  constructor() {
    void this.load();
  }
  time(iso: string) {
    return shTime(iso);
  }
  on(userId: string, d: string) {
    return (this.w()?.items ?? []).filter((i) => i.ownerId === userId && shDate(i.start) === d);
  }
  go(n: number) {
    this.date = addDays(this.w()?.weekStart ?? this.date, n);
    void this.load();
  }
  async load() {
    try {
      this.w.set(await this.api.leaders(this.date));
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
