import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { DocumentsApi, PendingRow } from './documents-api.service';

const PAGE_SIZE = 20;

/** 待签收: documents other units sent to mine (公文交换); 签收, or 退回 with a reason. */
@Component({
  selector: 'oa-doc-pending',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <h2>待签收 <span class="muted small">共 {{ total() }} 件</span></h2>
      @if (note()) { <div class="alert ok" role="status" data-testid="action-note">{{ note() }}</div> }
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else if (items().length === 0 && !error()) { <div class="empty" data-testid="pending-empty">暂无待签收公文</div> }
      @else {
        <ul class="rows" data-testid="pending-list">
          @for (x of items(); track x.incoming_id) {
            <li [attr.data-incoming]="x.incoming_id">
              <div class="main">
                <a [routerLink]="['/documents/incoming', x.incoming_id]" class="t">{{ x.title }}</a>
                <div class="muted small">
                  <span>{{ x.from_unit_name }}</span><span>{{ x.doc_number || '无文号' }}</span><span>份号 {{ x.copy_no }}</span>
                  @if (x.urgency && x.urgency !== '平件') { <span class="badge overdue">{{ x.urgency }}</span> }
                  @if (x.classification) { <span class="badge">{{ x.classification }}</span> }
                  <span>{{ time(x.sent_at) }}</span>
                </div>
              </div>
              <div class="ops">
                @if (returning() === x.incoming_id) {
                  <input class="input" [(ngModel)]="reason" placeholder="退回理由（必填）" aria-label="退回理由" />
                  <button type="button" class="btn small danger" [disabled]="busy()" (click)="doReturn(x)">确认退回</button>
                  <button type="button" class="btn small" (click)="returning.set('')">取消</button>
                } @else {
                  <button type="button" class="btn small primary" [disabled]="busy()" (click)="signFor(x)" data-action="signFor">签收</button>
                  <button type="button" class="btn small" (click)="returning.set(x.incoming_id); reason = ''" data-action="return">退回</button>
                }
              </div>
            </li>
          }
        </ul>
        @if (total() > pageSize) {
          <div class="pager">
            <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
            <span class="muted">第 {{ page() }} / {{ pages() }} 页</span>
            <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
          </div>
        }
      }
    </section>
  `,
  styles: `
    .small { font-size: 13px; font-weight: 400; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { display: flex; gap: 12px; align-items: center; padding: 10px 0; border-bottom: 1px solid var(--oa-border); flex-wrap: wrap; }
    .main { flex: 1 1 320px; min-width: 0; }
    .t { font-weight: 600; overflow-wrap: anywhere; }
    .main .small { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 4px; }
    .ops { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    .ops .input { width: 200px; min-height: 30px; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; }
    @media (max-width: 520px) { .ops { width: 100%; } .ops .input { flex: 1 1 100%; width: auto; } }
  `,
})
export class PendingPage {
  private readonly api = inject(DocumentsApi);
  readonly items = signal<PendingRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  readonly returning = signal('');
  readonly pageSize = PAGE_SIZE;
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));
  reason = '';

  constructor() {
    void this.load();
  }

  time(iso: string): string {
    return formatTime(iso);
  }

  async load(): Promise<void> {
    this.loading.set(true);
    try {
      const r = await this.api.pending(this.page(), PAGE_SIZE);
      this.items.set(r.items);
      this.total.set(r.total);
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  go(p: number): void {
    this.page.set(Math.min(Math.max(1, p), this.pages()));
    void this.load();
  }

  async signFor(x: PendingRow): Promise<void> {
    await this.act(() => this.api.signFor(x.incoming_id), `已签收《${x.title}》`);
  }

  async doReturn(x: PendingRow): Promise<void> {
    if (!this.reason.trim()) {
      this.error.set('退回须说明理由');
      return;
    }
    await this.act(() => this.api.returnIncoming(x.incoming_id, this.reason.trim()), `已退回《${x.title}》`);
    this.returning.set('');
  }

  private async act(f: () => Promise<unknown>, msg: string): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.note.set('');
    try {
      await f();
      this.note.set(msg);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
