import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { problemMessage, toProblem } from '../../core/problem';
import { AbroadApi, DESTINATION_TYPES, DOCUMENT_TYPES, ENTRIES, ENTRY_HINTS, type SubmitBody } from './abroad-api.service';

interface Stop {
  region: string;
  arriveDate: string;
  leaveDate: string;
}

/** Days from one date to another, inclusive ('YYYY-MM-DD'); 0 when either is missing or out of order. */
export function tripDays(from: string, to: string): number {
  if (!from || !to || to < from) return 0;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The checks the server makes (domain/abroad/application.decide.ts and the definition's form
 * constraints), here so the applicant sees them before sending; the server's answer is authoritative.
 */
export function checkApplication(b: SubmitBody, today: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (b.reason.trim().length < 2) e['reason'] = '请填写申请事由（至少 2 个字）';
  if (!b.document.type) e['document.type'] = '请选择证件类型';
  if (!/^[A-Z0-9]{6,20}$/.test(b.document.number)) e['document.number'] = '证件号码须为 6–20 位大写字母或数字';
  if (!b.document.validUntil) e['document.validUntil'] = '请填写证件有效期';
  if (!b.destinationType) e['destinationType'] = '请选择目的地类别';
  if (!b.departDate) e['departDate'] = '请填写出境时间';
  else if (b.departDate < today) e['departDate'] = '出境时间不能早于今天';
  if (!b.returnDate) e['returnDate'] = '请填写入境时间';
  else if (b.departDate && b.returnDate < b.departDate) e['returnDate'] = '入境时间不能早于出境时间';
  if (b.document.validUntil && b.returnDate && b.document.validUntil < b.returnDate) e['document.validUntil'] = '证件有效期须覆盖入境时间';
  if ((b.entry === '公职人员出国(赴港澳)' || b.destinationType === '敏感国家和地区') && !b.task?.trim()) e['task'] = '请填写出访任务';
  b.itinerary.forEach((s, i) => {
    if (!s.region.trim()) e[`itinerary[${i}].region`] = '请填写国家/地区';
    if (!s.arriveDate || !s.leaveDate) e[`itinerary[${i}].arriveDate`] = '请填写抵达和离开日期';
    else if (s.leaveDate < s.arriveDate) e[`itinerary[${i}].leaveDate`] = '离开日期不能早于抵达日期';
    else if ((b.departDate && s.arriveDate < b.departDate) || (b.returnDate && s.leaveDate > b.returnDate))
      e[`itinerary[${i}].arriveDate`] = '行程须在出境与入境时间之间';
  });
  return e;
}

/** 新建出国（境）申请: one of the three entries, the form the spec names, checked here and on the server. */
@Component({
  selector: 'oa-abroad-apply',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>新建出国（境）申请</h2>
      <form (ngSubmit)="submit()" novalidate data-testid="apply-form">
        <fieldset class="entries" aria-label="申请类别">
          @for (e of entries; track e) {
            <label class="entry" [class.on]="entry() === e">
              <input type="radio" name="entry" [value]="e" [ngModel]="entry()" (ngModelChange)="entry.set($event)" />
              <b>{{ e }}</b><span class="muted">{{ hints[e] }}</span>
            </label>
          }
        </fieldset>
        @if (error()) { <div class="alert" role="alert" data-testid="apply-error">{{ error() }}</div> }
        <div class="grid2">
          <div class="field wide" [class.invalid]="err('reason')"><label for="a-reason">申请事由<span class="req">*</span></label>
            <textarea id="a-reason" name="reason" [(ngModel)]="m.reason" rows="2"></textarea>@if (err('reason')) { <div class="err">{{ err('reason') }}</div> }</div>
          <div class="field" [class.invalid]="err('document.type')"><label for="a-doctype">证件类型<span class="req">*</span></label>
            <select id="a-doctype" name="docType" [(ngModel)]="m.docType"><option value="">请选择</option>@for (d of docTypes; track d) { <option [value]="d">{{ d }}</option> }</select>
            @if (err('document.type')) { <div class="err">{{ err('document.type') }}</div> }</div>
          <div class="field" [class.invalid]="err('document.number')"><label for="a-docno">证件号码<span class="req">*</span></label>
            <input id="a-docno" name="docNumber" [(ngModel)]="m.docNumber" (ngModelChange)="m.docNumber = $event.toUpperCase()" placeholder="如 E12345678" />
            @if (err('document.number')) { <div class="err">{{ err('document.number') }}</div> }</div>
          <div class="field" [class.invalid]="err('document.validUntil')"><label for="a-valid">证件有效期至<span class="req">*</span></label>
            <input id="a-valid" type="date" name="validUntil" [(ngModel)]="m.validUntil" />
            @if (err('document.validUntil')) { <div class="err">{{ err('document.validUntil') }}</div> } @else { <div class="hint muted">须覆盖入境时间</div> }</div>
          <div class="field" [class.invalid]="err('departDate')"><label for="a-depart">出境时间<span class="req">*</span></label>
            <input id="a-depart" type="date" name="departDate" [(ngModel)]="m.departDate" />@if (err('departDate')) { <div class="err">{{ err('departDate') }}</div> }</div>
          <div class="field" [class.invalid]="err('returnDate')"><label for="a-return">入境时间<span class="req">*</span></label>
            <input id="a-return" type="date" name="returnDate" [(ngModel)]="m.returnDate" />
            @if (err('returnDate')) { <div class="err">{{ err('returnDate') }}</div> } @else { <div class="hint muted" data-testid="days">不早于出境时间；在外 {{ days() }} 天</div> }</div>
          <div class="field" [class.invalid]="err('destinationType')"><label for="a-dest">目的地类别<span class="req">*</span></label>
            <select id="a-dest" name="destinationType" [(ngModel)]="m.destinationType"><option value="">请选择</option>@for (d of destTypes; track d) { <option [value]="d">{{ d }}</option> }</select>
            @if (err('destinationType')) { <div class="err">{{ err('destinationType') }}</div> }</div>
          <div class="field wide" [class.invalid]="err('task')"><label for="a-task">出访任务@if (taskRequired()) {<span class="req">*</span>}</label>
            <textarea id="a-task" name="task" [(ngModel)]="m.task" rows="2"></textarea>@if (err('task')) { <div class="err">{{ err('task') }}</div> }</div>
          <div class="field wide"><label for="a-members">团组成员</label>
            <input id="a-members" name="members" [(ngModel)]="m.members" placeholder="姓名，以顿号或逗号分隔" /></div>
        </div>
        <h3>出访行程</h3>
        @for (s of stops(); track $index; let i = $index) {
          <div class="stop" [attr.data-testid]="'stop-' + i">
            <div class="field" [class.invalid]="err('itinerary[' + i + '].region')"><label [attr.for]="'s-region-' + i">国家/地区</label>
              <input [id]="'s-region-' + i" [name]="'region' + i" [(ngModel)]="s.region" />@if (err('itinerary[' + i + '].region')) { <div class="err">{{ err('itinerary[' + i + '].region') }}</div> }</div>
            <div class="field" [class.invalid]="err('itinerary[' + i + '].arriveDate')"><label [attr.for]="'s-arrive-' + i">抵达</label>
              <input [id]="'s-arrive-' + i" type="date" [name]="'arrive' + i" [(ngModel)]="s.arriveDate" />@if (err('itinerary[' + i + '].arriveDate')) { <div class="err">{{ err('itinerary[' + i + '].arriveDate') }}</div> }</div>
            <div class="field" [class.invalid]="err('itinerary[' + i + '].leaveDate')"><label [attr.for]="'s-leave-' + i">离开</label>
              <input [id]="'s-leave-' + i" type="date" [name]="'leave' + i" [(ngModel)]="s.leaveDate" />@if (err('itinerary[' + i + '].leaveDate')) { <div class="err">{{ err('itinerary[' + i + '].leaveDate') }}</div> }</div>
            @if (stops().length > 1) { <button type="button" class="btn small" (click)="removeStop(i)">删除</button> }
          </div>
        }
        @if (err('itinerary')) { <div class="err">{{ err('itinerary') }}</div> }
        <button type="button" class="btn small" (click)="addStop()" [disabled]="stops().length >= 20">添加一站</button>
        <div class="toolbar end">
          <a routerLink="/abroad/applications" class="btn">取消</a>
          <button type="submit" class="btn primary" [disabled]="busy()" data-testid="apply-submit">{{ busy() ? '正在提交…' : '提交审批' }}</button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .entries { border: 0; padding: 0; margin: 0 0 12px; display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 8px; }
    .entry { display: flex; flex-direction: column; gap: 2px; border: 1px solid var(--oa-border); border-radius: var(--oa-radius); padding: 8px 10px; cursor: pointer; }
    .entry.on { border-color: var(--oa-red); background: #fff6f5; }
    .entry input { position: absolute; opacity: 0; width: 1px; height: 1px; }
    .grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); column-gap: 16px; }
    .wide { grid-column: 1 / -1; }
    .stop { display: grid; grid-template-columns: 2fr 1fr 1fr auto; gap: 8px; align-items: end; }
    .hint { font-size: 12px; margin-top: 2px; }
    .end { justify-content: flex-end; margin-top: 12px; }
    h3 { margin: 12px 0 6px; font-size: 15px; }
    @media (max-width: 640px) { .stop { grid-template-columns: 1fr 1fr; } .stop .field:first-child { grid-column: 1 / -1; } }
  `,
})
export class ApplyPage {
  private readonly api = inject(AbroadApi);
  private readonly router = inject(Router);
  readonly entries = ENTRIES;
  readonly hints = ENTRY_HINTS;
  readonly docTypes = DOCUMENT_TYPES;
  readonly destTypes = DESTINATION_TYPES;
  readonly entry = signal<string>(ENTRIES[0]);
  readonly stops = signal<Stop[]>([{ region: '', arriveDate: '', leaveDate: '' }]);
  readonly errors = signal<Record<string, string>>({});
  readonly error = signal('');
  readonly busy = signal(false);
  readonly submitted = signal(false);
  m = {
    reason: '',
    docType: '',
    docNumber: '',
    validUntil: '',
    departDate: '',
    returnDate: '',
    destinationType: '',
    task: '',
    members: '',
  };
  days(): number {
    return tripDays(this.m.departDate, this.m.returnDate);
  }
  readonly taskRequired = computed(() => this.entry() === '公职人员出国(赴港澳)');

  /** The field's message: the form's own checks (live once submitted), else the server's answer. */
  err(field: string): string {
    if (!this.submitted()) return '';
    return checkApplication(this.body(), this.today())[field] ?? this.errors()[field] ?? '';
  }
  private today(): string {
    return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  }
  addStop(): void {
    this.stops.update((s) => [...s, { region: '', arriveDate: '', leaveDate: '' }]);
  }
  removeStop(i: number): void {
    this.stops.update((s) => s.filter((_, j) => j !== i));
  }
  body(): SubmitBody {
    const members = this.m.members
      .split(/[、,，\s]+/)
      .map((x) => x.trim())
      .filter(Boolean);
    return {
      entry: this.entry(),
      reason: this.m.reason.trim(),
      document: { type: this.m.docType, number: this.m.docNumber.trim(), validUntil: this.m.validUntil },
      itinerary: this.stops().map((s) => ({ region: s.region.trim(), arriveDate: s.arriveDate, leaveDate: s.leaveDate })),
      destinationType: this.m.destinationType,
      ...(this.m.task.trim() ? { task: this.m.task.trim() } : {}),
      departDate: this.m.departDate,
      returnDate: this.m.returnDate,
      ...(members.length ? { members } : {}),
    };
  }
  async submit(): Promise<void> {
    const body = this.body();
    this.submitted.set(true);
    this.errors.set({});
    const local = checkApplication(body, this.today());
    if (Object.keys(local).length) {
      this.error.set('请按提示修改后再提交');
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      const r = await this.api.submit(body);
      await this.router.navigate(['/abroad/applications', r.id]);
    } catch (e) {
      const p = toProblem(e);
      const byField: Record<string, string> = {};
      const FORM: Record<string, string> = { docType: 'document.type', docNumber: 'document.number', docValidUntil: 'document.validUntil' };
      for (const fe of p.errors) {
        const f = fe.field.replace(/^form\./, '');
        byField[FORM[f] ?? f] = fe.message;
      }
      this.errors.set(byField);
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
