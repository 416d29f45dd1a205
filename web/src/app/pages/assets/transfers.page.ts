import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatDate } from '../../core/time';
import { saveBlob } from '../documents/documents-api.service';
import { AssetsApi, type TransferRow, yuan } from './assets-api.service';

/** 转移记录: transfers from or to the caller's unit, newest first, with Excel export. */
@Component({
  selector: 'oa-asset-transfers',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card">
      <h2>转移记录 <button type="button" class="btn small" (click)="export()">导出 Excel</button></h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (!items().length) { <div class="empty">暂无转移记录</div> }
      <ul class="rows" data-testid="transfers">
        @for (t of items(); track t.transferId) {
          <li><a [routerLink]="['/assets', t.assetId]">{{ t.assetNo }} {{ t.name }}</a>
            <span>{{ t.from.unitName }}{{ t.from.departmentName ? ' ' + t.from.departmentName : '' }} → {{ t.to.unitName }} {{ t.to.departmentName }}</span>
            <span class="badge">{{ t.statusLabel }}</span>
            <span class="muted">{{ date(t.requestedAt) }}@if (t.acceptedOn) { · 接收 {{ t.acceptedOn }} · 净值 ¥{{ yuan(t.netValue) }} }</span></li>
        }
      </ul>
      <div class="pager">
        <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
        <span class="muted">第 {{ page() }} 页，共 {{ total() }} 条</span>
        <button class="btn small" (click)="go(page() + 1)" [disabled]="page() * 20 >= total()">下一页</button>
      </div>
    </section>
  `,
  styles: `
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { display: flex; flex-wrap: wrap; gap: 4px 10px; padding: 8px 2px; border-bottom: 1px solid var(--oa-border); overflow-wrap: anywhere; }
    .pager { display: flex; gap: 12px; justify-content: center; margin-top: 10px; }
  `,
})
export class TransfersPage {
  private readonly api = inject(AssetsApi);
  readonly items = signal<TransferRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly error = signal('');
  yuan = yuan;
  constructor() {
    void this.load();
  }
  date(d: string): string {
    return formatDate(d);
  }
  go(p: number): void {
    this.page.set(Math.max(1, p));
    void this.load();
  }
  async load(): Promise<void> {
    try {
      const r = await this.api.transfers(this.page());
      this.items.set(r.items);
      this.total.set(r.total);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async export(): Promise<void> {
    try {
      saveBlob(await this.api.transfersXlsx(), '资产转移记录.xlsx');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
