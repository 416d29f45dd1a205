import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { SignaturePadComponent } from '../../shared/signature/signature-pad.component';
import { SignatureViewComponent } from '../../shared/signature/signature-view.component';
import { Stroke, inkPoints } from '../../shared/signature/strokes';
import { INCOMING_CATEGORY_LABELS, IncomingAction, IncomingView, RETENTIONS, incomingActions } from './document-model';
import { PersonPickerComponent } from '../../shared/picker/person-picker.component';
import type { PickedPerson } from '../../shared/picker/org-directory.service';
import { CirculationRow, DepartmentOption, DocumentsApi, UserOption, saveBlob } from './documents-api.service';
import { AttachmentsComponent } from './attachments.component';
import { SupervisionIncomingLinksComponent } from '../supervision/incoming-links.component';

/** 收文 page: 来文 and 登记, then 签收/退回 → 登记 → 拟办 → 领导批示 (handwriting) → 承办 → 传阅 → 办结 → 归档. */
@Component({
  selector: 'oa-doc-incoming',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    RouterLink,
    SignaturePadComponent,
    SignatureViewComponent,
    AttachmentsComponent,
    PersonPickerComponent,
    SupervisionIncomingLinksComponent,
  ],
  template: `
    <div class="stack">
      @if (v(); as v) {
        <div class="card head">
          <div class="title-row">
            <h1 data-testid="doc-title">{{ title() }}</h1>
            <span class="badge stage" data-testid="doc-stage">{{ v.stage }}</span>
          </div>
          <div class="meta muted">
            <span class="badge cat" [class.fax]="v.category === 'fax'" [class.sup]="v.category === 'supervision'">{{ v.categoryLabel }}</span>
            @if (v.receiptNumber) { <span data-testid="receipt-number">{{ v.receiptNumber }}</span> }
            <span>来文单位：{{ source() }}</span>
            @if (v.exchange) { <span>交换状态：{{ v.exchange.statusLabel }}</span> }
            @if (v.origin === 'paper') { <span>纸质来文</span> }
          </div>
          @if (note()) { <div class="alert ok" role="status" data-testid="action-note">{{ note() }}</div> }
          @if (error()) { <div class="alert" role="alert" data-testid="action-error">{{ error() }}</div> }
        </div>

        <section class="card" data-testid="elements">
          <h2>来文信息 <button type="button" class="btn small" (click)="printSlip()" [disabled]="printing()" data-testid="print-slip">{{ printing() ? '正在生成…' : '打印收文处理笺' }}</button></h2>
          <dl class="kv">
            <dt>来文字号</dt><dd>{{ v.document?.docNumber || v.entry?.docNumber || '—' }}</dd>
            <dt>文种</dt><dd>{{ v.document?.kind || v.entry?.kind || '—' }}</dd>
            <dt>密级</dt><dd>{{ v.document?.classification || v.entry?.classification }}</dd>
            <dt>紧急程度</dt><dd>{{ v.document?.urgency || v.entry?.urgency }}</dd>
            @if (v.copyNo) { <dt>份号</dt><dd>{{ v.copyNo }}</dd> }
            @if (v.document?.signerName) { <dt>签发人</dt><dd>{{ v.document?.signerName }}</dd> }
            @if (v.document?.writtenDate) { <dt>成文日期</dt><dd>{{ v.document?.writtenDate }}</dd> }
            <dt>收文时间</dt><dd>{{ v.receivedAt ? time(v.receivedAt) : '—' }}</dd>
            @if (v.signedFor) { <dt>签收</dt><dd>{{ v.signedFor.actorName }} {{ time(v.signedFor.at) }}</dd> }
            @if (v.returned) { <dt>退回</dt><dd>{{ time(v.returned.at) }}：{{ v.returned.reason }}</dd> }
            @if (v.entry) {
              <dt>收文日期</dt><dd>{{ v.entry.receivedDate }}</dd>
              <dt>份数 / 页数</dt><dd>{{ v.entry.copies }} 份 / {{ v.entry.pages ?? '—' }} 页</dd>
              @if (v.entry.supervisionDeadline) { <dt>办理时限</dt><dd>{{ v.entry.supervisionDeadline }}</dd> }
              @if (v.entry.remarks) { <dt>备注</dt><dd>{{ v.entry.remarks }}</dd> }
            }
            @if (v.attachmentFiles?.length) {
              <dt>附件</dt><dd><oa-doc-attachments direction="incoming" [documentId]="v.id" [items]="v.attachmentFiles ?? []" /></dd>
            }
            @if (v.archive) { <dt>档号</dt><dd data-testid="archival-code">{{ v.archive.archivalCode }}</dd> }
          </dl>
        </section>
        <oa-supervision-incoming-links [incomingId]="v.id" />

        @if (body()) {
          <section class="card">
            <h2>正文</h2>
            <div class="paper">
              @if (v.document?.mainRecipients?.length) { <div>{{ v.document?.mainRecipients?.join('、') }}：</div> }
              <div class="p-body">{{ body() }}</div>
            </div>
          </section>
        }

        @if (actions().length) {
          <section class="card act" data-testid="action-panel">
            <h2>办理</h2>
            @if (has('signFor')) {
              <div class="panel">
                <div class="buttons left">
                  <button type="button" class="btn primary" [disabled]="busy()" (click)="run('signFor')" data-action="signFor">签收</button>
                </div>
                <div class="field"><label for="reason">退回理由</label><input id="reason" name="reason" [(ngModel)]="reason" placeholder="退回时必填，如：非本单位主办事项" /></div>
                <div class="buttons left"><button type="button" class="btn danger" [disabled]="busy()" (click)="run('return')" data-action="return">退回</button></div>
              </div>
            }
            @if (has('register')) {
              <div class="panel">
                <h3>收文登记</h3>
                <div class="cols">
                  <div class="field"><label for="category">收文类别</label>
                    <select id="category" name="category" [(ngModel)]="reg.category">@for (c of categories; track c[0]) { <option [value]="c[0]">{{ c[1] }}</option> }</select></div>
                  @if (reg.category === 'supervision') { <div class="field"><label for="deadline">办理时限</label><input id="deadline" type="date" name="deadline" [(ngModel)]="reg.supervisionDeadline" /></div> }
                  <div class="field"><label for="remarks">备注</label><input id="remarks" name="remarks" [(ngModel)]="reg.remarks" /></div>
                </div>
                <div class="buttons"><button type="button" class="btn primary" [disabled]="busy()" (click)="run('register')" data-action="register">登记</button></div>
              </div>
            }
            @if (has('propose')) {
              <div class="panel">
                <h3>拟办意见</h3>
                <div class="field"><textarea name="proposal" [(ngModel)]="proposal" placeholder="如：拟请孙主任阅示，综合科办理" data-testid="proposal"></textarea></div>
                <div class="field"><label>呈批领导</label>
                  <div class="checks">@for (u of leaders(); track u.id) { <label class="check"><input type="checkbox" [checked]="leaderIds().includes(u.id)" (change)="toggle(leaderIds, u.id)" /> {{ u.name }}<span class="muted small">{{ u.title }}</span></label> }</div>
                </div>
                <div class="buttons"><button type="button" class="btn primary" [disabled]="busy()" (click)="run('propose')" data-action="propose">提交拟办</button></div>
              </div>
            }
            @if (has('instruct')) {
              <div class="panel" data-testid="instruct-panel">
                <h3>领导批示</h3>
                <div class="field"><label for="instruction">批示意见</label><textarea id="instruction" name="instruction" [(ngModel)]="instruction" placeholder="请输入批示意见，或在下方手写"></textarea></div>
                <div class="field"><label>手写批示</label><oa-signature-pad class="pad" [(strokes)]="strokes" /></div>
                <div class="buttons"><button type="button" class="btn primary" [disabled]="busy()" (click)="run('instruct')" data-action="instruct">提交批示</button></div>
              </div>
            }
            @if (has('assign')) {
              <div class="panel">
                <h3>分派承办</h3>
                <div class="cols">
                  <div class="field"><label for="lead">主办部门<span class="req">*</span></label>
                    <select id="lead" name="lead" [(ngModel)]="lead"><option value="">请选择</option>@for (d of departments(); track d.id) { <option [value]="d.id">{{ d.name }}</option> }</select></div>
                  <div class="field"><label for="due">办理期限</label><input id="due" type="date" name="due" [(ngModel)]="due" /></div>
                </div>
                <div class="field"><label>协办部门</label>
                  <div class="checks">@for (d of departments(); track d.id) { @if (d.id !== lead) { <label class="check"><input type="checkbox" [checked]="co().includes(d.id)" (change)="toggle(co, d.id)" /> {{ d.name }}</label> } }</div>
                </div>
                <div class="buttons"><button type="button" class="btn primary" [disabled]="busy()" (click)="run('assign')" data-action="assign">分派</button></div>
              </div>
            }
            @if (has('circulate')) {
              <div class="panel">
                <h3>传阅</h3>
                <oa-person-picker inputId="reader-pick" label="添加传阅人" placeholder="添加传阅人：姓名或拼音首字母" [(value)]="readerPick" (picked)="addReader($event)" />
                <div class="checks">@for (u of people(); track u.id) { <label class="check"><input type="checkbox" [checked]="readerIds().includes(u.id)" (change)="toggle(readerIds, u.id)" [attr.data-reader]="u.id" /> {{ u.name }}<span class="muted small">{{ u.departmentName }}</span></label> }</div>
                <div class="buttons"><button type="button" class="btn" [disabled]="busy() || readerIds().length === 0" (click)="run('circulate')" data-action="circulate">送传阅（{{ readerIds().length }}）</button></div>
              </div>
            }
            @if (has('read')) {
              <div class="panel"><div class="buttons left"><button type="button" class="btn primary" [disabled]="busy()" (click)="run('read')" data-action="read">已阅</button></div></div>
            }
            @if (has('complete')) {
              <div class="panel">
                <h3>办结</h3>
                <div class="field"><input name="summary" [(ngModel)]="summary" placeholder="办理结果（可选）" /></div>
                <div class="buttons"><button type="button" class="btn primary" [disabled]="busy()" (click)="run('complete')" data-action="complete">办结</button></div>
              </div>
            }
            @if (has('archive')) {
              <form class="panel" (ngSubmit)="run('archive')">
                <h3>归档（DA/T 22）</h3>
                <div class="cols">
                  <div class="field"><label for="fonds">全宗号<span class="req">*</span></label><input id="fonds" name="fonds" [(ngModel)]="filing.fondsCode" /></div>
                  <div class="field"><label for="retention">保管期限</label><select id="retention" name="retention" [(ngModel)]="filing.retention">@for (r of retentions; track r) { <option [value]="r">{{ r }}</option> }</select></div>
                  <div class="field"><label for="org">机构（问题）代码<span class="req">*</span></label><input id="org" name="org" [(ngModel)]="filing.orgCode" /></div>
                </div>
                <div class="buttons"><button type="submit" class="btn primary" [disabled]="busy()" data-action="archive">归档</button></div>
              </form>
            }
          </section>
        }

        <section class="card" data-testid="handling-log">
          <h2>办理过程</h2>
          @if (!v.proposals.length && !v.instructions.length && !v.assignment && !v.completed) { <div class="empty">暂无办理记录</div> }
          <ol class="log">
            @for (p of v.proposals; track $index) {
              <li><div class="l-head"><strong>{{ p.proposerName }}</strong><span class="badge">拟办</span><span class="muted when">{{ time(p.at) }}</span></div><div class="l-op">{{ p.opinion }}</div></li>
            }
            @for (i of v.instructions; track $index) {
              <li data-testid="instruction">
                <div class="l-head"><strong>{{ i.leaderName }}</strong><span class="badge lead">批示</span><span class="muted when">{{ time(i.at) }}</span></div>
                @if (i.instruction) { <div class="l-op">{{ i.instruction }}</div> }
                @if (i.strokes) { <oa-signature-view class="l-sig" [signature]="i.strokes" /> }
              </li>
            }
            @if (v.assignment; as a) {
              <li><div class="l-head"><span class="badge">承办</span>主办：<strong>{{ a.lead.name }}</strong>@if (a.co.length) { ；协办：{{ coNames(a.co) }} }@if (a.deadline) { ；期限 {{ a.deadline }} }<span class="muted when">{{ time(a.at) }}</span></div></li>
            }
            @if (v.completed; as c) {
              <li><div class="l-head"><span class="badge">办结</span>{{ c.summary || '已办结' }}<span class="muted when">{{ time(c.at) }}</span></div></li>
            }
          </ol>
        </section>

        @if (circulation().length) {
          <section class="card" data-testid="circulation">
            <h2>传阅情况 <span class="muted small">已阅 {{ readCount() }} / {{ circulation().length }}</span></h2>
            <div class="table-wrap">
              <table class="grid">
                <thead><tr><th>轮次</th><th>传阅人</th><th>送阅时间</th><th>阅件情况</th></tr></thead>
                <tbody>
                  @for (r of circulation(); track r.round + r.reader_id) {
                    <tr><td>{{ r.round }}</td><td>{{ r.reader_name }}</td><td>{{ time(r.assigned_at) }}</td>
                      <td>@if (r.read_at) { <span class="badge ok">已阅</span> {{ time(r.read_at) }} } @else { <span class="badge soon">未阅</span> }</td></tr>
                  }
                </tbody>
              </table>
            </div>
          </section>
        }
      } @else {
        <div class="card">
          @if (error()) { <div class="alert" role="alert">{{ error() }}</div><a routerLink="/documents/incoming">返回收文登记簿</a> }
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
    .meta { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 6px; font-size: 13px; align-items: center; }
    .cat.fax { background: #e8f0fb; color: var(--oa-blue); } .cat.sup { background: #fff4e0; color: var(--oa-warn); }
    .kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 14px; margin: 0; }
    .kv dt { color: var(--oa-muted); } .kv dd { margin: 0; overflow-wrap: anywhere; }
    .paper { max-width: 720px; margin: 0 auto; font-family: 'FangSong', 'STFangsong', 'Noto Serif CJK SC', serif; font-size: 16px; line-height: 1.9; }
    .p-body { white-space: pre-wrap; overflow-wrap: anywhere; }
    h3 { font-size: 15px; margin: 0 0 8px; }
    .panel { border-top: 1px dashed var(--oa-border); padding-top: 12px; margin-top: 12px; }
    .act > .panel:first-of-type { border-top: 0; margin-top: 0; padding-top: 0; }
    .buttons { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }
    .buttons.left { justify-content: flex-start; margin-bottom: 8px; }
    .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 0 12px; }
    .checks { display: flex; flex-wrap: wrap; gap: 6px 16px; }
    .check { display: flex; gap: 4px; align-items: center; font-weight: 400 !important; }
    .check input { width: auto; min-height: 0; }
    .pad { display: block; }
    .log { list-style: none; margin: 0; padding: 0; }
    .log li { padding: 10px 0; border-bottom: 1px solid var(--oa-border); }
    .l-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .when { margin-left: auto; font-size: 12px; }
    .l-op { margin-top: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .l-sig { width: 260px; max-width: 100%; margin-top: 4px; border-bottom: 1px solid #eee; }
    .badge.lead { background: #fbeaea; color: var(--oa-red); } .badge.ok { background: #e3f5e9; color: #1b7a3a; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .small { font-size: 12px; font-weight: 400; margin-left: 4px; }
    @media (max-width: 520px) { .buttons .btn { flex: 1 1 40%; } .buttons.left .btn { flex: 0 1 auto; min-width: 40%; } }
  `,
})
export class IncomingPage {
  private readonly api = inject(DocumentsApi);
  readonly id = input<string>('');
  readonly v = signal<IncomingView | null>(null);
  readonly printing = signal(false);
  /** 打印收文处理笺 (PDF download). */
  async printSlip(): Promise<void> {
    const id = this.id();
    if (!id) return;
    this.printing.set(true);
    try {
      saveBlob(await this.api.printSlip('incoming', id), `收文处理笺-${id}.pdf`);
    } catch {
      /* the button stays */
    } finally {
      this.printing.set(false);
    }
  }
  readonly circulation = signal<CirculationRow[]>([]);
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  readonly strokes = signal<Stroke[]>([]);
  readonly people = signal<UserOption[]>([]);
  readonly departments = signal<DepartmentOption[]>([]);
  readonly leaderIds = signal<string[]>([]);
  readonly readerIds = signal<string[]>([]);
  /** The shared person picker (search by name or pinyin initials, recent choices, org tree) adds a 传阅人. */
  readonly readerPick = signal('');
  addReader(p: PickedPerson | null): void {
    if (!p) return;
    if (!this.people().some((u) => u.id === p.id))
      this.people.update((list) => [...list, { id: p.id, name: p.name, departmentName: p.departmentName, title: p.title }]);
    if (!this.readerIds().includes(p.id)) this.readerIds.update((ids) => [...ids, p.id]);
    this.readerPick.set('');
  }
  readonly co = signal<string[]>([]);
  readonly categories = Object.entries(INCOMING_CATEGORY_LABELS);
  readonly retentions = RETENTIONS;
  reason = '';
  proposal = '';
  instruction = '';
  lead = '';
  due = '';
  summary = '';
  reg = { category: 'normal', supervisionDeadline: '', remarks: '' };
  filing = { fondsCode: '', retention: '30年', orgCode: '' };
  private pickersFor = '';

