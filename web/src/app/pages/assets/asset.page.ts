import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage } from '../../core/problem';
import { formatDate, formatTime } from '../../core/time';
import { DocumentsApi, type DepartmentOption, type UnitOption, type UserOption } from '../documents/documents-api.service';
import { AssetsApi, EVENT_LABELS, type AssetAction, type AssetView, type Category, toFen, todayShanghai, yuan } from './assets-api.service';

const ACTION_LABELS: Record<AssetAction, string> = {
  issue: '领用',
  return: '归还入库',
  lend: '借出',
  returnLoan: '借用归还',
  repair: '报修',
  completeRepair: '维修完成',
  changeCategory: '分类变更',
  transfer: '转移',
  handOver: '确认移交',
  accept: '确认接收',
  dispose: '申请处置',
  completeDisposal: '处置办结',
};
const DISPOSAL_METHODS = ['报废', '出售', '出让', '转让', '对外捐赠', '无偿调拨', '置换', '报损', '盘亏核销'];

/**
 * 资产卡片 (the page a label's QR code opens): the card, custody, value today and at any date, repairs,
 * open transfer/disposal, and the whole history as a timeline (who, on behalf of whom, what, when).
 * Buttons are exactly the server's allowedActions.
 */
@Component({
  selector: 'oa-asset',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    @if (error() && !a()) { <div class="alert" role="alert" data-testid="error">{{ error() }}</div> }
    @if (a(); as a) {
      <section class="card">
        <h2><span data-testid="asset-title">{{ a.card.name }} <span class="muted">{{ a.card.specification }}</span></span>
          <span class="badge" [class.soon]="a.inTransit" data-testid="asset-status">{{ a.statusLabel }}</span></h2>
        <dl class="kv">
          <dt>资产编号</dt><dd data-testid="asset-no">{{ a.assetNo }}</dd>
          <dt>分类</dt><dd>{{ a.category.code }} {{ a.category.name }}（{{ a.category.usefulLifeMonths / 12 }} 年）</dd>
          <dt>所属单位</dt><dd>{{ a.custody.unitName }}</dd>
          <dt>使用部门</dt><dd>{{ a.custody.departmentName || '（在库）' }}</dd>
          <dt>保管人</dt><dd data-testid="custodian">{{ a.custody.custodianName || '—' }}</dd>
          <dt>存放地点</dt><dd>{{ a.card.location || '—' }}</dd>
          <dt>数量</dt><dd>{{ a.card.quantity }} {{ a.card.measureUnit }}</dd>
          <dt>序列号</dt><dd>{{ a.card.serialNumber || '—' }}</dd>
          <dt>取得日期</dt><dd>{{ date(a.card.acquisitionDate) }}</dd>
          <dt>经费来源</dt><dd>{{ a.card.fundingSource }}</dd>
          <dt>供应商</dt><dd>{{ a.card.supplier || '—' }}</dd>
          <dt>保修截止</dt><dd>{{ a.card.warrantyEnd ? date(a.card.warrantyEnd) : '—' }}</dd>
        </dl>
        <div class="values">
          <div><span class="muted">原值</span><b>¥{{ yuan(a.value.originalValue || a.card.originalValue) }}</b></div>
          <div><span class="muted">累计折旧</span><b>¥{{ yuan(a.value.accumulatedDepreciation) }}</b></div>
          <div><span class="muted">净值（{{ date(a.valueDate) }}）</span><b data-testid="net-value">¥{{ yuan(a.value.netValue) }}</b></div>
        </div>
        <form class="at" (ngSubmit)="valueAt()">
          <label>查看任一日期的价值 <input class="input" type="date" name="d" [(ngModel)]="atDate" aria-label="日期" /></label>
          <button class="btn small" type="submit">计算</button>
          @if (atValue()) { <span data-testid="value-at">净值 ¥{{ yuan(atValue()!.netValue) }}，累计折旧 ¥{{ yuan(atValue()!.accumulatedDepreciation) }}{{ atValue()!.onBooks ? '' : '（不在账）' }}</span> }
        </form>
        @if (a.loan) { <div class="alert ok">借用人：{{ a.loan.borrowerName }}，应于 {{ date(a.loan.dueDate) }} 归还</div> }
        @if (a.transfer) { <div class="alert ok" data-testid="transfer-note">转移至 {{ a.transfer.toUnitName }} {{ a.transfer.toDepartmentName }}：
          {{ a.transfer.stage === 'approving' ? '审批中' : a.transfer.handedOver ? '已移交，待 ' + (a.transfer.receiverName || '') + ' 确认接收' : '在途，待 ' + (a.transfer.giverName || '') + ' 确认移交' }}</div> }
        @if (a.disposal) { <div class="alert ok">处置（{{ a.disposal.method }}）：{{ a.disposal.stage === 'approving' ? '审批中' : '已批准，待办结' }}{{ a.disposal.level === 'finance' ? '（须财政批复文号）' : '' }}</div> }
        @if (a.allowedActions.length) {
          <div class="actions" data-testid="actions">
            @for (x of a.allowedActions; track x) { <button type="button" class="btn" [class.primary]="x === 'accept' || x === 'handOver'" (click)="open(x)" [attr.data-testid]="'act-' + x">{{ label(x) }}</button> }
          </div>
        }
        @if (error()) { <div class="alert" role="alert" data-testid="error">{{ error() }}</div> }
        @if (form(); as x) {
          <form class="act" (ngSubmit)="submit(x)" data-testid="action-form">
            <h3>{{ label(x) }}</h3>
            @switch (x) {
              @case ('issue') {
                <select class="input" name="dept" [(ngModel)]="v.departmentId" (ngModelChange)="loadUsers(a.custody.unitId)" aria-label="使用部门"><option value="">使用部门</option>@for (d of departments(); track d.id) { <option [value]="d.id">{{ d.name }}</option> }</select>
                <select class="input" name="cust" [(ngModel)]="v.custodianId" aria-label="保管人"><option value="">保管人</option>@for (u of users(); track u.id) { <option [value]="u.id">{{ u.name }}（{{ u.departmentName }}）</option> }</select>
              }
              @case ('lend') {
                <select class="input" name="b" [(ngModel)]="v.borrowerId" aria-label="借用人"><option value="">借用人</option>@for (u of users(); track u.id) { <option [value]="u.id">{{ u.name }}（{{ u.departmentName }}）</option> }</select>
                <label>归还日期 <input class="input" type="date" name="due" [(ngModel)]="v.dueDate" /></label>
              }
              @case ('repair') { <textarea class="input" name="fault" [(ngModel)]="v.fault" placeholder="故障描述" aria-label="故障描述"></textarea> }
              @case ('completeRepair') {
                <input class="input" name="vendor" [(ngModel)]="v.vendor" placeholder="维修单位" aria-label="维修单位" />
                <input class="input" name="cost" [(ngModel)]="v.cost" placeholder="维修费用（元）" aria-label="维修费用" inputmode="decimal" />
                <select class="input" name="outcome" [(ngModel)]="v.outcome" aria-label="维修结果"><option value="repaired">已修复</option><option value="unrepairable">无法修复</option></select>
              }
              @case ('changeCategory') {
                <select class="input" name="cat" [(ngModel)]="v.categoryCode" aria-label="新分类"><option value="">新分类</option>@for (c of categories(); track c.code) { <option [value]="c.code">{{ c.code }} {{ c.name }}</option> }</select>
                <label>生效日期 <input class="input" type="date" name="eff" [(ngModel)]="v.effectiveDate" /></label>
              }
              @case ('transfer') {
                <select class="input" name="tu" [(ngModel)]="v.toUnitId" (ngModelChange)="loadDepartments($event); loadUsers($event)" aria-label="接收单位"><option value="">接收单位</option>@for (u of units(); track u.id) { <option [value]="u.id">{{ u.name }}</option> }</select>
                <select class="input" name="td" [(ngModel)]="v.toDepartmentId" aria-label="接收部门"><option value="">接收部门</option>@for (d of departments(); track d.id) { <option [value]="d.id">{{ d.name }}</option> }</select>
                <select class="input" name="tc" [(ngModel)]="v.toCustodianId" aria-label="接收保管人"><option value="">接收保管人（可空：由对方资产管理员接收）</option>@for (u of users(); track u.id) { <option [value]="u.id">{{ u.name }}（{{ u.departmentName }}）</option> }</select>
                <input class="input" name="reason" [(ngModel)]="v.reason" placeholder="转移原因" aria-label="转移原因" />
              }
              @case ('dispose') {
                <select class="input" name="m" [(ngModel)]="v.method" aria-label="处置方式">@for (m of methods; track m) { <option [value]="m">{{ m }}</option> }</select>
                <input class="input" name="reason" [(ngModel)]="v.reason" placeholder="处置原因" aria-label="处置原因" />
              }
              @case ('completeDisposal') {
                <input class="input" name="pr" [(ngModel)]="v.proceeds" placeholder="处置收入（元）" aria-label="处置收入" inputmode="decimal" />
                <input class="input" name="ref" [(ngModel)]="v.approvalRef" placeholder="财政批复文号（原值 50 万元及以上必填）" aria-label="批复文号" />
              }
              @default { <p class="muted">确认{{ label(x) }}？</p> }
            }
            <span class="fbtns"><button class="btn primary" type="submit" [disabled]="busy()" data-testid="confirm">确定</button><button class="btn" type="button" (click)="form.set(null)">取消</button></span>
          </form>
        }
      </section>
      @if (a.repairs.length) {
        <section class="card"><h2>维修记录</h2>
          <ul class="plain">@for (r of a.repairs; track r.repairId) { <li>{{ r.fault }} — {{ r.open ? '维修中' : (r.outcome === 'repaired' ? '已修复' : '无法修复') + '，' + r.vendor + '，¥' + yuan(r.cost) }}</li> }</ul>
        </section>
      }
      <section class="card"><h2>历史记录</h2>
        <ol class="timeline" data-testid="timeline">
          @for (e of timeline(); track $index) {
            <li><span class="when muted">{{ time(e.at) }}</span><b>{{ e.label }}</b><span>{{ e.actorName }}{{ e.onBehalfOfName ? '（代 ' + e.onBehalfOfName + '）' : '' }}</span></li>
          }
        </ol>
      </section>
    }
  `,
  styles: `
    .kv { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 6px 14px; margin: 0 0 12px; }
    .kv dt { color: var(--oa-muted, #666); }
    .kv dd { margin: 0; overflow-wrap: anywhere; }
    .values { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
    .values div { display: flex; flex-direction: column; padding: 8px 12px; border: 1px solid var(--oa-border); border-radius: var(--oa-radius); min-width: 120px; }
    .at { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 10px; }
    .act { display: grid; gap: 8px; margin-top: 10px; padding: 10px; border: 1px dashed var(--oa-border); border-radius: var(--oa-radius); }
    .act h3 { margin: 0; font-size: 15px; }
    .fbtns { display: flex; gap: 6px; }
    .plain { margin: 0; padding-left: 18px; }
    .timeline { list-style: none; margin: 0; padding: 0; }
    .timeline li { display: flex; gap: 10px; flex-wrap: wrap; padding: 6px 0; border-bottom: 1px solid var(--oa-border); }
    .when { min-width: 140px; }
    @media (max-width: 640px) { .kv { grid-template-columns: max-content 1fr; } }
  `,
})
export class AssetPage {
  private readonly api = inject(AssetsApi);
  private readonly org = inject(DocumentsApi);
  readonly id = input.required<string>();
  readonly a = signal<AssetView | null>(null);
  readonly error = signal('');
  readonly busy = signal(false);
  readonly form = signal<AssetAction | null>(null);
  readonly atValue = signal<{ netValue: number; accumulatedDepreciation: number; onBooks: boolean } | null>(null);
  readonly units = signal<UnitOption[]>([]);
  readonly departments = signal<DepartmentOption[]>([]);
  readonly users = signal<UserOption[]>([]);
  readonly categories = signal<Category[]>([]);
  readonly methods = DISPOSAL_METHODS;
  atDate = todayShanghai();
  v: Record<string, string> = {};
  readonly timeline = computed(() =>
    [...(this.a()?.timeline ?? [])].reverse().map((e) => ({ ...e, label: EVENT_LABELS[e.type] ?? e.type })),
  );
  yuan = yuan;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }
  label(x: AssetAction): string {
    return ACTION_LABELS[x];
  }
  date(d: string): string {
    return formatDate(d);
  }
  time(d: string): string {
    return formatTime(d);
  }
  async load(id = this.id()): Promise<void> {
    try {
      this.a.set(await this.api.asset(id));
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async valueAt(): Promise<void> {
    try {
      this.atValue.set(await this.api.value(this.id(), this.atDate));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async loadDepartments(unitId: string): Promise<void> {
    this.departments.set(unitId ? await this.org.departments(unitId) : []);
  }
  async loadUsers(unitId: string): Promise<void> {
    if (unitId && !this.users().length) this.users.set(await this.org.users(unitId));
  }
  open(x: AssetAction): void {
    const a = this.a()!;
    this.v = { dueDate: '', method: '报废', outcome: 'repaired', effectiveDate: todayShanghai() };
    this.error.set('');
    this.form.set(x);
    if (x === 'issue') {
      void this.loadDepartments(a.custody.unitId);
      void this.loadUsers(a.custody.unitId);
    }
    if (x === 'lend') void this.loadUsers(a.custody.unitId);
    if (x === 'transfer') {
      this.users.set([]);
      void this.org.units().then((u) => this.units.set(u));
    }
    if (x === 'changeCategory') void this.api.categories().then((r) => this.categories.set(r.items));
    if (x === 'handOver' || x === 'accept' || x === 'return' || x === 'returnLoan') void this.submit(x);
  }
  async submit(x: AssetAction): Promise<void> {
    const a = this.a()!;
    const base = `/api/assets/${encodeURIComponent(a.id)}`;
    const v = this.v;
    const fen = (s: string, field: string) => {
      const n = toFen(s || '0');
      if (n === null) throw new Error(`${field}须为最多两位小数的金额（元）`);
      return n;
    };
    this.busy.set(true);
    this.error.set('');
    try {
      switch (x) {
        case 'issue':
          await this.api.post(`${base}/issue`, { departmentId: v['departmentId'], custodianId: v['custodianId'] });
          break;
        case 'return':
          await this.api.post(`${base}/return`);
          break;
        case 'lend':
          await this.api.post(`${base}/lend`, { borrowerId: v['borrowerId'], dueDate: v['dueDate'] });
          break;
        case 'returnLoan':
          await this.api.post(`${base}/return-loan`);
          break;
        case 'repair':
          await this.api.post(`${base}/repairs`, { fault: v['fault'] ?? '' });
          break;
        case 'completeRepair': {
          const r = a.repairs.find((y) => y.open)!;
          await this.api.post(`${base}/repairs/${r.repairId}/complete`, {
            vendor: v['vendor'] ?? '',
            cost: fen(v['cost'] ?? '', '维修费用'),
            outcome: v['outcome'],
          });
          break;
        }
        case 'changeCategory':
          await this.api.post(`${base}/category`, { categoryCode: v['categoryCode'], effectiveDate: v['effectiveDate'] });
          break;
        case 'transfer':
          await this.api.post(`${base}/transfer`, {
            toUnitId: v['toUnitId'],
            toDepartmentId: v['toDepartmentId'],
            toCustodianId: v['toCustodianId'] || undefined,
            reason: v['reason'] ?? '',
          });
          break;
        case 'handOver':
          await this.api.post(`${base}/transfer/hand-over`, { transferId: a.transfer!.transferId });
          break;
        case 'accept':
          await this.api.post(`${base}/transfer/accept`, { transferId: a.transfer!.transferId });
          break;
        case 'dispose':
          await this.api.post(`${base}/disposal`, { method: v['method'], reason: v['reason'] ?? '' });
          break;
        case 'completeDisposal':
          await this.api.post(`${base}/disposal/complete`, {
            disposalId: a.disposal!.disposalId,
            proceeds: fen(v['proceeds'] ?? '', '处置收入'),
            approvalRef: v['approvalRef'] || undefined,
          });
          break;
      }
      this.form.set(null);
      await this.load();
    } catch (e) {
      this.error.set(e instanceof Error && !('status' in e) ? e.message : problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
