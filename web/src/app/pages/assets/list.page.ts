import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage, toProblem } from '../../core/problem';
import { formatDate } from '../../core/time';
import { saveBlob } from '../documents/documents-api.service';
import {
  AssetsApi,
  type AssetFilter,
  type AssetRow,
  type Category,
  emptyAssetFilter,
  toFen,
  todayShanghai,
  yuan,
} from './assets-api.service';

const PAGE_SIZE = 20;

/**
 * 资产台账: search (card fields, status, date range), pagination, Excel export; for the 资产管理员 also
 * 录入 (one card), 批量录入 from the Excel template (row errors listed, nothing half-imported) and the
 * labels PDF of the selected rows. On a phone the rows become cards.
 */
@Component({
  selector: 'oa-asset-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>资产台账
        <span class="tools">
          @if (isAdmin()) {
            <button type="button" class="btn small primary" (click)="showNew.set(!showNew())" data-testid="new-asset">录入</button>
            <button type="button" class="btn small" (click)="template()">下载导入模板</button>
            <label class="btn small file">批量导入<input type="file" accept=".xlsx" (change)="upload($event)" data-testid="import-file" hidden /></label>
            <button type="button" class="btn small" (click)="labels()" [disabled]="busy()" data-testid="labels">打印标签{{ selected().size ? '（' + selected().size + '）' : '' }}</button>
          }
          <button type="button" class="btn small" (click)="export()" [disabled]="busy()" data-testid="export">导出 Excel</button>
        </span>
      </h2>
      @if (showNew()) {
        <form class="newform" (ngSubmit)="register()" data-testid="new-form">
          <select class="input" name="cat" [(ngModel)]="n.categoryCode" aria-label="资产分类" required>
            <option value="">资产分类</option>
            @for (c of categories(); track c.code) { <option [value]="c.code">{{ c.code }} {{ c.name }}</option> }
          </select>
          <input class="input" name="name" [(ngModel)]="n.name" placeholder="资产名称" aria-label="资产名称" />
          <input class="input" name="spec" [(ngModel)]="n.specification" placeholder="规格型号" aria-label="规格型号" />
          <input class="input" name="sn" [(ngModel)]="n.serialNumber" placeholder="序列号" aria-label="序列号" />
          <input class="input" name="qty" [(ngModel)]="n.quantity" type="number" min="1" placeholder="数量" aria-label="数量" />
          <input class="input" name="mu" [(ngModel)]="n.measureUnit" placeholder="计量单位（台、张…）" aria-label="计量单位" />
          <input class="input" name="ov" [(ngModel)]="n.originalValue" placeholder="原值（元）" aria-label="原值（元）" inputmode="decimal" />
          <label class="range">取得日期 <input class="input" type="date" name="ad" [(ngModel)]="n.acquisitionDate" aria-label="取得日期" /></label>
          <input class="input" name="fs" [(ngModel)]="n.fundingSource" placeholder="经费来源" aria-label="经费来源" />
          <input class="input" name="sup" [(ngModel)]="n.supplier" placeholder="供应商" aria-label="供应商" />
          <input class="input" name="loc" [(ngModel)]="n.location" placeholder="存放地点" aria-label="存放地点" />
          <span class="fbtns"><button class="btn primary" type="submit" data-testid="save-asset">保存</button><button class="btn" type="button" (click)="showNew.set(false)">取消</button></span>
        </form>
      }
      <form class="filters" (ngSubmit)="search()" data-testid="filters">
        <input class="input q" name="q" [(ngModel)]="f.q" placeholder="资产编号、名称、规格、序列号、地点" aria-label="关键词" data-testid="q" />
        <select class="input" name="status" [(ngModel)]="f.status" aria-label="状态">
          <option value="valid">有效资产</option><option value="">全部</option><option value="in_use">在用</option><option value="in_stock">在库</option>
          <option value="lent">借出</option><option value="in_transit">在途</option><option value="disposed">已退出</option>
        </select>
        <select class="input" name="cat" [(ngModel)]="f.categoryCode" aria-label="分类"><option value="">全部分类</option>
          @for (c of categories(); track c.code) { <option [value]="c.code">{{ c.name }}</option> }</select>
        <label class="range">取得自 <input class="input" type="date" name="from" [(ngModel)]="f.from" aria-label="开始日期" /></label>
        <label class="range">至 <input class="input" type="date" name="to" [(ngModel)]="f.to" aria-label="结束日期" /></label>
        <span class="fbtns"><button class="btn" type="submit" data-testid="search">查询</button><button class="btn" type="button" (click)="reset()">重置</button></span>
      </form>
      @if (message()) { <div class="alert ok" role="status" data-testid="message">{{ message() }}</div> }
      @if (error()) { <div class="alert" role="alert" data-testid="error">{{ error() }}
        @if (rowErrors().length) { <ul class="rowerr" data-testid="row-errors">@for (e of rowErrors(); track $index) { <li>{{ e }}</li> }</ul> }
      </div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else if (!items().length) { <div class="empty" data-testid="empty">没有符合条件的资产</div> }
      @else {
        <div class="table-wrap">
          <table class="grid" data-testid="results">
            <thead><tr>@if (isAdmin()) { <th></th> }<th>资产编号</th><th>名称</th><th>规格型号</th><th>分类</th><th>使用部门</th><th>保管人</th><th>存放地点</th><th class="num">原值（元）</th><th>取得日期</th><th>状态</th></tr></thead>
            <tbody>
              @for (r of items(); track r.id) {
                <tr>
                  @if (isAdmin()) { <td><input type="checkbox" [checked]="selected().has(r.id)" (change)="toggle(r.id)" [attr.aria-label]="'选择 ' + r.assetNo" /></td> }
                  <td><a [routerLink]="['/assets', r.id]">{{ r.assetNo }}</a></td><td>{{ r.name }}</td><td>{{ r.specification || '—' }}</td><td>{{ r.categoryName }}</td>
                  <td>{{ r.departmentName || '（在库）' }}</td><td>{{ r.custodianName || '—' }}</td><td>{{ r.location || '—' }}</td>
                  <td class="num">{{ yuan(r.originalValue) }}</td><td>{{ date(r.acquisitionDate) }}</td><td><span class="badge" [class.soon]="r.inTransit">{{ r.statusLabel }}</span></td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <ul class="cards" data-testid="asset-cards">
          @for (r of items(); track r.id) {
            <li class="a-card">
              <a class="c-title" [routerLink]="['/assets', r.id]">{{ r.name }} <span class="muted">{{ r.specification }}</span></a>
              <div class="c-meta"><span>{{ r.assetNo }}</span><span class="badge" [class.soon]="r.inTransit">{{ r.statusLabel }}</span><span class="c-right">¥{{ yuan(r.originalValue) }}</span></div>
              <div class="c-sub muted">{{ r.departmentName || '在库' }} · {{ r.custodianName || '无保管人' }} · {{ r.location || '—' }}</div>
            </li>
          }
        </ul>
        <div class="pager">
          <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
          <span class="muted" data-testid="pager">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }} 条</span>
          <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
        </div>
      }
    </section>
  `,
  styles: `
    .tools { display: flex; gap: 6px; flex-wrap: wrap; }
    .file { cursor: pointer; }
    .filters, .newform { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-bottom: 12px; align-items: center; }
    .newform { padding: 10px; border: 1px dashed var(--oa-border); border-radius: var(--oa-radius); }
    .q { grid-column: 1 / -1; }
    .range { display: flex; gap: 4px; align-items: center; white-space: nowrap; }
    .fbtns { display: flex; gap: 6px; flex-wrap: wrap; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .num { text-align: right !important; }
    .rowerr { margin: 6px 0 0; padding-left: 18px; }
    .cards { display: none; list-style: none; margin: 0; padding: 0; }
    .a-card { border-bottom: 1px solid var(--oa-border); padding: 10px 2px; }
    .c-title { display: block; font-weight: 600; overflow-wrap: anywhere; }
    .c-meta { display: flex; flex-wrap: wrap; gap: 6px 8px; margin-top: 6px; font-size: 13px; align-items: center; }
    .c-right { margin-left: auto; }
    .c-sub { font-size: 13px; margin-top: 4px; overflow-wrap: anywhere; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
    @media (max-width: 640px) {
      .table-wrap { display: none; }
      .cards { display: block; }
      .filters, .newform { grid-template-columns: 1fr; }
      .range input { flex: 1; min-width: 0; }
    }
  `,
})
export class AssetListPage {
  private readonly api = inject(AssetsApi);
  private readonly auth = inject(AuthService);
  readonly items = signal<AssetRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly busy = signal(false);
  readonly error = signal('');
  readonly rowErrors = signal<string[]>([]);
  readonly message = signal('');
  readonly showNew = signal(false);
  readonly categories = signal<Category[]>([]);
  readonly selected = signal(new Set<string>());
  readonly isAdmin = computed(() => this.auth.can(['asset.admin']));
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));
  f: AssetFilter = emptyAssetFilter();
  private applied: AssetFilter = emptyAssetFilter();
  n = this.blank();

  constructor() {
    void this.load();
    void this.api.categories().then(
      (r) => this.categories.set(r.items),
      () => undefined,
    );
  }

  private blank() {
    return {
      categoryCode: '',
      name: '',
      specification: '',
      serialNumber: '',
      quantity: 1,
      measureUnit: '台',
      originalValue: '',
      acquisitionDate: todayShanghai(),
      fundingSource: '财政拨款',
      supplier: '',
      location: '',
    };
  }
  yuan = yuan;
  date(d: string): string {
    return formatDate(d);
  }
  toggle(id: string): void {
    const s = new Set(this.selected());
    if (s.has(id)) s.delete(id);
    else s.add(id);
    this.selected.set(s);
  }
  search(): void {
    if (this.f.from && this.f.to && this.f.from > this.f.to) {
      this.error.set('开始日期不能晚于结束日期');
      return;
    }
    this.applied = { ...this.f };
    this.page.set(1);
    void this.load();
  }
  reset(): void {
    this.f = emptyAssetFilter();
    this.search();
  }
  go(p: number): void {
    this.page.set(Math.min(Math.max(1, p), this.pages()));
    void this.load();
  }
  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set('');
    this.rowErrors.set([]);
    try {
      const r = await this.api.list(this.applied, this.page(), PAGE_SIZE);
      this.items.set(r.items);
      this.total.set(r.total);
    } catch (e) {
      this.items.set([]);
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }
  private async run(f: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.message.set('');
    this.rowErrors.set([]);
    try {
      await f();
    } catch (e) {
      const p = toProblem(e);
      this.error.set(problemMessage(e));
      this.rowErrors.set((p.errors ?? []).map((x) => x.message).slice(0, 50));
    } finally {
      this.busy.set(false);
    }
  }
  export(): Promise<void> {
    return this.run(async () => saveBlob(await this.api.listXlsx(this.applied), '资产清单.xlsx'));
  }
  labels(): Promise<void> {
    return this.run(async () => saveBlob(await this.api.labels([...this.selected()]), '资产标签.pdf'));
  }
  template(): Promise<void> {
    return this.run(async () => saveBlob(await this.api.template(), '资产批量录入模板.xlsx'));
  }
  upload(ev: Event): Promise<void> {
    const input = ev.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return Promise.resolve();
    return this.run(async () => {
      const r = await this.api.import(file);
      this.message.set(`已导入 ${r.imported} 张资产卡片（${r.assetNos.filter(Boolean).join(' 至 ')}）`);
      await this.load();
    });
  }
  register(): Promise<void> {
    const fen = toFen(this.n.originalValue);
    if (fen === null || fen === 0) {
      this.error.set('原值须为大于 0、最多两位小数的金额（元）');
      return Promise.resolve();
    }
    return this.run(async () => {
      const r = await this.api.post<{ assetNo: string }>('/api/assets', {
        ...this.n,
        quantity: Number(this.n.quantity),
        originalValue: fen,
      });
      this.message.set(`已录入，资产编号 ${r.assetNo}`);
      this.n = this.blank();
      this.showNew.set(false);
      await this.load();
    });
  }
}
