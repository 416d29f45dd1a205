import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { problemMessage, toProblem } from '../../core/problem';
import {
  ClassificationOption,
  FieldError,
  INCOMING_CATEGORY_LABELS,
  URGENCIES,
  classificationOptions,
  clearanceRefusal,
  isSecret,
  isoToShanghaiLocal,
  shanghaiLocalToIso,
} from './document-model';
import { DocumentsApi } from './documents-api.service';

/** 纸质来文登记: mail and faxes registered by hand, with the time they really arrived (may be earlier than now). */
@Component({
  selector: 'oa-doc-paper',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <form class="card" (ngSubmit)="save()" novalidate data-testid="paper-form">
      <h2>纸质来文登记</h2>
      <div class="cols">
        <div class="field"><label for="category">收文类别<span class="req">*</span></label>
          <select id="category" name="category" [(ngModel)]="f.category">@for (c of categories; track c[0]) { <option [value]="c[0]">{{ c[1] }}</option> }</select></div>
        <div class="field" [class.invalid]="err('receivedAt')"><label for="receivedAt">收文时间<span class="req">*</span></label>
          <input id="receivedAt" name="receivedAt" type="datetime-local" [(ngModel)]="f.receivedAt" [max]="now" />
          <span class="hint">可补登：填写实际收到的时间（北京时间）</span>
          @if (err('receivedAt'); as m) { <span class="err">{{ m }}</span> }</div>
        <div class="field" [class.invalid]="err('sourceOrgan')"><label for="sourceOrgan">来文单位<span class="req">*</span></label>
          <input id="sourceOrgan" name="sourceOrgan" [(ngModel)]="f.sourceOrgan" maxlength="100" />
          @if (err('sourceOrgan'); as m) { <span class="err">{{ m }}</span> }</div>
        <div class="field"><label for="docNumber">来文字号</label><input id="docNumber" name="docNumber" [(ngModel)]="f.docNumber" maxlength="60" placeholder="如：市府办电〔2026〕3号" /></div>
      </div>
      <div class="field" [class.invalid]="err('title')"><label for="title">标题<span class="req">*</span></label>
        <input id="title" name="title" [(ngModel)]="f.title" maxlength="200" />
        @if (err('title'); as m) { <span class="err">{{ m }}</span> }</div>
      <div class="cols">
        <div class="field"><label for="kind">文种</label>
          <select id="kind" name="kind" [(ngModel)]="f.kind"><option value="">（未注明）</option>@for (k of kinds(); track k) { <option [value]="k">{{ k }}</option> }</select></div>
        <div class="field" [class.invalid]="err('classification')"><label for="classification">密级<span class="req">*</span></label>
          <select id="classification" name="classification" [(ngModel)]="f.classification">@for (c of levels(); track c.value) { <option [value]="c.value" [disabled]="!c.allowed">{{ c.label }}</option> }</select>
          @if (err('classification'); as m) { <span class="err">{{ m }}</span> }</div>
        @if (secret()) { <div class="field" [class.invalid]="err('secrecyPeriod')"><label for="secrecyPeriod">保密期限<span class="req">*</span></label><input id="secrecyPeriod" name="secrecyPeriod" [(ngModel)]="f.secrecyPeriod" maxlength="20" />
          @if (err('secrecyPeriod'); as m) { <span class="err">{{ m }}</span> }</div> }
        <div class="field"><label for="urgency">紧急程度</label>
          <select id="urgency" name="urgency" [(ngModel)]="f.urgency">@for (u of urgencies; track u) { <option [value]="u">{{ u }}</option> }</select></div>
        <div class="field"><label for="copies">份数</label><input id="copies" name="copies" type="number" min="1" [(ngModel)]="f.copies" /></div>
        <div class="field"><label for="pages">页数</label><input id="pages" name="pages" type="number" min="1" [(ngModel)]="f.pages" /></div>
        @if (f.category === 'supervision') { <div class="field"><label for="deadline">办理时限</label><input id="deadline" name="deadline" type="date" [(ngModel)]="f.supervisionDeadline" /></div> }
      </div>
      <div class="field"><label for="body">正文（录入或摘要）</label><textarea id="body" name="body" [(ngModel)]="f.body"></textarea></div>
      <div class="field"><label for="remarks">备注</label><input id="remarks" name="remarks" [(ngModel)]="f.remarks" maxlength="500" /></div>
      @if (error()) { <div class="alert" role="alert" data-testid="form-error">{{ error() }}</div> }
      <div class="buttons">
        <a class="btn" routerLink="/documents/incoming">取消</a>
        <button type="submit" class="btn primary" [disabled]="busy()" data-testid="save">登记</button>
      </div>
    </form>
  `,
  styles: `
    .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 0 16px; }
    .hint { color: var(--oa-muted); font-size: 12px; }
    .buttons { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
  `,
})
export class PaperPage {
  private readonly api = inject(DocumentsApi);
  private readonly router = inject(Router);
  readonly kinds = signal<string[]>([]);
  readonly levels = signal<ClassificationOption[]>([]);
  readonly clearance = signal('秘密');
  readonly errors = signal<FieldError[]>([]);
  readonly error = signal('');
  readonly busy = signal(false);
  readonly categories = Object.entries(INCOMING_CATEGORY_LABELS);
  readonly urgencies = URGENCIES;
  readonly now = isoToShanghaiLocal(new Date().toISOString());
  f = {
    category: 'normal',
    sourceOrgan: '',
    docNumber: '',
    title: '',
    kind: '',
    classification: '内部',
    secrecyPeriod: '',
    urgency: '平件',
    copies: 1 as number | null,
    pages: null as number | null,
    receivedAt: this.now,
    supervisionDeadline: '',
    remarks: '',
    body: '',
  };

  constructor() {
    this.api.meta().then(
      (m) => {
        this.kinds.set(m.kinds);
        this.clearance.set(m.clearance);
        this.levels.set(classificationOptions(m.classifications, m.clearance));
      },
      (e) => this.error.set(problemMessage(e)),
    );
  }

  secret(): boolean {
    return isSecret(this.f.classification);
  }
  err(field: string): string {
    return this.errors().find((x) => x.field === field)?.message ?? '';
  }

  async save(): Promise<void> {
    const f = this.f;
    const errs: FieldError[] = [];
    const receivedAt = shanghaiLocalToIso(f.receivedAt);
    if (!receivedAt) errs.push({ field: 'receivedAt', message: '请填写收文时间' });
    else if (Date.parse(receivedAt) > Date.now() + 60_000) errs.push({ field: 'receivedAt', message: '收文时间不能晚于现在' });
    if (!f.sourceOrgan.trim()) errs.push({ field: 'sourceOrgan', message: '来文单位不能为空' });
    if (!f.title.trim()) errs.push({ field: 'title', message: '标题不能为空' });
    const max = this.levels().findIndex((l) => l.value === this.clearance());
    if (this.levels().findIndex((l) => l.value === f.classification) > max && max >= 0)
      errs.push({ field: 'classification', message: clearanceRefusal(f.classification, this.clearance()) });
    if (this.secret() && !f.secrecyPeriod.trim()) errs.push({ field: 'secrecyPeriod', message: '涉密公文须标注保密期限' });
    this.errors.set(errs);
    if (errs.length) {
      this.error.set('请按提示修改后再提交');
      return;
    }
    const body: Record<string, unknown> = {
      category: f.category,
      sourceOrgan: f.sourceOrgan.trim(),
      title: f.title.trim(),
      classification: f.classification,
      urgency: f.urgency,
      receivedAt,
    };
    if (f.docNumber.trim()) body['docNumber'] = f.docNumber.trim();
    if (f.kind) body['kind'] = f.kind;
    if (this.secret()) body['secrecyPeriod'] = f.secrecyPeriod.trim();
    if (f.copies) body['copies'] = Number(f.copies);
    if (f.pages) body['pages'] = Number(f.pages);
    if (f.category === 'supervision' && f.supervisionDeadline) body['supervisionDeadline'] = f.supervisionDeadline;
    if (f.remarks.trim()) body['remarks'] = f.remarks.trim();
    if (f.body.trim()) body['body'] = f.body;
    this.busy.set(true);
    this.error.set('');
    try {
      const r = await this.api.registerPaper(body);
      await this.router.navigate(['/documents/incoming', r.id]);
    } catch (e) {
      this.errors.set(toProblem(e).errors);
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
