import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { PersonPickerComponent } from '../../shared/picker/person-picker.component';
import { DepartmentOption, DocumentsApi, saveBlob } from '../documents/documents-api.service';
import { LIGHT_LABELS, ReportAttachment, SupervisionAction, SupervisionApi, SupervisionItem } from './supervision-api.service';

const ROLE: Record<string, string> = { lead: '主办', co: '协办' };
const REPORT_KIND: Record<string, string> = { progress: '阶段反馈', part_final: '协办完成', final: '办结报告' };

/**
 * 督办事项: the same item for the supervising unit, the 督办领导 and the undertaking units — requirements,
 * documents, each unit's receipt, urgings, every report and opinion in one timeline; the buttons are the
 * server's allowedActions.
 */
@Component({
  selector: 'oa-supervision-item',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, PersonPickerComponent],
  template: `
    <div class="page sup-item">
      <div><a routerLink="/supervision" class="small">‹ 返回督办看板</a></div>
      @if (error()) { <div class="alert" role="alert" data-testid="error">{{ error() }}</div> }
      @if (note()) { <div class="alert ok" role="status" data-testid="note">{{ note() }}</div> }
      @if (item(); as it) {
        <section class="card head" [attr.data-status]="it.status" [attr.data-light]="it.light">
          <h1><i class="dot" [class]="'dot ' + it.light" [attr.aria-label]="lightLabel(it.light)"></i><span data-testid="title">{{ it.title }}</span></h1>
          <div class="tags">
            <span class="badge" data-testid="status">{{ it.statusLabel }}</span>
            @if (it.light === 'red' || it.light === 'yellow') { <span class="lt" [class]="'lt ' + it.light" data-testid="light">{{ lightLabel(it.light) }}</span> }
            <span class="badge">{{ it.priorityLabel }}</span>
            <span class="muted small">{{ sideLabel(it.mySide) }}</span>
          </div>
          <dl class="facts">
            <dt>办理时限</dt><dd data-testid="deadline">{{ it.deadline }}
              @for (h of it.deadlineHistory; track h.requestId) { <span class="muted small">（原时限 {{ h.deadline }}，{{ time(h.until) }} 延期）</span> }
            </dd>
            <dt>督办来源</dt><dd>{{ it.source.label }}@if (it.source.note) {：{{ it.source.note }}}
              @if (it.source.incomingId) { <a [routerLink]="['/documents/incoming', it.source.incomingId]" data-testid="incoming-link">《{{ it.source.incomingTitle }}》</a> }
            </dd>
            <dt>督办单位</dt><dd>{{ it.supervisingUnit.name }}（{{ it.supervisor.name }}）</dd>
            <dt>督办领导</dt><dd>{{ it.leader.name }}</dd>
            <dt>反馈周期</dt><dd>{{ it.cycle.label }}@if (it.cycle.dates.length) {：{{ it.cycle.dates.join('、') }}}</dd>
            @if (it.documents.length) { <dt>相关文件</dt><dd>@for (d of it.documents; track $index) { <span class="doc">{{ d.name }}</span> }</dd> }
          </dl>
          <div class="req"><div class="muted small">督办要求</div><p>{{ it.requirements }}</p></div>
        </section>

        @if (it.allowedActions.length) {
          <section class="card actions" data-testid="actions">
            <h2>办理</h2>
            @if (can('approveEstablishment')) {
              <div class="act">
                <input class="input" [(ngModel)]="opinion" placeholder="审核意见" aria-label="审核意见" />
                <button class="btn small primary" [disabled]="busy()" (click)="run(api.approveEstablishment(it.establishmentTaskId!, opinion || '同意立项'), '已同意立项')" data-action="approveEstablishment">同意立项</button>
                <button class="btn small danger" [disabled]="busy()" (click)="run(api.rejectEstablishment(it.establishmentTaskId!, opinion), '已退回立项')">不同意</button>
              </div>
            }
            @if (can('signFor') || can('return')) {
              <div class="act">
                @if (can('signFor')) { <button class="btn small primary" [disabled]="busy()" (click)="run(api.signFor(it.id), '已签收')" data-action="signFor">签收</button> }
                @if (can('return')) {
                  <input class="input" [(ngModel)]="reason" placeholder="退回理由" aria-label="退回理由" />
                  <button class="btn small danger" [disabled]="busy()" (click)="run(api.returnPart(it.id, reason), '已退回')" data-action="return">退回</button>
                }
              </div>
            }
            @if (can('handOver')) {
              <div class="act">
                <select class="input" [(ngModel)]="handKind" aria-label="转办方式">
                  <option value="department">转办部门</option>
                  <option value="person">转办本单位人员</option>
                  <option value="task">转为内部任务（本人办理）</option>
                </select>
                @if (handKind === 'person') {
                  <oa-person-picker inputId="sup-handover-person" label="转办给（本单位人员）" [(value)]="handPerson" />
                }
                @if (handKind === 'department') {
                  <select class="input" [(ngModel)]="handTarget" aria-label="转办部门">
                    <option value="">选择部门</option>
                    @for (d of departments(); track d.id) { <option [value]="d.id">{{ d.name }}</option> }
                  </select>
                }
                <button class="btn small" [disabled]="busy()" (click)="handOver(it.id)" data-action="handOver">转办</button>
              </div>
            }
            @if (can('report') || can('reportPartDone') || can('finalReport')) {
              <div class="act col">
                <textarea class="input" rows="3" [(ngModel)]="content" placeholder="反馈内容 / 办结报告" aria-label="反馈内容"></textarea>
                <div class="row">
                  <label class="btn small">添加附件<input type="file" hidden multiple accept=".pdf,.ofd,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.zip" (change)="addFiles(it.id, $event)" aria-label="添加附件" data-testid="report-file" /></label>
                  <span class="muted small">PDF、OFD、Word、Excel、图片或 ZIP，单个不超过 20 MB</span>
                </div>
                @if (attachments().length) {
                  <ul class="files" data-testid="report-attachments">
                    @for (a of attachments(); track a.sha256) {
                      <li>{{ a.name }} <span class="muted small">{{ sizeText(a.size) }}</span> <button class="btn small" type="button" (click)="removeFile(a.sha256)" aria-label="移除附件">移除</button></li>
                    }
                  </ul>
                }
                <div class="row">
                  @if (can('report')) { <button class="btn small" [disabled]="busy()" (click)="run(api.report(it.id, content, false, attachments()), '已提交阶段反馈')" data-action="report">提交阶段反馈</button> }
                  @if (can('reportPartDone')) { <button class="btn small" [disabled]="busy()" (click)="run(api.report(it.id, content, true, attachments()), '已报送协办完成情况')" data-action="reportPartDone">报送协办完成</button> }
                  @if (can('finalReport')) { <button class="btn small primary" [disabled]="busy()" (click)="run(api.finalReport(it.id, content, attachments()), '已提交办结报告')" data-action="finalReport">提交办结报告</button> }
                </div>
              </div>
            }
            @if (can('requestExtension')) {
              <div class="act">
                <input class="input" type="date" [(ngModel)]="newDeadline" aria-label="新的办理时限" />
                <input class="input" [(ngModel)]="extReason" placeholder="延期理由" aria-label="延期理由" />
                <button class="btn small" [disabled]="busy()" (click)="run(api.requestExtension(it.id, newDeadline, extReason), '已提交延期申请')" data-action="requestExtension">申请延期</button>
              </div>
            }
            @if (can('urge')) {
              <div class="act">
                <input class="input" [(ngModel)]="urgeMessage" placeholder="催办内容" aria-label="催办内容" />
                <button class="btn small" [disabled]="busy()" (click)="run(api.urge(it.id, urgeMessage), '已催办')" data-action="urge">催办</button>
              </div>
            }
            @if (can('review')) {
              <div class="act">
                <input class="input" [(ngModel)]="opinion" placeholder="审核意见（退回时必填）" aria-label="审核意见" />
                <button class="btn small primary" [disabled]="busy()" (click)="run(api.review(it.id, true, opinion), '已审核通过并销号')" data-action="review">通过并销号</button>
                <button class="btn small danger" [disabled]="busy()" (click)="run(api.review(it.id, false, opinion), '已退回补充办理')" data-action="reviewReject">退回补充办理</button>
              </div>
            }
            @if (can('decideExtension') && it.extension && it.extensionTaskId) {
              <div class="act">
                <span class="small">延期申请：至 {{ it.extension!.newDeadline }}（{{ it.extension!.reason }}）</span>
                <input class="input" [(ngModel)]="opinion" placeholder="意见" aria-label="延期意见" />
                <button class="btn small primary" [disabled]="busy()" (click)="run(api.approveTask(it.extensionTaskId!, opinion || '同意延期'), '已同意延期')" data-action="decideExtension">同意延期</button>
                <button class="btn small danger" [disabled]="busy()" (click)="run(api.rejectTask(it.extensionTaskId!, opinion || '不同意延期'), '已不同意延期')" data-action="rejectExtension">不同意</button>
              </div>
            }
            @if (can('reassign')) {
              <div class="act">
                <span class="small">重新交办已退回的单位：</span>
                <select class="input" [(ngModel)]="reassignTo" aria-label="重新交办单位">
                  @for (u of units(); track u.id) { <option [value]="u.id">{{ u.name }}</option> }
                </select>
                <button class="btn small" [disabled]="busy()" (click)="reassign(it)" data-action="reassign">重新交办</button>
              </div>
            }
          </section>
        }

        <section class="card">
          <h2>承办单位</h2>
          <div class="scroll">
            <table class="parts" data-testid="parts">
              <thead><tr><th>单位</th><th>分工</th><th>签收</th><th>签收时间</th><th>内部办理</th><th>完成</th></tr></thead>
              <tbody>
                @for (p of it.parts; track p.unitId) {
                  <tr [attr.data-unit]="p.unitId" [attr.data-receipt]="p.receipt">
                    <td>{{ p.unitName }}</td><td>{{ role(p.role) }}</td>
                    <td><span class="badge" [class.overdue]="p.receipt === 'returned'">{{ p.receiptLabel }}</span>@if (p.returnReason) { <span class="muted small">{{ p.returnReason }}</span> }</td>
                    <td>{{ time(p.signedAt) }}</td>
                    <td>{{ p.handedTo?.name ?? '' }}</td>
                    <td>{{ p.done ? '已完成' : '' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </section>

        @if (it.reports.length) {
          <section class="card">
            <h2>反馈与报告</h2>
            <ul class="reports" data-testid="reports">
              @for (r of it.reports; track r.reportId) {
                <li><div class="muted small">{{ reportKind(r.kind) }} · {{ r.unitName }} · {{ r.actorName }} · {{ time(r.at) }}</div><p>{{ r.content }}</p>
                  @for (a of r.attachments; track a.sha256) {
                    <div class="small"><a href="" (click)="$event.preventDefault(); download(it.id, a)">📎 {{ a.name }}</a> <span class="muted">{{ sizeText(a.size) }}</span></div>
                  }
                </li>
              }
            </ul>
          </section>
        }

        <section class="card">
          <h2>办理过程</h2>
          <ol class="timeline" data-testid="timeline">
            @for (e of it.timeline; track $index) {
              <li [attr.data-kind]="e.kind"><span class="muted small when">{{ time(e.at) }}</span><span class="who">{{ e.actorName }}</span>{{ e.text }}</li>
            }
          </ol>
        </section>
      } @else if (!error()) {
        <div class="empty">正在加载…</div>
      }
    </div>
  `,
  styles: `
    .sup-item { display: flex; flex-direction: column; gap: 12px; }
    .small { font-size: 13px; font-weight: 400; }
    h1 { display: flex; align-items: center; gap: 8px; overflow-wrap: anywhere; }
    .dot { display: inline-block; width: 14px; height: 14px; border-radius: 50%; background: #c8ced6; flex: 0 0 14px; }
    .dot.red { background: #d92d20; box-shadow: 0 0 0 3px #fde2e0; }
    .dot.yellow { background: #f5a524; box-shadow: 0 0 0 3px #fff1d6; }
    .dot.green { background: #2e9d5b; }
    .tags { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin-bottom: 8px; }
    .lt { font-size: 12px; padding: 0 6px; border-radius: 3px; }
    .lt.red { background: #fde2e0; color: #b42318; }
    .lt.yellow { background: #fff1d6; color: #935f00; }
    .facts { display: grid; grid-template-columns: 6em 1fr; gap: 4px 12px; margin: 0 0 8px; }
    .facts dt { color: var(--oa-muted); }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .doc { margin-right: 8px; }
    .req p { margin: 2px 0 0; white-space: pre-wrap; }
    .act { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 8px 0; border-bottom: 1px dashed var(--oa-border); }
    .act:last-child { border-bottom: 0; }
    .act.col { flex-direction: column; align-items: stretch; }
    .act .row { display: flex; gap: 6px; flex-wrap: wrap; }
    .act .input { min-height: 32px; }
    .act input.input { flex: 1 1 200px; }
    .scroll { overflow-x: auto; }
    .parts { border-collapse: collapse; width: 100%; min-width: 520px; }
    .parts th, .parts td { border-bottom: 1px solid var(--oa-border); padding: 6px 8px; text-align: left; }
    .reports { list-style: none; margin: 0; padding: 0; }
    .reports li { border-bottom: 1px solid var(--oa-border); padding: 6px 0; }
    .reports p { margin: 2px 0 0; white-space: pre-wrap; }
    .files { list-style: none; margin: 0; padding: 0; }
    .files li { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; word-break: break-all; }
    .timeline { margin: 0; padding-left: 18px; }
    .timeline li { padding: 3px 0; overflow-wrap: anywhere; }
    .when { margin-right: 8px; }
    .who { font-weight: 600; margin-right: 6px; }
    @media (max-width: 520px) { .facts { grid-template-columns: 5em 1fr; } .act .input, .act select { flex: 1 1 100%; } }
  `,
})
export class SupervisionItemPage {
  readonly api = inject(SupervisionApi);
  private readonly docs = inject(DocumentsApi);
  readonly id = input.required<string>();
  readonly item = signal<SupervisionItem | null>(null);
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  /** 反馈附件 uploaded for the report being written (sent with it). */
  readonly attachments = signal<ReportAttachment[]>([]);
  readonly departments = signal<DepartmentOption[]>([]);
  readonly units = signal<{ id: string; name: string }[]>([]);
  private readonly actions = computed(() => new Set<string>(this.item()?.allowedActions ?? []));
  opinion = '';
  reason = '';
  content = '';
  urgeMessage = '';
  newDeadline = '';
  extReason = '';
  handKind: 'department' | 'person' | 'task' = 'department';
  handPerson = '';
  handTarget = '';
  reassignTo = '';

