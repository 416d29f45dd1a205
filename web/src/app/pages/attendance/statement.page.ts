import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { problemMessage, toProblem } from '../../core/problem';
import { newKey, saveBlob } from './attendance-api.service';

interface Row {
  personId: string;
  name: string;
  departmentName: string;
  days: string[];
  totals: {
    present: number;
    late: number;
    early: number;
    absent: number;
    leave: Record<string, number>;
    trip: number;
    overtimeHours: number;
    corrected: number;
  };
}
interface Statement {
  unitName: string;
  month: string;
  closed: { at: string; by: string } | null;
  rows: Row[];
  counts: Record<string, number>;
  carried: { name: string; date: string; time: string; reference: string }[];
  punches: number;
  legend: string;
}

const B = '/api/attendance';

/**
 * 考勤月报 (attendance.admin): the unit's month, a column per day with the marks and the totals; import the
 * machines' file (a bad row is listed with its row number, nothing imported), 月结, Excel in the printed layout.
 */
@Component({
  selector: 'oa-att-statement',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>
        <span>考勤月报 @if (s(); as x) { <span class="muted small">{{ x.unitName }} · {{ x.closed ? '已于 ' + x.closed.at.slice(0, 10) + ' 月结' : '未月结' }}</span> }</span>
        <input class="input m" type="month" aria-label="月份" [(ngModel)]="month" (ngModelChange)="load()" />
      </h2>
      <div class="toolbar">
        <label class="btn small">导入打卡记录<input type="file" accept=".csv,.xlsx" (change)="importFile($event)" hidden data-testid="punch-file" /></label>
        <button type="button" class="btn small" (click)="download()" [disabled]="busy()" data-testid="statement-export">导出 Excel</button>
        @if (s() && !s()!.closed) { <button type="button" class="btn small primary" (click)="close()" [disabled]="busy()" data-testid="close-month">月结</button> }
      </div>
      @if (note()) { <div class="alert ok" role="status" data-testid="statement-note">{{ note() }}</div> }
      @if (error()) { <div class="alert" role="alert" data-testid="statement-error">{{ error() }}@for (e of rowErrors(); track e) { <div class="small">{{ e }}</div> }</div> }
      @if (s(); as x) {
        <p class="muted small">考勤出差 {{ x.counts['trip'] }} · 考勤请假 {{ x.counts['leave'] }} · 考勤加班 {{ x.counts['overtime'] }} · 考勤补签 {{ x.counts['correction'] }} · 打卡 {{ x.punches }} 条</p>
        <div class="scroll">
          <table class="grid" data-testid="statement-table">
            <thead><tr><th class="n">姓名</th>@for (d of dayNos(); track d) { <th>{{ d }}</th> }<th>出勤</th><th>迟到</th><th>早退</th><th>旷工</th><th>请假</th><th>出差</th><th>加班</th></tr></thead>
            <tbody>
              @for (r of x.rows; track r.personId) {
                <tr><td class="n">{{ r.name }}<div class="muted small">{{ r.departmentName }}</div></td>
                  @for (m of r.days; track $index) { <td>{{ m }}</td> }
                  <td>{{ r.totals.present }}</td><td>{{ r.totals.late }}</td><td>{{ r.totals.early }}</td><td>{{ r.totals.absent }}</td><td>{{ leaveDays(r) }}</td><td>{{ r.totals.trip }}</td><td>{{ r.totals.overtimeHours }}</td></tr>
              }
            </tbody>
          </table>
        </div>
        <p class="muted small">{{ x.legend }}</p>
        @if (x.carried.length) {
          <h3>上月已月结后的补签</h3>
          <ul>@for (c of x.carried; track $index) { <li>{{ c.name }} {{ c.date }} {{ c.time }} — {{ c.reference }}</li> }</ul>
        }
      }
    </section>
  `,
  styles: `
    .small { font-size: 13px; font-weight: 400; }
    .m { width: auto; min-height: 32px; }
    .scroll { overflow-x: auto; }
    .grid { border-collapse: collapse; font-size: 12px; }
    .grid th, .grid td { border: 1px solid var(--oa-border); padding: 2px 4px; text-align: center; white-space: nowrap; }
    .grid .n { text-align: left; position: sticky; left: 0; background: #fff; }
  `,
})
export class StatementPage {
  private readonly http = inject(HttpClient);
  month = new Date(Date.now() + 8 * 3600_000 - 28 * 86_400_000).toISOString().slice(0, 7);
  readonly s = signal<Statement | null>(null);
  readonly busy = signal(false);
  readonly error = signal('');
  readonly rowErrors = signal<string[]>([]);
  readonly note = signal('');
  readonly dayNos = computed(() => (this.s()?.rows[0]?.days ?? []).map((_, i) => i + 1));

  constructor() {
    void this.load();
  }

  leaveDays(r: Row): number {
    return Object.values(r.totals.leave).reduce((a, b) => a + b, 0);
  }

  async load(): Promise<void> {
    try {
      this.s.set(await firstValueFrom(this.http.get<Statement>(`${B}/statements/${this.month}`)));
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  private async act(f: () => Promise<unknown>, msg: string): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.rowErrors.set([]);
    this.note.set('');
    try {
      await f();
      this.note.set(msg);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
      this.rowErrors.set((toProblem(e).errors ?? []).slice(0, 20).map((x) => x.message));
    } finally {
      this.busy.set(false);
    }
  }

  async importFile(ev: Event): Promise<void> {
    const input = ev.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const xlsx = file.name.toLowerCase().endsWith('.xlsx');
    const type = xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
    await this.act(async () => {
      const r = await firstValueFrom(
        this.http.post<{ month: string; imported: number }>(`${B}/punches/import`, file, {
          params: { fileName: file.name },
          headers: { 'Content-Type': type, 'Idempotency-Key': newKey() },
        }),
      );
      this.month = r.month;
    }, `已导入 ${file.name}`);
  }

  async close(): Promise<void> {
    await this.act(
      () => firstValueFrom(this.http.post(`${B}/statements/${this.month}/close`, {}, { headers: { 'Idempotency-Key': newKey() } })),
      `${this.month} 已月结，月报已冻结`,
    );
  }

  async download(): Promise<void> {
    this.busy.set(true);
    try {
      const blob = await firstValueFrom(
        this.http.get(`${B}/statements/${this.month}`, { params: { format: 'xlsx' }, responseType: 'blob' }),
      );
      saveBlob(blob, `${this.s()?.unitName ?? ''}${this.month}考勤月报.xlsx`);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
