import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage, toProblem } from '../../core/problem';
import { PersonPickerComponent } from '../../shared/picker/person-picker.component';
import { AbroadApi, DOCUMENT_TYPES, saveBlob, type PassportRow } from './abroad-api.service';
import { LIST_STYLES } from './list-styles';

const PAGE_SIZE = 20;

/** 证照台账: where every 证照 is now (保管中 / 已领用 / 逾期未还), 登记 for 出国境管理员, Excel export. */
@Component({
  selector: 'oa-abroad-passports',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, PersonPickerComponent],
  template: `
    <section class="card">
      <h2>证照台账
        <span class="tools">
          @if (canAdmin()) { <button type="button" class="btn small primary" (click)="showRegister.set(!showRegister())" data-testid="register-toggle">登记证照</button> }
          <button type="button" class="btn small" (click)="export()" [disabled]="exporting()" data-testid="export">导出 Excel</button>
        </span>
      </h2>
      @if (showRegister()) {
        <form class="register" (ngSubmit)="register()" data-testid="register-form">
          <oa-person-picker inputId="holder" label="持证人" [(value)]="r.holderId" />
          @if (err('holderId')) { <div class="err">{{ err('holderId') }}</div> }
          <div class="field"><label for="r-type">证件类型</label>
            <select id="r-type" name="docType" [(ngModel)]="r.docType"><option value="">请选择</option>@for (d of docTypes; track d) { <option [value]="d">{{ d }}</option> }</select>
            @if (err('docType')) { <div class="err">{{ err('docType') }}</div> }</div>
          <div class="field"><label for="r-number">证件号码</label>
            <input id="r-number" name="number" [(ngModel)]="r.number" (ngModelChange)="r.number = $event.toUpperCase()" />
            @if (err('number')) { <div class="err">{{ err('number') }}</div> }</div>
          <div class="field"><label for="r-valid">有效期至</label><input id="r-valid" type="date" name="validUntil" [(ngModel)]="r.validUntil" />
            @if (err('validUntil')) { <div class="err">{{ err('validUntil') }}</div> }</div>
          <div class="fbtns"><button class="btn primary" type="submit" [disabled]="busy()" data-testid="register-submit">登记保管</button></div>
        </form>
      }
      <form class="filters" (ngSubmit)="search()">
        <input class="input" name="q" [(ngModel)]="f.q" placeholder="持证人、证件号码" aria-label="关键词" />
        <select class="input" name="status" [(ngModel)]="f.status" aria-label="状态" data-testid="status-filter">
          <option value="">全部</option><option value="in_custody">保管中</option><option value="checked_out">已领用</option><option value="overdue">逾期未还</option>
        </select>
        <span class="fbtns"><button class="btn" type="submit">查询</button></span>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else if (!items().length) { <div class="empty">暂无证照</div> }
      @else {
        <div class="table-wrap">
          <table class="grid" data-testid="passports">
            <thead><tr><th>持证人</th><th>证件类型</th><th>证件号码</th><th>有效期至</th><th>保管人</th><th>现在何处</th></tr></thead>
            <tbody>
              @for (p of items(); track p.id) {
                <tr>
                  <td><a [routerLink]="['/abroad/passports', p.id]">{{ p.holderName }}</a></td><td>{{ p.docType }}</td><td>{{ p.number }}</td>
                  <td>{{ p.validUntil }}</td><td>{{ p.keeperName }}</td>
                  <td class="wrap"><span class="badge" [class.late]="p.overdue" [class.ok]="p.status === 'in_custody'">{{ p.where }}</span></td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <ul class="cards" data-testid="passport-cards">
          @for (p of items(); track p.id) {
            <li>
              <a class="c-title" [routerLink]="['/abroad/passports', p.id]">{{ p.holderName }} · {{ p.docType }}</a>
              <div class="c-meta"><span class="badge" [class.late]="p.overdue" [class.ok]="p.status === 'in_custody'">{{ p.where }}</span></div>
              <div class="muted">{{ p.number }}，有效期至 {{ p.validUntil }}</div>
            </li>
          }
        </ul>
        <div class="pager">
          <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
          <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }} 条</span>
          <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
        </div>
      }
    </section>
  `,
  styles: `${LIST_STYLES}
    .register { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px 12px; align-items: end; margin-bottom: 12px; padding: 10px; background: #f7f8fa; border-radius: var(--oa-radius); }
  `,
})
export class PassportsPage {
  private readonly api = inject(AbroadApi);
  readonly docTypes = DOCUMENT_TYPES;
  readonly items = signal<PassportRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / PAGE_SIZE)));
  readonly loading = signal(true);
  readonly exporting = signal(false);
  readonly busy = signal(false);
  readonly error = signal('');
  readonly errors = signal<Record<string, string>>({});
  readonly canAdmin = signal(false);
  readonly showRegister = signal(false);
  f = { q: '', status: '' };
  r = { holderId: '', docType: '', number: '', validUntil: '' };
  private applied = { ...this.f };

  constructor() {
    void this.load();
  }
  err(f: string): string {
    return this.errors()[f] ?? '';
  }
  search(): void {
    this.applied = { ...this.f };
    this.go(1);
  }
  go(p: number): void {
    this.page.set(Math.max(1, p));
    void this.load();
  }
  async load(): Promise<void> {
    this.loading.set(true);
    try {
      const r = await this.api.passports(this.applied, this.page(), PAGE_SIZE);
      this.items.set(r.items);
      this.total.set(r.total);
      this.canAdmin.set(r.canAdmin);
      this.error.set('');
    } catch (e) {
      this.items.set([]);
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }
  async register(): Promise<void> {
    this.busy.set(true);
    this.errors.set({});
    try {
      await this.api.register({ ...this.r });
      this.r = { holderId: '', docType: '', number: '', validUntil: '' };
      this.showRegister.set(false);
      await this.load();
    } catch (e) {
      const byField: Record<string, string> = {};
      for (const fe of toProblem(e).errors) byField[fe.field] = fe.message;
      this.errors.set(byField);
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
  async export(): Promise<void> {
    this.exporting.set(true);
    try {
      saveBlob(await this.api.passportsXlsx(this.applied), '证照台账.xlsx');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.exporting.set(false);
    }
  }
}
