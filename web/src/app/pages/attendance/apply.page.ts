import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { problemMessage, toProblem } from '../../core/problem';
import { AttendanceApi, LEAVE_TYPES, LeavePreview, TRANSPORTS, newKey, today } from './attendance-api.service';

type Kind = 'leave' | 'trip' | 'overtime' | 'correction';

/**
 * 考勤申请 (works on the phone): 请休假 with the days counted on the working calendar by the server as the
 * dates change (and the balance shown), 国内出差, 加班, 补签. The same rules as the server: dates in order,
 * 0.5–24 hours, required reasons; the server's answer (400 with the field, 422 over the balance) is shown
 * beside the field.
 */
@Component({
  selector: 'oa-att-apply',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>考勤申请</h2>
      <div class="kinds" role="tablist" aria-label="申请类型">
        @for (k of kinds; track k.value) {
          <button type="button" class="btn small" role="tab" [class.on]="kind() === k.value" [attr.aria-selected]="kind() === k.value" (click)="pick(k.value)" [attr.data-kind]="k.value">{{ k.label }}</button>
        }
      </div>
      @if (error()) { <div class="alert" role="alert" data-testid="apply-error">{{ error() }}</div> }
      <form (ngSubmit)="submit()" novalidate data-testid="apply-form">
        @switch (kind()) {
          @case ('leave') {
            <div class="field" [class.invalid]="err('leaveType')">
              <label for="leaveType">假别<span class="req">*</span></label>
              <select id="leaveType" name="leaveType" [(ngModel)]="leave.leaveType" (ngModelChange)="refresh()">
                @for (t of leaveTypes; track t) { <option [value]="t">{{ t }}</option> }
              </select>
              @if (err('leaveType'); as m) { <span class="err">{{ m }}</span> }
            </div>
            <div class="cols">
              <div class="field" [class.invalid]="err('startDate')">
                <label for="startDate">开始日期<span class="req">*</span></label>
                <div class="pair">
                  <input id="startDate" name="startDate" type="date" [(ngModel)]="leave.startDate" (ngModelChange)="refresh()" />
                  <select name="startHalf" aria-label="开始时段" [(ngModel)]="leave.startHalf" (ngModelChange)="refresh()"><option value="am">上午</option><option value="pm">下午</option></select>
                </div>
                @if (err('startDate') || err('startHalf'); as m) { <span class="err">{{ m }}</span> }
              </div>
              <div class="field" [class.invalid]="err('endDate')">
                <label for="endDate">结束日期<span class="req">*</span></label>
                <div class="pair">
                  <input id="endDate" name="endDate" type="date" [min]="leave.startDate" [(ngModel)]="leave.endDate" (ngModelChange)="refresh()" />
                  <select name="endHalf" aria-label="结束时段" [(ngModel)]="leave.endHalf" (ngModelChange)="refresh()"><option value="am">中午</option><option value="pm">下班</option></select>
                </div>
                @if (err('endDate') || err('endHalf'); as m) { <span class="err" data-testid="end-error">{{ m }}</span> }
              </div>
            </div>
            <div class="preview" data-testid="leave-preview" aria-live="polite">
              @if (preview(); as p) {
                共 <b>{{ p.days }}</b> 天（按工作日计算，已扣除周末、法定节假日，含调休上班日）
                @if (p.available !== null && p.available !== undefined) { ；{{ leave.leaveType }}可用 <b>{{ p.available }}</b> {{ p.unit }} }
              } @else { <span class="muted">选择日期后自动计算天数</span> }
            </div>
            <div class="field" [class.invalid]="err('reason')">
              <label for="reason">事由</label>
              <textarea id="reason" name="reason" maxlength="500" [(ngModel)]="leave.reason"></textarea>
            </div>
          }
          @case ('trip') {
            <div class="field" [class.invalid]="err('destinations')">
              <label for="dest">目的地<span class="req">*</span> <span class="muted">（多个城市用“、”分隔）</span></label>
              <input id="dest" name="dest" maxlength="200" [(ngModel)]="trip.destinations" placeholder="如：广州、深圳" />
              @if (err('destinations'); as m) { <span class="err">{{ m }}</span> }
            </div>
            <div class="cols">
              <div class="field" [class.invalid]="err('startDate')">
                <label for="tStart">开始日期<span class="req">*</span></label>
                <input id="tStart" name="tStart" type="date" [(ngModel)]="trip.startDate" />
                @if (err('startDate'); as m) { <span class="err">{{ m }}</span> }
              </div>
              <div class="field" [class.invalid]="err('endDate')">
                <label for="tEnd">结束日期<span class="req">*</span></label>
                <input id="tEnd" name="tEnd" type="date" [min]="trip.startDate" [(ngModel)]="trip.endDate" />
                @if (err('endDate'); as m) { <span class="err">{{ m }}</span> }
              </div>
            </div>
            <div class="field">
              <label for="transport">交通工具<span class="req">*</span></label>
              <select id="transport" name="transport" [(ngModel)]="trip.transport">@for (t of transports; track t) { <option [value]="t">{{ t }}</option> }</select>
            </div>
            <div class="field" [class.invalid]="err('purpose')">
              <label for="purpose">出差事由<span class="req">*</span></label>
              <textarea id="purpose" name="purpose" maxlength="500" [(ngModel)]="trip.purpose"></textarea>
              @if (err('purpose'); as m) { <span class="err">{{ m }}</span> }
            </div>
          }
          @case ('overtime') {
            <div class="cols">
              <div class="field" [class.invalid]="err('date')">
                <label for="oDate">加班日期<span class="req">*</span></label>
                <input id="oDate" name="oDate" type="date" [(ngModel)]="overtime.date" />
                @if (err('date'); as m) { <span class="err">{{ m }}</span> }
              </div>
              <div class="field" [class.invalid]="err('hours')">
                <label for="hours">时长（小时）<span class="req">*</span></label>
                <input id="hours" name="hours" type="number" min="0.5" max="24" step="0.5" [(ngModel)]="overtime.hours" />
                @if (err('hours'); as m) { <span class="err">{{ m }}</span> }
              </div>
            </div>
            <div class="field" [class.invalid]="err('reason')">
              <label for="oReason">加班事由<span class="req">*</span></label>
              <textarea id="oReason" name="oReason" maxlength="500" [(ngModel)]="overtime.reason"></textarea>
              @if (err('reason'); as m) { <span class="err">{{ m }}</span> }
            </div>
            <p class="muted">批准后按小时计入调休余额，可申请“调休”假（每天 8 小时）。</p>
          }
          @case ('correction') {
            <div class="cols">
              <div class="field" [class.invalid]="err('date')">
                <label for="cDate">补签日期<span class="req">*</span></label>
                <input id="cDate" name="cDate" type="date" [max]="todayStr" [(ngModel)]="correction.date" />
                @if (err('date'); as m) { <span class="err">{{ m }}</span> }
              </div>
              <div class="field">
                <label for="direction">补签类型<span class="req">*</span></label>
                <select id="direction" name="direction" [(ngModel)]="correction.direction"><option value="in">上班</option><option value="out">下班</option></select>
              </div>
              <div class="field" [class.invalid]="err('time')">
                <label for="cTime">时间<span class="req">*</span></label>
                <input id="cTime" name="cTime" type="time" [(ngModel)]="correction.time" />
                @if (err('time'); as m) { <span class="err">{{ m }}</span> }
              </div>
            </div>
            <div class="field" [class.invalid]="err('reason')">
              <label for="cReason">补签原因<span class="req">*</span></label>
              <textarea id="cReason" name="cReason" maxlength="500" [(ngModel)]="correction.reason"></textarea>
              @if (err('reason'); as m) { <span class="err">{{ m }}</span> }
            </div>
          }
        }
        <div class="actions"><button type="submit" class="btn primary" [disabled]="busy()" data-testid="apply-submit">提交申请</button></div>
      </form>
    </section>
  `,
  styles: `
    .kinds { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 14px; }
    .kinds .btn.on { background: var(--oa-red); border-color: var(--oa-red); color: #fff; }
    .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 0 16px; }
    .pair { display: flex; gap: 6px; }
    .pair input { flex: 1 1 auto; min-width: 0; }
    .pair select { flex: 0 0 86px; width: 86px; }
    .preview { padding: 8px 10px; background: #f7f9fc; border-radius: var(--oa-radius); margin-bottom: 14px; }
    .actions { display: flex; justify-content: flex-end; }
    @media (max-width: 520px) { .actions .btn { width: 100%; } }
  `,
})
export class ApplyPage {
  private readonly api = inject(AttendanceApi);
  private readonly router = inject(Router);
  readonly kinds = [
    { value: 'leave' as Kind, label: '请休假' },
    { value: 'trip' as Kind, label: '国内出差' },
    { value: 'overtime' as Kind, label: '加班' },
    { value: 'correction' as Kind, label: '补签' },
  ];
  readonly leaveTypes = LEAVE_TYPES;
  readonly transports = TRANSPORTS;
  readonly todayStr = today();
  readonly kind = signal<Kind>('leave');
  readonly busy = signal(false);
  readonly error = signal('');
  readonly errors = signal<Record<string, string>>({});
  readonly preview = signal<LeavePreview | null>(null);
  private key = newKey();
  private previewSeq = 0;

  leave = {
    leaveType: '年休假' as (typeof LEAVE_TYPES)[number],
    startDate: today(),
    startHalf: 'am' as 'am' | 'pm',
    endDate: today(),
    endHalf: 'pm' as 'am' | 'pm',
    reason: '',
  };
  trip = { destinations: '', startDate: today(), endDate: today(), transport: '高铁' as (typeof TRANSPORTS)[number], purpose: '' };
  overtime = { date: today(), hours: 2, reason: '' };
  correction = { date: today(), direction: 'in' as 'in' | 'out', time: '08:30', reason: '' };

  constructor() {
    void this.refresh();
  }

  err(field: string): string {
    return this.errors()[field] ?? '';
  }

  pick(k: Kind): void {
    this.kind.set(k);
    this.errors.set({});
    this.error.set('');
    this.key = newKey();
  }

  /** The same rules as the server, before asking it. */
  private check(): Record<string, string> {
    const e: Record<string, string> = {};
    const k = this.kind();
    if (k === 'leave') {
      if (!this.leave.startDate) e['startDate'] = '请选择开始日期';
      if (!this.leave.endDate) e['endDate'] = '请选择结束日期';
      else if (this.leave.endDate < this.leave.startDate) e['endDate'] = '结束日期不能早于开始日期';
      else if (this.leave.endDate === this.leave.startDate && this.leave.startHalf === 'pm' && this.leave.endHalf === 'am')
        e['endHalf'] = '同一天内结束时段不能早于开始时段';
    } else if (k === 'trip') {
      if (!this.cities().length) e['destinations'] = '请填写出差目的地';
      if (this.trip.endDate < this.trip.startDate) e['endDate'] = '结束日期不能早于开始日期';
      if (!this.trip.purpose.trim()) e['purpose'] = '请填写出差事由';
    } else if (k === 'overtime') {
      const h = Number(this.overtime.hours);
      if (!(h >= 0.5 && h <= 24) || Math.round(h * 2) !== h * 2) e['hours'] = '加班时长应为 0.5–24 小时，以半小时为单位';
      if (!this.overtime.reason.trim()) e['reason'] = '请填写加班事由';
    } else {
      if (!this.correction.date || this.correction.date > this.todayStr) e['date'] = '不能为将来的日期补签';
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(this.correction.time)) e['time'] = '补签时间格式应为 HH:MM';
      if (!this.correction.reason.trim()) e['reason'] = '请填写补签原因';
    }
    return e;
  }

  private cities(): string[] {
    return this.trip.destinations
      .split(/[、,，;；\s]+/)
      .map((c) => c.trim())
      .filter(Boolean);
  }

  /** Days and balance from the server (GET, appends nothing) as the dates change. */
  async refresh(): Promise<void> {
    this.key = newKey();
    const e = this.check();
    this.errors.set(e);
    if (Object.keys(e).length) return this.preview.set(null);
    const seq = ++this.previewSeq;
    try {
      const p = await this.api.preview(this.leave);
      if (seq === this.previewSeq) this.preview.set(p);
    } catch (err) {
      if (seq !== this.previewSeq) return;
      this.preview.set(null);
      const p = toProblem(err);
      this.errors.set(Object.fromEntries((p.errors ?? []).map((x) => [x.field, x.message])));
    }
  }

  async submit(): Promise<void> {
    const e = this.check();
    this.errors.set(e);
    this.error.set('');
    if (Object.keys(e).length) return;
    this.busy.set(true);
    try {
      const k = this.kind();
      let note = '';
      if (k === 'leave') {
        const r = await this.api.applyLeave({ ...this.leave, reason: this.leave.reason.trim() || undefined }, this.key);
        note = `请假申请已提交（${this.leave.leaveType} ${r.days} 天），等待审批`;
      } else if (k === 'trip') {
        await this.api.applyTrip(
          {
            destinations: this.cities(),
            startDate: this.trip.startDate,
            endDate: this.trip.endDate,
            transport: this.trip.transport,
            purpose: this.trip.purpose.trim(),
          },
          this.key,
        );
        note = '出差申请已提交，等待审批';
      } else if (k === 'overtime') {
        await this.api.applyOvertime(
          { date: this.overtime.date, hours: Number(this.overtime.hours), reason: this.overtime.reason.trim() },
          this.key,
        );
        note = '加班申请已提交，等待审批';
      } else {
        await this.api.applyCorrection({ ...this.correction, reason: this.correction.reason.trim() }, this.key);
        note = '补签申请已提交，等待审批';
      }
      await this.router.navigate(['/attendance/mine'], { state: { note } });
    } catch (err) {
      const p = toProblem(err);
      this.errors.set(Object.fromEntries((p.errors ?? []).map((x) => [x.field.replace(/^form\./, ''), x.message])));
      this.error.set(problemMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
