import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';

interface Year {
  year: number;
  source: 'built-in' | 'entered';
  notice: string;
  enteredBy: string | null;
  at: string | null;
  holidays: string[];
  extraWorkdays: string[];
}

/** Expands '2027-02-10~2027-02-17' ranges and one date per line / comma into a date list. */
export function parseDates(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\s,，、；;]+/).filter(Boolean)) {
    const m = /^(\d{4}-\d{2}-\d{2})[~至](\d{4}-\d{2}-\d{2})$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    for (let t = Date.parse(`${m[1]}T00:00:00Z`), end = Date.parse(`${m[2]}T00:00:00Z`), n = 0; t <= end && n < 60; t += 86_400_000, n++) {
      out.push(new Date(t).toISOString().slice(0, 10));
    }
  }
  return out;
}

/** 节假日安排: each year's State Council notice entered here (放假 and 调休上班), used by every 办理时限. */
@Component({
  selector: 'oa-sys-holidays',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>节假日安排</h2>
      <p class="muted small">按国务院办公厅每年发布的部分节假日安排通知录入；办理时限按工作日计算时立即采用。日期可逐个填写，或写成区间，如 2027-02-06~2027-02-12。</p>
      <form class="f" (ngSubmit)="save()" data-testid="holiday-form">
        <label>年份<input class="input" type="number" name="year" [(ngModel)]="year" aria-label="年份" /></label>
        <label class="wide">通知名称<input class="input" name="notice" [(ngModel)]="notice" aria-label="通知名称" /></label>
        <label class="wide">放假日期<textarea class="input" name="h" rows="3" [(ngModel)]="holidays" aria-label="放假日期"></textarea></label>
        <label class="wide">调休上班日期（周末）<textarea class="input" name="w" rows="2" [(ngModel)]="workdays" aria-label="调休上班日期"></textarea></label>
        <div class="wide acts"><button class="btn primary" type="submit" data-testid="holiday-save">保存该年安排</button>
          @if (notice_()) { <span class="ok" role="status">{{ notice_() }}</span> }</div>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
    </section>
    <section class="card">
      <h2>各年份</h2>
      <ul class="years" data-testid="holiday-years">
        @for (y of years(); track y.year) {
          <li>
            <div><strong>{{ y.year }} 年</strong> <span class="badge">{{ y.source === 'entered' ? '已录入' : '内置' }}</span> {{ y.notice }}
              @if (y.at) { <span class="muted small">（{{ y.enteredBy }}，{{ time(y.at) }}）</span> }
              <button class="btn small" type="button" (click)="edit(y)">修改</button></div>
            <div class="small">放假 {{ y.holidays.length }} 天：{{ y.holidays.join('、') }}</div>
            <div class="small">调休上班：{{ y.extraWorkdays.join('、') || '无' }}</div>
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    .f { display: grid; grid-template-columns: 160px 1fr; gap: 8px; }
    .f label { display: grid; gap: 2px; }
    .f .wide { grid-column: 1 / -1; }
    .acts { display: flex; gap: 10px; align-items: center; }
    .years { list-style: none; padding: 0; margin: 0; }
    .years li { border-bottom: 1px solid var(--oa-border); padding: 8px 0; overflow-wrap: anywhere; }
    .ok { color: var(--oa-ok); } .small { font-size: 12px; }
    @media (max-width: 640px) { .f { grid-template-columns: 1fr; } }
  `,
})
export class HolidaysPage {
  private readonly http = inject(HttpClient);
  readonly years = signal<Year[]>([]);
  readonly error = signal('');
  readonly notice_ = signal('');
  year = new Date().getFullYear() + 1;
  notice = `国务院办公厅关于${new Date().getFullYear() + 1}年部分节假日安排的通知`;
  holidays = '';
  workdays = '';
  time = formatTime;
  constructor() {
    void this.load();
  }
  async load(): Promise<void> {
    try {
      this.years.set((await firstValueFrom(this.http.get<{ years: Year[] }>('/api/system/holidays'))).years);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  edit(y: Year): void {
    this.year = y.year;
    this.notice = y.source === 'entered' ? y.notice : `国务院办公厅关于${y.year}年部分节假日安排的通知`;
    this.holidays = y.holidays.join('\n');
    this.workdays = y.extraWorkdays.join('\n');
  }
  async save(): Promise<void> {
    this.error.set('');
    this.notice_.set('');
    try {
      await firstValueFrom(
        this.http.put(`/api/system/holidays/${Number(this.year)}`, {
          holidays: parseDates(this.holidays),
          extraWorkdays: parseDates(this.workdays),
          notice: this.notice,
        }),
      );
      this.notice_.set(`${this.year} 年节假日安排已保存，办理时限即按新安排计算`);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
