import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule, FormGroup } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth.service';
import { RouterLink } from '@angular/router';
import {
  ACTION_LABELS,
  InboxItem,
  Opinion,
  ProcessDetail,
  TASK_ACTIONS,
  TaskAction,
  actionLabel,
  normalizeProcess,
  type ProcessAnswer,
  statusLabel,
} from '../../core/models';
import { isNotBuilt, problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { ActionBody, WorkflowApi } from '../../core/workflow-api.service';
import { DynamicFormComponent } from '../../shared/form/dynamic-form.component';
import { buildForm, displayValue, toPayload } from '../../shared/form/form-model';
import { ProcessDiagramComponent } from '../../shared/process-diagram.component';
import { PersonPickerComponent } from '../../shared/picker/person-picker.component';
import { SignaturePadComponent } from '../../shared/signature/signature-pad.component';
import { SignatureViewComponent } from '../../shared/signature/signature-view.component';
import { Stroke, inkPoints } from '../../shared/signature/strokes';
import { AdminSection, ProcessAdminComponent, adminSectionOf } from './process-admin.component';

/** Actions that take the opinion box (and, for approve/reject/return, the signature). */
const WITH_OPINION: TaskAction[] = ['approve', 'reject', 'return', 'forward', 'add-signer'];
const WITH_SIGNATURE: TaskAction[] = ['approve', 'reject', 'return'];
const WITH_USER: TaskAction[] = ['forward', 'add-signer'];
const CONFIRM: Partial<Record<TaskAction, string>> = {
  reject: '确定不同意并结束该流程吗？',
  withdraw: '确定撤回该流程吗？',
  cancel: '确定作废该申请吗？作废后流程结束，不能再提交。',
};
/** After these my part here is over: offer the next 待办 or the way back to the list. */
const FINISHING: TaskAction[] = ['approve', 'reject', 'return', 'forward', 'read', 'resubmit', 'cancel'];

/** The task page: form, diagram, approval log, opinion + 常用意见 + 原笔迹签批, allowed actions only. */
@Component({
  selector: 'oa-process',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    DynamicFormComponent,
    ProcessDiagramComponent,
    SignaturePadComponent,
    SignatureViewComponent,
    ProcessAdminComponent,
    RouterLink,
    PersonPickerComponent,
  ],
  template: `
    <div class="page">
      @if (p(); as p) {
        <div class="card head">
          <h1>{{ p.title || p.definitionName }}</h1>
          <div class="meta muted">
            @if (p.definitionName) { <span class="badge">{{ p.definitionName }}</span> }
            @if (p.initiatorName) { <span>发起人：{{ p.initiatorName }}</span> }
            @if (p.startedAt) { <span>发起时间：{{ time(p.startedAt) }}</span> }
            @if (p.status) { <span data-testid="status">状态：{{ statusLabel(p.status) }}</span> }
          </div>
        </div>

        <section class="card">
          <h2>表单</h2>
          @if (p.fields.length) {
            <oa-dynamic-form [fields]="p.fields" [form]="form()" [values]="p.form" [editable]="editable()" />
          } @else {
            <dl class="kv">
              @for (kv of formEntries(); track kv[0]) { <dt>{{ kv[0] }}</dt><dd>{{ kv[1] }}</dd> }
            </dl>
          }
        </section>

        <section class="card">
          <h2>流程图</h2>
          <oa-process-diagram [nodes]="p.nodes" />
        </section>

        @if (finished(); as f) {
          <section class="card finished" data-testid="next-step" role="status">
            <h2>{{ f.done }}</h2>
            @if (f.next; as n) {
              <p>下一件待办：<strong>{{ n.title }}</strong></p>
              <div class="buttons">
                <a class="btn" routerLink="/inbox" [queryParams]="{ box: 'todo' }" data-testid="back-to-list">返回待办列表</a>
                <a class="btn primary" [routerLink]="n.link ? n.link.path : ['/processes', n.processId]" [queryParams]="n.link ? n.link.query : { task: n.taskId }" data-testid="next-task">办理下一件</a>
              </div>
            } @else {
              <p class="muted">待办已全部办理完毕。</p>
              <div class="buttons"><a class="btn primary" routerLink="/inbox" [queryParams]="{ box: 'todo' }" data-testid="back-to-list">返回待办列表</a></div>
            }
          </section>
        }

        @if (actions().length) {
          <section class="card act" data-testid="action-panel">
            <h2>办理@if (p.task?.nodeName) { <span class="muted small">（{{ p.task?.nodeName }}）</span> }</h2>
            @if (needsOpinion()) {
              <div class="field">
                <label for="opinion">办理意见</label>
                <div class="op-row">
                  <select class="input picker" (change)="pick($any($event.target).value); $any($event.target).value = ''" aria-label="常用意见" data-testid="opinion-picker">
                    <option value="">常用意见…</option>
                    @for (o of opinions(); track o.id) { <option [value]="o.text">{{ o.text }}</option> }
                  </select>
                </div>
                <textarea id="opinion" name="opinion" [(ngModel)]="opinion" maxlength="500" placeholder="请输入办理意见"></textarea>
              </div>
              <div class="field">
                <label>手写签批</label>
                <oa-signature-pad [(strokes)]="strokes" />
              </div>
            }
            @if (needsUser()) {
              <div class="field">
                <label for="user">转交 / 加签人员</label>
                <oa-person-picker inputId="user" label="转交 / 加签人员" [(value)]="userId" [exclude]="myId()" />
              </div>
            }
            @if (p.task?.returnTargets?.length && actions().includes('return')) {
              <div class="field">
                <label for="target">退回至</label>
                <select id="target" class="input" [(ngModel)]="targetNodeId">
                  <option value="">拟稿人</option>
                  @for (t of p.task?.returnTargets; track t.id) { <option [value]="t.id">{{ t.name }}</option> }
                </select>
              </div>
            }
            @if (actions().includes('resubmit')) {
              <p class="muted small" data-testid="resubmit-hint">该申请已退回给您：可在上方表单中修改后重新提交，或作废。</p>
            }
            @if (actionError()) { <div class="alert" role="alert" data-testid="action-error">{{ actionError() }}</div> }
            <div class="buttons">
              @for (a of actions(); track a) {
                <button type="button" class="btn" [class.primary]="a === 'approve' || a === 'read' || a === 'resubmit'" [class.danger]="a === 'reject' || a === 'cancel'" [disabled]="busy()" (click)="act(a)" [attr.data-action]="a">{{ labels[a] }}</button>
              }
            </div>
          </section>
        }

        @if (admin(); as admin) {
          <oa-process-admin [processId]="p.id" [admin]="admin" (changed)="load(p.id)" />
        }

        <section class="card">
          <h2>办文日志 <button type="button" class="btn small" (click)="printSlip(p.id)" [disabled]="printing()" data-testid="print-slip">{{ printing() ? '正在生成…' : '打印审批单' }}</button></h2>
          @if (p.log.length) {
            <ol class="log" data-testid="approval-log">
              @for (l of p.log; track $index) {
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
      } @else {
        <div class="card"><div class="empty">{{ empty() }}</div></div>
      }
    </div>
  `,
  styles: `
    .page { display: flex; flex-direction: column; gap: 12px; }
    .head h1 { margin-bottom: 4px; overflow-wrap: anywhere; }
    .meta { display: flex; flex-wrap: wrap; gap: 10px; font-size: 13px; }
    .small { font-size: 13px; font-weight: 400; }
    .kv { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
    .kv dt { color: var(--oa-muted); } .kv dd { margin: 0; overflow-wrap: anywhere; }
    .op-row { display: flex; gap: 8px; margin-bottom: 6px; }
    .picker { max-width: 320px; }
    .buttons { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }
    .log { list-style: none; margin: 0; padding: 0; }
    .log li { padding: 10px 0; border-bottom: 1px solid var(--oa-border); }
    .l-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .when { margin-left: auto; font-size: 12px; }
    .l-op { margin-top: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .finished { border-left: 4px solid var(--oa-ok); }
    .finished p { margin: 4px 0 8px; }
    .l-sig { width: 220px; max-width: 100%; margin-top: 4px; border-bottom: 1px solid #eee; }
    @media (max-width: 520px) { .buttons .btn { flex: 1 1 40%; } .picker { max-width: none; } }
  `,
})
export class ProcessPage {
  private readonly api = inject(WorkflowApi);
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  readonly id = input<string>('');
  /** Query param from the inbox row: which of my tasks on this process to act on. */
  readonly task = input<string>('');
  readonly p = signal<ProcessDetail | null>(null);
  readonly printing = signal(false);
  /** 打印审批单: the PDF (form, opinions, handwritten signatures) from /api/processes/:id/print, downloaded. */
  async printSlip(id: string): Promise<void> {
    this.printing.set(true);
    try {
      const blob = await firstValueFrom(this.http.get(`/api/processes/${encodeURIComponent(id)}/print`, { responseType: 'blob' }));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `审批单-${id}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      /* the button stays */
    } finally {
      this.printing.set(false);
    }
  }
  /** 流程干预: sent by the API only to a process admin whose data scope reaches this process. */
  readonly admin = signal<AdminSection | null>(null);
  readonly form = signal<FormGroup>(new FormGroup({}));
  readonly opinions = signal<Opinion[]>([]);
  readonly empty = signal('正在加载…');
  readonly busy = signal(false);
  readonly actionError = signal('');
  /** Set after an action that ends my part: what was done and the next 待办, if any. */
  readonly finished = signal<{ done: string; next: InboxItem | null } | null>(null);
  readonly strokes = signal<Stroke[]>([]);
  readonly labels = ACTION_LABELS;
  /** Not offered in the picker: myself. */
  readonly myId = computed(() => [this.auth.me()?.id ?? ''].filter(Boolean));
  opinion = '';
  userId = '';
  targetNodeId = '';

  /** Exactly the actions the API allows now, in a fixed order. */
  readonly actions = computed<TaskAction[]>(() => {
    const p = this.p();
    if (!p) return [];
    const allowed = new Set([...(p.task?.allowedActions ?? []), ...p.allowedActions]);
    return TASK_ACTIONS.filter((a) => allowed.has(a));
  });
  /** Fields the caller may change now: the task's editable ones; all of them for 重新提交. */
  readonly editable = computed<string[]>(() => {
    const p = this.p();
    if (!p) return [];
    const e = p.task?.editableFields ?? [];
    return e.length || !this.actions().includes('resubmit') ? e : p.fields.map((f) => f.name);
  });
  readonly needsOpinion = computed(() => this.actions().some((a) => WITH_OPINION.includes(a)));
  readonly needsUser = computed(() => this.actions().some((a) => WITH_USER.includes(a)));
  readonly formEntries = computed(() => Object.entries(this.p()?.form ?? {}).map(([k, v]) => [k, displayValue(undefined, v)] as const));

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
    this.api.opinions().then(
      (o) => this.opinions.set(o),
      () => undefined,
    );
  }

  async load(id: string): Promise<void> {
    if (this.p() && this.p()!.id !== id) this.finished.set(null);
    try {
      // one request: the normalised detail (as WorkflowApi.process) plus the raw admin section
      const raw = await firstValueFrom(this.http.get<ProcessAnswer>(`/api/processes/${encodeURIComponent(id)}`));
      const p = normalizeProcess(raw, this.task());
      this.form.set(buildForm(p.fields, p.form));
      this.p.set(p);
      this.admin.set(adminSectionOf(raw));
    } catch (e) {
      this.p.set(null);
      this.admin.set(null);
      this.empty.set(isNotBuilt(e) ? '该流程不存在，或流程服务尚未开通' : problemMessage(e));
    }
  }

  /** After my part is done: the next 待办 (not this process), else the way back to the list. */
  private async offerNext(processId: string, a: TaskAction): Promise<void> {
    const done = a === 'resubmit' ? '已重新提交' : a === 'cancel' ? '已作废' : `已${ACTION_LABELS[a] ?? '办理'}`;
    let next: InboxItem | null = null;
    try {
      const r = await this.api.inbox('todo', 1, { pageSize: 10 });
      next = r.items.find((i) => i.processId !== processId) ?? null;
    } catch {
      next = null;
    }
    this.finished.set({ done, next });
  }

  pick(text: string): void {
    if (!text) return;
    this.opinion = this.opinion.trim() ? `${this.opinion.trim()}${this.opinion.trim().endsWith('。') ? '' : '。'}${text}` : text;
  }

  time(iso: string): string {
    return formatTime(iso);
  }
  actionLabel(a: string): string {
    return actionLabel(a);
  }
  statusLabel(st: string): string {
    return statusLabel(st);
  }

  async act(a: TaskAction): Promise<void> {
    const p = this.p();
    const taskId = p?.task?.id;
    if (!p) return;
    if (CONFIRM[a] && typeof confirm === 'function' && !confirm(CONFIRM[a])) return;
    if (WITH_USER.includes(a) && !this.userId.trim()) {
      this.actionError.set(a === 'forward' ? '请选择转交人员' : '请选择加签人员');
      return;
    }
    if (a === 'reject' && !this.opinion.trim()) {
      this.actionError.set('不同意时请填写办理意见');
      return;
    }
    const body: ActionBody = {};
    if (WITH_OPINION.includes(a)) body.opinion = this.opinion.trim() || undefined;
    if (WITH_SIGNATURE.includes(a) && inkPoints(this.strokes()) > 0) body.signature = this.strokes();
    if (WITH_USER.includes(a)) body.userId = this.userId.trim();
    if (a === 'return' && this.targetNodeId) body.targetNodeId = this.targetNodeId;
    // Editable fields go along with an approval; 重新提交 sends the corrected form (money in fen).
    const editable = this.editable();
    if ((a === 'approve' || a === 'resubmit') && editable.length) {
      const f = this.form();
      f.markAllAsTouched();
      if (f.invalid) {
        this.actionError.set('请按提示修改表单后再提交');
        return;
      }
      const payload = toPayload(
        p.fields.filter((x) => editable.includes(x.name)),
        f.getRawValue(),
      );
      body.form = payload;
    }
    if (a === 'cancel' && this.opinion.trim()) body.reason = this.opinion.trim();
    this.busy.set(true);
    this.actionError.set('');
    try {
      // withdraw / urge may be process-level (the initiator has no task): the API takes the process id then;
      // resubmit / cancel always go to the process.
      await this.api.act(taskId ?? p.id, a, body, p.id);
      this.opinion = '';
      this.userId = '';
      this.strokes.set([]);
      await this.load(p.id);
      if (FINISHING.includes(a)) await this.offerNext(p.id, a);
    } catch (e) {
      this.actionError.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
