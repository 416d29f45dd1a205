import { ChangeDetectionStrategy, Component, OnDestroy, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { DomSanitizer, SafeResourceUrl } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { ACTION_LABELS, ProcessDetail } from '../../core/models';
import { problemMessage, toProblem } from '../../core/problem';
import { formatDate, formatTime } from '../../core/time';
import { WorkflowApi } from '../../core/workflow-api.service';
import { ProcessDiagramComponent } from '../../shared/process-diagram.component';
import { SignaturePadComponent } from '../../shared/signature/signature-pad.component';
import { SignatureViewComponent } from '../../shared/signature/signature-view.component';
import { Stroke, inkPoints } from '../../shared/signature/strokes';
import { OutgoingAction, OutgoingView, RETENTIONS, UPWARD_KINDS, attachmentNote, outgoingActions } from './document-model';
import { DocumentsApi, UnitOption, saveBlob } from './documents-api.service';
import { VersionsComponent } from './versions.component';
import { AttachmentsComponent } from './attachments.component';

const FLASH: Record<string, string> = { saved: '已保存', submitted: '已送审，等待部门核稿' };
const FIELD_LABELS: Record<string, string> = { body: '正文', title: '标题', mainRecipients: '主送机关' };

/** 发文 page: GB/T 9704 elements, status, approval progress and log, and the actions allowed now. */
@Component({
  selector: 'oa-doc-outgoing',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    RouterLink,
    ProcessDiagramComponent,
    SignaturePadComponent,
    SignatureViewComponent,
    VersionsComponent,
    AttachmentsComponent,
  ],
  template: `
    <div class="stack">
      @if (v(); as v) {
        <div class="card head">
          <div class="title-row">
            <h1 data-testid="doc-title">{{ v.elements.title }}</h1>
            <span class="badge stage" data-testid="doc-stage">{{ v.stage }}</span>
          </div>
          <div class="meta muted">
            <span>{{ v.elements.kind }}</span>
            @if (v.number) { <span data-testid="doc-number">{{ v.number.docNumber }}</span> } @else { <span>未编号</span> }
            <span>拟稿：{{ v.drafter.name }}</span>
            <span>正文第 {{ v.version }} 版</span>
          </div>
          @if (flash() && !actionNote() && !actionError()) { <div class="alert ok" role="status">{{ flash() }}</div> }
          @if (actionError()) { <div class="alert" role="alert" data-testid="action-error">{{ actionError() }}</div> }
          @if (actionNote()) { <div class="alert ok" role="status" data-testid="action-note">{{ actionNote() }}</div> }
          @if (v.review) {
            <div class="alert" role="status" data-testid="review-pending">签发后修改了{{ changed(v.review.changedFields) }}，待签发人复核</div>
          }
        </div>

        <div class="grid2">
          <section class="card" data-testid="elements">
            <h2>公文要素</h2>
            <dl class="kv">
              <dt>份号</dt><dd>{{ copyNos() || '分发时编排' }}</dd>
              <dt>密级</dt><dd>{{ v.elements.classification }}@if (v.elements.secrecyPeriod) { ★{{ v.elements.secrecyPeriod }} }</dd>
              <dt>紧急程度</dt><dd>{{ v.elements.urgency }}</dd>
              <dt>发文机关</dt><dd>{{ issuers() }}@if (v.elements.issuers.length > 1) { <span class="badge">联合行文</span> }</dd>
              <dt>发文字号</dt><dd>{{ v.number?.docNumber || v.elements.numberCode + '〔年份〕号（待编号）' }}</dd>
              @if (upward() || v.signature) { <dt>签发人</dt><dd>{{ v.signature?.signerName || '待签发' }}</dd> }
              <dt>主送机关</dt><dd>{{ v.elements.mainRecipients.join('、') || '—' }}</dd>
              <dt>附件说明</dt><dd class="pre">{{ attachments() || '无' }}</dd>
              <dt>附件</dt>
              <dd><oa-doc-attachments [documentId]="v.id" [items]="v.attachmentFiles ?? []" [editable]="attachmentsEditable()" (changed)="load(v.id)" /></dd>
              <dt>发文机关署名</dt><dd>{{ v.elements.signatureNames.join('、') }}</dd>
              <dt>成文日期</dt><dd>{{ v.writtenDate || '签发时确定' }}</dd>
              <dt>附注</dt><dd>{{ v.elements.note || '—' }}</dd>
              <dt>抄送机关</dt><dd>{{ v.elements.copyTo.join('、') || '—' }}</dd>
              <dt>印发机关</dt><dd>{{ v.printingOrgan || v.elements.printingOrgan || '套红时确定（默认本单位办公室）' }}@if (v.printedDate) { （{{ v.printedDate }} 印发） }</dd>
              @if (v.archive) { <dt>档号</dt><dd data-testid="archival-code">{{ v.archive.archivalCode }}（{{ v.archive.retention }}）</dd> }
            </dl>
          </section>

          <section class="card progress" data-testid="progress">
            <h2>审批进度 @if (v.process) { <span class="badge">{{ processStatus(v.process.status) }}</span> }</h2>
            @if (proc(); as p) { <oa-process-diagram [nodes]="p.nodes" /> }
            @else if (v.process) { <div class="muted">当前环节：{{ v.process.currentNodes.join('、') || '已结束' }}</div> }
            @else { <div class="empty">尚未送审</div> }
            @if (v.signature) {
              <div class="signed">领导签发：<strong>{{ v.signature.signerName }}</strong> {{ time(v.signature.signedAt) }}@if (v.signature.opinion) { ，“{{ v.signature.opinion }}” }</div>
            }
          </section>
        </div>

        <section class="card">
          <h2>正文</h2>
          <div class="paper">
            <div class="p-title">{{ v.elements.title }}</div>
            @if (v.elements.mainRecipients.length) { <div>{{ v.elements.mainRecipients.join('、') }}：</div> }
            <div class="p-body" data-testid="doc-body">{{ v.body }}</div>
          </div>
        </section>

        @if (actions().length) {
          <section class="card act" data-testid="action-panel">
            <h2>办理</h2>

            @if (has('approve') || has('reconfirm')) {
              <div class="panel">
                <h3>{{ has('reconfirm') ? '复核（签发后修改）' : '审核意见' }} @if (taskNode()) { <span class="muted small">{{ taskNode() }}</span> }</h3>
                <div class="field">
                  <label for="opinion">办理意见</label>
                  <textarea id="opinion" name="opinion" [(ngModel)]="opinion" maxlength="2000" placeholder="如：同意"></textarea>
                </div>
                <div class="field"><label>手写签批</label><oa-signature-pad [(strokes)]="strokes" /></div>
                <div class="buttons">
                  @if (has('return')) { <button type="button" class="btn danger" [disabled]="busy()" (click)="run('return')" data-action="return">退回修改</button> }
                  @if (has('approve')) { <button type="button" class="btn primary" [disabled]="busy()" (click)="run('approve')" data-action="approve">{{ isSignNode() ? '签发' : '同意' }}</button> }
                  @if (has('reconfirm')) { <button type="button" class="btn primary" [disabled]="busy()" (click)="run('reconfirm')" data-action="reconfirm">复核确认</button> }
                </div>
              </div>
            }

            @if (has('render') || has('seal') || has('number') || has('edit') || has('submit') || has('verify')) {
              <div class="buttons left">
                @if (has('edit')) { <a class="btn" [routerLink]="['/documents/outgoing', v.id, 'edit']" data-action="edit">修改</a> }
                @if (has('submit')) { <button type="button" class="btn primary" [disabled]="busy()" (click)="run('submit')" data-action="submit">送审</button> }
                @if (has('number')) { <button type="button" class="btn primary" [disabled]="busy()" (click)="run('number')" data-action="number">登记编号</button> }
                @if (has('render')) {
                  <button type="button" class="btn" [disabled]="busy() || !v.ports.renderer" (click)="run('render')" data-action="render">{{ v.rendered ? '重新套红' : '套红' }}</button>
                }
                @if (has('seal')) { <button type="button" class="btn" [disabled]="busy() || !v.ports.seal" (click)="run('seal')" data-action="seal">用印</button> }
                @if (has('verify')) { <button type="button" class="btn" [disabled]="busy()" (click)="run('verify')" data-action="verify">验证签章</button> }
              </div>
              @if (has('render') && !v.ports.renderer) { <div class="port-off" data-testid="render-unavailable">套红服务未配置：暂不能生成红头版式文件，请联系系统管理员。</div> }
              @if ((has('seal') || has('render')) && !v.ports.seal) { <div class="port-off" data-testid="seal-unavailable">电子签章服务未配置：暂不能用印@if (!v.sealRequired) {，可先分发}。</div> }
            }

            @if (has('distribute')) {
              <div class="panel" data-testid="distribute-panel">
                <h3>分发（公文交换）</h3>
                <div class="units">
                  @for (u of targets(); track u.id) {
                    <label class="check"><input type="checkbox" [checked]="picked().includes(u.id)" (change)="pick(u.id)" [attr.data-unit]="u.id" /> {{ u.name }}</label>
                  } @empty { <span class="muted">没有可分发的单位</span> }
                </div>
                <div class="buttons"><button type="button" class="btn primary" [disabled]="busy() || picked().length === 0" (click)="run('distribute')" data-action="distribute">分发（{{ picked().length }}）</button></div>
              </div>
            }

            @if (has('archive')) {
              <form class="panel" (ngSubmit)="run('archive')" data-testid="archive-form">
                <h3>归档（DA/T 22）</h3>
                <div class="cols">
                  <div class="field"><label for="fonds">全宗号<span class="req">*</span></label><input id="fonds" name="fonds" [(ngModel)]="filing.fondsCode" placeholder="如 Z109" /></div>
                  <div class="field"><label for="retention">保管期限</label><select id="retention" name="retention" [(ngModel)]="filing.retention">@for (r of retentions; track r) { <option [value]="r">{{ r }}</option> }</select></div>
                  <div class="field"><label for="org">机构（问题）代码<span class="req">*</span></label><input id="org" name="org" [(ngModel)]="filing.orgCode" placeholder="如 BGS" /></div>
                  <div class="field"><label for="year">年度</label><input id="year" name="year" type="number" [(ngModel)]="filing.year" placeholder="默认：成文年度" /></div>
                </div>
                <div class="field"><label for="remarks">备注</label><input id="remarks" name="remarks" [(ngModel)]="filing.remarks" /></div>
                <div class="buttons"><button type="submit" class="btn primary" [disabled]="busy()" data-action="archive">归档</button></div>
              </form>
            }
          </section>
        }

        @if (v.rendered || v.sealed) {
          <section class="card" data-testid="pdf-section">
            <h2>版式文件
              @if (seal(); as s) { <span class="badge" [class.ok]="s.valid" [class.bad]="!s.valid" data-testid="seal-result">{{ s.message || (s.valid ? '签章有效' : '签章无效') }}</span> }
            </h2>
            <div class="muted small">
              @if (v.rendered) { 套红：{{ time(v.rendered.at) }}，{{ v.rendered.pages }} 页，模板 {{ v.rendered.templateId }} }
              @if (v.sealed) { · 用印：{{ time(v.sealed.at) }}（印章 {{ v.sealed.sealId }}） }
            </div>
            @if (pdfUrl(); as url) {
              <iframe class="pdf" [src]="url" title="版式文件预览" data-testid="pdf-preview"></iframe>
            } @else if (pdfNote()) { <div class="empty" data-testid="pdf-note">{{ pdfNote() }}</div> }
            @else { <div class="empty">正在载入版式文件…</div> }
          </section>
        }

        @if (v.deliveries.length) {
          <section class="card" data-testid="deliveries">
            <h2>分发与交换状态</h2>
            <div class="table-wrap">
              <table class="grid">
                <thead><tr><th>份号</th><th>收文单位</th><th>状态</th><th>发送时间</th><th>签收/退回时间</th><th>退回理由</th></tr></thead>
                <tbody>
                  @for (d of v.deliveries; track d.incomingId) {
                    <tr><td>{{ d.copyNo }}</td><td>{{ d.unitName }}</td><td><span class="badge" [class.ok]="d.status === 'signed'" [class.bad]="d.status === 'returned'">{{ d.statusLabel }}</span></td>
                      <td>{{ time(d.sentAt) }}</td><td>{{ d.actedAt ? time(d.actedAt) : '—' }}</td><td>{{ d.reason || '—' }}</td></tr>
                  }
                </tbody>
              </table>
            </div>
          </section>
        }

        <section class="card">
          <h2>办文日志 <button type="button" class="btn small" (click)="printSlip()" [disabled]="printing()" data-testid="print-slip">{{ printing() ? '正在生成…' : '打印发文稿纸' }}</button></h2>
          @if (log().length) {
            <ol class="log" data-testid="approval-log">
              @for (l of log(); track $index) {
                <li>
                  <div class="l-head">
                    <strong>{{ l.actorName }}</strong>
                    @if (l.onBehalfOfName) { <span class="badge agent">代 {{ l.onBehalfOfName }}</span> }
                    <span class="badge">{{ actionLabel(l.action) }}</span>
                    @if (l.nodeName) { <span class="muted">{{ l.nodeName }}</span> }
                    <span class="muted when">{{ time(l.at) }}</span>
                  </div>
                  @if (l.opinion) { <div class="l-op">{{ l.opinion }}</div> }
                  @if (l.signature) { <oa-signature-view class="l-sig" [signature]="l.signature" /> }
                </li>
              }
            </ol>
          } @else { <div class="empty">暂无办理记录</div> }
        </section>

        <oa-doc-versions [documentId]="v.id" [versions]="v.versions" />
      } @else {
        <div class="card">
          @if (error()) { <div class="alert" role="alert">{{ error() }}</div><a routerLink="/documents/outgoing">返回发文列表</a> }
          @else { <div class="empty">正在加载…</div> }
        </div>
      }
    </div>
  `,
  styles: `
    .stack { display: flex; flex-direction: column; gap: 12px; }
    .title-row { display: flex; gap: 10px; align-items: flex-start; justify-content: space-between; }
    .title-row h1 { margin: 0; overflow-wrap: anywhere; }
    .stage { font-size: 14px; line-height: 22px; background: #fbeaea; color: var(--oa-red); }
    .meta { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 6px; font-size: 13px; }
    .grid2 { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 12px; }
    @media (max-width: 900px) { .grid2 { grid-template-columns: minmax(0, 1fr); } }
    .kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 14px; margin: 0; }
    .kv dt { color: var(--oa-muted); } .kv dd { margin: 0; overflow-wrap: anywhere; }
    .pre { white-space: pre-wrap; }
    .signed { margin-top: 10px; font-size: 14px; }
    .paper { max-width: 720px; margin: 0 auto; padding: 12px 4px; font-family: 'FangSong', 'STFangsong', 'Noto Serif CJK SC', serif; font-size: 16px; line-height: 1.9; }
    .p-title { text-align: center; font-size: 20px; font-weight: 700; margin-bottom: 12px; font-family: 'Noto Serif CJK SC', serif; }
    .p-body { white-space: pre-wrap; overflow-wrap: anywhere; text-indent: 0; }
    h3 { font-size: 15px; margin: 0 0 8px; }
    .panel { border-top: 1px dashed var(--oa-border); padding-top: 12px; margin-top: 12px; }
    .act > .panel:first-of-type { border-top: 0; margin-top: 0; padding-top: 0; }
    .buttons { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }
    .buttons.left { justify-content: flex-start; margin-top: 8px; }
    .port-off { margin-top: 8px; padding: 8px 10px; border-radius: 4px; background: #fff7e6; color: #8a5a00; border: 1px solid #f3d9a4; font-size: 14px; }
    .units { display: flex; flex-wrap: wrap; gap: 6px 18px; margin-bottom: 8px; }
    .check { display: flex; gap: 4px; align-items: center; }
    .check input { width: auto; min-height: 0; }
    .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 0 12px; }
    .pdf { width: 100%; height: 720px; border: 1px solid var(--oa-border); margin-top: 8px; background: #eee; }
    @media (max-width: 520px) { .pdf { height: 480px; } .buttons .btn { flex: 1 1 40%; } }
    .badge.ok { background: #e3f5e9; color: #1b7a3a; } .badge.bad { background: #fde8e8; color: var(--oa-danger); }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .log { list-style: none; margin: 0; padding: 0; }
    .log li { padding: 10px 0; border-bottom: 1px solid var(--oa-border); }
    .l-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .when { margin-left: auto; font-size: 12px; }
    .l-op { margin-top: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .l-sig { width: 220px; max-width: 100%; margin-top: 4px; border-bottom: 1px solid #eee; }
    .small { font-size: 13px; font-weight: 400; }
  `,
})
export class OutgoingPage implements OnDestroy {
  private readonly api = inject(DocumentsApi);
  private readonly workflow = inject(WorkflowApi);
  private readonly auth = inject(AuthService);
  private readonly sanitizer = inject(DomSanitizer);
  readonly id = input<string>('');
  /** ?done=saved|submitted after the drafting page. */
  readonly done = input<string>('');
  readonly v = signal<OutgoingView | null>(null);
  readonly printing = signal(false);
  /** 打印发文稿纸 (PDF download). */
  async printSlip(): Promise<void> {
    const v = this.v();
    if (!v) return;
    this.printing.set(true);
    try {
      saveBlob(await this.api.printSlip('outgoing', v.id), `发文稿纸-${v.elements.title}.pdf`);
    } catch {
      /* the button stays; the server's problem is not shown here */
    } finally {
      this.printing.set(false);
    }
  }
  readonly proc = signal<ProcessDetail | null>(null);
  readonly error = signal('');
  readonly busy = signal(false);
  readonly actionError = signal('');
  readonly actionNote = signal('');
  readonly strokes = signal<Stroke[]>([]);
  readonly units = signal<UnitOption[]>([]);
  readonly picked = signal<string[]>([]);
  readonly seal = signal<{ valid: boolean; message: string } | null>(null);
  readonly pdfUrl = signal<SafeResourceUrl | null>(null);
  readonly pdfNote = signal('');
  readonly retentions = RETENTIONS;
  private objectUrl: string | null = null;
  private pdfFor = '';
  opinion = '';
  filing: { fondsCode: string; retention: string; orgCode: string; year: number | null; remarks: string } = {
    fondsCode: '',
    retention: '永久',
    orgCode: '',
    year: null,
    remarks: '',
  };

