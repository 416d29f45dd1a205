import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ErrorBanner } from '../../core/error-banner.service';
import { BOX_LABELS, Box, InboxItem, deadlineState, itemsOf, normalizeInboxItem, totalOf } from '../../core/models';
import { isNotBuilt, problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { WorkflowApi } from '../../core/workflow-api.service';
import { isBatchable, outgoingDocumentOf, rowLink, type RowLink } from './inbox-links';

/** An inbox row with where it opens (公文 → the document page, other tasks → the process page). */
type InboxRow = InboxItem & { link: RowLink; /** A workflow approval (batch approve applies); 收文 rows are handled on their page. */ batchable: boolean };

const BOXES: Box[] = ['todo', 'toread', 'done', 'mine'];
const PAGE_SIZE = 20;

/**
 * 统一待办: 待办 / 待阅 / 已办 / 我的流程 with keyword search, paging and batch approve. Workflow tasks
 * and 公文 (收文 待签收 / 批示 / 承办 / 传阅, 发文 approvals) side by side; a 公文 row opens its document
 * page (./inbox-links.ts).
 */
@Component({
  selector: 'oa-inbox',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <div class="page">
      <div class="card">
        <div class="tabs" role="tablist">
          @for (b of boxes; track b) {
            <a role="tab" [routerLink]="[]" [queryParams]="{ box: b }" [class.on]="current() === b" [attr.aria-selected]="current() === b" [attr.data-testid]="'tab-' + b">{{ labels[b] }}</a>
          }
        </div>
        <form class="toolbar" (ngSubmit)="search()">
          <input class="input q" name="q" [(ngModel)]="q" placeholder="按标题、发起人搜索" />
          <button class="btn" type="submit">搜索</button>
          @if (current() === 'todo' && selected().length) {
            <button type="button" class="btn primary" (click)="batchApprove()" [disabled]="busy()" data-testid="batch-approve">批量同意（{{ selected().length }}）</button>
          }
        </form>
        @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
        @if (items().length === 0) {
          <div class="empty">{{ emptyText() }}</div>
        } @else {
          <ul class="rows">
            @for (it of items(); track it.taskId || it.processId) {
              @let dl = mark(it);
              <li class="row" [class.overdue]="dl === 'overdue'" data-testid="task-row">
                @if (current() === 'todo' && it.batchable) {
                  <input type="checkbox" class="pick" [checked]="selected().includes(it.taskId)" (change)="toggle(it.taskId)" [attr.aria-label]="'选择 ' + it.title" />
                }
                <div class="main">
                  <a class="title" [routerLink]="it.link.path" [queryParams]="it.link.query" (click)="open($event, it)">{{ it.title }}</a>
                  <div class="meta">
                    @if (it.kindName) { <span class="badge">{{ it.kindName }}</span> }
                    @if (it.nodeName) { <span>{{ it.nodeName }}</span> }
                    @if (it.initiatorName) { <span>{{ it.initiatorName }}</span> }
                    @if (it.onBehalfOfName) { <span class="badge agent">代 {{ it.onBehalfOfName }}</span> }
                    @if (it.status) { <span class="muted">{{ it.status }}</span> }
                  </div>
                </div>
                <div class="times">
                  <span class="muted">{{ time(it.arrivedAt) }}</span>
                  @if (dl === 'overdue') { <span class="badge overdue">已超期</span> }
                  @else if (dl === 'soon') { <span class="badge soon">即将到期</span> }
                  @if (it.deadline) { <span class="muted small">限 {{ time(it.deadline) }}</span> }
                </div>
              </li>
            }
          </ul>
        }
        @if (total() > pageSize) {
          <div class="pager">
            <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
            <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }} 条</span>
            <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
          </div>
        }
      </div>
    </div>
  `,
  styles: `
    .tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--oa-border); margin-bottom: 12px; overflow-x: auto; }
    .tabs a { padding: 8px 14px; color: var(--oa-text); border-bottom: 2px solid transparent; white-space: nowrap; text-decoration: none; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    .q { flex: 1; min-width: 140px; width: auto; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .row { display: flex; gap: 10px; align-items: flex-start; padding: 10px 2px; border-bottom: 1px solid var(--oa-border); }
    .row:last-child { border-bottom: 0; }
    .row.overdue .title { color: var(--oa-danger); }
    .pick { margin-top: 4px; width: 18px; height: 18px; flex: none; }
    .main { flex: 1; min-width: 0; }
    .title { font-weight: 500; display: block; overflow-wrap: anywhere; }
    .meta { display: flex; flex-wrap: wrap; gap: 6px; font-size: 12px; color: var(--oa-muted); margin-top: 2px; }
    .times { display: flex; flex-direction: column; align-items: flex-end; gap: 2px; font-size: 12px; flex: none; text-align: right; }
    .small { font-size: 11px; }
    @media (max-width: 520px) { .row { flex-wrap: wrap; } .times { flex-direction: row; flex-wrap: wrap; width: 100%; justify-content: flex-start; padding-left: 28px; gap: 6px; } }
  `,
})
export class InboxPage {
  private readonly api = inject(WorkflowApi);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly banner = inject(ErrorBanner);
  readonly box = input<string>('todo');
  readonly boxes = BOXES;
  readonly labels = BOX_LABELS;
  readonly pageSize = PAGE_SIZE;
  readonly current = signal<Box>('todo');
  readonly items = signal<InboxRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));
  readonly selected = signal<string[]>([]);
  readonly emptyText = signal('暂无事项');
  readonly busy = signal(false);
  readonly note = signal('');
  q = '';

  constructor() {
    effect(() => {
      const b = this.box();
      untracked(() => {
        this.current.set((BOXES as string[]).includes(b) ? (b as Box) : 'todo');
        this.page.set(1);
        this.selected.set([]);
        this.note.set('');
        void this.load();
      });
    });
  }

  async load(): Promise<void> {
    try {
      const box = this.current();
      const params: Record<string, string> = { box, page: String(this.page()), pageSize: String(PAGE_SIZE) };
      const q = this.q.trim();
      if (q) params['q'] = q;
      const r = await firstValueFrom(this.http.get<unknown>('/api/inbox', { params }));
      this.items.set(itemsOf(r).map((raw) => ({ ...normalizeInboxItem(raw), link: rowLink(raw, box), batchable: isBatchable(raw) })));
      this.total.set(totalOf(r));
      this.emptyText.set(`暂无${BOX_LABELS[this.current()]}事项`);
    } catch (e) {
      this.items.set([]);
      this.total.set(0);
      if (isNotBuilt(e)) this.emptyText.set('待办服务尚未开通');
      else this.banner.show(e);
    }
  }

  mark(it: InboxItem): 'overdue' | 'soon' | '' {
    return deadlineState(it, Date.now());
  }

  time(iso: string): string {
    return formatTime(iso);
  }

  toggle(id: string): void {
    this.selected.update((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  }

  /** A 发文 row without its document link: find the document from the process, else the process page. */
  async open(ev: MouseEvent, it: InboxRow): Promise<void> {
    if (!it.link.resolveOutgoing || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    let target: string | null = null;
    try {
      target = outgoingDocumentOf(await firstValueFrom(this.http.get<unknown>(`/api/processes/${encodeURIComponent(it.processId)}`)));
    } catch {
      target = null;
    }
    if (target) await this.router.navigateByUrl(target);
    else await this.router.navigate([it.link.path], { queryParams: it.link.query });
  }

  search(): void {
    this.page.set(1);
    void this.load();
  }

  go(p: number): void {
    this.page.set(p);
    void this.load();
  }

  async batchApprove(): Promise<void> {
    this.busy.set(true);
    try {
      const results = await this.api.batchApprove(this.selected(), '同意');
      const failed = results.filter((r) => !r.ok);
      this.note.set(`已同意 ${results.length - failed.length} 件` + (failed.length ? `，${failed.length} 件未成功：${problemMessage(failed[0].error)}` : ''));
      this.selected.set([]);
      await this.load();
    } catch (e) {
      this.banner.show(e);
    } finally {
      this.busy.set(false);
    }
  }
}
