import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { ExpensesApi, PAYMENT_METHODS, saveBlob, yuan, type ClaimAction, type ClaimDetail } from './expenses-api.service';

const NODE_STATE: Record<string, string> = {
  done: '已办',
  current: '办理中',
  pending: '未开始',
  redo: '待重办',
  returned: '已退回',
  skipped: '无需办理',
};
const APPROVAL: Record<string, string> = { department: '部门负责人审核', unit: '部门负责人审核 → 单位负责人审批' };

/**
 * 报销单: the lines with each hotel line's cap, the computed allowance, the budget, the approval's
 * nodes (已办 / 办理中 / 未开始) and 办文日志, and only the buttons the server allows.
 */
@Component({
  selector: 'oa-claim',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    @if (error()) { <div class="alert" role="alert" data-testid="claim-error">{{ error() }}</div> }
    @if (c(); as c) {
      <section class="card" data-testid="claim">
        <h2>{{ c.title }} <span class="badge" [class.ok]="c.status === 'paid'" data-testid="status">{{ c.statusLabel }}</span></h2>
        <dl class="facts">
          <div><dt>类别</dt><dd>{{ c.kind }}</dd></div>
          <div><dt>报销人</dt><dd>{{ c.claimantName }}（{{ c.unitName }} · {{ c.departmentName }}）</dd></div>
          <div><dt>金额</dt><dd><b data-testid="amount">{{ yuan(c.amount) }}</b> 元</dd></div>
          <div><dt>收款</dt><dd>{{ c.payee }} {{ c.account }}</dd></div>
          @if (c.approval) { <div><dt>审批</dt><dd>{{ approvalLabel(c.approval) }}</dd></div> }
          @if (c.payment; as pay) { <div><dt>支付</dt><dd data-testid="payment">{{ pay.paidOn }} {{ pay.method }} 凭证号 {{ pay.voucherNo }}</dd></div> }
        </dl>
        @if (c.lastOutcome; as o) { <div class="alert" data-testid="last-outcome">上次审批{{ o.outcome === 'rejected' ? '不同意' : o.outcome === 'cancelled' ? '已撤回' : '已终止' }}：{{ o.opinion }}</div> }
        @if (c.trip; as t) {
          <div class="trip" data-testid="trip-info">出差：{{ t.startDate }} 至 {{ t.endDate }}，{{ t.destinations.join('、') }}，{{ t.purpose }}（出差人 {{ t.travellerName }}@if (t.companionNames.length) {，同行 {{ t.companionNames.join('、') }}}）</div>
        }
        @if (c.allowance; as a) {
          <div class="allowance" data-testid="allowance">补助按标准计算：{{ a.days }} 天，{{ a.rank || '—' }}（住宿按“{{ a.gradeLabel }}”）；伙食补助费 {{ yuan(a.meals) }} 元，市内交通费 {{ yuan(a.localTransport) }} 元；标准表 {{ a.tablesUsed.join('、') }}</div>
        }
        <div class="table-wrap">
          <table class="grid" data-testid="lines">
            <thead><tr><th>日期</th><th>项目</th><th class="num">金额（元）</th><th>发票号</th><th>标准 / 说明</th></tr></thead>
            <tbody>
              @for (l of c.lines; track $index) {
                <tr [class.over]="l.overCap">
                  <td>{{ l.date }}</td>
                  <td>{{ l.item }}@if (l.city) { （{{ l.city }}，{{ l.nights }} 晚） }@if (l.source === 'allowance') { <span class="badge">按标准</span> }</td>
                  <td class="num">{{ yuan(l.amount) }}</td>
                  <td>{{ l.invoiceNo || '—' }}</td>
                  <td>@if (l.source === 'hotel') { 标准 {{ l.cap === null ? '无' : yuan(l.cap) + ' 元' }}@if (l.overCap) { <b class="over-flag"> 超标准</b>：{{ l.reason }} } }</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <div class="invoices" data-testid="invoices">
          <b>发票附件</b>
          @for (a of c.attachments; track a.id) {
            <button type="button" class="linkish" (click)="download(a.id, a.fileName)" data-testid="invoice">{{ a.fileName }}（{{ kb(a.size) }}）</button>
          } @empty { <span class="muted">暂无</span> }
          @if (can('edit')) {
            <label class="btn small">上传发票<input type="file" accept=".pdf,.ofd,.jpg,.jpeg,.png" (change)="upload($event)" hidden data-testid="invoice-upload" /></label>
          }
        </div>
        @if (c.budget; as b) {
          <p class="muted" data-testid="budget">{{ c.departmentName }} {{ b.year }} 年{{ b.category }}预算：额度 {{ yuan(b.amount) }} 元，已冻结 {{ yuan(b.reserved) }} 元，已支出 {{ yuan(b.spent) }} 元，可用 {{ yuan(b.remaining) }} 元</p>
        }
        <div class="actions" data-testid="actions">
          @if (can('edit')) { <a class="btn" [routerLink]="['/expenses/claims', c.id, 'edit']" data-testid="edit">修改</a> }
          @if (can('submit')) { <button class="btn primary" (click)="act('submit')" [disabled]="busy()" data-testid="submit">提交审批</button> }
          @if (can('withdraw')) { <button class="btn" (click)="act('withdraw')" [disabled]="busy()" data-testid="withdraw">撤回</button> }
        </div>
        @if (can('approve') || can('reject')) {
          <div class="box" data-testid="approve-box">
            <label>审批意见 <textarea class="input" rows="2" [(ngModel)]="opinion" name="opinion" data-testid="opinion"></textarea></label>
            <div class="actions">
              @if (can('approve')) { <button class="btn primary" (click)="decide('approve')" [disabled]="busy()" data-testid="approve">同意</button> }
              @if (can('reject')) { <button class="btn" (click)="decide('reject')" [disabled]="busy()" data-testid="reject">不同意</button> }
            </div>
          </div>
        }
        @if (can('pay')) {
          <form class="box pay" (ngSubmit)="pay()" data-testid="pay-form">
            <label>支付日期 <input class="input" type="date" [(ngModel)]="paidOn" name="paidOn" /></label>
            <label>支付方式 <select class="input" [(ngModel)]="method" name="method">@for (m of methods; track m) { <option [value]="m">{{ m }}</option> }</select></label>
            <label>凭证号 <input class="input" [(ngModel)]="voucherNo" name="voucherNo" data-testid="voucher" /></label>
            <button class="btn primary" type="submit" [disabled]="busy()" data-testid="pay">登记支付</button>
          </form>
        }
        @if (can('reverse')) {
          <form class="box" (ngSubmit)="reverse()" data-testid="reverse-form">
            <label>冲销原因 <input class="input" [(ngModel)]="reason" name="reason" /></label>
            <button class="btn" type="submit" [disabled]="busy()" data-testid="reverse">冲销支付</button>
          </form>
        }
      </section>
      @if (c.process; as p) {
        <section class="card" data-testid="process">
          <h3>审批进度</h3>
          <ol class="nodes">
            @for (n of nodesOf(p.nodes, p.status); track n.id) {
              <li [class]="n.state" data-testid="node"><b>{{ n.name }}</b> <span class="badge">{{ nodeState(n.state) }}</span>
                <span class="muted">{{ n.assignees }}</span></li>
            }
          </ol>
          <h3>办文日志</h3>
          <div class="table-wrap">
            <table class="grid" data-testid="log">
              <thead><tr><th>时间</th><th>环节</th><th>办理人</th><th>操作</th><th>意见</th></tr></thead>
              <tbody>
                @for (l of p.log; track $index) {
                  <tr><td>{{ time(l.at) }}</td><td>{{ l.nodeName }}</td><td>{{ l.actorName }}</td><td>{{ l.actionLabel }}</td><td>{{ l.opinion }}</td></tr>
                }
              </tbody>
            </table>
          </div>
        </section>
      }
    } @else if (!error()) { <div class="empty">正在加载…</div> }
  `,
  styles: `
    .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 6px 16px; margin: 0 0 10px; }
    .facts div { display: flex; gap: 8px; } .facts dt { color: var(--oa-muted, #666); white-space: nowrap; } .facts dd { margin: 0; overflow-wrap: anywhere; }
    .trip, .allowance { margin: 8px 0; padding: 8px 10px; border-radius: var(--oa-radius); background: #f3f7fc; }
    .allowance { background: #faf7f2; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--oa-border); }
    .num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr.over td, .over-flag { color: var(--oa-red); }
    .badge.ok { background: #e6f4ea; color: #2f8f5b; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 10px; }
    .box { margin-top: 12px; padding: 10px; border: 1px solid var(--oa-border); border-radius: var(--oa-radius); display: flex; flex-direction: column; gap: 8px; }
    .box label { display: flex; flex-direction: column; gap: 4px; }
    .pay { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); align-items: end; }
    .invoices { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 10px 0; }
    .linkish { background: none; border: 0; padding: 0; color: var(--oa-blue, #1f5fa8); cursor: pointer; text-decoration: underline; font: inherit; }
    .nodes { list-style: none; padding: 0; margin: 0 0 10px; display: flex; flex-direction: column; gap: 6px; }
    .nodes li { padding: 6px 10px; border-left: 3px solid var(--oa-border); }
    .nodes li.done { border-left-color: #2f8f5b; } .nodes li.current { border-left-color: var(--oa-red); background: #fff6f6; }
  `,
})
export class ClaimPage {
  private readonly api = inject(ExpensesApi);
  readonly id = input.required<string>();
  /** An error handed over by the form (saved, but not submitted). */
  readonly errorParam = input<string>('', { alias: 'error' });
  readonly c = signal<ClaimDetail | null>(null);
  readonly error = signal('');
  readonly busy = signal(false);
  readonly yuan = yuan;
  readonly methods = PAYMENT_METHODS;
  opinion = '';
  paidOn = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  method: string = '银行转账';
  voucherNo = '';
  reason = '';

  constructor() {
    effect(() => {
      const id = this.id();
      const err = this.errorParam();
      untracked(() => {
        this.error.set(err ?? '');
        void this.load(id);
      });
    });
  }

  can(a: ClaimAction): boolean {
    return this.c()?.allowedActions.includes(a) ?? false;
  }
  approvalLabel(a: string): string {
    return APPROVAL[a] ?? a;
  }
  nodeState(s: string): string {
    return NODE_STATE[s] ?? s;
  }
  time(iso: string | undefined): string {
    return formatTime(iso ?? '');
  }
  /** The approval nodes; once the process ended, a node it never reached reads 无需办理. */
  nodesOf(nodes: NonNullable<ClaimDetail['process']>['nodes'], status: string) {
    const ended = status !== 'running' && status !== 'returned';
    return nodes
      .filter((n) => n.kind === 'approval')
      .map((n) => ({
        id: n.id ?? '',
        name: n.name ?? '',
        state: ended && (n.state ?? 'pending') === 'pending' ? 'skipped' : (n.state ?? 'pending'),
        assignees: (n.assignees ?? []).map((a) => a.name).join('、'),
      }));
  }

  private async load(id: string): Promise<void> {
    try {
      this.c.set(await this.api.claim(id));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  private async run(f: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await f();
      await this.load(this.id());
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
  kb(size: number): string {
    return size < 1024 * 1024 ? `${Math.max(1, Math.round(size / 1024))} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
  }
  upload(ev: Event): Promise<void> {
    const input = ev.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return Promise.resolve();
    return this.run(() => this.api.uploadInvoice(this.id(), file));
  }
  async download(attachmentId: string, name: string): Promise<void> {
    try {
      saveBlob(await this.api.invoice(this.id(), attachmentId), name);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  act(a: 'submit' | 'withdraw'): Promise<void> {
    return this.run(() => this.api.act(this.id(), a));
  }
  decide(a: 'approve' | 'reject'): Promise<void> {
    const task = this.c()?.process?.task;
    if (!task?.taskId) return Promise.resolve();
    if (a === 'reject' && !this.opinion.trim()) {
      this.error.set('不同意时请填写审批意见');
      return Promise.resolve();
    }
    return this.run(() => this.api.task(task.taskId!, a, this.opinion.trim() || (a === 'approve' ? '同意' : '')));
  }
  pay(): Promise<void> {
    return this.run(() => this.api.act(this.id(), 'pay', { paidOn: this.paidOn, method: this.method, voucherNo: this.voucherNo }));
  }
  reverse(): Promise<void> {
    return this.run(() => this.api.act(this.id(), 'reverse', { reason: this.reason }));
  }
}