  readonly flash = computed(() => FLASH[this.done()] ?? '');
  readonly actions = computed<OutgoingAction[]>(() => {
    const v = this.v();
    return v ? outgoingActions(v) : [];
  });
  readonly issuers = computed(() => (this.v()?.elements.issuers ?? []).map((i) => i.name).join('、'));
  readonly attachments = computed(() => attachmentNote((this.v()?.elements.attachments ?? []).map((a) => a.name)));
  /** 附件 may be added/removed by whoever may edit before 签发 (拟稿人 of a draft, the reviewer holding the task). */
  readonly attachmentsEditable = computed(() => {
    const s = this.v()?.status;
    return (s === 'draft' || s === 'in_review') && this.actions().includes('edit');
  });
  readonly copyNos = computed(() => (this.v()?.deliveries ?? []).map((d) => d.copyNo).join('、'));
  readonly upward = computed(() => UPWARD_KINDS.includes(this.v()?.elements.kind ?? ''));
  readonly taskNode = computed(() => this.proc()?.task?.nodeName ?? '');
  readonly isSignNode = computed(() => {
    const me = this.auth.me()?.id;
    return this.v()?.process?.openTasks.some((t) => t.assignee === me && t.nodeId === 'sign') ?? false;
  });
  /** Units that may still receive it: not the sender, not already holding a live copy. */
  readonly targets = computed(() => {
    const v = this.v();
    if (!v) return [];
    const live = new Set(v.deliveries.filter((d) => d.status !== 'returned').map((d) => d.unitId));
    return this.units().filter((u) => u.id !== v.unitId && !live.has(u.id));
  });
  /** The 办文日志: the workflow's (names, signatures) when readable, else the document's own copy. */
  readonly log = computed(() => {
    const p = this.proc();
    if (p) return p.log;
    return (this.v()?.process?.log ?? []).map((l) => ({
      at: l.at,
      actorName: l.actorName ?? l.actorId,
      onBehalfOfName: l.onBehalfOf ?? '',
      action: l.action,
      nodeName: l.nodeName,
      opinion: l.opinion,
      signature: l.signature ?? null,
    }));
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  ngOnDestroy(): void {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
  }

  has(a: OutgoingAction): boolean {
    return this.actions().includes(a);
  }
  time(iso: string): string {
    return formatTime(iso);
  }
  date(iso: string): string {
    return formatDate(iso);
  }
  actionLabel(a: string): string {
    return ACTION_LABELS[a] ?? a;
  }
  processStatus(s: string): string {
    return (
      ({ active: '审批中', completed: '已完成', terminated: '已终止', cancelled: '已作废', rejected: '未通过' } as Record<string, string>)[
        s
      ] ?? s
    );
  }
  changed(fields: string[]): string {
    return fields.map((f) => FIELD_LABELS[f] ?? f).join('、');
  }
  pick(id: string): void {
    this.picked.update((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  }

  async load(id: string): Promise<void> {
    if (!id) return;
    try {
      const v = await this.api.outgoing(id);
      this.v.set(v);
      this.error.set('');
      if (v.processId)
        this.workflow.process(v.processId).then(
          (p) => this.proc.set(p),
          () => this.proc.set(null),
        );
      if (this.actions().includes('distribute') && this.units().length === 0)
        this.api.units().then(
          (u) => this.units.set(u),
          () => undefined,
        );
      if (v.sealed) void this.verify(false);
      if (v.rendered || v.sealed) void this.loadPdf(v);
    } catch (e) {
      this.v.set(null);
      this.error.set(problemMessage(e));
    }
  }

  /** The PDF, fetched with the token and shown through an object URL (sealed copy once sealed). */
  private async loadPdf(v: OutgoingView): Promise<void> {
    const key = `${v.id}:${v.rendered?.pdfSha256 ?? ''}:${v.sealed?.pdfSm3 ?? ''}`;
    if (key === this.pdfFor) return;
    this.pdfFor = key;
    this.pdfNote.set('');
    try {
      const blob = await this.api.pdf(v.id);
      if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = URL.createObjectURL(blob.type === 'application/pdf' ? blob : new Blob([blob], { type: 'application/pdf' }));
      this.pdfUrl.set(this.sanitizer.bypassSecurityTrustResourceUrl(this.objectUrl));
    } catch (e) {
      this.pdfUrl.set(null);
      const p = toProblem(e);
      this.pdfNote.set(
        p.status === 404 || p.status === 501
          ? `版式文件已生成（${v.rendered?.pages ?? '?'} 页），在线预览暂未开通`
          : p.status === 503
            ? '套红服务未配置，无法读取版式文件'
            : problemMessage(e),
      );
    }
  }

  private async verify(report: boolean): Promise<void> {
    try {
      const r = await this.api.verifySeal(this.id());
      this.seal.set({ valid: r.valid, message: r.message });
      if (report) this.actionNote.set(r.message || (r.valid ? '签章有效' : '签章无效'));
    } catch (e) {
      const p = toProblem(e);
      this.seal.set(p.status === 503 ? { valid: false, message: '电子签章服务未配置，无法验证' } : null);
      if (report) this.actionError.set(problemMessage(e));
    }
  }

  async run(a: OutgoingAction): Promise<void> {
    const v = this.v();
    if (!v) return;
    this.actionError.set('');
    this.actionNote.set('');
    const strokes = inkPoints(this.strokes()) > 0 ? this.strokes() : [];
    if (a === 'return' && !this.opinion.trim()) {
      this.actionError.set('退回时请填写退回意见');
      return;
    }
    if (a === 'archive' && (!this.filing.fondsCode.trim() || !this.filing.orgCode.trim())) {
      this.actionError.set('请填写全宗号和机构（问题）代码');
      return;
    }
    this.busy.set(true);
    try {
      let note = '';
      switch (a) {
        case 'approve': {
          const r = await this.api.approve(v.id, this.opinion.trim(), strokes);
          note = r.node === 'sign' ? '已签发' : '已同意，流转至下一环节';
          break;
        }
        case 'return':
          await this.api.returnToDrafter(v.id, this.opinion.trim());
          note = '已退回拟稿人修改';
          break;
        case 'reconfirm':
          await this.api.reconfirm(v.id, this.opinion.trim(), strokes);
          note = '已复核确认';
          break;
        case 'submit':
          await this.api.submit(v.id, {});
          note = '已送审';
          break;
        case 'number':
          note = `已编号：${(await this.api.number(v.id)).docNumber}`;
          break;
        case 'render':
          await this.api.render(v.id);
          note = '已套红，版式文件已生成';
          break;
        case 'seal':
          await this.api.seal(v.id);
          note = '已用印';
          break;
        case 'verify':
          await this.verify(true);
          break;
        case 'distribute': {
          const r = await this.api.distribute(v.id, this.picked());
          note = `已分发 ${r.deliveries.length} 个单位`;
          this.picked.set([]);
          break;
        }
        case 'archive': {
          const f = this.filing;
          const r = await this.api.archive('outgoing', v.id, {
            fondsCode: f.fondsCode.trim(),
            retention: f.retention,
            orgCode: f.orgCode.trim(),
            ...(f.year ? { year: Number(f.year) } : {}),
            ...(f.remarks.trim() ? { remarks: f.remarks.trim() } : {}),
          });
          note = `已归档，档号 ${r.archivalCode}`;
          break;
        }
        case 'edit':
          break;
      }
      if (a !== 'verify') {
        this.opinion = '';
        this.strokes.set([]);
        await this.load(v.id);
        if (note) this.actionNote.set(note);
      }
    } catch (e) {
      const p = toProblem(e);
      if (p.status === 503) {
        this.actionError.set(a === 'render' ? '套红服务未配置' : a === 'seal' ? '电子签章服务未配置' : p.detail);
        await this.load(v.id);
      } else this.actionError.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