  readonly actions = computed<IncomingAction[]>(() => {
    const v = this.v();
    return v ? incomingActions(v) : [];
  });
  readonly title = computed(() => this.v()?.document?.title ?? this.v()?.entry?.title ?? '');
  readonly source = computed(() => this.v()?.from?.unitName ?? this.v()?.entry?.sourceOrgan ?? '');
  readonly body = computed(() => this.v()?.document?.body || this.v()?.body || '');
  readonly readCount = computed(() => this.circulation().filter((r) => r.read_at).length);
  /** Leaders first (by title), then everyone else of the unit. */
  readonly leaders = computed(() => {
    const lead = /主任|局长|区长|书记|领导/;
    return this.people().filter((u) => lead.test(u.title));
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  has(a: IncomingAction): boolean {
    return this.actions().includes(a);
  }
  time(iso: string): string {
    return formatTime(iso);
  }
  coNames(co: { name: string }[]): string {
    return co.map((c) => c.name).join('、');
  }
  toggle(list: { update: (f: (x: string[]) => string[]) => void }, id: string): void {
    list.update((x) => (x.includes(id) ? x.filter((y) => y !== id) : [...x, id]));
  }

  async load(id: string): Promise<void> {
    if (!id) return;
    try {
      const v = await this.api.incoming(id);
      this.v.set(v);
      this.reg.category = v.category || 'normal';
      this.api.circulation(id).then(
        (c) => this.circulation.set(c),
        () => this.circulation.set([]),
      );
      const needPeople = ['propose', 'circulate', 'assign'].some((a) => this.has(a as IncomingAction));
      if (needPeople && this.pickersFor !== v.unitId) {
        this.pickersFor = v.unitId;
        this.api.users(v.unitId).then(
          (u) => this.people.set(u),
          () => undefined,
        );
        this.api.departments(v.unitId).then(
          (d) => this.departments.set(d),
          () => undefined,
        );
      }
    } catch (e) {
      this.v.set(null);
      this.error.set(problemMessage(e));
    }
  }

  async run(a: IncomingAction): Promise<void> {
    const v = this.v();
    if (!v) return;
    this.error.set('');
    this.note.set('');
    const need = (ok: boolean, msg: string) => {
      if (!ok) this.error.set(msg);
      return ok;
    };
    if (a === 'return' && !need(!!this.reason.trim(), '退回须说明理由')) return;
    if (a === 'propose' && !need(!!this.proposal.trim(), '请填写拟办意见')) return;
    if (a === 'instruct' && !need(!!this.instruction.trim() || inkPoints(this.strokes()) > 0, '请填写或手写批示意见')) return;
    if (a === 'assign' && !need(!!this.lead, '请选择主办部门')) return;
    if (a === 'archive' && !need(!!this.filing.fondsCode.trim() && !!this.filing.orgCode.trim(), '请填写全宗号和机构（问题）代码')) return;
    this.busy.set(true);
    try {
      let note = '';
      switch (a) {
        case 'signFor':
          await this.api.signFor(v.id);
          note = '已签收';
          break;
        case 'return':
          await this.api.returnIncoming(v.id, this.reason.trim());
          note = '已退回来文单位';
          break;
        case 'register': {
          const r = await this.api.register(v.id, {
            category: this.reg.category,
            ...(this.reg.category === 'supervision' && this.reg.supervisionDeadline
              ? { supervisionDeadline: this.reg.supervisionDeadline }
              : {}),
            ...(this.reg.remarks.trim() ? { remarks: this.reg.remarks.trim() } : {}),
          });
          note = `已登记，收文编号 ${r.receiptNumber}`;
          break;
        }
        case 'propose':
          await this.api.propose(v.id, this.proposal.trim(), this.leaderIds());
          note = '已提交拟办意见';
          break;
        case 'instruct':
          await this.api.instruct(v.id, this.instruction.trim(), inkPoints(this.strokes()) > 0 ? this.strokes() : []);
          note = '批示已提交';
          break;
        case 'assign':
          await this.api.assign(
            v.id,
            this.lead,
            this.co().filter((x) => x !== this.lead),
            this.due,
          );
          note = '已分派承办';
          break;
        case 'circulate':
          await this.api.circulate(v.id, this.readerIds());
          note = '已送传阅';
          this.readerIds.set([]);
          break;
        case 'read':
          await this.api.markRead(v.id);
          note = '已阅';
          break;
        case 'complete':
          await this.api.complete(v.id, this.summary.trim());
          note = '已办结';
          break;
        case 'archive': {
          const r = await this.api.archive('incoming', v.id, {
            fondsCode: this.filing.fondsCode.trim(),
            retention: this.filing.retention,
            orgCode: this.filing.orgCode.trim(),
          });
          note = `已归档，档号 ${r.archivalCode}`;
          break;
        }
      }
      this.instruction = '';
      this.strokes.set([]);
      this.reason = '';
      await this.load(v.id);
      this.note.set(note);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
