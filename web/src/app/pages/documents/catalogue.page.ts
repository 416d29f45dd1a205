import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { CatalogueRow, DocumentsApi, saveBlob } from './documents-api.service';

const PAGE_SIZE = 50;

/** 归档文件目录 (DA/T 22-2015) of a year: 序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数, 备注; Excel export. */
@Component({
  selector: 'oa-doc-catalogue',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>归档文件目录
        <button type="button" class="btn small" (click)="export()" [disabled]="exporting()" data-testid="export">{{ exporting() ? '正在导出…' : '导出 Excel' }}</button>
      </h2>
      <form class="toolbar" (ngSubmit)="load()">
        <label>年度 <input class="input year" type="number" name="year" [(ngModel)]="year" min="1949" max="2999" /></label>
        <button class="btn" type="submit">查询</button>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else if (!error() && rows().length === 0) { <div class="empty" data-testid="catalogue-empty">{{ shownYear() }} 年度尚无归档文件</div> }
      @else if (rows().length) {
        <div class="table-wrap">
          <table class="grid" data-testid="catalogue">
            <thead><tr><th>序号</th><th>档号</th><th>文号</th><th>责任者</th><th>题名</th><th>日期</th><th>密级</th><th>页数</th><th>备注</th></tr></thead>
            <tbody>
              @for (r of pageRows(); track r.archival_code) {
                <tr><td>{{ r.seq }}</td><td>{{ r.archival_code }}</td><td>{{ r.doc_number || '' }}</td><td>{{ r.responsible }}</td>
                  <td class="t"><a [routerLink]="['/documents', r.direction, r.document_id]">{{ r.title }}</a></td><td>{{ r.date }}</td><td>{{ r.classification }}</td><td>{{ r.pages ?? '' }}</td><td>{{ r.remarks }}</td></tr>
              }
            </tbody>
          </table>
        </div>
        @if (rows().length > pageSize) {
          <div class="pager">
            <button class="btn small" (click)="page.set(page() - 1)" [disabled]="page() <= 1">上一页</button>
            <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ rows().length }} 件</span>
            <button class="btn small" (click)="page.set(page() + 1)" [disabled]="page() >= pages()">下一页</button>
          </div>
        } @else { <div class="muted small">共 {{ rows().length }} 件</div> }
      }
    </section>
  `,
  styles: `
    .year { width: 110px; }
    .toolbar label { display: flex; gap: 6px; align-items: center; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .grid td.t { white-space: normal; min-width: 200px; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; }
    .small { font-size: 13px; margin-top: 8px; }
  `,
})
export class CataloguePage {
  private readonly api = inject(DocumentsApi);
  readonly rows = signal<CatalogueRow[]>([]);
  readonly loading = signal(true);
  readonly error = signal('');
  readonly exporting = signal(false);
  readonly page = signal(1);
  readonly shownYear = signal(0);
  readonly pageSize = PAGE_SIZE;
  readonly pages = () => Math.max(1, Math.ceil(this.rows().length / PAGE_SIZE));
  readonly pageRows = () => this.rows().slice((this.page() - 1) * PAGE_SIZE, this.page() * PAGE_SIZE);
  year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    const y = Math.trunc(Number(this.year));
    if (!(y >= 1949 && y <= 2999)) {
      this.error.set('年度须为 1949–2999 之间的整数');
      return;
    }
    this.loading.set(true);
    this.error.set('');
    try {
      this.rows.set(await this.api.catalogue(y));
      this.shownYear.set(y);
      this.page.set(1);
    } catch (e) {
      this.rows.set([]);
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  async export(): Promise<void> {
    this.exporting.set(true);
    try {
      const y = this.shownYear() || Number(this.year);
      saveBlob(await this.api.catalogueXlsx(y), `${y}年度归档文件目录.xlsx`);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.exporting.set(false);
    }
  }
}