  ngOnInit(): void {
    void this.load();
  }

  can(a: SupervisionAction): boolean {
    return this.actions().has(a);
  }
  time(iso: string | null | undefined): string {
    return iso ? formatTime(iso) : '';
  }
  lightLabel(l: string): string {
    return LIGHT_LABELS[l] ?? '';
  }
  role(r: string): string {
    return ROLE[r] ?? r;
  }
  reportKind(k: string): string {
    return REPORT_KIND[k] ?? k;
  }
  sideLabel(s: string): string {
    return { supervising: '督办方', leader: '督办领导', undertaking: '承办方', other: '' }[s] ?? '';
  }

  async load(): Promise<void> {
    try {
      const it = await this.api.item(this.id());
      this.item.set(it);
      this.error.set('');
      if (it.allowedActions.includes('handOver') && it.myUnitId && this.departments().length === 0)
        this.departments.set(await this.docs.departments(it.myUnitId).catch(() => []));
      if (it.allowedActions.includes('reassign') && this.units().length === 0) {
        const o = await this.api.options();
        this.units.set(o.units);
        this.reassignTo = o.units[0]?.id ?? '';
      }
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async run(p: Promise<unknown>, msg: string): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.note.set('');
    try {
      await p;
      this.note.set(msg);
      this.opinion = '';
      this.content = '';
      this.attachments.set([]);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }

  async addFiles(id: string, ev: Event): Promise<void> {
    const input = ev.target as HTMLInputElement;
    const picked = Array.from(input.files ?? []);
    input.value = '';
    this.busy.set(true);
    this.error.set('');
    try {
      for (const f of picked) {
        if (f.size > 20 * 1024 * 1024) throw new Error(`附件“${f.name}”超过 20 MB`);
        const a = await this.api.uploadAttachment(id, f);
        if (!this.attachments().some((x) => x.sha256 === a.sha256)) this.attachments.update((l) => [...l, a]);
      }
    } catch (e) {
      this.error.set(e instanceof Error && !('status' in e) ? e.message : problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }

  removeFile(sha256: string): void {
    this.attachments.update((l) => l.filter((a) => a.sha256 !== sha256));
  }

  sizeText(n: number): string {
    return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
  }

  async download(id: string, a: { name: string; sha256: string }): Promise<void> {
    try {
      saveBlob(await this.api.attachmentBlob(id, a.sha256), a.name);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  handOver(id: string): void {
    if (this.handKind === 'person' && !this.handPerson) {
      this.error.set('请选择转办人员');
      return;
    }
    const body =
      this.handKind === 'task'
        ? { kind: 'task' as const }
        : this.handKind === 'person'
          ? { kind: 'person' as const, targetId: this.handPerson }
          : { kind: 'department' as const, targetId: this.handTarget };
    void this.run(this.api.handOver(id, body), '已转办').then(() => {
      if (!this.error()) this.handPerson = '';
    });
  }

  reassign(it: SupervisionItem): void {
    const from = it.parts.find((p) => p.receipt === 'returned');
    if (from) void this.run(this.api.reassign(it.id, from.unitId, this.reassignTo), '已重新交办');
  }
}
