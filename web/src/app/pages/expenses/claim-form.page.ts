import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import {
  CLAIM_KINDS,
  ExpensesApi,
  fenOf,
  yuan,
  type BudgetItem,
  type LineInput,
  type Preview,
  type TripItem,
} from './expenses-api.service';

interface LineRow {
  date: string;
  item: string;
  amountYuan: string;
  invoiceNo: string;
  city: string;
  nights: number | null;
  reason: string;
}

const HOTEL = '住宿费';
const ITEMS = ['城市间交通费', HOTEL, '会议室租金', '资料印刷费', '培训费', '工作餐', '办公用品', '其他'];
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const blankLine = (date = today()): LineRow => ({ date, item: '', amountYuan: '', invoiceNo: '', city: '', nights: null, reason: '' });

/**
 * 新建 / 修改报销单. A 差旅费 claim starts from an approved trip: the server computes 伙食补助费 and
 * 市内交通费 and each 住宿费 line's cap as you type (POST /allowance-preview, nothing saved); the
 * department's remaining budget for the category is shown beside the total.
 */
@Component({
  selector: 'oa-claim-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>{{ id() ? '修改报销单' : '新建报销' }}</h2>
      @if (error()) { <div class="alert" role="alert" data-testid="form-error">{{ error() }}</div> }
      <div class="grid2">
        <label>报销类别
          <select class="input" [(ngModel)]="kind" (ngModelChange)="kindChanged()" name="kind" [disabled]="!!id()" data-testid="kind">
            @for (k of kinds; track k) { <option [value]="k">{{ k }}</option> }
          </select>
        </label>
        @if (kind === '差旅费' && !id()) {
          <label>出差（已批准）
            <select class="input" [(ngModel)]="tripId" (ngModelChange)="tripChanged()" name="trip" data-testid="trip">
              <option value="">请选择出差</option>
              @for (t of claimable(); track t.tripId) { <option [value]="t.tripId">{{ t.startDate }} 至 {{ t.endDate }} {{ t.destinations.join('、') }}：{{ t.purpose }}</option> }
            </select>
          </label>
        }
        <label class="wide">事由 <input class="input" [(ngModel)]="title" name="title" maxlength="100" data-testid="title" /></label>
        <label>收款人 <input class="input" [(ngModel)]="payee" name="payee" data-testid="payee" /></label>
        <label>收款账号 <input class="input" [(ngModel)]="account" name="account" inputmode="numeric" data-testid="account" /></label>
      </div>
      @if (trip(); as t) {
        <div class="trip" data-testid="trip-info">出差人：{{ t.travellerName }}@if (t.companionNames.length) {，同行：{{ t.companionNames.join('、') }}}；{{ t.startDate }} 至 {{ t.endDate }}；{{ t.destinations.join('、') }}；{{ t.transport }}</div>
      }
      <h3>报销明细</h3>
      <datalist id="exp-items">@for (i of items; track i) { <option [value]="i"></option> }</datalist>
      <div class="lines">
        @for (l of lines(); track $index; let i = $index) {
          <div class="line" data-testid="line">
            <input class="input" type="date" [(ngModel)]="l.date" (ngModelChange)="changed()" [name]="'date' + i" aria-label="日期" />
            <input class="input" [(ngModel)]="l.item" (ngModelChange)="changed()" [name]="'item' + i" list="exp-items" placeholder="费用项目" aria-label="费用项目" data-testid="line-item" />
            <input class="input" [(ngModel)]="l.amountYuan" (ngModelChange)="changed()" [name]="'amt' + i" inputmode="decimal" placeholder="金额（元）" aria-label="金额" data-testid="line-amount" />
            <input class="input" [(ngModel)]="l.invoiceNo" [name]="'inv' + i" placeholder="发票号" aria-label="发票号" />
            @if (l.item === hotel) {
              <input class="input" [(ngModel)]="l.city" (ngModelChange)="changed()" [name]="'city' + i" placeholder="城市" aria-label="城市" data-testid="line-city" />
              <input class="input" type="number" min="1" [(ngModel)]="l.nights" (ngModelChange)="changed()" [name]="'n' + i" placeholder="晚数" aria-label="晚数" data-testid="line-nights" />
              <span class="cap" data-testid="line-cap" [class.over]="capOf(i)?.overCap">
                @if (capOf(i); as c) { 标准 {{ c.cap === null ? '无（城市不在标准表中）' : yuan(c.cap) + ' 元' }}@if (c.overCap) { · 超标准 } }
              </span>
              @if (capOf(i)?.overCap) { <input class="input reason" [(ngModel)]="l.reason" [name]="'r' + i" placeholder="超标准原因（必填，将由单位负责人审批）" aria-label="超标准原因" data-testid="line-reason" /> }
            }
            <button type="button" class="btn small" (click)="remove(i)" aria-label="删除此行">删除</button>
          </div>
        }
      </div>
      <button type="button" class="btn small" (click)="add()" data-testid="add-line">增加一行</button>
      @if (preview(); as p) {
        <div class="allowance" data-testid="allowance">
          <b>按标准计算的补助</b>（{{ p.days }} 天，{{ p.rank || '—' }}，住宿标准按“{{ p.gradeLabel }}”）：
          伙食补助费 <b data-testid="meals">{{ yuan(p.meals) }}</b> 元，市内交通费 <b data-testid="transport">{{ yuan(p.localTransport) }}</b> 元
        </div>
      }
      <div class="sum">
        <span>报销合计 <b data-testid="total">{{ yuan(total()) }}</b> 元</span>
        @if (budget(); as b) {
          <span data-testid="budget" [class.over]="total() > b.remaining">本部门{{ kind }}预算可用 {{ yuan(b.remaining) }} 元（额度 {{ yuan(b.amount) }}，已冻结 {{ yuan(b.reserved) }}，已支出 {{ yuan(b.spent) }}）
            @if (total() > b.remaining) { ，本次报销超出预算 }</span>
        } @else if (budgetLoaded()) { <span class="over" data-testid="budget">本部门本年度未设{{ kind }}预算，提交将被拒绝</span> }
      </div>
      <div class="actions">
        <button type="button" class="btn" (click)="save(false)" [disabled]="busy()" data-testid="save">保存草稿</button>
        <button type="button" class="btn primary" (click)="save(true)" [disabled]="busy()" data-testid="save-submit">保存并提交审批</button>
        <a class="btn" routerLink="/expenses/ledger">取消</a>
      </div>
    </section>
  `,
  styles: `
    .grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; }
    .grid2 label { display: flex; flex-direction: column; gap: 4px; }
    .wide { grid-column: 1 / -1; }
    .trip { margin: 10px 0; padding: 8px 10px; background: #f3f7fc; border-radius: var(--oa-radius); }
    .lines { display: flex; flex-direction: column; gap: 8px; margin-bottom: 8px; }
    .line { display: grid; grid-template-columns: 150px 1.2fr 120px 1fr 100px 80px auto auto; gap: 6px; align-items: center; }
    .line .reason { grid-column: 1 / -1; }
    .cap { font-size: 13px; color: var(--oa-text); white-space: nowrap; }
    .over { color: var(--oa-red); }
    .allowance { margin: 10px 0; padding: 8px 10px; background: #faf7f2; border-radius: var(--oa-radius); }
    .sum { display: flex; flex-wrap: wrap; gap: 8px 20px; margin: 10px 0; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
    @media (max-width: 760px) {
      .line { grid-template-columns: 1fr 1fr; padding-bottom: 8px; border-bottom: 1px dashed var(--oa-border); }
      .cap { white-space: normal; }
    }
  `,
})
export class ClaimFormPage {
  private readonly api = inject(ExpensesApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  /** Route param: editing an existing draft. */
  readonly id = input<string>();
  readonly kinds = CLAIM_KINDS;
  readonly items = ITEMS;
  readonly hotel = HOTEL;
  readonly yuan = yuan;
  kind: string = '差旅费';
  tripId = '';
  title = '';
  payee = '';
  account = '';
  readonly trips = signal<TripItem[]>([]);
  readonly claimable = computed(() => this.trips().filter((t) => !t.claimId));
  readonly trip = signal<TripItem | null>(null);
  readonly lines = signal<LineRow[]>([blankLine()]);
  readonly preview = signal<Preview | null>(null);
  readonly budget = signal<BudgetItem | null>(null);
  readonly budgetLoaded = signal(false);
  readonly error = signal('');
  readonly busy = signal(false);
  private readonly version = signal(0);
  private timer: ReturnType<typeof setTimeout> | null = null;

  readonly total = computed(() => {
    this.version();
    const typed = this.lines().reduce((a, l) => a + (Number.isNaN(fenOf(l.amountYuan)) ? 0 : fenOf(l.amountYuan) || 0), 0);
    const p = this.preview();
    return typed + (p ? p.meals + p.localTransport : 0);
  });

  constructor() {
    this.payee = this.auth.me()?.name ?? '';
    void this.init();
  }

  private async init(): Promise<void> {
    try {
      const id = this.id();
      if (id) {
        const c = await this.api.claim(id);
        this.kind = c.kind;
        this.title = c.title;
        this.payee = c.payee;
        this.account = c.account;
        if (c.trip) {
          this.tripId = c.trip.tripId;
          this.trip.set({ ...c.trip, claimId: c.id });
        }
        this.lines.set(
          c.lines
            .filter((l) => l.source !== 'allowance')
            .map((l) => ({
              date: l.date,
              item: l.item,
              amountYuan: String(l.amount / 100),
              invoiceNo: l.invoiceNo,
              city: l.city ?? '',
              nights: l.nights,
              reason: l.reason ?? '',
            })),
        );
      } else {
        const t = await this.api.trips();
        this.trips.set(t.items);
      }
      await this.loadBudget();
      this.changed();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  capOf(i: number) {
    this.version();
    return this.preview()?.hotels.find((h) => h.line === i) ?? null;
  }

  kindChanged(): void {
    if (this.kind !== '差旅费') {
      this.tripId = '';
      this.trip.set(null);
      this.preview.set(null);
    }
    void this.loadBudget();
    this.changed();
  }
  tripChanged(): void {
    const t = this.trips().find((x) => x.tripId === this.tripId) ?? null;
    this.trip.set(t);
    if (t && !this.title) this.title = `${t.purpose}差旅费`;
    if (t) this.lines.set(this.lines().map((l) => (l.date === today() && !l.item ? { ...l, date: t.startDate } : l)));
    this.changed();
  }
  add(): void {
    this.lines.set([...this.lines(), blankLine(this.trip()?.startDate ?? today())]);
  }
  remove(i: number): void {
    this.lines.set(this.lines().filter((_, k) => k !== i));
    this.changed();
  }

  private async loadBudget(): Promise<void> {
    try {
      const r = await this.api.myBudget(this.kind);
      this.budget.set(r.items[0] ?? null);
      this.budgetLoaded.set(true);
    } catch {
      this.budget.set(null);
    }
  }

  /** The lines as the API takes them (whole fen); the empty trailing rows are left out. */
  private payload(): LineInput[] {
    return this.lines()
      .filter((l) => l.item.trim() || l.amountYuan.trim())
      .map((l) => ({
        date: l.date,
        item: l.item.trim(),
        amount: fenOf(l.amountYuan),
        ...(l.invoiceNo.trim() ? { invoiceNo: l.invoiceNo.trim() } : {}),
        ...(l.item.trim() === HOTEL ? { city: l.city.trim(), nights: Number(l.nights) || 0 } : {}),
        ...(l.reason.trim() ? { reason: l.reason.trim() } : {}),
      }));
  }

  /** Something changed: recompute the allowance and caps (debounced) and the total. */
  changed(): void {
    this.version.update((v) => v + 1);
    if (this.timer) clearTimeout(this.timer);
    const tripId = this.trip()?.tripId;
    if (!tripId) return;
    this.timer = setTimeout(async () => {
      try {
        const lines = this.payload().filter((l) => l.amount > 0 && (l.item !== HOTEL || (l.city && l.nights)));
        this.preview.set(
          await this.api.preview(
            tripId,
            lines.map((l) => ({ ...l })),
          ),
        );
        // preview lines are indexed in the filtered list: map back to the form's rows
        const p = this.preview();
        if (p) {
          const idx = this.lines()
            .map((l, i) => ({ l, i }))
            .filter(
              ({ l }) =>
                (l.item.trim() || l.amountYuan.trim()) &&
                fenOf(l.amountYuan) > 0 &&
                (l.item.trim() !== HOTEL || (l.city.trim() && Number(l.nights))),
            )
            .map(({ i }) => i);
          this.preview.set({ ...p, hotels: p.hotels.map((h) => ({ ...h, line: idx[h.line] })) });
        }
        this.version.update((v) => v + 1);
      } catch {
        /* the save answers with the reason */
      }
    }, 250);
  }

  async save(submit: boolean): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      const body = { title: this.title, payee: this.payee, account: this.account, lines: this.payload() };
      let id = this.id();
      if (id) await this.api.revise(id, body);
      else {
        if (this.kind === '差旅费' && !this.tripId) throw new Error('请选择已批准的出差');
        id = (await this.api.draft({ ...body, kind: this.kind, ...(this.tripId ? { tripId: this.tripId } : {}) })).id;
      }
      if (submit) {
        try {
          await this.api.act(id, 'submit');
        } catch (e) {
          // saved as a draft; show why it was not submitted on the claim page
          await this.router.navigate(['/expenses/claims', id], { queryParams: { error: problemMessage(e) } });
          return;
        }
      }
      await this.router.navigate(['/expenses/claims', id]);
    } catch (e) {
      this.error.set(e instanceof Error && !('status' in e) ? e.message : problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
