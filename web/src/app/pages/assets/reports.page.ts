import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage } from '../../core/problem';
import { saveBlob } from '../documents/documents-api.service';
import { AssetsApi, type DepartmentReport, todayShanghai, yuan } from './assets-api.service';

/** 资产统计: 部门 × 分类 (数量、原值、累计折旧、净值) at any date, computed from the asset streams; Excel export. */
@Component({
  selector: 'oa-asset-reports',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>资产统计（部门 × 分类）</h2>
      <form class="at" (ngSubmit)="load()">
        <label>截至日期 <input class="input" type="date" name="d" [(ngModel)]="date" aria-label="截至日期" /></label>
        <button class="btn" type="submit" data-testid="run">统计</button>
        <button class="btn" type="button" (click)="export()">导出 Excel</button>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (r(); as r) {
        <div class="table-wrap">
          <table class="grid" data-testid="report">
            <thead><tr><th>部门</th><th>分类</th><th class="num">数量</th><th class="num">原值（元）</th><th class="num">累计折旧（元）</th><th class="num">净值（元）</th></tr></thead>
            <tbody>
              @for (l of r.lines; track $index) { <tr><td>{{ l.departmentName }}</td><td>{{ l.categoryName }}</td><td class="num">{{ l.count }}</td><td class="num">{{ yuan(l.originalValue) }}</td><td class="num">{{ yuan(l.accumulatedDepreciation) }}</td><td class="num">{{ yuan(l.netValue) }}</td></tr> }
              <tr class="sum"><td colspan="2">合计（{{ r.unitName }}，{{ r.date }}）</td><td class="num">{{ r.total.count }}</td><td class="num">{{ yuan(r.total.originalValue) }}</td><td class="num">{{ yuan(r.total.accumulatedDepreciation) }}</td><td class="num" data-testid="total-net">{{ yuan(r.total.netValue) }}</td></tr>
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
  styles: `
    .at { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-bottom: 10px; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .num { text-align: right !important; }
    .sum td { font-weight: 600; }
  `,
})
export class AssetReportsPage {
  private readonly api = inject(AssetsApi);
  readonly r = signal<DepartmentReport | null>(null);
  readonly error = signal('');
  date = todayShanghai();
  yuan = yuan;
  constructor() {
    void this.load();
  }
  async load(): Promise<void> {
    this.error.set('');
    try {
      this.r.set(await this.api.report(this.date));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async export(): Promise<void> {
    try {
      saveBlob(await this.api.reportXlsx(this.date), `资产统计-${this.date}.xlsx`);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
