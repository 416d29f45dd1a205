import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatDate } from '../../core/time';
import { AssetsApi, type Category, toFen, todayShanghai, yuan } from './assets-api.service';

interface PurchaseRow {
  id: string;
  title: string;
  estimated_total: number;
  total: number | null;
  status: string;
  requested_at: string;
}
interface PurchaseView {
  status: string;
  request: {
    purchaseId: string;
    title: string;
    budgetLine: string;
    fundingSource: string;
    estimatedTotal: number;
    items: {
      name: string;
      categoryCode: string;
      specification: string;
      quantity: number;
      measureUnit: string;
      estimatedUnitPrice: number;
    }[];
  };
  assetIds: string[];
  allowedActions: string[];
}
const STATUS: Record<string, string> = { approving: '审批中', approved: '已批准，待验收', rejected: '未通过', received: '已验收入账' };

/** 采购申请: the list and a new request (items, estimated prices, budget line) — it starts 采购审批 on the workflow engine. */
@Component({
  selector: 'oa-asset-purchases',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>采购申请</h2>
      <form class="grid2" (ngSubmit)="submit()" data-testid="purchase-form">
        <input class="input" name="title" [(ngModel)]="f.title" placeholder="采购事由" aria-label="采购事由" />
        <input class="input" name="budget" [(ngModel)]="f.budgetLine" placeholder="预算项目" aria-label="预算项目" />
        <input class="input" name="fund" [(ngModel)]="f.fundingSource" placeholder="经费来源" aria-label="经费来源" />
        <select class="input" name="cat" [(ngModel)]="item.categoryCode" aria-label="资产分类"><option value="">资产分类</option>@for (c of categories(); track c.code) { <option [value]="c.code">{{ c.name }}</option> }</select>
        <input class="input" name="iname" [(ngModel)]="item.name" placeholder="名称" aria-label="名称" />
        <input class="input" name="spec" [(ngModel)]="item.specification" placeholder="规格型号" aria-label="规格型号" />
        <input class="input" name="qty" type="number" min="1" [(ngModel)]="item.quantity" aria-label="数量" />
        <input class="input" name="mu" [(ngModel)]="item.measureUnit" placeholder="计量单位" aria-label="计量单位" />
        <input class="input" name="price" [(ngModel)]="item.price" placeholder="预估单价（元）" aria-label="预估单价" inputmode="decimal" />
        <span><button class="btn primary" type="submit">提交申请</button></span>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      <ul class="rows">
        @for (p of items(); track p.id) {
          <li><a [routerLink]="['/assets/purchases', p.id]">{{ p.title }}</a><span class="badge">{{ status(p.status) }}</span>
            <span class="muted">预估 ¥{{ yuan(p.estimated_total) }} · {{ date(p.requested_at) }}</span></li>
        }
      </ul>
    </section>
  `,
  styles: `
    .grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-bottom: 12px; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { display: flex; flex-wrap: wrap; gap: 6px 10px; padding: 8px 2px; border-bottom: 1px solid var(--oa-border); }
    @media (max-width: 640px) { .grid2 { grid-template-columns: 1fr; } }
  `,
})
export class PurchasesPage {
  private readonly api = inject(AssetsApi);
  private readonly router = inject(Router);
  readonly items = signal<PurchaseRow[]>([]);
  readonly categories = signal<Category[]>([]);
  readonly error = signal('');
  f = { title: '', budgetLine: `${todayShanghai().slice(0, 4)} 年办公设备购置`, fundingSource: '财政拨款' };
  item = { categoryCode: '', name: '', specification: '', quantity: 1, measureUnit: '台', price: '' };
  yuan = yuan;
  constructor() {
    void this.load();
    void this.api.categories().then(
      (r) => this.categories.set(r.items),
      () => undefined,
    );
  }
  status(s: string): string {
    return STATUS[s] ?? s;
  }
  date(d: string): string {
    return formatDate(d);
  }
  async load(): Promise<void> {
    try {
      this.items.set((await this.api.get<{ items: PurchaseRow[] }>('/api/assets/purchases')).items);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async submit(): Promise<void> {
    const price = toFen(this.item.price);
    if (!price) {
      this.error.set('预估单价须为大于 0、最多两位小数的金额（元）');
      return;
    }
    try {
      const { price: _p, ...it } = this.item;
      const r = await this.api.post('/api/assets/purchases', {
        ...this.f,
        items: [{ ...it, quantity: Number(it.quantity), estimatedUnitPrice: price }],
      });
      await this.router.navigate(['/assets/purchases', r.id]);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}

/** 采购申请详情 and 验收 (the 资产管理员 enters the actual unit prices; the cards are created). */
@Component({
  selector: 'oa-asset-purchase',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
    @if (p(); as p) {
      <section class="card">
        <h2>{{ p.request.title }} <span class="badge">{{ status(p.status) }}</span></h2>
        <p class="muted">预算项目：{{ p.request.budgetLine }} · 经费来源：{{ p.request.fundingSource }} · 预估合计 ¥{{ yuan(p.request.estimatedTotal) }}</p>
        <ul class="rows">@for (it of p.request.items; track $index) { <li>{{ it.name }} {{ it.specification }} × {{ it.quantity }} {{ it.measureUnit }}，预估单价 ¥{{ yuan(it.estimatedUnitPrice) }}</li> }</ul>
        @if (p.allowedActions.includes('receive')) {
          <form class="grid2" (ngSubmit)="receive(p)">
            <input class="input" name="sup" [(ngModel)]="r.supplier" placeholder="供应商" aria-label="供应商" />
            <label>验收日期 <input class="input" type="date" name="d" [(ngModel)]="r.acquisitionDate" /></label>
            @for (it of p.request.items; track $index) { <input class="input" [name]="'price' + $index" [(ngModel)]="prices[$index]" [placeholder]="it.name + ' 实际单价（元）'" inputmode="decimal" /> }
            <span><button class="btn primary" type="submit">验收入账</button></span>
          </form>
        }
        @if (p.assetIds.length) { <p>已生成资产卡片：@for (id of p.assetIds; track id) { <a [routerLink]="['/assets', id]">查看</a> } </p> }
      </section>
    }
  `,
  styles: `
    .grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-top: 10px; }
    .rows { margin: 0; padding-left: 18px; }
    .rows a, p a { margin-right: 8px; }
  `,
})
export class PurchasePage {
  private readonly api = inject(AssetsApi);
  readonly id = input.required<string>();
  readonly p = signal<PurchaseView | null>(null);
  readonly error = signal('');
  r = { supplier: '', acquisitionDate: todayShanghai() };
  prices: string[] = [];
  yuan = yuan;
  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }
  status(s: string): string {
    return STATUS[s] ?? s;
  }
  async load(id = this.id()): Promise<void> {
    try {
      this.p.set(await this.api.get<PurchaseView>(`/api/assets/purchases/${encodeURIComponent(id)}`));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async receive(p: PurchaseView): Promise<void> {
    const items = p.request.items.map((_, i) => ({ item: i, unitPrice: toFen(this.prices[i]) ?? 0 }));
    try {
      await this.api.post(`/api/assets/purchases/${encodeURIComponent(p.request.purchaseId)}/receive`, { ...this.r, items });
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
