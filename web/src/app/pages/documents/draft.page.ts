import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage, toProblem } from '../../core/problem';
import {
  ClassificationOption,
  DraftForm,
  FieldError,
  OutgoingView,
  UPWARD_KINDS,
  URGENCIES,
  attachmentNote,
  checkDraft,
  checkSubmittable,
  classificationOptions,
  clearanceRefusal,
  draftToDto,
  editPatch,
  emptyDraft,
  isSecret,
  viewToForm,
} from './document-model';
import { DepartmentOption, DocumentsApi, UnitOption, UserOption } from './documents-api.service';
import { VersionsComponent } from './versions.component';
import { AttachmentsComponent } from './attachments.component';

/** 拟稿 / 修改发文: every GB/T 9704 element, the 正文, 附件, save, 送审, and the 正文 versions with their diff. */
@Component({
  selector: 'oa-doc-draft',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, VersionsComponent, AttachmentsComponent],
  template: `
    <div class="stack">
      <div class="card head">
        <h1>{{ id() ? '修改发文' : '拟稿' }}</h1>
        @if (view(); as v) { <div class="muted">当前环节：<span class="badge">{{ v.stage }}</span> · 正文第 {{ v.version }} 版</div> }
      </div>
      @if (loadError()) { <div class="card"><div class="alert" role="alert">{{ loadError() }}</div><a routerLink="/documents/outgoing">返回发文列表</a></div> }
      @else if (loading()) { <div class="card"><div class="empty">正在加载…</div></div> }
      @else {
        <form class="card" (ngSubmit)="save(false)" (input)="revalidate()" (change)="revalidate()" novalidate data-testid="draft-form">
          <h2>版头</h2>
          <div class="cols">
            <div class="field" [class.invalid]="err('kind')">
              <label for="kind">文种<span class="req">*</span></label>
              <select id="kind" name="kind" [(ngModel)]="f.kind">@for (k of kinds(); track k) { <option [value]="k">{{ k }}</option> }</select>
              @if (err('kind'); as m) { <span class="err">{{ m }}</span> }
            </div>
            <div class="field" [class.invalid]="err('classification')">
              <label for="classification">密级<span class="req">*</span></label>
              <select id="classification" name="classification" [(ngModel)]="f.classification">
                @for (c of levels(); track c.value) { <option [value]="c.value" [disabled]="!c.allowed">{{ c.label }}</option> }
              </select>
              <span class="hint" data-testid="clearance-hint">本系统最高处理“{{ clearance() }}”级公文；{{ refusedLevels() }}公文请通过涉密渠道办理</span>
              @if (err('classification'); as m) { <span class="err" data-testid="classification-error">{{ m }}</span> }
            </div>
            @if (secret()) {
              <div class="field" [class.invalid]="err('secrecyPeriod')">
                <label for="secrecyPeriod">保密期限<span class="req">*</span></label>
                <input id="secrecyPeriod" name="secrecyPeriod" [(ngModel)]="f.secrecyPeriod" placeholder="如：1年、6个月" maxlength="20" />
                @if (err('secrecyPeriod'); as m) { <span class="err">{{ m }}</span> }
              </div>
            }
            <div class="field">
              <label for="urgency">紧急程度</label>
              <select id="urgency" name="urgency" [(ngModel)]="f.urgency">@for (u of urgencies; track u) { <option [value]="u">{{ u }}</option> }</select>
            </div>
            <div class="field" [class.invalid]="err('numberCode')">
              <label for="numberCode">机关代字<span class="req">*</span></label>
              <input id="numberCode" name="numberCode" [(ngModel)]="f.numberCode" placeholder="如：区财预" maxlength="20" />
              <span class="hint">发文字号在登记编号时分配：{{ f.numberCode || '机关代字' }}〔年份〕序号号</span>
              @if (err('numberCode'); as m) { <span class="err">{{ m }}</span> }
            </div>
          </div>

          <div class="field" [class.invalid]="err('issuers')">
            <label>发文机关<span class="req">*</span> <span class="hint">（多个即联合行文，第一个为主办机关）</span></label>
            @for (i of f.issuers; track $index; let n = $index) {
              <div class="issuer">
                <select [name]="'issuerUnit' + n" [(ngModel)]="i.unitId" (ngModelChange)="unitPicked(n, $event)" aria-label="发文机关所属单位">
                  <option value="">（平台外机关）</option>
                  @for (u of units(); track u.id) { <option [value]="u.id">{{ u.name }}</option> }
                </select>
                <input [name]="'issuerName' + n" [(ngModel)]="i.name" placeholder="发文机关全称或规范化简称" [attr.data-testid]="'issuer-' + n" />
                @if (f.issuers.length > 1) { <button type="button" class="btn small" (click)="f.issuers.splice(n, 1)">移除</button> }
              </div>
            }
            <div><button type="button" class="btn small" (click)="f.issuers.push({ unitId: '', name: '' })" data-testid="add-issuer">添加联合发文机关</button></div>
            @if (err('issuers'); as m) { <span class="err">{{ m }}</span> }
          </div>

          @if (upward()) {
            <div class="field">
              <label for="signer">签发人 <span class="hint">（上行文须标注签发人）</span></label>
              <select id="signer" name="signerId" [(ngModel)]="f.signerId">
                <option value="">本单位主要负责人（默认）</option>
                @for (u of people(); track u.id) { <option [value]="u.id">{{ u.name }}（{{ u.title || u.departmentName }}）</option> }
              </select>
            </div>
          }

          <h2>主体</h2>
          <div class="field" [class.invalid]="err('title')">
            <label for="title">标题<span class="req">*</span></label>
            <input id="title" name="title" [(ngModel)]="f.title" maxlength="200" placeholder="关于……的通知" />
            @if (err('title'); as m) { <span class="err">{{ m }}</span> }
          </div>
          <div class="field" [class.invalid]="err('mainRecipients')">
            <label for="mainRecipients">主送机关</label>
            <input id="mainRecipients" name="mainRecipients" [(ngModel)]="f.mainRecipients" placeholder="多个机关用顿号“、”分隔" />
            @if (err('mainRecipients'); as m) { <span class="err">{{ m }}</span> }
          </div>
          <div class="field" [class.invalid]="err('body')">
            <label for="body">正文<span class="req">*</span></label>
            <textarea id="body" name="body" class="body" [(ngModel)]="f.body" placeholder="请输入正文"></textarea>
            <span class="hint">{{ f.body.length }} 字</span>
            @if (err('body'); as m) { <span class="err">{{ m }}</span> }
          </div>
          <div class="field">
            <label>附件 <span class="hint">（附件说明按上传顺序列出）</span></label>
            @if (view(); as v) {
              <oa-doc-attachments [documentId]="v.id" [items]="v.attachmentFiles ?? []" [editable]="attachmentsEditable()" (changed)="reloadView()" />
            } @else {
              <span class="hint" data-testid="attachments-after-save">保存草稿后即可上传附件（PDF、OFD、Word、Excel、JPG、PNG、ZIP，单个不超过 20 MB）</span>
            }
            @if (attachmentText()) { <pre class="att-note" data-testid="attachment-note">{{ attachmentText() }}</pre> }
          </div>
          <div class="cols">
            <div class="field">
              <label for="signatureNames">发文机关署名</label>
              <input id="signatureNames" name="signatureNames" [(ngModel)]="f.signatureNames" placeholder="默认与发文机关相同" />
            </div>
            <div class="field">
              <label for="note">附注</label>
              <input id="note" name="note" [(ngModel)]="f.note" maxlength="500" placeholder="如：此件公开发布" />
            </div>
          </div>

          <h2>版记</h2>
          <div class="cols">
            <div class="field">
              <label for="copyTo">抄送机关</label>
              <input id="copyTo" name="copyTo" [(ngModel)]="f.copyTo" placeholder="多个机关用顿号“、”分隔" />
            </div>
            <div class="field">
              <label for="printingOrgan">印发机关</label>
              <input id="printingOrgan" name="printingOrgan" [(ngModel)]="f.printingOrgan" placeholder="默认：本单位办公室（套红时印入版记）" />
            </div>
          </div>

          @if (canSubmit()) {
            <h2>送审</h2>
            <div class="field">
              <label>会签部门 <span class="hint">（可选：请其他部门负责人会签）</span></label>
              <div class="checks">
                @for (d of countersignOptions(); track d.id) {
                  <label class="check"><input type="checkbox" [checked]="countersign.has(d.id)" (change)="toggle(d.id)" /> {{ d.name }}</label>
                } @empty { <span class="muted small">无其他部门</span> }
              </div>
            </div>
          }

          @if (formError()) { <div class="alert" role="alert" data-testid="form-error">{{ formError() }}</div> }
          @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
          <div class="buttons">
            @if (id()) { <a class="btn" [routerLink]="['/documents/outgoing', id()]">返回</a> } @else { <a class="btn" routerLink="/documents/outgoing">取消</a> }
            <button type="submit" class="btn" [disabled]="busy()" data-testid="save">{{ id() ? '保存修改' : '保存草稿' }}</button>
            @if (canSubmit()) { <button type="button" class="btn primary" [disabled]="busy()" (click)="save(true)" data-testid="submit">送审</button> }
          </div>
        </form>
        @if (view(); as v) { <oa-doc-versions [documentId]="v.id" [versions]="v.versions" /> }
      }
    </div>
  `,
  styles: `
    .stack { display: flex; flex-direction: column; gap: 12px; }
    h2 { font-size: 16px; border-left: 3px solid var(--oa-red); padding-left: 8px; margin: 18px 0 10px; }
    form > h2:first-child { margin-top: 0; }
    .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 0 16px; }
    .hint { color: var(--oa-muted); font-size: 12px; font-weight: 400; }
    .issuer { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; }
    .issuer select { max-width: 40%; }
    .issuer input { flex: 1; min-width: 0; }
    .body { min-height: 320px !important; font-family: 'FangSong', 'STFangsong', 'Noto Serif CJK SC', serif; font-size: 16px; line-height: 1.9; }
    .att-note { margin: 6px 0 0; padding: 8px; background: #fafafa; border: 1px dashed var(--oa-border); white-space: pre-wrap; font-family: inherit; }
    .file { align-self: flex-start; }
    .small { font-size: 13px; }
    .checks { display: flex; flex-wrap: wrap; gap: 6px 16px; }
    .check { display: flex; gap: 4px; align-items: center; font-weight: 400 !important; }
    .check input { width: auto; min-height: 0; }
    .buttons { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; margin-top: 8px; }
    @media (max-width: 520px) { .issuer { flex-wrap: wrap; } .issuer select { max-width: none; } .buttons .btn { flex: 1 1 30%; } }
  `,
})
export class DraftPage {
  private readonly api = inject(DocumentsApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  /** Route param: present when editing. */
  readonly id = input<string>('');
  readonly view = signal<OutgoingView | null>(null);
  readonly loading = signal(true);
  readonly loadError = signal('');
  readonly busy = signal(false);
  readonly formError = signal('');
  readonly note = signal('');
  readonly errors = signal<FieldError[]>([]);
  readonly kinds = signal<string[]>([]);
  readonly levels = signal<ClassificationOption[]>([]);
  readonly clearance = signal('秘密');
  readonly units = signal<UnitOption[]>([]);
  readonly people = signal<UserOption[]>([]);
  readonly departments = signal<DepartmentOption[]>([]);
  readonly myDepartment = signal('');
  readonly urgencies = URGENCIES;
  /** The form being edited (template-driven; events re-render the OnPush view). */
  f: DraftForm = emptyDraft({ id: '', name: '' });
  private loaded: DraftForm | null = null;
  countersign = new Set<string>();
  /** null until the first save; then whether it was a 送审 (which checks more). */
  private tried: boolean | null = null;

  readonly refusedLevels = computed(
    () =>
      this.levels()
        .filter((l) => !l.allowed)
        .map((l) => `“${l.value}”`)
        .join('、') || '更高密级',
  );
  readonly countersignOptions = computed(() => this.departments().filter((d) => d.id !== this.myDepartment() && d.leader));
  /** 送审 is for the drafter of a new document or of a draft. */
  readonly canSubmit = computed(() => {
    const v = this.view();
    return !v || (v.status === 'draft' && v.drafter.id === this.auth.me()?.id);
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  secret(): boolean {
    return isSecret(this.f.classification);
  }
  upward(): boolean {
    return UPWARD_KINDS.includes(this.f.kind);
  }
  /** 附件说明 as it will print: the uploaded files (the server's list), in order. */
  attachmentText(): string {
    return attachmentNote((this.view()?.elements.attachments ?? []).map((a) => a.name));
  }
  /** 附件 are added/removed while 拟稿 or 核稿 (the server checks who may). */
  attachmentsEditable(): boolean {
    const s = this.view()?.status;
    return s === 'draft' || s === 'in_review';
  }
  /** After an upload/delete: the document again (the form being edited is kept as it is). */
  async reloadView(): Promise<void> {
    const id = this.id();
    if (!id) return;
    try {
      this.view.set(await this.api.outgoing(id));
    } catch (e) {
      this.formError.set(problemMessage(e));
    }
  }
  err(field: string): string {
    const e = this.errors().find((x) => x.field === field || x.field.startsWith(`${field}[`) || x.field.startsWith(`${field}.`));
    return e?.message ?? '';
  }

  async load(id: string): Promise<void> {
    this.loading.set(true);
    this.loadError.set('');
    try {
      const [meta, post] = await Promise.all([this.api.meta(), this.api.myPost()]);
      this.kinds.set(meta.kinds);
      this.clearance.set(meta.clearance);
      this.levels.set(classificationOptions(meta.classifications, meta.clearance));
      this.myDepartment.set(post.departmentId);
      const [units, depts, people] = await Promise.all([
        this.api.units().catch(() => []),
        this.api.departments(post.unitId).catch(() => []),
        this.api.users(post.unitId).catch(() => []),
      ]);
      this.units.set(units);
      this.departments.set(depts);
      this.people.set(people);
      if (id) {
        const v = await this.api.outgoing(id);
        this.view.set(v);
        this.f = viewToForm(v);
      } else {
        this.view.set(null);
        this.f = emptyDraft({ id: post.unitId, name: post.unitName });
        // 会议纪要 drafted from a meeting (/meetings/:id → 起草会议纪要): kind 纪要, the meeting's title, its id in 附注
        const q = this.router.parseUrl(this.router.url).queryParamMap;
        if (q.get('kind') && meta.kinds.includes(q.get('kind')!)) this.f.kind = q.get('kind')!;
        if (q.get('title')) this.f.title = q.get('title')!.slice(0, 200);
        if (q.get('meetingId')) this.f.note = `会议编号：${q.get('meetingId')!.slice(0, 64)}`;
      }
      this.loaded = structuredClone(this.f);
    } catch (e) {
      this.loadError.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  unitPicked(n: number, unitId: string): void {
    const u = this.units().find((x) => x.id === unitId);
    if (u) this.f.issuers[n].name = u.name;
  }

  toggle(id: string): void {
    if (this.countersign.has(id)) this.countersign.delete(id);
    else this.countersign.add(id);
  }

  private checks(andSubmit: boolean): FieldError[] {
    return [
      ...checkDraft(
        this.f,
        this.clearance(),
        this.levels().map((l) => l.value),
      ),
      ...(andSubmit ? checkSubmittable(this.f) : []),
    ];
  }

  /** After a first attempt, messages follow the edits (a fixed field loses its message at once). */
  revalidate(): void {
    if (this.tried === null) return;
    const errs = this.checks(this.tried);
    this.errors.set(errs);
    if (errs.length === 0) this.formError.set('');
  }

  /** 保存 (create or edit); with `andSubmit`, then 送审. */
  async save(andSubmit: boolean): Promise<void> {
    this.formError.set('');
    this.note.set('');
    this.tried = andSubmit;
    const errs = this.checks(andSubmit);
    this.errors.set(errs);
    if (errs.length) {
      this.formError.set('请按提示修改后再提交');
      return;
    }
    this.busy.set(true);
    try {
      let id = this.id();
      if (!id) {
        id = (await this.api.draft(draftToDto(this.f))).id;
      } else if (this.loaded) {
        const patch = editPatch(this.loaded, this.f);
        if (Object.keys(patch).length) await this.api.edit(id, patch);
      }
      if (andSubmit) {
        const body: { countersignDepartmentIds?: string[]; signerId?: string } = {};
        if (this.countersign.size) body.countersignDepartmentIds = [...this.countersign];
        if (this.upward() && this.f.signerId) body.signerId = this.f.signerId;
        await this.api.submit(id, body);
      }
      await this.router.navigate(['/documents/outgoing', id], { queryParams: andSubmit ? { done: 'submitted' } : { done: 'saved' } });
    } catch (e) {
      const p = toProblem(e);
      this.errors.set(p.errors.map((x) => ({ field: x.field.replace(/^elements\./, ''), message: x.message })));
      // The clearance refusal comes back on 'classification': the API's words are shown on the field too.
      if (p.code === 'document.classification_above_clearance' && !this.err('classification')) {
        this.errors.set([
          ...this.errors(),
          { field: 'classification', message: p.detail || clearanceRefusal(this.f.classification, this.clearance()) },
        ]);
      }
      this.formError.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
